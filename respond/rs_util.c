// SPDX-License-Identifier: Apache-2.0
/* Small helpers of the respond core: suggestions, sizes, durations, paths. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cm_hash.h"
#include "cm_path.h"
#include "cm_time.h"
#include "rs_util.h"

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[64];

	/* words longer than this are never suggestions */
	if (la >= 63 || lb >= 63)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost =
				tolower((unsigned char)a[i - 1]) ==
						tolower((unsigned char)b[j - 1])
					? 0
					: 1;
			size_t best = diag + cost;

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *rs_did_you_mean(const char *word, const char *const *cands,
			    size_t n)
{
	size_t limit = strlen(word) / 3, best = (size_t)-1;
	const char *pick = NULL;

	if (limit < 2)
		limit = 2;
	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(word, cands[i]);
		size_t lw = strlen(word), lc = strlen(cands[i]);

		/* a prefix of a longer name ("incident" for "incident_id") */
		if (lw >= 4 && lc > lw && !strncmp(word, cands[i], lw))
			d = limit;

		if (d <= limit && d < best) {
			best = d;
			pick = cands[i];
		}
	}
	return pick;
}

int rs_parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	if (!s || !isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -EINVAL;
	switch (*end) {
	case '\0':
		break;
	case 'K':
	case 'k':
		shift = 10;
		break;
	case 'M':
	case 'm':
		shift = 20;
		break;
	case 'G':
	case 'g':
		shift = 30;
		break;
	case 'T':
	case 't':
		shift = 40;
		break;
	default:
		return -EINVAL;
	}
	if (*end) {
		end++;
		if (*end == 'i' && end[1] == 'B')
			end += 2;
		else if (*end == 'B')
			end++;
		if (*end)
			return -EINVAL;
	}
	if (shift && v > (UINT64_MAX >> shift))
		return -EINVAL;
	*out = (uint64_t)v << shift;
	return 0;
}

int rs_parse_duration(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;
	unsigned long mul = 1;

	if (!s || !isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno)
		return -EINVAL;
	if (*end == 's')
		end++;
	else if (*end == 'm')
		mul = 60, end++;
	else if (*end == 'h')
		mul = 3600, end++;
	if (*end || v > 86400UL * 366 / mul)
		return -EINVAL;
	*out = (unsigned)(v * mul);
	return 0;
}

const char *rs_ptype_article(enum rs_ptype t)
{
	return t == RS_P_INTEGER || t == RS_P_ANY ? "an" : "a";
}

const char *rs_ptype_name(enum rs_ptype t)
{
	switch (t) {
	case RS_P_STRING:
		return "string";
	case RS_P_INTEGER:
		return "integer";
	case RS_P_BOOLEAN:
		return "boolean";
	case RS_P_DATETIME:
		return "datetime";
	case RS_P_LIST:
		return "list";
	case RS_P_MAP:
		return "map";
	case RS_P_SIZE:
		return "size";
	case RS_P_ANY:
		return "any";
	}
	return "?";
}

bool rs_value_fits(const json_t *v, enum rs_ptype t)
{
	uint64_t sz;
	time_t tt;

	switch (t) {
	case RS_P_STRING:
		return json_is_string(v);
	case RS_P_INTEGER:
		return json_is_integer(v);
	case RS_P_BOOLEAN:
		return json_is_boolean(v);
	case RS_P_DATETIME:
		return json_is_string(v) &&
		       cm_time_parse(json_string_value(v), &tt) == 0;
	case RS_P_LIST:
		return json_is_array(v);
	case RS_P_MAP:
		return json_is_object(v);
	case RS_P_SIZE:
		if (json_is_integer(v))
			return json_integer_value(v) >= 0;
		return json_is_string(v) &&
		       rs_parse_size(json_string_value(v), &sz) == 0;
	case RS_P_ANY:
		return true;
	}
	return false;
}

const char *rs_login_name(void)
{
	static char name[64];
	struct passwd *pw = getpwuid(geteuid());

	if (pw && pw->pw_name)
		snprintf(name, sizeof(name), "%s", pw->pw_name);
	else
		snprintf(name, sizeof(name), "uid %u", (unsigned)geteuid());
	return name;
}

int rs_ctx_check(const struct rs_ctx *ctx, struct cm_err *err)
{
	if (ctx->interrupted && *ctx->interrupted)
		return cm_err_setk(err, -EINTR, CM_ERR_INTERRUPTED,
				   "interrupted");
	if (ctx->deadline > 0 && cm_time_mono() > ctx->deadline)
		return cm_err_set(err, -ETIMEDOUT,
				  "the step's timeout has passed");
	return 0;
}

uint64_t rs_with_size(const json_t *with, const char *key, uint64_t def)
{
	const json_t *v = json_object_get(with, key);
	uint64_t sz;

	if (json_is_integer(v) && json_integer_value(v) >= 0)
		return (uint64_t)json_integer_value(v);
	if (json_is_string(v) && !rs_parse_size(json_string_value(v), &sz))
		return sz;
	return def;
}

json_t *rs_evidence_outputs(const char *case_dir, const char *step,
			    const char *sha256, struct cm_err *err)
{
	char rel[300];
	char *path;
	uint8_t md[CM_SHA256_LEN];
	char hex[CM_SHA256_HEX];

	snprintf(rel, sizeof(rel), "evidence/%s.tar.zst", step);
	if (!sha256) {
		path = cm_path_join(case_dir, rel);
		if (!path || cm_sha256_file(path, md, err)) {
			free(path);
			return NULL;
		}
		free(path);
		cm_hex(md, sizeof(md), hex);
		sha256 = hex;
	}
	return json_pack("{s:s,s:s,s:s++}", "archive", rel, "archive_sha256",
			 sha256, "manifest", "evidence/", step, ".manifest");
}
