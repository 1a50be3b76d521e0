/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ingest: certificates of sanitization (FILE.json + FILE.json.p7s) into
 * the ledger, each verified on the way in, a batch in one transaction.
 */
#ifndef SANITAS_WP_INGEST_H
#define SANITAS_WP_INGEST_H

#include "cm_err.h"
#include "cm_identity.h"
#include "cm_tsa.h"
#include "wp_cert.h"
#include "wp_ledger.h"

struct wp_ingest_stats {
	long seen, stored, duplicates, rejected;
	/* signer fingerprints of the records stored (owned, distinct) */
	char **ids;
	int nids;
};

/*
 * The ledger's fields of a verified certificate @chk into @r (strings
 * borrowed from @chk; the stored bytes left unset).
 */
void wp_ingest_fill(struct wp_ledger_record *r,
		    const struct wp_cert_check *chk);

/* Free what @st holds. */
void wp_ingest_stats_release(struct wp_ingest_stats *st);

/* Told of each rejected file (@path) and why (@why, borrowed). */
typedef void (*wp_ingest_reject_fn)(void *ctx, const char *path,
				    const struct cm_err *why);

/*
 * Ingest the certificates at @paths (files, or directories whose *.json
 * files are taken in directory order, one at a time). Each must parse, pass the schema and
 * carry a CMS signature that verifies against the ledger's trust anchors
 * at its signing time; its JSON and signature bytes are stored with
 * their SHA-256 and the indexed fields; one already there (same SHA-256)
 * is counted a duplicate. A time-stamp token beside the signature
 * (FILE.json.p7s.tsr) is stored with it, checked against
 * @tr->tsa_ca_pem when given (a token that fails rejects its file; the
 * TSA's time is then stored). With @tr->crl_pem (CRLs that a ledger
 * anchor must have signed), a certificate whose signer was revoked is
 * rejected unless a checked token puts it before the revocation, as
 * 'wipe cert verify --crl' judges it. @tr (borrowed) may be NULL; its
 * ca_pem is not used (the ledger's anchors are). All or nothing: one
 * transaction, rolled back when any file is rejected. Returns 0
 * committed, 1 rejected (each told to @fn; nothing stored), <0 error
 * (nothing stored; a CRL no anchor signed is -EBADMSG, CM_ERR_DATAERR).
 */
int wp_ledger_ingest(struct wp_ledger *l, char *const *paths, int n,
		     const struct cm_verify_trust *tr, wp_ingest_reject_fn fn,
		     void *ctx, struct wp_ingest_stats *st, struct cm_err *err);

/*
 * Would the ledger accept what @id signs now? A probe signed by @id is
 * verified against the trust anchors as ingest would verify a
 * certificate. Returns 0 yes; -ENOENT (CM_ERR_NOINPUT) no anchors;
 * -EACCES (CM_ERR_NOPERM) not trusted, the reason in @err.
 */
int wp_ledger_accepts(struct wp_ledger *l, const struct cm_identity *id,
		      struct cm_err *err);

#endif
