// SPDX-License-Identifier: Apache-2.0
/*
 * wipe ledger export and verify-bundle: an audit bundle (one signed tar)
 * written from the ledger, and checked again without it.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_json.h"
#include "cli_passphrase.h"
#include "cmd_ledger.h"
#include "cm_buf.h"
#include "cm_file.h"
#include "wp_bundle.h"
#include "wp_bundle_verify.h"
#include "wp_find.h"
#include "wp_ledger.h"
#include "wp_ledger_pdf.h"

#define PEM_MAX (1024 * 1024)

/* export --pdf: the batch PDF, from the bytes the ledger holds */
static int export_pdf(const char *ledger, const struct wp_bundle_query *q,
		      const char *pdf, const char *url, bool json)
{
	struct wp_ledger *l = NULL;
	struct cm_err err = {0};
	const char *where;
	json_t *doc;
	long n = 0;
	int rc;

	where = cmd_ledger_where(ledger, &err, &rc);
	if (rc == 0)
		rc = wp_ledger_open(where, &l, &err);
	if (rc == 0)
		rc = wp_ledger_pdf_export(l, q, pdf, url, &n, &err);
	wp_ledger_close(l);
	if (rc == 1) {
		fprintf(stderr, "wipe: ledger: %s\n", err.msg);
		return CLI_EXIT_NEGATIVE;
	}
	if (rc < 0)
		return cli_fail("ledger", &err);
	if (!json) {
		printf("exported %ld certificates to %s\n", n, pdf);
		return 0;
	}
	doc = json_pack("{s:s, s:s, s:I}", "schema",
			"sanitas.ledger-export-pdf/1", "pdf", pdf,
			"certificates", (json_int_t)n);
	rc = cli_json_print(doc, &err);
	json_decref(doc);
	return rc < 0 ? cli_fail("ledger", &err) : 0;
}

static int export_bundle(const char *ledger, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"bundle", required_argument, NULL, 'b'},
		{"since", required_argument, NULL, 'f'},
		{"until", required_argument, NULL, 'u'},
		{"customer", required_argument, NULL, 'c'},
		{"job", required_argument, NULL, 'J'},
		{"identity", required_argument, NULL, 'i'},
		{"passphrase-file", required_argument, NULL, 'P'},
		{"json", no_argument, NULL, 'j'},
		{"pdf", required_argument, NULL, 'p'},
		{"verify-url", required_argument, NULL, 'U'},
		{NULL, 0, NULL, 0}};
	struct wp_bundle_query q = {0};
	struct wp_bundle_stats st;
	struct cm_identity id = {0};
	struct wp_ledger *l = NULL;
	const char *bundle = NULL, *idir = cli_default_identity(), *where;
	const char *pass_file = NULL;
	const char *pdf = NULL, *url = NULL;
	char since[32], until[32];
	struct cm_err err = {0};
	bool json = false;
	json_t *doc;
	int c, rc;

	optind = 0; /* a fresh scan: getopt_long keeps state otherwise */
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			bundle = optarg;
			break;
		case 'f':
		case 'u':
			if (wp_find_time(optarg, c == 'u',
					 c == 'f' ? since : until, &err) < 0)
				return cli_usage("ledger", err.msg);
			*(c == 'f' ? &q.since : &q.until) =
				c == 'f' ? since : until;
			break;
		case 'c':
			if (!*optarg)
				return cli_usage("ledger",
						 "--customer takes a name");
			q.customer = optarg;
			break;
		case 'J':
			if (!*optarg)
				return cli_usage("ledger",
						 "--job takes a name");
			q.job = optarg;
			break;
		case 'i':
			idir = optarg;
			break;
		case 'P':
			pass_file = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'p':
			pdf = optarg;
			break;
		case 'U':
			url = optarg;
			break;
		default:
			return cli_usage("ledger", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("ledger", "export takes options only");
	if (bundle && pdf)
		return cli_usage("ledger", "give --bundle or --pdf, not both");
	if ((!bundle || !*bundle) && (!pdf || !*pdf))
		return cli_usage(
			"ledger",
			"export needs --bundle FILE.tar or --pdf FILE.pdf");
	if (url && !pdf)
		return cli_usage("ledger", "--verify-url goes with --pdf");
	if (q.since && q.until && strcmp(q.since, q.until) > 0)
		return cli_usage("ledger", "--since is after --until");
	if (pdf)
		return export_pdf(ledger, &q, pdf, url, json);
	if (cli_identity_unlock(&id, idir, pass_file, &err) < 0) {
		if (cm_err_kind(&err) != CM_ERR_KEYLOCKED)
			cm_err_wrap(
				&err,
				"cannot load the signing identity (pass --identity DIR as 'wipe identity create' made it)");
		return cli_fail("ledger", &err);
	}
	where = cmd_ledger_where(ledger, &err, &rc);
	if (rc == 0)
		rc = wp_ledger_open(where, &l, &err);
	if (rc == 0)
		rc = wp_bundle_export(l, &q, &id, bundle, &st, &err);
	wp_ledger_close(l);
	cm_identity_release(&id);
	if (rc < 0)
		return cli_fail("ledger", &err);
	if (!json) {
		printf("exported %ld certificates to %s (%lld bytes, SHA-256 %s), signed by %.16s\n",
		       st.certificates, bundle, st.bytes, st.sha256,
		       st.signer_fp);
		return 0;
	}
	doc = json_pack("{s:s, s:s, s:I, s:I, s:s, s:s}", "schema",
			"sanitas.ledger-export/1", "bundle", bundle,
			"certificates", (json_int_t)st.certificates, "bytes",
			(json_int_t)st.bytes, "sha256", st.sha256, "signer",
			st.signer_fp);
	rc = cli_json_print(doc, &err);
	json_decref(doc);
	return rc < 0 ? cli_fail("ledger", &err) : 0;
}

