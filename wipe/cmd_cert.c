// SPDX-License-Identifier: Apache-2.0
/*
 * wipe cert: show a certificate of sanitization, verify certificates and
 * their chain.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cli_json.h"
#include "cm_path.h"
#include "cm_json.h"
#include "cm_size.h"
#include "cm_time.h"
#include "cmd_cert_validate.h"
#include "cmds.h"
#include "wp_cert.h"
#include "wp_cert_chain.h"
#include "wp_cert_text.h"

static const char usage_text[] =
	"usage: wipe cert show FILE [--json]\n"
	"       wipe cert verify FILE|DIR... [--ca PEM | --identity DIR]\n"
	"                        [--tsa-ca PEM] [--crl CRL] [--json]\n"
	"       wipe cert pdf FILE|DIR [--batch] [-o PDF] (see wipe cert pdf --help)\n"
	"       wipe cert validate FILE --identity DIR [--reverify TARGET] (see\n"
	"                        wipe cert validate --help)\n"
	"\n"
	"verify checks each certificate's schema, its detached CMS signature\n"
	"(FILE.p7s) with the signer's certificate checked at the signing time\n"
	"(so old certificates stay verifiable after the signer expires), that\n"
	"the signer is the organisation named inside, and the chain link to\n"
	"its predecessor. The signer must chain to a trust anchor: --ca PEM\n"
	"(an organisation CA or an operator's cert.pem), or --identity DIR\n"
	"(its cert.pem; default $SANITAS_IDENTITY or /etc/sanitas/identity\n"
	"when present). A certificate whose signature is intact but whose\n"
	"signer is not anchored is reported UNTRUSTED (exit 1), with the\n"
	"signer's SHA-256 fingerprint. A directory is checked as a whole: a\n"
	"removed certificate breaks the chain.\n"
	"\n"
	"The time: where an RFC 3161 time-stamp token FILE.p7s.tsr lies beside\n"
	"the signature and --tsa-ca PEM names the TSA's CA, the token is\n"
	"checked (imprint over FILE.p7s, TSA signature and chain) and its time\n"
	"is reported, the signer's certificate checked valid then; otherwise\n"
	"the time shown is the signer's own claim, and said to be.\n"
	"--crl CRL (PEM or DER, signed by a --ca certificate): a signer revoked\n"
	"at T is valid only when a checked time-stamp puts the signature before\n"
	"T; after T it is INVALID, and without one it is INVALID as \"signed by a\n"
	"since-revoked key, time unproven\".\n"
	"\n"
	"Exit: 0 valid; 1 invalid or tampered; 65 malformed; 66 not found.\n"
	"\n"
	"Stock OpenSSL check, for any certificate:\n"
	"  openssl cms -verify -binary -inform DER -in C.json.p7s \\\n"
	"      -content C.json -CAfile cert.pem -purpose any [-attime EPOCH]\n"
	"  openssl ts -verify -in C.json.p7s.tsr -data C.json.p7s -CAfile tsa-ca.pem\n";

/*
 * The string @k of @o for the terminal: "-" when absent, control
 * characters and invalid bytes escaped (a certificate is outside data:
 * its text must not drive the terminal). The result lives until 16 more
 * calls, enough for one printf.
 */
static const char *shown(const json_t *o, const char *k, bool lines)
{
	static char ring[16][1024];
	static unsigned next;
	const char *v = cm_json_get_str(o, k);
	char *out = ring[next++ % 16];

	return v ? wp_cert_text_display(v, lines, out, sizeof(ring[0])) : "-";
}

