/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checking an audit bundle (see wp_bundle.h) without the ledger: the tar
 * is streamed once; every member hashed as it passes, every certificate
 * checked against its signature and the schema, every identity's chain
 * checked inside the bundle, and at the end the signed SHA256SUMS against
 * what was read.
 */
#ifndef SANITAS_WP_BUNDLE_VERIFY_H
#define SANITAS_WP_BUNDLE_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "cm_err.h"
#include "cm_tsa.h"
#include "wp_bundle_sums.h"

enum wp_bundle_kind {
	/* information: the identity's first certificate in the bundle names
	 * a predecessor outside it (a filtered export starts mid-chain) */
	WP_BUNDLE_STARTS_AFTER,
	WP_BUNDLE_SUMS_SIGNATURE, /* SHA256SUMS or its signature: absent, bad */
	WP_BUNDLE_SUMS_FORMAT,	  /* SHA256SUMS does not parse */
	WP_BUNDLE_MISSING,	  /* listed in SHA256SUMS, not in the tar */
	WP_BUNDLE_EXTRA,	  /* in the tar, not in SHA256SUMS */
	WP_BUNDLE_MISMATCH,	  /* its SHA-256 is not the one listed */
	WP_BUNDLE_DUPLICATE,	  /* a member name twice */
	WP_BUNDLE_UNPAIRED,	  /* NAME.json without NAME.json.p7s, or back */
	WP_BUNDLE_CERTIFICATE,	  /* schema or signature of a certificate */
	WP_BUNDLE_INDEX_ROW,	  /* index.csv says what no certificate does */
	WP_BUNDLE_GAP,		  /* its predecessor is not in the bundle */
	WP_BUNDLE_FORK,		  /* another certificate claims the same one */
	WP_BUNDLE_TIMESTAMP,	  /* NAME.json.p7s.tsr does not verify */
	WP_BUNDLE_REVOKED,	  /* its signer revoked before it (--crl) */
};

/* One finding; every string borrowed, "" when it has none. */
struct wp_bundle_item {
	enum wp_bundle_kind kind;
	const char *member;   /* the tar member */
	const char *identity; /* signer fingerprint (chain findings) */
	const char *sha256;   /* of the member */
	const char *prev;     /* previous_sha256 (chain findings) */
	const char *detail;   /* why */
};

typedef void (*wp_bundle_fn)(void *ctx, const struct wp_bundle_item *it);

struct wp_bundle_verify_stats {
	long members, certificates, identities, problems;
	char signer_subject[512]; /* who signed SHA256SUMS, "" if unknown */
	char signer_fp[65];
};

/* The name of @k as in the JSON report ("missing", "gap", ...). */
const char *wp_bundle_kind_name(enum wp_bundle_kind k);

/*
 * Verify the bundle at @path against the trust anchors in @pem (@pem_len
 * bytes of PEM certificates, borrowed): SHA256SUMS.p7s over SHA256SUMS,
 * every member against SHA256SUMS, every certificate's signature (at its
 * signing time) and schema, index.csv against the certificates (one row
 * each, saying what its certificate says), and each identity's chain. Each finding goes
 * to @fn. Returns 0 whole, 1 a problem found, <0 error: -ENOENT
 * (CM_ERR_NOINPUT) no such file, -EBADMSG (CM_ERR_DATAERR) not a tar, or
 * a member that is not a regular file with a plain name (path traversal
 * is refused, never followed), -EIO on a read error.
 */
int wp_bundle_verify(const char *path, const char *pem, size_t pem_len,
		     wp_bundle_fn fn, void *ctx,
		     struct wp_bundle_verify_stats *st, struct cm_err *err);

/*
 * wp_bundle_verify(), and each certificate's time-stamp token (the
 * member NAME.json.p7s.tsr, right after its NAME.json.p7s as export
 * writes it, or before) checked against @tr->tsa_ca_pem (NULL: parsed,
 * not believed), and with @tr->crl_pem (CRLs one of @pem's anchors must
 * have signed, else -EBADMSG) a certificate whose signer was revoked
 * before its time, or at a time no checked token proves, a finding, as
 * 'wipe cert verify --crl' judges a file. @tr (borrowed; its ca_pem
 * unused) may be NULL.
 */
int wp_bundle_verify_trust(const char *path, const char *pem, size_t pem_len,
			   const struct cm_verify_trust *tr, wp_bundle_fn fn,
			   void *ctx, struct wp_bundle_verify_stats *st,
			   struct cm_err *err);

/* The same over a tar of @len bytes in memory at @buf (borrowed). */
int wp_bundle_verify_mem(const void *buf, size_t len, const char *pem,
			 size_t pem_len, wp_bundle_fn fn, void *ctx,
			 struct wp_bundle_verify_stats *st, struct cm_err *err);

#endif