struct vb_out {
	json_t *problems, *starts; /* --json */
	int rc;
};

static void print_finding(void *ctx, const struct wp_bundle_item *it)
{
	struct vb_out *o = ctx;
	json_t *j;

	if (!o->problems) {
		if (it->kind == WP_BUNDLE_STARTS_AFTER)
			printf("starts after %s: %s (identity %.16s) is the first of its identity in this bundle\n",
			       it->prev, it->member, it->identity);
		else if (it->kind == WP_BUNDLE_GAP ||
			 it->kind == WP_BUNDLE_FORK)
			printf("%s %s (identity %.16s) after %s: %s\n",
			       wp_bundle_kind_name(it->kind), it->member,
			       it->identity, it->prev, it->detail);
		else
			printf("%s %s: %s\n", wp_bundle_kind_name(it->kind),
			       it->member, it->detail);
		return;
	}
	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kind",
		      wp_bundle_kind_name(it->kind), "member", it->member,
		      "identity", it->identity, "sha256", it->sha256,
		      "previous_sha256", it->prev, "detail", it->detail);
	if (!j || json_array_append_new(it->kind == WP_BUNDLE_STARTS_AFTER
						? o->starts
						: o->problems,
					j) < 0)
		o->rc = -ENOMEM;
}

/* The trust anchors: every --trust file, and the ledger's when named. */
static int anchors(const char *ledger, char *const *trust, int ntrust,
		   struct cm_buf *pem, struct cm_err *err)
{
	struct wp_ledger *l = NULL;
	char *p = NULL;
	size_t len = 0;
	int rc = 0, n = 0;

	for (int i = 0; i < ntrust && rc == 0; i++) {
		rc = cm_read_file(trust[i], PEM_MAX, &p, &len, err);
		if (rc == 0) {
			cm_buf_append(pem, p, len);
			cm_buf_appends(pem, "\n");
			rc = cm_buf_check(pem, "the trust anchors", err);
		}
		free(p);
		p = NULL;
	}
	/* a ledger file that is not there is not created by a check */
	if (rc == 0 && ledger && !wp_ledger_is_uri(ledger) &&
	    access(ledger, F_OK) < 0)
		rc = cm_err_setk(err, -ENOENT, CM_ERR_NOINPUT,
				 "no ledger at '%s'", ledger);
	if (rc == 0 && ledger)
		rc = wp_ledger_open(ledger, &l, err);
	if (rc == 0 && l)
		rc = wp_ledger_trust_pem(l, &p, &len, &n, err);
	if (rc == 0 && l) {
		cm_buf_append(pem, p, len);
		rc = cm_buf_check(pem, "the trust anchors", err);
		if (rc == 0 && !n && !ntrust)
			rc = cm_err_setk(
				err, -ENOENT, CM_ERR_NOINPUT,
				"the ledger trusts no signer: add one with 'wipe ledger trust add CERT.pem', or pass --trust CERT.pem");
	}
	free(p);
	wp_ledger_close(l);
	return rc;
}

