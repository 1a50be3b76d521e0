// SPDX-License-Identifier: Apache-2.0
/*
 * Custody events in the ledger: verified (trusted signer, the person the
 * event names) and stored with their original bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "cm_hash.h"
#include "cm_time.h"
#include "wp_custody.h"
#include "wp_ledger_custody.h"

static struct wp_ledger_param text(const char *s)
{
	return (struct wp_ledger_param){s, s ? strlen(s) : 0, false};
}

int wp_ledger_ingest_custody(struct wp_ledger *l, struct cm_cms_trust *trust,
			     const char *name, const char *data, size_t len,
			     const unsigned char *sig, size_t sig_len,
			     struct cm_err *why, struct cm_err *err)
{
	struct wp_custody v;
	struct cm_cms_info cms;
	uint8_t md[CM_SHA256_LEN];
	char sha[65], psha[65], now[32];
	long changes = 0;
	int rc;

	if (wp_custody_parse(name, data, len, &v, why) < 0)
		return 2;
	rc = cm_cms_verify_trusted(data, len, sig, sig_len, trust, &cms, why);
	if (rc == 0 && strcmp(cms.signer_fingerprint, v.by_fingerprint)) {
		cm_err_set(
			why, 0,
			"signed by %s (sha256 %s), not by the person it names (sha256 %s)",
			cms.signer_subject, cms.signer_fingerprint,
			v.by_fingerprint);
		rc = 1;
	}
	if (rc != 0) {
		wp_custody_release(&v);
		return 2;
	}
	cm_sha256_buf(data, len, md, NULL);
	cm_hex(md, sizeof(md), sha);
	cm_sha256_buf(sig, sig_len, md, NULL);
	cm_hex(md, sizeof(md), psha);
	cm_time_rfc3339(cm_time_now(), now);
	{
		const struct wp_ledger_param p[] = {
			text(sha),
			text(v.id),
			text(v.at),
			text(v.serial),
			text(v.event),
			text(v.where),
			text(v.note),
			text(v.by_name),
			text(v.by_title),
			text(v.by_org),
			text(cms.signer_fingerprint),
			{data, len, true},
			{sig, sig_len, true},
			text(psha),
			text(now),
		};

		rc = l->ops->query(
			l,
			"INSERT INTO custody (sha256, id, at, serial, event,\n"
			" location, note, by_name, by_title, by_org,\n"
			" signer_fingerprint, json, p7s, p7s_sha256, ingested_at)\n"
			" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,\n"
			" $12, $13, $14, $15) ON CONFLICT (sha256) DO NOTHING",
			(int)(sizeof(p) / sizeof(p[0])), p, NULL, NULL,
			&changes, err);
	}
	wp_custody_release(&v);
	if (rc < 0)
		return rc;
	return changes ? 0 : 1;
}