static void show_human(const json_t *c)
{
	const json_t *op = json_object_get(c, "operator");
	const json_t *me = json_object_get(c, "media");
	const json_t *sa = json_object_get(c, "sanitization");
	const json_t *ve = json_object_get(c, "verification");
	const json_t *st = json_object_get(c, "standards");
	char size[32];
	size_t i;
	json_t *v;

#define S(o, k) shown((o), (k), false)
	cm_size_human((uint64_t)json_integer_value(
			      json_object_get(me, "capacity_bytes")),
		      size, sizeof(size));
	printf("Certificate of Sanitization %s\n", S(c, "id"));
	printf("  issued:        %s\n", S(c, "issued_at"));
	printf("  result:        %s\n", S(c, "result"));
	printf("Person performing sanitization\n");
	printf("  name:          %s\n  title:         %s\n"
	       "  organization:  %s\n  location:      %s\n"
	       "  phone:         %s\n",
	       S(op, "name"), S(op, "title"), S(op, "organization"),
	       S(op, "location"), S(op, "phone"));
	printf("Media\n");
	printf("  vendor/model:  %s %s\n  serial:        %s\n"
	       "  property no.:  %s\n  type:          %s (%s)\n"
	       "  capacity:      %s\n  source:        %s\n"
	       "  classification:%s\n  backed up:     %s (%s)\n",
	       S(me, "vendor"), S(me, "model"), S(me, "serial"),
	       S(me, "property_number"), S(me, "type"), S(me, "transport"),
	       size, S(me, "source"), S(me, "classification"),
	       S(me, "data_backed_up"), S(me, "backup_location"));
	printf("Sanitization\n");
	printf("  method type:   %s\n  technique:     %s\n"
	       "  method:        %s\n  started:       %s\n"
	       "  finished:      %s\n  bytes written: %lld\n"
	       "  errors:        %zu range(s)\n",
	       S(sa, "category"), S(sa, "technique"), S(sa, "method"),
	       S(sa, "started_at"), S(sa, "finished_at"),
	       (long long)json_integer_value(
		       json_object_get(sa, "bytes_written")),
	       json_array_size(json_object_get(sa, "errors")));
	if (cm_json_get_str(sa, "failure_reason"))
		printf("  failure:       %s\n", S(sa, "failure_reason"));
	printf("Verification\n  method:        %s\n  result:        %s\n",
	       S(ve, "method"), S(ve, "result"));
	if (json_is_number(json_object_get(ve, "coverage")))
		printf("  coverage:      %.2f%%\n",
		       100.0 * json_number_value(
				       json_object_get(ve, "coverage")));
	printf("Destination:     %s\nPost class.:     %s\nNotes:           %s\n",
	       S(c, "destination"), S(c, "post_classification"),
	       shown(c, "notes", true));
	printf("Standards:       ");
	if (!json_array_size(st))
		printf("none claimed");
	json_array_foreach(st, i, v)
	{
		char buf[512];

		printf("%s%s", i ? "; " : "",
		       wp_cert_text_display(json_string_value(v) ?: "", false,
					    buf, sizeof(buf)));
	}
	printf("\nTool:            %s %s\n",
	       S(json_object_get(c, "tool"), "name"),
	       S(json_object_get(c, "tool"), "version"));
#undef S
}

static int do_show(int argc, char **argv)
{
	bool json = argc > 2 && !strcmp(argv[2], "--json");
	struct cm_err err;
	json_t *c;

	if (argc < 2 || argc > 3 || (argc == 3 && !json))
		return cli_usage("cert", "show takes FILE [--json]");
	cm_err_clear(&err);
	c = cm_json_load_file(argv[1], WP_CERT_MAX, &err);
	if (!c)
		return cli_fail("cert", &err);
	if (wp_cert_check_schema(c, &err) < 0) {
		json_decref(c);
		cm_err_wrap(&err, "'%s'", argv[1]);
		return cli_fail("cert", &err);
	}
	if (json && cli_json_print(c, &err)) {
		json_decref(c);
		return cli_fail("cert", &err);
	}
	if (!json)
		show_human(c);
	json_decref(c);
	return 0;
}

/* "... at WHEN (whose time)" of a valid certificate, into @buf. */
static void time_phrase(const struct wp_cert_check *chk, char *buf, size_t size)
{
	char signer[CM_RFC3339_LEN], tsa[CM_RFC3339_LEN];

	cm_time_rfc3339(chk->cms.signing_time, signer);
	switch (chk->time.source) {
	case CM_TIME_TSA:
		cm_time_rfc3339(chk->time.tsa.gen_time, tsa);
		snprintf(
			buf, size,
			"at %s by the time-stamp of TSA %s (RFC 3161; the signer's clock said %s)",
			tsa, chk->time.tsa.tsa_subject, signer);
		break;
	case CM_TIME_TSA_UNCHECKED:
		snprintf(
			buf, size,
			"at %s, the signer's own claim (a time-stamp token is beside it, unchecked: pass --tsa-ca PEM)",
			signer);
		break;
	default:
		snprintf(buf, size,
			 "at %s, the signer's own claim (no time-stamp)",
			 signer);
	}
}

