// SPDX-License-Identifier: Apache-2.0
/*
 * wipe cert validate: a second person's signed validation of one
 * certificate of sanitization, with an optional read-back of the medium.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_json.h"
#include "cli_passphrase.h"
#include "cm_json.h"
#include "cm_random.h"
#include "cmd_cert_validate.h"
#include "cmds.h"
#include "wp_cert.h"
#include "wp_validation.h"

static const char usage_text[] =
	"usage: wipe cert validate CERT.json --identity DIR\n"
	"                   [--reverify TARGET [--sample PCT [--seed N]]]\n"
	"                   [--verdict passed|failed] [--notes TEXT]\n"
	"                   [--ca PEM] [--output FILE] [--passphrase-file F]\n"
	"                   [--json]\n"
	"\n"
	"Write a validation record of CERT (NIST SP 800-88 Appendix G\n"
	"\"Validation\"; R2v3 Appendix B(13)) signed by the validator's identity\n"
	"DIR: CERT's SHA-256, the validator's name, title and organisation, the\n"
	"date and the verdict, as ID.validation.json and ID.validation.json.p7s\n"
	"beside CERT (or --output FILE and FILE.p7s). Never replaced.\n"
	"\n"
	"CERT's signature is checked first (against --ca PEM when given; else it\n"
	"proves integrity only). The identity that signed CERT is refused,\n"
	"whether by the same certificate or the same key under another one.\n"
	"\n"
	"--reverify TARGET reads the medium back as 'wipe verify' does,\n"
	"expecting what the certificate's erase wrote (every block, or a seeded\n"
	"--sample of PCT percent), and records coverage, mismatches and any\n"
	"signature found; the verdict is that read-back's unless --verdict says\n"
	"failed. Without --reverify, --verdict is required (a review of the\n"
	"record).\n"
	"\n"
	"Exit: 0 written, verdict passed; 1 written, verdict failed, or CERT\n"
	"does not verify (nothing written); 64 usage; 65 malformed CERT or\n"
	"TARGET not its medium; 66 not found; 69 the erase cannot be re-read;\n"
	"73 the record exists or cannot be written; 77 the validator signed\n"
	"CERT.\n"
	"\n"
	"Stock OpenSSL check of a record:\n"
	"  openssl cms -verify -binary -inform DER -in ID.validation.json.p7s \\\n"
	"      -content ID.validation.json -CAfile validator.pem -purpose any\n";

/* A certificate id fit to name a file beside it. */
static bool plain_id(const char *s)
{
	static const char ok[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
	size_t n = s ? strspn(s, ok) : 0;

	return n > 0 && n <= 64 && !s[n];
}

/* <dir of @cert>/<id>.validation.json, malloc'd. */
static char *beside(const char *cert, const char *id)
{
	const char *slash = strrchr(cert, '/');
	char *dir =
		slash ? strndup(cert, (size_t)(slash - cert + 1)) : strdup("");
	char *out = NULL;

	if (dir && asprintf(&out, "%s%s.validation.json", dir, id) < 0)
		out = NULL;
	free(dir);
	return out;
}

struct vopts {
	const char *cert, *identity, *pass_file, *verdict, *notes, *ca, *output;
	struct wp_reverify_opts re;
	bool json, seeded;
};

static int parse(int argc, char **argv, struct vopts *o)
{
	static const struct option longopts[] = {
		{"identity", required_argument, NULL, 'i'},
		{"passphrase-file", required_argument, NULL, 'P'},
		{"reverify", required_argument, NULL, 'r'},
		{"sample", required_argument, NULL, 's'},
		{"seed", required_argument, NULL, 'S'},
		{"verdict", required_argument, NULL, 'v'},
		{"notes", required_argument, NULL, 'n'},
		{"ca", required_argument, NULL, 'c'},
		{"output", required_argument, NULL, 'o'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	char *end;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			o->identity = optarg;
			break;
		case 'P':
			o->pass_file = optarg;
			break;
		case 'r':
			o->re.target = optarg;
			break;
		case 's':
			o->re.sample_pct = strtod(optarg, &end);
			if (*end ||
			    !(o->re.sample_pct > 0 && o->re.sample_pct <= 100))
				return cli_usage(
					"cert",
					"--sample takes a percentage in (0, 100]");
			break;
		case 'S':
			o->re.seed = strtoull(optarg, &end, 0);
			if (*end || !*optarg)
				return cli_usage("cert",
						 "--seed takes a number");
			o->seeded = true;
			break;
		case 'v':
			o->verdict = optarg;
			if (strcmp(optarg, "passed") &&
			    strcmp(optarg, "failed"))
				return cli_usage(
					"cert",
					"--verdict takes 'passed' or 'failed'");
			break;
		case 'n':
			o->notes = optarg;
			break;
		case 'c':
			o->ca = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'j':
			o->json = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return -1;
		default:
			return cli_usage("cert", "unknown option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage("cert", "validate takes one CERT.json");
	o->cert = argv[optind];
	if (!o->identity)
		return cli_usage(
			"cert",
			"validate needs --identity DIR: the validator's, not the operator's");
	if (!o->re.target && (o->re.sample_pct > 0 || o->seeded))
		return cli_usage("cert",
				 "--sample and --seed go with --reverify");
	if (!o->re.target && !o->verdict)
		return cli_usage(
			"cert",
			"give --reverify TARGET, or --verdict passed|failed for a review of the record");
	return 0;
}

static void print_human(const char *path, const json_t *doc)
{
	const json_t *who = json_object_get(doc, "validator");
	const json_t *re = json_object_get(doc, "reverify");
	const json_t *c = json_object_get(doc, "certificate");

	printf("%s: verdict %s, validated by %s (%s, %s) at %s\n", path,
	       cm_json_get_str(doc, "verdict"), cm_json_get_str(who, "name"),
	       cm_json_get_str(who, "title") ?: "-",
	       cm_json_get_str(who, "organization") ?: "-",
	       cm_json_get_str(doc, "validated_at"));
	printf("  certificate %s (sha256 %s) signed by %s\n",
	       cm_json_get_str(c, "id"), cm_json_get_str(c, "sha256"),
	       cm_json_get_str(c, "signer_subject"));
	if (json_is_object(re))
		printf("  read-back of %s (%s, expected %s): %s, coverage %.2f%%, %lld mismatched byte(s), %zu signature(s)\n",
		       cm_json_get_str(re, "target"),
		       cm_json_get_str(re, "method"),
		       cm_json_get_str(re, "expected"),
		       cm_json_get_str(re, "result"),
		       100.0 * json_number_value(
				       json_object_get(re, "coverage")),
		       (long long)json_integer_value(
			       json_object_get(re, "mismatched_bytes")),
		       json_array_size(
			       json_object_get(re, "signatures_found")));
}

int cmd_cert_validate(int argc, char **argv)
{
	struct vopts o = {0};
	struct wp_cert_check chk = {0};
	struct cm_identity id = {0};
	struct wp_validation_in in = {0};
	const char *op_name;
	char *out = NULL, sha[65] = "";
	json_t *doc = NULL, *re = NULL;
	struct cm_err err;
	bool clean = false;
	int rc, ret;

	rc = parse(argc, argv, &o);
	if (rc)
		return rc < 0 ? 0 : rc;
	cm_err_clear(&err);
	rc = wp_cert_verify(o.cert, o.ca, &chk, &err);
	if (rc > 0) {
		printf("%s: INVALID: %s\n", o.cert, err.msg);
		fprintf(stderr,
			"wipe: cert: '%s' does not verify: nothing validated\n",
			o.cert);
		ret = CLI_EXIT_NEGATIVE;
		goto out;
	}
	if (rc < 0) {
		ret = cli_fail("cert", &err);
		goto out;
	}
	if (!o.ca || !chk.cms.anchored)
		fprintf(stderr,
			"wipe: cert: note: the certificate's signature is intact, its signer (%s) is not checked against a trust anchor (pass --ca PEM)\n",
			chk.cms.signer_subject);
	if (cli_identity_unlock(&id, o.identity, o.pass_file, &err) < 0) {
		if (cm_err_kind(&err) != CM_ERR_KEYLOCKED)
			cm_err_wrap(
				&err,
				"cannot load the validator's identity (pass --identity DIR as 'wipe identity create' made it)");
		ret = cli_fail("cert", &err);
		goto out;
	}
	if (wp_validation_not_self(&id, &chk.cms, &err) < 0) {
		ret = cli_fail("cert", &err);
		goto out;
	}
	op_name =
		cm_json_get_str(json_object_get(chk.cert, "operator"), "name");
	if (op_name && id.operator_name && !strcmp(op_name, id.operator_name))
		fprintf(stderr,
			"wipe: cert: warning: the validator's name '%s' is the operator's, under another key\n",
			op_name);
	if (!o.output) {
		const char *cid = cm_json_get_str(chk.cert, "id");

		if (!plain_id(cid)) {
			cm_err_setk(
				&err, -EINVAL, CM_ERR_DATAERR,
				"the certificate's id is not a plain name: give --output FILE");
			ret = cli_fail("cert", &err);
			goto out;
		}
		out = beside(o.cert, cid);
		if (!out) {
			ret = cli_fail("cert", NULL);
			goto out;
		}
	}
	if (access(o.output ? o.output : out, F_OK) == 0) {
		/* before a read-back that may take hours */
		cm_err_setk(
			&err, -EEXIST, CM_ERR_CANTCREAT,
			"'%s' exists: a validation record is never replaced (name another with --output)",
			o.output ? o.output : out);
		ret = cli_fail("cert", &err);
		goto out;
	}
	if (o.re.target) {
		if (o.re.sample_pct > 0 && !o.seeded) {
			if (cm_random_bytes(&o.re.seed, sizeof(o.re.seed),
					    &err) < 0) {
				ret = cli_fail("cert", &err);
				goto out;
			}
			o.re.seed &= 0x1fffffffffffffULL;
		}
		if (wp_validation_reverify(chk.cert, &o.re, &re, &clean, &err) <
		    0) {
			ret = cli_fail("cert", &err);
			goto out;
		}
		if (o.verdict && !strcmp(o.verdict, "passed") && !clean) {
			ret = cli_usage(
				"cert",
				"--verdict passed contradicts the read-back, which found data: nothing written");
			goto out;
		}
	}
	in.cert = chk.cert;
	in.cert_sha256 = chk.sha256;
	in.cms = &chk.cms;
	in.who = &id;
	in.verdict = o.verdict ? o.verdict : clean ? "passed" : "failed";
	in.notes = o.notes;
	in.reverify = re;
	re = NULL;
	if (wp_validation_build(&in, &doc, &err) < 0 ||
	    wp_validation_write(&id, doc, o.output ? o.output : out, sha,
				&err) < 0) {
		ret = cli_fail("cert", &err);
		goto out;
	}
	ret = strcmp(in.verdict, "passed") ? CLI_EXIT_NEGATIVE : 0;
	if (o.json) {
		json_t *j = json_pack("{s:s, s:s, s:s, s:O}", "schema",
				      "sanitas.cert-validate/1", "path",
				      o.output ? o.output : out, "sha256", sha,
				      "record", doc);

		if (cli_json_print(j, &err) < 0)
			ret = cli_fail("cert", &err);
		json_decref(j);
	} else {
		print_human(o.output ? o.output : out, doc);
	}
out:
	json_decref(re);
	json_decref(doc);
	free(out);
	cm_identity_release(&id);
	wp_cert_check_release(&chk);
	return ret;
}

bool cert_is_validation_name(const char *name)
{
	static const char suf[] = ".validation.json";
	size_t n = strlen(name), k = sizeof(suf) - 1;

	return n > k && !strcmp(name + n - k, suf);
}

int cert_validations_show(const char *cert_path,
			  const struct wp_cert_check *chk, const char *ca,
			  bool json, json_t *result)
{
	const char *cid = cm_json_get_str(chk->cert, "id");
	const char *op =
		cm_json_get_str(json_object_get(chk->cert, "operator"), "name");
	struct wp_validation v;
	struct cm_cms_info cms;
	struct cm_err err;
	char sha[65], *path;
	json_t *list = json_array(), *j;
	int rc, ret = 0;

	path = plain_id(cid) ? beside(cert_path, cid) : NULL;
	if (!list || !path || access(path, F_OK) != 0) {
		json_object_set_new(result, "validations", list);
		free(path);
		return 0;
	}
	cm_err_clear(&err);
	rc = wp_validation_verify_file(path, ca, &v, &cms, sha, &err);
	if (rc == 0 && strcmp(v.cert_sha256, chk->sha256)) {
		rc = 1;
		cm_err_set(&err, 0,
			   "it validates another certificate (sha256 %s)",
			   v.cert_sha256);
	}
	if (rc != 0) {
		ret = rc < 0 ? CLI_EXIT_DATAERR : CLI_EXIT_NEGATIVE;
		if (!json)
			printf("%s: %s: %s\n", path,
			       rc < 0 ? "MALFORMED" : "INVALID", err.msg);
		j = json_pack("{s:s, s:b, s:s}", "path", path, "valid", 0,
			      "error", err.msg);
	} else {
		if (!json) {
			printf("  signed by %s; validated by %s (%s, %s) at %s: %s",
			       op ? op : chk->cms.signer_cn, v.name,
			       v.title ?: "-", v.organization ?: "-",
			       v.validated_at, v.verdict);
			if (v.reverified)
				printf(" (read-back %s, coverage %.2f%%, %lld mismatched byte(s))",
				       v.reverify_result, 100.0 * v.coverage,
				       v.mismatched_bytes);
			printf("%s\n",
			       cms.anchored
				       ? ""
				       : " UNTRUSTED: the validator is not anchored (pass --ca PEM holding its certificate)");
		}
		static const char fmt[] =
			"{s:s, s:b, s:o, s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:b, s:o, s:o}";

		j = json_pack(
			fmt, "path", path, "valid", 1, "error", json_null(),
			"sha256", sha, "name", v.name, "title",
			cm_json_str_or_null(v.title), "organization",
			cm_json_str_or_null(v.organization), "validated_at",
			v.validated_at, "verdict", v.verdict,
			"signer_fingerprint", cms.signer_fingerprint,
			"anchored", cms.anchored, "reverify_result",
			cm_json_str_or_null(v.reverify_result), "coverage",
			v.reverified ? json_real(v.coverage) : json_null());
		if (!cms.anchored)
			ret = CLI_EXIT_NEGATIVE;
	}
	json_array_append_new(list, j);
	json_object_set_new(result, "validations", list);
	wp_validation_release(&v);
	free(path);
	return ret;
}

int cert_validation_verify(const char *path, const char *ca, bool json,
			   json_t *results)
{
	struct wp_validation v;
	struct cm_cms_info cms;
	struct cm_err err;
	char sha[65];
	int rc;

	cm_err_clear(&err);
	rc = wp_validation_verify_file(path, ca, &v, &cms, sha, &err);
	if (!json) {
		if (rc == 0)
			printf("%s: valid validation (%s) by %s (%s, %s) at %s of certificate %s (sha256 %s), signed by %s%s\n",
			       path, v.verdict, v.name, v.title ?: "-",
			       v.organization ?: "-", v.validated_at, v.cert_id,
			       v.cert_sha256, cms.signer_subject,
			       cms.anchored
				       ? ""
				       : "; UNTRUSTED: the validator is not anchored (pass --ca PEM)");
		else
			printf("%s: %s: %s\n", path,
			       rc < 0 ? "MALFORMED" : "INVALID", err.msg);
	}
	json_array_append_new(
		results,
		json_pack("{s:s, s:s, s:b, s:o, s:o, s:o, s:o}", "validation",
			  path, "schema", WP_VALIDATION_SCHEMA, "valid",
			  rc == 0, "error",
			  rc ? json_string(err.msg) : json_null(), "verdict",
			  cm_json_str_or_null(rc == 0 ? v.verdict : NULL),
			  "name", cm_json_str_or_null(rc == 0 ? v.name : NULL),
			  "certificate_sha256",
			  cm_json_str_or_null(rc == 0 ? v.cert_sha256 : NULL)));
	wp_validation_release(&v);
	if (rc < 0)
		return cli_exit_code(&err);
	return rc == 0 && cms.anchored ? 0 : CLI_EXIT_NEGATIVE;
}