static json_t *vb_doc(const struct wp_bundle_verify_stats *st,
		      const struct vb_out *o)
{
	return json_pack("{s:s, s:b, s:o, s:{s:I, s:I, s:I, s:I}, s:O, s:O}",
			 "schema", "sanitas.ledger-bundle-verify/1", "ok",
			 st->problems == 0, "signer",
			 st->signer_fp[0]
				 ? json_pack("{s:s, s:s}", "subject",
					     st->signer_subject, "fingerprint",
					     st->signer_fp)
				 : json_null(),
			 "counts", "members", (json_int_t)st->members,
			 "certificates", (json_int_t)st->certificates,
			 "identities", (json_int_t)st->identities, "problems",
			 (json_int_t)st->problems, "starts_after", o->starts,
			 "problems", o->problems);
}

static int verify_bundle(const char *ledger, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"trust", required_argument, NULL, 't'},
		{"ledger", required_argument, NULL, 'L'},
		{"json", no_argument, NULL, 'j'},
		{"tsa-ca", required_argument, NULL, 'T'},
		{"crl", required_argument, NULL, 'R'},
		{NULL, 0, NULL, 0}};
	struct cm_buf pem = CM_BUF_INIT(64 * PEM_MAX);
	struct cm_verify_trust tr = {0};
	struct wp_bundle_verify_stats st;
	struct vb_out o = {0};
	struct cm_err err = {0};
	char **trust = calloc((size_t)argc, sizeof(*trust));
	json_t *doc = NULL;
	int c, rc, ntrust = 0;
	bool json = false;

	if (!trust)
		return cli_fail("ledger", NULL);
	optind = 0; /* a fresh scan: getopt_long keeps state otherwise */
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 't') {
			trust[ntrust++] = optarg;
		} else if (c == 'L') {
			ledger = optarg;
		} else if (c == 'j') {
			json = true;
		} else if (c == 'T') {
			tr.tsa_ca_pem = optarg;
		} else if (c == 'R') {
			tr.crl_pem = optarg;
		} else {
			free(trust);
			return cli_usage("ledger", "unknown option");
		}
	}
	if (optind != argc - 1 || (!ntrust && !ledger)) {
		free(trust);
		return cli_usage(
			"ledger",
			optind != argc - 1
				? "verify-bundle takes one FILE.tar"
				: "verify-bundle needs trust anchors: --trust CERT.pem or --ledger L");
	}
	rc = anchors(ledger, trust, ntrust, &pem, &err);
	free(trust);
	if (rc == 0 && json &&
	    (!(o.problems = json_array()) || !(o.starts = json_array())))
		rc = cm_err_set(&err, -ENOMEM, "out of memory");
	if (rc == 0)
		rc = wp_bundle_verify_trust(argv[optind], pem.p ? pem.p : "",
					    pem.len, &tr, print_finding, &o,
					    &st, &err);
	if (rc >= 0 && o.rc)
		rc = cm_err_set(&err, o.rc, "out of memory");
	if (rc >= 0 && json) {
		doc = vb_doc(&st, &o);
		if (cli_json_print(doc, &err) < 0)
			rc = -EIO;
	} else if (rc >= 0) {
		printf("%ld members, %ld certificates, %ld identities, signed by %s: %s\n",
		       st.members, st.certificates, st.identities,
		       st.signer_subject[0] ? st.signer_subject
					    : "(unverified)",
		       st.problems ? "problems found" : "the bundle is whole");
		if (st.problems)
			printf("%ld problems\n", st.problems);
	}
	json_decref(doc);
	json_decref(o.problems);
	json_decref(o.starts);
	cm_buf_release(&pem);
	if (rc < 0)
		return cli_fail("ledger", &err);
	return rc;
}

int cmd_ledger_bundle(const char *ledger, int argc, char **argv)
{
	if (!strcmp(argv[0], "export"))
		return export_bundle(ledger, argc, argv);
	return verify_bundle(ledger, argc, argv);
}
