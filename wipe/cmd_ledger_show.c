// SPDX-License-Identifier: Apache-2.0
/*
 * wipe ledger show: one stored record, its signature checked again against
 * the ledger's anchors, and whose time it carries: the TSA's (its stored
 * token checked against --tsa-ca now) or the signer's own claim.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_fail.h"
#include "cli_json.h"
#include "cm_cms.h"
#include "cm_time.h"
#include "cm_tsa.h"
#include "cmd_ledger.h"
#include "wp_ledger.h"

static const char *dash(const char *s)
{
	return s && *s ? s : "-";
}

/* What the record's time rests on, as one phrase, into @buf. */
static void time_phrase(const struct cm_signed_time *t, bool have_token,
			const char *checked_at_ingest, char *buf, size_t size)
{
	char signer[CM_RFC3339_LEN], tsa[CM_RFC3339_LEN];

	cm_time_rfc3339(t->signer_time, signer);
	if (t->source == CM_TIME_TSA) {
		cm_time_rfc3339(t->tsa.gen_time, tsa);
		snprintf(
			buf, size,
			"%s by the time-stamp of TSA %s (RFC 3161, checked against --tsa-ca; the signer's clock said %s)",
			tsa, t->tsa.tsa_subject, signer);
	} else if (have_token) {
		snprintf(
			buf, size,
			"%s, the signer's own claim (a time-stamp token is stored, %s: pass --tsa-ca PEM to check it)",
			signer,
			checked_at_ingest ? "checked at ingest"
					  : "not checked at ingest");
	} else {
		snprintf(buf, size,
			 "%s, the signer's own claim (no time-stamp)", signer);
	}
}

int cmd_ledger_show(struct wp_ledger *l, int argc, char **argv,
		    struct cm_err *err)
{
	static const struct option longopts[] = {
		{"tsa-ca", required_argument, NULL, 'T'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0}};
	static const char *const names[WP_ST_N] = {"sha256",
						   "id",
						   "issued_at",
						   "station",
						   "serial",
						   "result",
						   "signer_fingerprint",
						   "signer",
						   "ingested_at",
						   "tsa_time_at_ingest"};
	struct wp_ledger_stored rec;
	struct cm_signed_time when;
	struct cm_cms_info info;
	struct cm_err why = {0};
	const char *tsa_ca = NULL;
	char *pem = NULL, phrase[CM_ERR_MSG_MAX + 16], *tsrname = NULL;
	size_t pem_len = 0;
	bool json = false;
	int c, n = 0, rc, sig_rc, time_rc = 0;

	/* 0: glibc starts afresh (the "+" of cmd_ledger() would stick) */
	optind = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'T')
			tsa_ca = optarg;
		else if (c == 'j')
			json = true;
		else
			return cli_usage(
				"ledger",
				"show takes SHA256 [--tsa-ca PEM] [--json]");
	}
	if (optind != argc - 1)
		return cli_usage("ledger", "show takes one SHA256");
	rc = wp_ledger_get(l, argv[optind], &rec, err);
	if (rc < 0)
		return cli_fail("ledger", err);
	rc = wp_ledger_trust_pem(l, &pem, &pem_len, &n, err);
	if (rc < 0) {
		wp_ledger_stored_release(&rec);
		return cli_fail("ledger", err);
	}
	memset(&info, 0, sizeof(info));
	memset(&when, 0, sizeof(when));
	sig_rc = n ? cm_cms_verify_pem(rec.json, rec.json_len, rec.p7s,
				       rec.p7s_len, pem, pem_len, &info, &why)
		   : cm_err_set(&why, -ENOENT, "the ledger trusts no signer");
	if (sig_rc == 0) {
		if (asprintf(&tsrname, "the time-stamp token of %s",
			     rec.field[WP_ST_SHA256]) < 0)
			tsrname = NULL;
		time_rc = cm_tsa_token_time(
			tsrname ? tsrname : "its token", rec.tsr, rec.tsr_len,
			rec.p7s, rec.p7s_len, &info, tsa_ca, &when, &why);
		free(tsrname);
	}
	if (time_rc == 0)
		time_phrase(&when, rec.tsr != NULL, rec.field[WP_ST_TSA_TIME],
			    phrase, sizeof(phrase));
	else
		snprintf(phrase, sizeof(phrase), "INVALID: %s", why.msg);
	if (json) {
		json_t *doc = json_object(), *t;
		char tsa[CM_RFC3339_LEN] = "", signer[CM_RFC3339_LEN] = "";

		json_object_set_new(doc, "schema",
				    json_string("sanitas.ledger-show/1"));
		for (int i = 0; i < WP_ST_N; i++)
			json_object_set_new(doc, names[i],
					    rec.field[i]
						    ? json_string(rec.field[i])
						    : json_null());
		json_object_set_new(doc, "signature_valid",
				    json_boolean(sig_rc == 0));
		json_object_set_new(doc, "has_tsr", json_boolean(rec.tsr));
		if (when.signer_time)
			cm_time_rfc3339(when.signer_time, signer);
		if (when.source == CM_TIME_TSA)
			cm_time_rfc3339(when.tsa.gen_time, tsa);
		t = json_pack(
			"{s:s, s:o, s:o, s:o, s:o}", "source",
			sig_rc || time_rc ? "invalid"
					  : cm_time_source_name(when.source),
			"signer_claim",
			signer[0] ? json_string(signer) : json_null(),
			"tsa_time", tsa[0] ? json_string(tsa) : json_null(),
			"tsa",
			tsa[0] ? json_string(when.tsa.tsa_subject)
			       : json_null(),
			"error",
			sig_rc || time_rc ? json_string(why.msg) : json_null());
		json_object_set_new(doc, "time", t);
		rc = cli_json_print(doc, err);
		json_decref(doc);
	} else {
		printf("certificate %s\n", dash(rec.field[WP_ST_SHA256]));
		printf("id          %s\n", dash(rec.field[WP_ST_ID]));
		printf("issued      %s\n", dash(rec.field[WP_ST_ISSUED_AT]));
		printf("station     %s\n", dash(rec.field[WP_ST_STATION]));
		printf("serial      %s\n", dash(rec.field[WP_ST_SERIAL]));
		printf("result      %s\n", dash(rec.field[WP_ST_RESULT]));
		printf("signer      %s (sha256 %s)\n",
		       dash(rec.field[WP_ST_SIGNER_SUBJECT]),
		       dash(rec.field[WP_ST_SIGNER_FP]));
		if (sig_rc)
			printf("signature   INVALID: %s\n", why.msg);
		else
			printf("signature   valid (the ledger's trust anchors)\n");
		if (sig_rc == 0)
			printf("time        %s\n", phrase);
		printf("tsa at add  %s\n",
		       rec.field[WP_ST_TSA_TIME]
			       ? rec.field[WP_ST_TSA_TIME]
			       : (rec.tsr ? "token stored, not checked at ingest"
					  : "no token"));
		printf("ingested    %s\n", dash(rec.field[WP_ST_INGESTED_AT]));
	}
	free(pem);
	wp_ledger_stored_release(&rec);
	if (rc < 0)
		return cli_fail("ledger", err);
	return sig_rc || time_rc ? 1 : 0;
}