/* The "time" object of a certificate's JSON result. */
static json_t *time_json(const struct wp_cert_check *chk)
{
	char signer[CM_RFC3339_LEN] = "", tsa[CM_RFC3339_LEN] = "";

	if (chk->cms.signing_time)
		cm_time_rfc3339(chk->cms.signing_time, signer);
	if (chk->time.tsa.gen_time)
		cm_time_rfc3339(chk->time.tsa.gen_time, tsa);
	return json_pack("{s:s, s:o, s:o, s:o, s:o}", "source",
			 cm_time_source_name(chk->time.source), "value",
			 chk->time.source == CM_TIME_TSA ? json_string(tsa)
			 : signer[0]			 ? json_string(signer)
							 : json_null(),
			 "signer_claim",
			 signer[0] ? json_string(signer) : json_null(),
			 "tsa_time",
			 chk->time.source == CM_TIME_TSA ? json_string(tsa)
							 : json_null(),
			 "tsa",
			 chk->time.source == CM_TIME_TSA
				 ? json_string(chk->time.tsa.tsa_subject)
				 : json_null());
}

/* The "revocation" object of a certificate's JSON result (with --crl). */
static json_t *revocation_json(const struct wp_cert_check *chk)
{
	char at[CM_RFC3339_LEN] = "";

	if (chk->rev.revoked_at)
		cm_time_rfc3339(chk->rev.revoked_at, at);
	return json_pack("{s:b, s:s, s:o, s:o}", "checked", chk->rev_checked,
			 "verdict", cm_revocation_name(chk->rev.verdict),
			 "revoked_at", at[0] ? json_string(at) : json_null(),
			 "reason",
			 chk->rev.reason[0] ? json_string(chk->rev.reason)
					    : json_null());
}

static int verify_one(const char *path, const struct cm_verify_trust *tr,
		      bool json, json_t *results, struct wp_cert_chain *chain)
{
	struct wp_cert_check chk;
	struct cm_err err;
	int rc, out;

	cm_err_clear(&err);
	if (cert_is_validation_name(path) && wp_cert_file_is_regular(path))
		return cert_validation_verify(path, tr->ca_pem, json, results);
	if (!wp_cert_file_is_regular(path)) {
		memset(&chk, 0, sizeof(chk));
		rc = cm_err_setk(
			&err, -EINVAL, CM_ERR_DATAERR,
			"'%s' is not a regular file (a FIFO, device or directory named like a certificate)",
			path);
	} else {
		rc = wp_cert_verify_trust(chain, path, tr, &chk, &err);
	}
	if (wp_cert_chain_add_by(
		    chain, chk.cms.signer_fingerprint, path, chk.sha256,
		    chk.cert ? cm_json_get_str(chk.cert, "previous_sha256")
			     : NULL,
		    &err) < 0) {
		wp_cert_check_release(&chk);
		return CLI_EXIT_SOFTWARE;
	}
	if (rc == 0 && !chk.cms.anchored) {
		rc = 1;
		cm_err_set(
			&err, 0,
			"UNTRUSTED: the signature is intact, but the signer (%s, sha256 %s) is not anchored: pass --ca PEM or --identity DIR",
			chk.cms.signer_subject, chk.cms.signer_fingerprint);
	}
	out = rc < 0 ? cli_exit_code(&err) : rc;
	if (json) {
		char when[CM_RFC3339_LEN] = "";

		if (chk.cms.signing_time)
			cm_time_rfc3339(chk.cms.signing_time, when);
		json_array_append_new(
			results,
			json_pack(
				"{s:s, s:b, s:o, s:s, s:o, s:o, s:s}",
				"certificate", path, "valid", rc == 0, "error",
				rc ? json_string(err.msg) : json_null(),
				"signer", chk.cms.signer_subject, "signed_at",
				when[0] ? json_string(when) : json_null(),
				"result",
				chk.cert ? cm_json_str_or_null(cm_json_get_str(
						   chk.cert, "result"))
					 : json_null(),
				"chain", chk.chain));
		json_t *last =
			json_array_get(results, json_array_size(results) - 1);

		json_object_set_new(last, "time", time_json(&chk));
		if (rc == 0)
			out = cert_validations_show(path, &chk, tr->ca_pem,
						    json, last);
		if (tr->crl_pem)
			json_object_set_new(last, "revocation",
					    revocation_json(&chk));
	} else if (rc == 0) {
		char when[512];

		char rev[512] = "";

		time_phrase(&chk, when, sizeof(when));
		if (chk.rev_checked) {
			rev[0] = ';';
			rev[1] = ' ';
			cm_revocation_describe(&chk.rev, &chk.time, rev + 2,
					       sizeof(rev) - 2);
		}
		printf("%s: valid (%s certificate signed by %s %s, signer sha256 %s; %s%s)\n",
		       path, cm_json_get_str(chk.cert, "result"),
		       chk.cms.signer_subject, when, chk.cms.signer_fingerprint,
		       chk.chain, rev);
		json_t *tmp = json_object();

		if (tmp)
			out = cert_validations_show(path, &chk, tr->ca_pem,
						    false, tmp);
		json_decref(tmp);
	} else {
		printf("%s: %s: %s\n", path, rc < 0 ? "MALFORMED" : "INVALID",
		       err.msg);
	}
	wp_cert_check_release(&chk);
	return out;
}

