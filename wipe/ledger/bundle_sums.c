// SPDX-License-Identifier: Apache-2.0
/*
 * An audit bundle's member names and its SHA256SUMS list: which names a
 * bundle may hold, and the list parsed, built and sorted by name.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wp_bundle.h"
#include "wp_bundle_sums.h"

#define NAME_LEN 255

bool wp_bundle_name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	static const char plain[] =
		"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ._-";

	return n && n <= NAME_LEN && name[0] != '.' && name[0] != '-' &&
	       strspn(name, plain) == n;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct wp_bundle_sum *)a)->name,
		      ((const struct wp_bundle_sum *)b)->name);
}

int wp_bundle_sums_add(struct wp_bundle_sums *s, size_t *cap, const char *name,
		       size_t nlen, const char *sha)
{
	struct wp_bundle_sum *e;

	if (s->n == *cap) {
		size_t c = *cap ? 2 * *cap : 64;
		struct wp_bundle_sum *v = realloc(s->v, c * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		*cap = c;
	}
	e = &s->v[s->n];
	e->name = strndup(name, nlen);
	if (!e->name)
		return -ENOMEM;
	memcpy(e->sha, sha, 64);
	e->sha[64] = '\0';
	s->n++;
	return 0;
}

int wp_bundle_sums_parse(const char *text, size_t len, struct wp_bundle_sums *s,
			 struct cm_err *err)
{
	const char *p = text, *end = text + len;
	size_t cap = 0;
	long line = 0;
	char sha[65];

	s->v = NULL;
	s->n = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *name;
		char nm[NAME_LEN + 1];
		size_t nlen;

		line++;
		if (!nl)
			goto bad;
		/* "HEX  NAME" (text mode) or "HEX *NAME" (binary mode) */
		if (nl - p < 67 || p[64] != ' ' ||
		    (p[65] != ' ' && p[65] != '*'))
			goto bad;
		for (int i = 0; i < 64; i++)
			sha[i] = (char)(p[i] >= 'A' && p[i] <= 'F' ? p[i] + 32
								   : p[i]);
		sha[64] = '\0';
		if (strspn(sha, "0123456789abcdef") != 64)
			goto bad;
		name = p + 66;
		nlen = (size_t)(nl - name);
		if (nlen > NAME_LEN)
			goto bad;
		memcpy(nm, name, nlen);
		nm[nlen] = '\0';
		if (!wp_bundle_name_ok(nm))
			goto bad;
		if (wp_bundle_sums_add(s, &cap, name, nlen, sha) < 0) {
			wp_bundle_sums_release(s);
			return cm_err_set(err, -ENOMEM, "out of memory");
		}
		p = nl + 1;
	}
	wp_bundle_sums_sort(s);
	for (size_t i = 1; i < s->n; i++)
		if (!strcmp(s->v[i].name, s->v[i - 1].name)) {
			cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				    "%s lists '%s' twice", WP_BUNDLE_SUMS,
				    s->v[i].name);
			wp_bundle_sums_release(s);
			return -EBADMSG;
		}
	return 0;
bad:
	wp_bundle_sums_release(s);
	return cm_err_setk(
		err, -EBADMSG, CM_ERR_DATAERR,
		"%s line %ld: not 'SHA256  NAME' with a plain member name",
		WP_BUNDLE_SUMS, line);
}

void wp_bundle_sums_release(struct wp_bundle_sums *s)
{
	for (size_t i = 0; s && i < s->n; i++)
		free(s->v[i].name);
	if (s) {
		free(s->v);
		s->v = NULL;
		s->n = 0;
	}
}

void wp_bundle_sums_sort(struct wp_bundle_sums *s)
{
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), by_name);
}
