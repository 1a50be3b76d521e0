// SPDX-License-Identifier: Apache-2.0
/* respond decrypt: a plain copy of an encrypted case. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli_json.h"
#include "cm_age.h"
#include "cm_json.h"
#include "cmd_util.h"
#include "cmds.h"
#include "rs_decrypt.h"

static void decrypt_usage(FILE *f)
{
	fprintf(f,
		"usage: respond decrypt CASE --age-identity KEY... -o DIR [--json]\n\n"
		"Write a plain copy of the encrypted case CASE (respond run --encrypt-to)\n"
		"into DIR, which must not exist or be empty: every .age file decrypted\n"
		"(its name without .age), every other file copied, each archive's\n"
		"plaintext checked against the hash the case records. The copy is made\n"
		"beside DIR and renamed into place: DIR holds all of it or nothing. KEY\n"
		"is an AGE-SECRET-KEY-1... file or an unencrypted OpenSSH private key\n"
		"(ed25519, rsa), repeatable. The case itself is checked with 'respond\n"
		"verify CASE'; the copy is for reading, not for verifying.\n"
		"Exit 0 written, 65 a corrupted or altered file (named), 73 DIR exists\n"
		"and is not empty or cannot be made, 77 no KEY opens the case.\n");
}

int cmd_decrypt(int argc, char **argv)
{
	static const struct option opts[] = {
		{"age-identity", required_argument, NULL, 'A'},
		{"output", required_argument, NULL, 'o'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cm_age_identities ids = {0};
	struct cm_err err;
	const char *out = NULL;
	json_t *info = NULL;
	bool json = false;
	int c, ex = CLI_EXIT_OK;

	cm_err_clear(&err);
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			decrypt_usage(stdout);
			goto out;
		case 'A':
			if (cm_age_identities_load(&ids, optarg, &err)) {
				cm_err_wrap(&err, "--age-identity");
				ex = cli_fail("decrypt", &err);
				goto out;
			}
			break;
		case 'o':
			out = optarg;
			break;
		case 'j':
			json = true;
			break;
		default:
			ex = cli_usage("decrypt", "unknown option");
			goto out;
		}
	}
	if (optind != argc - 1 || !out || !ids.n) {
		ex = cli_usage("decrypt",
			       optind != argc - 1 ? "give one CASE directory"
			       : !out		  ? "-o DIR is required"
				      : "--age-identity KEY is required");
		goto out;
	}
	if (rs_case_decrypt(argv[optind], &ids, out, &info, &err)) {
		ex = cli_fail("decrypt", &err);
		goto out;
	}
	if (json) {
		json_object_set_new(info, "schema",
				    json_string("sanitas.decrypt/1"));
		json_object_set_new(info, "case", json_string(argv[optind]));
		if (cli_json_print(info, &err))
			ex = cli_fail("decrypt", &err);
	} else {
		printf("%s: %lld files decrypted, %lld copied\n", out,
		       (long long)json_integer_value(
			       json_object_get(info, "decrypted")),
		       (long long)json_integer_value(
			       json_object_get(info, "copied")));
	}
out:
	json_decref(info);
	cm_age_identities_release(&ids);
	return ex;
}
