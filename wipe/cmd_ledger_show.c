// SPDX-License-Identifier: Apache-2.0
/*
 * wipe ledger show: the history of one certificate or one medium, each
 * certificate's signer and validators by name.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_fail.h"
#include "cli_json.h"
#include "cm_json.h"
#include "cmd_ledger.h"
#include "wp_cert_text.h"
#include "wp_history.h"

/* @s for the terminal: "-" when NULL, control bytes escaped. */
static const char *shown(const char *s)
{
	static char ring[8][512];
	static unsigned next;
	char *out = ring[next++ % 8];

	return s ? wp_cert_text_display(s, false, out, sizeof(ring[0])) : "-";
}

struct show {
	bool json;
	long certs, validations, custody;
	json_t *list, *cur; /* --json: the certificates, the current one */
	json_t *events, *history; /* --json: custody events; all, in order */
	int rc;
};

/* "tsa" (checked at ingest), "tsa-unchecked" or "signer". */
static const char *time_source(const struct wp_history_cert *c)
{
	return c->tsa_time ? "tsa" : c->has_tsr ? "tsa-unchecked" : "signer";
}

/* --json: one entry of the history in order */
static void step(struct show *s, const char *kind, const char *at,
		 const char *sha)
{
	if (s->json &&
	    json_array_append_new(s->history,
				  json_pack("{s:s, s:o, s:s}", "kind", kind,
					    "at", cm_json_str_or_null(at),
					    "sha256", sha)) < 0)
		s->rc = -ENOMEM;
}

static int on_custody(void *ctx, const struct wp_history_custody *e)
{
	struct show *s = ctx;

	s->custody++;
	step(s, "custody", e->at, e->sha256);
	if (s->json) {
		json_t *j = json_pack(
			"{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			"sha256", e->sha256, "id", cm_json_str_or_null(e->id),
			"at", cm_json_str_or_null(e->at), "event",
			cm_json_str_or_null(e->event), "serial",
			cm_json_str_or_null(e->serial), "where",
			cm_json_str_or_null(e->where), "note",
			cm_json_str_or_null(e->note), "by",
			cm_json_str_or_null(e->by_name), "by_organization",
			cm_json_str_or_null(e->by_org), "signer_fingerprint",
			cm_json_str_or_null(e->signer_fingerprint));

		if (!j || json_array_append_new(s->events, j) < 0)
			s->rc = -ENOMEM;
		return s->rc ? 1 : 0;
	}
	printf("%s custody: %s by %s (%s, %s)", shown(e->at), shown(e->event),
	       shown(e->by_name), shown(e->by_title), shown(e->by_org));
	if (e->where)
		printf(" at %s", shown(e->where));
	if (e->note)
		printf(": %s", shown(e->note));
	printf("; event sha256 %s\n", e->sha256);
	return 0;
}

static int on_cert(void *ctx, const struct wp_history_cert *c)
{
	struct show *s = ctx;

	s->certs++;
	step(s, "certificate", c->issued_at, c->sha256);
	if (s->json) {
		static const char fmt[] =
			"{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:b, s:[]}";

		s->cur =
			json_pack(fmt, "sha256", c->sha256, "id",
				  cm_json_str_or_null(c->id), "issued_at",
				  cm_json_str_or_null(c->issued_at), "station",
				  cm_json_str_or_null(c->station), "serial",
				  cm_json_str_or_null(c->serial), "asset_tag",
				  cm_json_str_or_null(c->asset_tag), "model",
				  cm_json_str_or_null(c->model), "result",
				  cm_json_str_or_null(c->result), "method",
				  cm_json_str_or_null(c->method), "operator",
				  cm_json_str_or_null(c->operator_name), "org",
				  cm_json_str_or_null(c->org), "signer_subject",
				  cm_json_str_or_null(c->signer_subject),
				  "signer_fingerprint",
				  cm_json_str_or_null(c->signer_fingerprint),
				  "time_source", time_source(c), "tsa_time",
				  cm_json_str_or_null(c->tsa_time), "has_tsr",
				  c->has_tsr, "validations");
		if (!s->cur || json_array_append_new(s->list, s->cur) < 0) {
			s->rc = -ENOMEM;
			return 1;
		}
		return 0;
	}
	printf("%s certificate %s (sha256 %s)\n", shown(c->issued_at),
	       shown(c->id), c->sha256);
	printf("  %s, %s, station %s, serial %s, asset tag %s, model %s\n",
	       shown(c->result), shown(c->method), shown(c->station),
	       shown(c->serial), shown(c->asset_tag), shown(c->model));
	printf("  signed by %s (%s): %s, signer sha256 %s\n",
	       shown(c->operator_name), shown(c->org), shown(c->signer_subject),
	       shown(c->signer_fingerprint));
	if (c->tsa_time)
		printf("  time: %s by the time-stamp of a TSA (RFC 3161; its token checked against --tsa-ca when it was added)\n",
		       shown(c->tsa_time));
	else if (c->has_tsr)
		printf("  time: %s, the signer's own claim (a time-stamp token is stored, not checked when it was added: 'wipe ledger verify --tsa-ca PEM' checks it)\n",
		       shown(c->issued_at));
	else
		printf("  time: %s, the signer's own claim (no time-stamp)\n",
		       shown(c->issued_at));
	return 0;
}

