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
#include "cm_json.h"
#include "cm_size.h"
#include "cm_time.h"
#include "cmds.h"
#include "wp_cert.h"
#include "wp_cert_chain.h"

static const char usage_text[] =
	"usage: wipe cert show FILE [--json]\n"
	"       wipe cert verify FILE|DIR... [--ca PEM | --identity DIR] [--json]\n"
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
	"Exit: 0 valid; 1 invalid or tampered; 65 malformed; 66 not found.\n"
	"\n"
	"Stock OpenSSL check, for any certificate:\n"
	"  openssl cms -verify -binary -inform DER -in C.json.p7s \\\n"
	"      -content C.json -CAfile cert.pem -purpose any [-attime EPOCH]\n";

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

#define S(o, k) (cm_json_get_str((o), (k)) ? cm_json_get_str((o), (k)) : "-")
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
	       S(c, "destination"), S(c, "post_classification"), S(c, "notes"));
	printf("Standards:       ");
	if (!json_array_size(st))
		printf("none claimed");
	json_array_foreach(st, i, v)
		printf("%s%s", i ? "; " : "", json_string_value(v));
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

static int verify_one(const char *path, const char *ca, bool json,
		      json_t *results, struct wp_cert_chain *chain)
{
	struct wp_cert_check chk;
	struct cm_err err;
	int rc, out;

	cm_err_clear(&err);
	rc = wp_cert_verify_in(chain, path, ca, &chk, &err);
	if (wp_cert_chain_add(
		    chain, path, chk.sha256,
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
	} else if (rc == 0) {
		char when[CM_RFC3339_LEN];

		cm_time_rfc3339(chk.cms.signing_time, when);
		printf("%s: valid (%s certificate signed by %s at %s, signer sha256 %s; %s)\n",
		       path, cm_json_get_str(chk.cert, "result"),
		       chk.cms.signer_subject, when, chk.cms.signer_fingerprint,
		       chk.chain);
	} else {
		printf("%s: %s: %s\n", path, rc < 0 ? "MALFORMED" : "INVALID",
		       err.msg);
	}
	wp_cert_check_release(&chk);
	return out;
}

static int do_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"ca", required_argument, NULL, 'c'},
		{"identity", required_argument, NULL, 'i'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0}};
	const char *ca = NULL, *identity = NULL;
	char idcert[4096];
	bool json = false;
	json_t *results = json_array();
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
		else
			return cli_usage("cert", "unknown option");
	}
	if (optind >= argc)
		return cli_usage("cert", "verify needs FILE or DIR");
	if (ca && identity)
		return cli_usage("cert", "give --ca or --identity, not both");
	ca = cli_trust_anchor(ca, identity, idcert, sizeof(idcert));
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
		if (dir) {
			struct dirent *e;
			DIR *d = opendir(argv[i]);

			while (d && (e = readdir(d))) {
				size_t n = strlen(e->d_name);

				if (n > 5 &&
				    !strcmp(e->d_name + n - 5, ".json")) {
					char **nb = realloc(
						names,
						(nn + 1) * sizeof(*names));

					if (!nb)
						break;
					names = nb;
					names[nn] =
						malloc(strlen(argv[i]) + n + 2);
					if (!names[nn])
						break;
					snprintf(names[nn],
						 strlen(argv[i]) + n + 2,
						 "%s/%s", argv[i], e->d_name);
					nn++;
				}
			}
			if (d)
				closedir(d);
		} else {
			names = malloc(sizeof(*names));
			if (!names || !(names[0] = strdup(argv[i]))) {
				free(names);
				worst = CLI_EXIT_SOFTWARE;
				continue;
			}
			nn = 1;
		}
		for (size_t k = 0; k < nn; k++) {
			int rc =
				verify_one(names[k], ca, json, results, &chain);

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
	for (size_t a = 0; a < chain.n; a++) {
		const struct wp_cert_chain_entry *e = &chain.v[a];

		if (e->finding == WP_CHAIN_OK)
			continue;
		if (!json)
			printf("%s: INVALID: chain broken: %s\n", e->path,
			       e->finding == WP_CHAIN_GAP
				       ? "its predecessor is missing (a certificate was removed?)"
				       : "another certificate claims the same predecessor");
		if (worst == 0)
			worst = CLI_EXIT_NEGATIVE;
	}
	if (json) {
		json_t *doc = json_pack("{s:s, s:o, s:b}", "schema",
					"sanitas.cert-verify/1", "certificates",
					results, "valid", worst == 0);

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
	return worst;
}

int cmd_cert(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("cert", "expected 'show' or 'verify'");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "show"))
		return do_show(argc - 1, argv + 1);
	if (!strcmp(argv[1], "verify"))
		return do_verify(argc - 1, argv + 1);
	return cli_usage("cert", "expected 'show' or 'verify'");
}
