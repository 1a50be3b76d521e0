// SPDX-License-Identifier: Apache-2.0
/*
 * wipe ledger sample: a reproducible, seeded pick of certificates for
 * independent re-verification, stored as a sample record and listed.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_fail.h"
#include "cli_json.h"
#include "cm_json.h"
#include "cm_random.h"
#include "cmd_ledger.h"
#include "wp_cert_text.h"
#include "wp_sampling.h"

static const char usage_text[] =
	"usage: wipe ledger sample --percent P [FILTERS] [--seed S] [--json]\n"
	"\n"
	"Pick ceil(P/100 x N) of the N successfully sanitized certificates\n"
	"the FILTERS select (those of find: --since, --until, --station,\n"
	"--customer, ...), at random for independent re-verification (R2v3\n"
	"Appendix B(13): at least 5 %), and list them. The pick is seeded:\n"
	"each certificate's key is SHA-256 of \"sanitas.sample/1:SEED:SHA256\"\n"
	"and the smallest keys win, so the same seed over the same records\n"
	"gives the same sample. Without --seed a random one is drawn. The seed,\n"
	"the selection and the members are stored in the ledger as a sample\n"
	"record.\n"
	"\n"
	"Exit: 0 done; 64 usage; 74 database error.\n";

static const char *shown(const json_t *o, const char *k)
{
	static char ring[8][256];
	static unsigned next;
	const char *v = cm_json_get_str(o, k);
	char *out = ring[next++ % 8];

	return v ? wp_cert_text_display(v, false, out, sizeof(ring[0])) : "-";
}

/* The filters given, as the record keeps them. */
static json_t *selection(const struct wp_find_query *q)
{
	static const char fmt[] =
		"{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}";

	return json_pack(fmt, "serial", cm_json_str_or_null(q->serial), "wwn",
			 cm_json_str_or_null(q->wwn), "asset_tag",
			 cm_json_str_or_null(q->asset_tag), "model",
			 cm_json_str_or_null(q->model), "station",
			 cm_json_str_or_null(q->station), "method",
			 cm_json_str_or_null(q->method), "category",
			 cm_json_str_or_null(q->category), "operator",
			 cm_json_str_or_null(q->operator_name), "org",
			 cm_json_str_or_null(q->org), "customer",
			 cm_json_str_or_null(q->customer), "job",
			 cm_json_str_or_null(q->job), "since",
			 cm_json_str_or_null(q->since), "until",
			 cm_json_str_or_null(q->until));
}

int cmd_ledger_sample(int argc, char **argv, const char *opt,
		      const char *(*where)(const char *opt, struct cm_err *err,
					   int *rc))
{
	static const struct option longopts[] = {
		LEDGER_FILTER_OPTIONS,
		{"percent", required_argument, NULL, 'P'},
		{"seed", required_argument, NULL, 'E'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	struct wp_find_query q = {.limit = 1};
	char since[32] = "", until[32] = "";
	struct wp_ledger *l = NULL;
	json_t *sel = NULL, *rec = NULL, *m;
	bool json = false, seeded = false;
	double percent = 0;
	uint64_t seed = 0;
	struct cm_err err = {0};
	const char *path;
	char *end;
	size_t i;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		rc = ledger_filter_opt(c, optarg, &q, since, until, &err);
		if (rc < 0)
			return cli_usage("ledger", err.msg);
		if (rc == 0)
			continue;
		switch (c) {
		case 'P':
			percent = strtod(optarg, &end);
			if (*end || !(percent > 0 && percent <= 100))
				return cli_usage(
					"ledger",
					"--percent takes a number in (0, 100]");
			break;
		case 'E':
			errno = 0;
			seed = strtoull(optarg, &end, 10);
			if (*end || !*optarg || errno || *optarg == '-' ||
			    seed > 0x1fffffffffffffULL)
				return cli_usage(
					"ledger",
					"--seed takes a whole number from 0 to 2^53-1");
			seeded = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			return cli_usage("ledger", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("ledger", "sample takes options only");
	if (percent <= 0)
		return cli_usage("ledger", "sample needs --percent P");
	if (q.result && strcmp(q.result, "success"))
		return cli_usage(
			"ledger",
			"a sample is drawn from successfully sanitized media: --result can only be 'success'");
	if (q.since && q.until && strcmp(q.since, q.until) > 0)
		return cli_usage("ledger", "--since is after --until");
	if (!seeded) {
		if (cm_random_bytes(&seed, sizeof(seed), &err) < 0)
			return cli_fail("ledger", &err);
		seed &= 0x1fffffffffffffULL; /* exact in a JSON number */
	}
	sel = selection(&q);
	if (!sel)
		return cli_fail("ledger", NULL);
	path = where(opt, &err, &rc);
	if (rc == 0)
		rc = wp_ledger_open(path, &l, &err);
	if (rc == 0)
		rc = wp_ledger_sample(l, &q, sel, percent, seed, &rec, &err);
	wp_ledger_close(l);
	json_decref(sel);
	if (rc < 0)
		return cli_fail("ledger", &err);
	if (json) {
		rc = cli_json_print(rec, &err) < 0 ? cli_fail("ledger", &err)
						   : 0;
		json_decref(rec);
		return rc;
	}
	printf("sample %s: %" JSON_INTEGER_FORMAT " of %" JSON_INTEGER_FORMAT
	       " successfully sanitized certificates (%g %%, rounded up), seed %" PRIu64
	       "%s\n",
	       cm_json_get_str(rec, "id"),
	       json_integer_value(json_object_get(rec, "size")),
	       json_integer_value(json_object_get(rec, "population")), percent,
	       seed,
	       seeded ? "" : " (drawn at random; give --seed to repeat it)");
	json_array_foreach(json_object_get(rec, "members"), i, m) printf(
		"%s  %s  serial %s  asset tag %s  station %s  model %s\n",
		shown(m, "issued_at"), cm_json_get_str(m, "sha256"),
		shown(m, "serial"), shown(m, "asset_tag"), shown(m, "station"),
		shown(m, "model"));
	json_decref(rec);
	return 0;
}