static int on_validation(void *ctx, const struct wp_ledger_validation *v)
{
	struct show *s = ctx;
	double cov = v->coverage ? strtod(v->coverage, NULL) : 0;

	s->validations++;
	step(s, "validation", v->validated_at, v->sha256);
	if (s->json) {
		json_t *j = json_pack(
			"{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			"sha256", v->sha256, "id", cm_json_str_or_null(v->id),
			"validated_at", cm_json_str_or_null(v->validated_at),
			"verdict", cm_json_str_or_null(v->verdict), "name",
			cm_json_str_or_null(v->name), "title",
			cm_json_str_or_null(v->title), "organization",
			cm_json_str_or_null(v->organization),
			"signer_fingerprint",
			cm_json_str_or_null(v->signer_fingerprint),
			"reverify_result",
			cm_json_str_or_null(v->reverify_result), "coverage",
			v->coverage ? json_real(cov) : json_null(),
			"mismatched_bytes",
			v->mismatched_bytes
				? json_integer(strtoll(v->mismatched_bytes,
						       NULL, 10))
				: json_null());

		if (!j ||
		    json_array_append_new(
			    json_object_get(s->cur, "validations"), j) < 0) {
			s->rc = -ENOMEM;
			return 1;
		}
		return 0;
	}
	printf("  %s validated by %s (%s, %s): %s", shown(v->validated_at),
	       shown(v->name), shown(v->title), shown(v->organization),
	       shown(v->verdict));
	if (v->reverify_result)
		printf(", read-back %s, coverage %.2f%%, %s mismatched byte(s)",
		       shown(v->reverify_result), 100.0 * cov,
		       shown(v->mismatched_bytes));
	else
		printf(", a review of the record (no read-back)");
	printf("; validation sha256 %s\n", v->sha256);
	return 0;
}

static const char usage_text[] =
	"usage: wipe ledger show SHA256 | --serial S | --asset-tag T [--json]\n"
	"\n"
	"The history of one certificate (its SHA-256) or of one medium (every\n"
	"certificate of its serial or asset tag), oldest first: each\n"
	"certificate with its signer by name and whose time it carries (the\n"
	"TSA's when 'wipe ledger add --tsa-ca' checked its token, else the\n"
	"signer's own claim), then each validation of it by its validator's\n"
	"name, title and organisation, verdict and read-back; for a serial its\n"
	"custody events too, all in time order.\n"
	"\n"
	"Exit: 0 found; 64 usage; 66 nothing found; 74 database error.\n";

int cmd_ledger_show(int argc, char **argv, const char *opt,
		    const char *(*where)(const char *opt, struct cm_err *err,
					 int *rc))
{
	static const struct option longopts[] = {
		{"serial", required_argument, NULL, 's'},
		{"asset-tag", required_argument, NULL, 'a'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	struct wp_history_query q = {0};
	struct show s = {0};
	const struct wp_history_fns fns = {on_cert, on_custody, on_validation,
					   &s};
	struct wp_ledger *l = NULL;
	const char *path, *what;
	struct cm_err err;
	int c, rc, n = 0;

	/* 0: a full reset of getopt, the ordering the ledger verb set included */
	optind = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			q.serial = optarg;
			n++;
			break;
		case 'a':
			q.asset_tag = optarg;
			n++;
			break;
		case 'j':
			s.json = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			return cli_usage("ledger", "unknown option");
		}
	}
	if (optind < argc) {
		q.sha256 = argv[optind++];
		n++;
		if (strlen(q.sha256) != 64 ||
		    strspn(q.sha256, "0123456789abcdef") != 64)
			return cli_usage(
				"ledger",
				"show takes a certificate's SHA-256 (64 lower-case hex digits)");
	}
	if (n != 1 || optind < argc)
		return cli_usage(
			"ledger",
			"show takes one of SHA256, --serial S, --asset-tag T");
	what = q.sha256 ? q.sha256 : q.serial ? q.serial : q.asset_tag;
	if (s.json && (!(s.list = json_array()) || !(s.events = json_array()) ||
		       !(s.history = json_array()))) {
		json_decref(s.list);
		json_decref(s.events);
		return cli_fail("ledger", NULL);
	}
	cm_err_clear(&err);
	path = where(opt, &err, &rc);
	if (rc == 0)
		rc = wp_ledger_open(path, &l, &err);
	if (rc == 0)
		rc = wp_ledger_history(l, &q, &fns, &err);
	if (rc == 0 && s.rc)
		rc = cm_err_set(&err, s.rc, "out of memory");
	if (rc == 0 && !s.certs && !s.custody)
		rc = cm_err_setk(&err, -ENOENT, CM_ERR_NOINPUT,
				 "nothing with %s '%s' in the ledger",
				 q.sha256   ? "SHA-256"
				 : q.serial ? "serial"
					    : "asset tag",
				 what);
	if (rc == 0 && s.json) {
		json_t *doc = json_pack(
			"{s:s, s:{s:o, s:o, s:o}, s:O, s:O, s:O, s:{s:I, s:I, s:I}}",
			"schema", "sanitas.ledger-show/1", "selection",
			"sha256", cm_json_str_or_null(q.sha256), "serial",
			cm_json_str_or_null(q.serial), "asset_tag",
			cm_json_str_or_null(q.asset_tag), "certificates",
			s.list, "custody", s.events, "history", s.history,
			"counts", "certificates", (json_int_t)s.certs,
			"validations", (json_int_t)s.validations, "custody",
			(json_int_t)s.custody);

		if (cli_json_print(doc, &err) < 0)
			rc = -EIO;
		json_decref(doc);
	} else if (rc == 0) {
		printf("%ld certificate(s), %ld validation(s), %ld custody event(s)\n",
		       s.certs, s.validations, s.custody);
	}
	json_decref(s.list);
	json_decref(s.events);
	json_decref(s.history);
	wp_ledger_close(l);
	return rc < 0 ? cli_fail("ledger", &err) : 0;
}
