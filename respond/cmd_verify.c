// SPDX-License-Identifier: Apache-2.0
/* respond verify: check a sealed case. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli_json.h"
#include "cli_trust.h"
#include "cm_age.h"
#include "cm_json.h"
#include "cm_time.h"
#include "cmd_util.h"
#include "cmds.h"
#include "rs_case.h"

int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{"ca", required_argument, NULL, 'c'},
		{"identity", required_argument, NULL, 'i'},
		{"tsa-ca", required_argument, NULL, 'T'},
		{"crl", required_argument, NULL, 'R'},
		{"json", no_argument, NULL, 'j'},
		{"age-identity", required_argument, NULL, 'A'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cm_err err;
	const char *ca = NULL, *identity = NULL;
	struct cm_verify_trust tr = {0};
	struct cm_age_identities ids = {0};
	char idcert[4096];
	json_t *info = NULL;
	bool json = false;
	int c, rc;

	cm_err_clear(&err);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			printf("usage: respond verify [--ca PEM | --identity DIR] [--tsa-ca PEM]\n                      [--crl CRL] [--age-identity KEY]... [--json] CASE|DIR\n\nRe-check a sealed case: the signature over SHA256SUMS, every file's\nhash, files not listed, every archive member against its manifest and\nthe custody journal's chain. The signer must chain to a trust anchor:\n--ca PEM (an organisation CA or an operator's cert.pem), or --identity\nDIR (its cert.pem; default $SANITAS_IDENTITY or /etc/sanitas/identity\nwhen present). An intact case whose signer is not anchored is reported\nUNTRUSTED (exit 1) with the signer's SHA-256 fingerprint, and whether it\nis the one recorded when the case was started. The seal's time is the\nTSA's when an RFC 3161 token SHA256SUMS.p7s.tsr verifies against\n--tsa-ca PEM, else the signer's own claim, and said to be. With --crl\nCRL (signed by a --ca certificate) a seal by a key revoked at T counts\nonly when a checked time-stamp puts it before T. An encrypted case\n(respond run --encrypt-to) is checked by its seal without the key;\n--age-identity KEY (an AGE-SECRET-KEY-1... file or an OpenSSH private\nkey, repeatable) also decrypts every archive and manifest and checks\nthe members and the plaintext hashes. Exit 0 intact and trusted, 1\nnaming the first mismatch, 77 no identity given opens the case.\n\nDIR, a directory of cases (DIR/CASE or DIR/HOST/CASE, as a fleet run\nfetches them): each case checked the same way (by its seal; not with\n--age-identity), one line each (case, host, status, seal, signer,\nfiles, archives) and a total; exit 0 when all are intact and trusted, 1\nwhen any is not, 66 when there is none.\n");
			return CLI_EXIT_OK;
		case 'c':
			ca = optarg;
			break;
		case 'i':
			identity = optarg;
			break;
		case 'T':
			tr.tsa_ca_pem = optarg;
			break;
		case 'R':
			tr.crl_pem = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'A':
			if (cm_age_identities_load(&ids, optarg, &err)) {
				cm_err_wrap(&err, "--age-identity");
				cm_age_identities_release(&ids);
				return cli_fail("verify", &err);
			}
			break;
		default:
			cm_age_identities_release(&ids);
			return cli_usage("verify", "unknown option");
		}
	}
	if (optind != argc - 1 || (ca && identity)) {
		cm_age_identities_release(&ids);
		return cli_usage("verify",
				 ca && identity
					 ? "give --ca or --identity, not both"
					 : "give one CASE or DIR of cases");
	}
	ca = cli_trust_anchor(ca, identity, idcert, sizeof(idcert));
	tr.ca_pem = ca;
	if (!rs_cmd_is_case_dir(argv[optind])) {
		bool keys = ids.n > 0;

		cm_age_identities_release(&ids);
		if (keys)
			return cli_usage(
				"verify",
				"--age-identity checks one CASE, not a DIR of cases");
		return rs_cmd_verify_dir(argv[optind], &tr, json);
	}
	rc = rs_case_verify_age(argv[optind], &tr, &ids, &info, &err);
	cm_age_identities_release(&ids);
	if (json) {
		json_t *o = json_pack("{s:s,s:s,s:b,s:o,s:o}", "schema",
				      "sanitas.verify/1", "case", argv[optind],
				      "intact", rc == 0, "mismatch",
				      rc ? json_string(err.msg) : json_null(),
				      "details", info ? info : json_null());
		struct cm_err werr;
		int wrc;

		/* a lost document is an error; a mismatch stays the answer */
		cm_err_clear(&werr);
		wrc = cli_json_print(o, &werr);
		json_decref(o);
		if (wrc) {
			wrc = cli_fail("verify", &werr);
			if (!rc)
				return wrc;
		}
	}
	if (rc) {
		if (!json)
			json_decref(info);
		return cli_fail("verify", &err);
	}
	if (!json) {
		char when[CM_RFC3339_LEN], what[512];
		const char *src = cm_json_get_str(info, "time_source");

		cm_time_rfc3339((time_t)json_integer_value(
					json_object_get(info, "sealed_at")),
				when);
		if (src && !strcmp(src, "tsa"))
			snprintf(
				what, sizeof(what),
				"sealed at %s by the time-stamp of TSA %s (RFC 3161)",
				when, cm_json_get_str(info, "tsa"));
		else
			snprintf(
				what, sizeof(what),
				"sealed at %s, the signer's own claim (%s)",
				when,
				src && !strcmp(src, "tsa-unchecked")
					? "a time-stamp token is beside it, unchecked: pass --tsa-ca PEM"
					: "no time-stamp");
		long long sealed = (long long)json_integer_value(
			json_object_get(info, "encrypted_archives"));
		char enc[160] = "";

		if (sealed)
			snprintf(
				enc, sizeof(enc),
				json_is_true(json_object_get(
					info, "plaintext_checked"))
					? " (%lld encrypted, decrypted and checked down to the plaintext)"
					: "; %lld encrypted archives checked by the seal only (their plaintext needs --age-identity)",
				sealed);
		printf("%s: intact: signed by %s; %s; %lld files, %lld archives match%s; journal chain intact\n",
		       argv[optind], cm_json_get_str(info, "signer"), what,
		       (long long)json_integer_value(
			       json_object_get(info, "files")),
		       (long long)json_integer_value(
			       json_object_get(info, "archives")),
		       enc);
	}
	if (!json)
		json_decref(info);
	return CLI_EXIT_OK;
}