/*
 * The certificates an argument names: itself, or a directory's *.json
 * files (a FIFO among them is reported, never opened to block). *@names
 * is malloc'd with *@nn malloc'd strings (caller frees).
 */
static int list_arg(const char *arg, bool dir, char ***names, size_t *nn)
{
	struct dirent *e;
	DIR *d;

	*names = NULL;
	*nn = 0;
	if (!dir) {
		*names = malloc(sizeof(**names));
		if (!*names || !((*names)[0] = strdup(arg))) {
			free(*names);
			*names = NULL;
			return -ENOMEM;
		}
		*nn = 1;
		return 0;
	}
	d = opendir(arg);
	while (d && (e = readdir(d))) {
		size_t n = strlen(e->d_name), len = strlen(arg) + n + 2;
		char **nb;

		if (n <= 5 || strcmp(e->d_name + n - 5, ".json") ||
		    cert_is_validation_name(e->d_name))
			continue; /* a validation is shown with its certificate */
		nb = realloc(*names, (*nn + 1) * sizeof(**names));
		if (!nb)
			break;
		*names = nb;
		(*names)[*nn] = malloc(len);
		if (!(*names)[*nn])
			break;
		snprintf((*names)[*nn], len, "%s/%s", arg, e->d_name);
		(*nn)++;
	}
	if (d)
		closedir(d);
	return 0;
}

/* Directories checked as a whole, by their real path (for the head). */
struct dirset {
	char **v;
	size_t n;
};

static void add_dir(struct dirset *ds, const char *dir)
{
	char *real = realpath(dir, NULL), **nv;

	if (!real)
		return;
	nv = realloc(ds->v, (ds->n + 1) * sizeof(*nv));
	if (!nv) {
		free(real);
		return;
	}
	ds->v = nv;
	ds->v[ds->n++] = real;
}

/*
 * The identity's chain head names its newest certificate (hash and
 * path): when that certificate's directory is among @ds but the
 * certificate is not in @chain, it was removed. 0, or the exit code 1.
 */
static int check_head(const char *identity, const struct wp_cert_chain *chain,
		      const struct dirset *ds, bool json, json_t *findings)
{
	char *headp = cm_path_join(identity, "chain-head"), *dir = NULL;
	json_t *head = headp ? cm_json_load_file(headp, 4096, NULL) : NULL;
	const char *sha = cm_json_get_str(head, "sha256");
	const char *path = cm_json_get_str(head, "path");
	int rc = 0;

	if (sha && path && !wp_cert_chain_has(chain, sha)) {
		const char *slash = strrchr(path, '/');

		dir = slash ? strndup(path, (size_t)(slash - path)) : NULL;
		for (size_t i = 0; dir && i < ds->n; i++) {
			if (strcmp(ds->v[i], dir))
				continue;
			rc = CLI_EXIT_NEGATIVE;
			if (!json)
				printf("%s: INVALID: chain broken: the newest certificate of this identity (id %s, issued %s, sha256 %s) is missing: it was removed\n",
				       ds->v[i],
				       cm_json_get_str(head, "id") ?: "?",
				       cm_json_get_str(head, "issued_at")
					       ?: "?",
				       sha);
			json_array_append_new(
				findings,
				json_pack("{s:s, s:s, s:s, s:o}", "finding",
					  "newest-missing", "directory",
					  ds->v[i], "sha256", sha, "id",
					  cm_json_str_or_null(cm_json_get_str(
						  head, "id"))));
			break;
		}
	}
	free(dir);
	free(headp);
	json_decref(head);
	return rc;
}

/*
 * Each entry's chain finding, as text and into its JSON result: a gap
 * that is its chain's only start is a note when a directory was checked
 * (earlier certificates elsewhere, or removed); any other gap or a fork
 * is INVALID. Returns the exit code it adds (0 or 1).
 */
