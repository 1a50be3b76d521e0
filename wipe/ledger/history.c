// SPDX-License-Identifier: Apache-2.0
/*
 * A medium's history: certificates and their validations, one query
 * (a join streamed in order), never a query inside another's rows.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "wp_history.h"

struct hist {
	const struct wp_history_fns *fns;
	char last[65];
};

static int row(void *ctx, int ncol, const char *const *v)
{
	struct hist *h = ctx;
	int rc;

	if (ncol < 30)
		return 1;
	if (!v[0])
		return 0;
	if (!strcmp(v[24] ? v[24] : "", "e")) {
		const struct wp_history_custody e = {
			v[0], v[1], v[2], v[3], v[4],  v[5],
			v[6], v[7], v[8], v[9], v[10],
		};

		h->last[0] = '\0';
		return h->fns->custody ? h->fns->custody(h->fns->ctx, &e) : 0;
	}
	if (strcmp(h->last, v[0])) {
		const struct wp_history_cert c = {
			v[0],  v[1],  v[2],
			v[3],  v[4],  v[5],
			v[6],  v[7],  v[8],
			v[9],  v[10], v[11],
			v[12], v[28], v[29] && !strcmp(v[29], "1"),
		};

		snprintf(h->last, sizeof(h->last), "%s", v[0]);
		rc = h->fns->cert ? h->fns->cert(h->fns->ctx, &c) : 0;
		if (rc)
			return rc;
	}
	if (v[13] && h->fns->validation) {
		const struct wp_ledger_validation w = {
			.sha256 = v[13],
			.id = v[14],
			.certificate_sha256 = v[0],
			.validated_at = v[15],
			.verdict = v[16],
			.name = v[17],
			.title = v[18],
			.organization = v[19],
			.signer_fingerprint = v[20],
			.reverify_result = v[21],
			.coverage = v[22],
			.mismatched_bytes = v[23],
		};

		return h->fns->validation(h->fns->ctx, &w);
	}
	return 0;
}

/* a medium's custody events, in the columns of the certificate rows */
static const char custody_sql[] =
	"\n UNION ALL SELECT sha256, id, at, location, serial, event, by_name,\n"
	" by_title, by_org, note, signer_fingerprint, NULL, NULL, NULL, NULL,\n"
	" NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'e', at,\n"
	" sha256, '', NULL, 0 FROM custody WHERE serial = $1";

int wp_ledger_history(struct wp_ledger *l, const struct wp_history_query *q,
		      const struct wp_history_fns *fns, struct cm_err *err)
{
	struct hist h = {.fns = fns};
	const char *col = q->sha256	 ? "c.sha256"
			  : q->serial	 ? "c.serial"
			  : q->asset_tag ? "c.asset_tag"
					 : NULL;
	const char *val = q->sha256   ? q->sha256
			  : q->serial ? q->serial
				      : q->asset_tag;
	const struct wp_ledger_param p[] = {
		{val, val ? strlen(val) : 0, false}};
	char sql[2048];

	if (!col)
		return cm_err_setk(err, -EINVAL, CM_ERR_USAGE,
				   "no record selected");
	snprintf(
		sql, sizeof(sql),
		"SELECT c.sha256, c.id, c.issued_at, c.station, c.serial,\n"
		" c.asset_tag, c.model, c.result, c.method, c.operator, c.org,\n"
		" c.signer_subject, c.signer_fingerprint, v.sha256, v.id,\n"
		" v.validated_at, v.verdict, v.name, v.title, v.organization,\n"
		" v.signer_fingerprint, v.reverify_result, v.coverage,\n"
		" v.mismatched_bytes, 'c', c.issued_at, c.sha256,\n"
		" COALESCE(v.validated_at, '') || COALESCE(v.sha256, ''),\n"
		" c.tsa_time, CASE WHEN c.tsr IS NULL THEN 0 ELSE 1 END\n"
		" FROM certificates c LEFT JOIN validations v\n"
		" ON v.certificate_sha256 = c.sha256\n"
		" WHERE %s = $1%s\n"
		" ORDER BY 26, 27, 28",
		col, q->serial ? custody_sql : "");
	return l->ops->query(l, sql, 1, p, row, &h, NULL, err);
}
