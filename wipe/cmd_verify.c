// SPDX-License-Identifier: Apache-2.0
/* wipe verify: read a target back against the expected content. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_json.h"
#include "cm_json.h"
#include "cm_random.h"
#include "cmds.h"
#include "wp_discover.h"
#include "wp_pattern.h"
#include "wp_verify.h"

static const char usage_text[] =
	"usage: wipe verify DEVICE --expect zero|one|pattern:HEX\n"
	"                   [--full | --sample PCT] [--seed N] [--json]\n"
	"\n"
	"Read DEVICE back, bypassing the page cache, and check that it holds\n"
	"only the expected pattern and that libblkid finds no signature.\n"
	"--full (default) reads every block; --sample reads the first and\n"
	"last MiB plus seeded pseudo-random blocks covering PCT percent.\n"
	"\n"
	"Exit: 0 clean; 1 data found; 64 usage; 66 no such device; 74 read error.\n";

int cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"expect", required_argument, NULL, 'e'},
		{"full", no_argument, NULL, 'f'},
		{"sample", required_argument, NULL, 's'},
		{"seed", required_argument, NULL, 'S'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	struct wp_verify_opts vo = {.mode = WP_VERIFY_FULL};
	struct wp_verify_result vr = {0};
	struct wp_pattern pat;
	struct wp_signature sigs[16];
	const char *expect = NULL;
	struct wp_dev *d = NULL;
	struct cm_err err;
	bool json = false, seeded = false;
	int c, rc, nsig = 0, ret;
	char *end;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'e':
			expect = optarg;
			break;
		case 'f':
			vo.mode = WP_VERIFY_FULL;
			break;
		case 's':
			vo.mode = WP_VERIFY_SAMPLE;
			vo.pct = strtod(optarg, &end);
			if (*end || !(vo.pct > 0 && vo.pct <= 100))
				return cli_usage(
					"verify",
					"--sample takes a percentage in (0, 100]");
			break;
		case 'S':
			vo.seed = strtoull(optarg, &end, 0);
			if (*end)
				return cli_usage("verify",
						 "--seed takes a number");
			seeded = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			return cli_usage("verify", "unknown option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage("verify", "give exactly one DEVICE");
	if (!expect)
		return cli_usage("verify", "--expect is required");
	cm_err_clear(&err);
	if (wp_pattern_parse(expect, &pat, &err) < 0)
		return cli_fail("verify", &err);
	if (pat.kind == WP_PAT_RANDOM)
		return cli_usage(
			"verify",
			"random data can only be checked by the erase that wrote it (--verify on erase)");
	if (vo.mode == WP_VERIFY_SAMPLE && !seeded) {
		if (cm_random_bytes(&vo.seed, sizeof(vo.seed), &err) < 0)
			return cli_fail("verify", &err);
		vo.seed &= 0x1fffffffffffffULL;
	}
	vo.pattern = &pat;
	rc = wp_dev_open(argv[optind], WP_DEV_DIRECT, &d, &err);
	if (rc < 0)
		return cli_fail("verify", &err);
	rc = wp_verify_run(d, &vo, &vr, &err);
	if (rc < 0) {
		ret = cli_fail("verify", &err);
		goto out;
	}
	if (wp_probe_signatures(d->path, sigs, 16, &nsig, &err) < 0) {
		ret = cli_fail("verify", &err);
		goto out;
	}
	ret = (rc == 1 || nsig > 0) ? CLI_EXIT_NEGATIVE : 0;
	if (json) {
		json_t *s = json_array(), *doc;

		for (int i = 0; i < nsig; i++)
			json_array_append_new(
				s, json_pack("{s:s, s:I}", "type", sigs[i].type,
					     "offset",
					     (json_int_t)sigs[i].offset));
		doc = json_pack(
			"{s:s, s:s, s:s, s:s, s:I, s:I, s:f, s:I, s:O, s:o, s:s}",
			"schema", "sanitas.verify/1", "device", argv[optind],
			"expect", expect, "method",
			wp_verify_mode_name(vo.mode), "bytes_checked",
			(json_int_t)vr.bytes_checked, "samples",
			(json_int_t)vr.samples, "coverage",
			d->size ? (double)vr.bytes_checked / (double)d->size
				: 1.0,
			"mismatched_bytes", (json_int_t)vr.mismatched_bytes,
			"mismatches", vr.mismatches, "signatures_found", s,
			"result", ret ? "data-found" : "clean");
		if (vo.mode == WP_VERIFY_SAMPLE)
			json_object_set_new(doc, "seed",
					    json_integer((json_int_t)vo.seed));
		/* a lost document is an error; data found stays the answer */
		if (cli_json_print(doc, &err)) {
			int wrc = cli_fail("verify", &err);

			if (!ret)
				ret = wrc;
		}
		json_decref(doc);
	} else if (ret) {
		printf("%s: DATA FOUND: %llu byte(s) differ from %s",
		       argv[optind], (unsigned long long)vr.mismatched_bytes,
		       expect);
		if (vr.mismatched_bytes)
			printf(" (first at byte %llu)",
			       (unsigned long long)vr.first_mismatch);
		for (int i = 0; i < nsig; i++)
			printf("%s%s signature at %llu", i ? "," : ";",
			       sigs[i].type,
			       (unsigned long long)sigs[i].offset);
		printf("\n");
	} else {
		printf("%s: clean: %llu bytes checked (%s), all %s, no signature\n",
		       argv[optind], (unsigned long long)vr.bytes_checked,
		       wp_verify_mode_name(vo.mode), expect);
	}
out:
	json_decref(vr.mismatches);
	wp_dev_release(d);
	return ret;
}