static int report_chain(const struct wp_cert_chain *chain, bool any_dir,
			bool json, json_t *results)
{
	int worst = 0;

	for (size_t a = 0; a < chain->n; a++) {
		const struct wp_cert_chain_entry *e = &chain->v[a];
		const char *name = e->finding == WP_CHAIN_FORK ? "fork"
				   : e->sole_start ? "starts-mid-chain"
						   : "gap";

		if (e->finding == WP_CHAIN_OK || (e->sole_start && !any_dir))
			continue;
		json_object_set_new(json_array_get(results, a), "chain_finding",
				    json_string(name));
		if (e->sole_start) {
			if (!json)
				printf("%s: NOTE: the chain starts here: its predecessor %.12s... is not among these certificates (it is in another certificate directory, or was removed: name every --cert-dir to check the whole chain)\n",
				       e->path, e->prev);
			continue;
		}
		if (!json)
			printf("%s: INVALID: chain broken: %s\n", e->path,
			       e->finding == WP_CHAIN_GAP
				       ? "its predecessor is missing (a certificate was removed?)"
				       : "another certificate claims the same predecessor");
		worst = CLI_EXIT_NEGATIVE;
	}
	return worst;
}

static int do_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"ca", required_argument, NULL, 'c'},
		{"identity", required_argument, NULL, 'i'},
		{"tsa-ca", required_argument, NULL, 'T'},
		{"crl", required_argument, NULL, 'R'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0}};
	const char *ca = NULL, *identity = NULL;
	struct cm_verify_trust tr = {0};
	char idcert[4096];
	bool json = false;
	json_t *results = json_array(), *findings = json_array();
	struct dirset dirs = {0};
	bool any_dir = false;
	struct wp_cert_chain chain;
	struct cm_err err;
	int c, worst = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'c')
			ca = optarg;
		else if (c == 'i')
			identity = optarg;
		else if (c == 'j')
			json = true;
		else if (c == 'T')
			tr.tsa_ca_pem = optarg;
		else if (c == 'R')
			tr.crl_pem = optarg;
		else
			return cli_usage("cert", "unknown option");
	}
	if (optind >= argc)
		return cli_usage("cert", "verify needs FILE or DIR");
	if (ca && identity)
		return cli_usage("cert", "give --ca or --identity, not both");
	ca = cli_trust_anchor(ca, identity, idcert, sizeof(idcert));
	tr.ca_pem = ca;
	wp_cert_chain_init(&chain);
	for (int i = optind; i < argc; i++) {
		struct stat st;
		char **names = NULL;
		size_t nn = 0;
		bool dir;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "wipe: cert: cannot open '%s': %s\n",
				argv[i], strerror(errno));
			worst = worst > CLI_EXIT_NOINPUT ? worst
							 : CLI_EXIT_NOINPUT;
			continue;
		}
		dir = S_ISDIR(st.st_mode);
		any_dir |= dir;
		if (dir)
			add_dir(&dirs, argv[i]);
		if (list_arg(argv[i], dir, &names, &nn) < 0) {
			worst = CLI_EXIT_SOFTWARE;
			continue;
		}
		for (size_t k = 0; k < nn; k++) {
			int rc = verify_one(names[k], &tr, json, results,
					    &chain);

			if (rc > worst)
				worst = rc;
			free(names[k]);
		}
		free(names);
	}
	/* in a set, every predecessor must be present: a gap is a removal */
	cm_err_clear(&err);
	if (wp_cert_chain_finish(&chain, &err) < 0)
		worst = CLI_EXIT_SOFTWARE;
	c = report_chain(&chain, any_dir, json, results);
	if (identity && dirs.n)
		c = check_head(identity, &chain, &dirs, json, findings) ?: c;
	if (c && !worst)
		worst = c;
	if (json) {
		json_t *doc = json_pack("{s:s, s:o, s:O, s:b}", "schema",
					"sanitas.cert-verify/1", "certificates",
					results, "chain", findings, "valid",
					worst == 0);

		/* a lost document is an error; an invalid set stays the answer */
		cm_err_clear(&err);
		if (cli_json_print(doc, &err)) {
			int wrc = cli_fail("cert", &err);

			if (!worst)
				worst = wrc;
		}
		json_decref(doc);
	} else {
		json_decref(results);
	}
	wp_cert_chain_release(&chain);
	for (size_t i = 0; i < dirs.n; i++)
		free(dirs.v[i]);
	free(dirs.v);
	json_decref(findings);
	return worst;
}

int cmd_cert(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(
			"cert",
			"expected 'show', 'verify', 'validate' or 'pdf'");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "show"))
		return do_show(argc - 1, argv + 1);
	if (!strcmp(argv[1], "verify"))
		return do_verify(argc - 1, argv + 1);
	if (!strcmp(argv[1], "pdf"))
		return cmd_cert_pdf(argc - 1, argv + 1);
	if (!strcmp(argv[1], "validate"))
		return cmd_cert_validate(argc - 1, argv + 1);
	return cli_usage("cert",
			 "expected 'show', 'verify', 'validate' or 'pdf'");
}
