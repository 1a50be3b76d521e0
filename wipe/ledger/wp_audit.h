/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Verify the whole ledger: every stored record's bytes against its stored
 * SHA-256 and its signature against the trust anchors, and every
 * identity's chain (gap, fork, first certificate). One pass over the
 * rows, one identity's chain in memory at a time.
 */
#ifndef SANITAS_WP_AUDIT_H
#define SANITAS_WP_AUDIT_H

#include "cm_err.h"
#include "cm_tsa.h"
#include "wp_ledger.h"

enum wp_audit_kind {
	WP_AUDIT_FIRST, /* the first certificate of its identity: no problem */
	WP_AUDIT_JSON_HASH, /* the stored JSON does not hash to its sha256 */
	WP_AUDIT_P7S_HASH,  /* the stored signature does not hash to its own */
	WP_AUDIT_SIGNATURE, /* the signature does not verify */
	WP_AUDIT_UNTRUSTED, /* it verifies only with an anchor since removed */
	WP_AUDIT_GAP,	    /* its predecessor is not in the ledger */
	WP_AUDIT_FORK,	    /* another record claims the same predecessor */
	WP_AUDIT_CONTENT,   /* signed, but fails ingest's content checks */
	WP_AUDIT_TIMESTAMP, /* its stored time-stamp token does not verify */
	WP_AUDIT_REVOKED,   /* its signer revoked before it (or unproven) */
	WP_AUDIT_UNBOUND,   /* a validation of a certificate not stored */
};

/*
 * How deep a pass looks. The chains are always checked. A record's bytes
 * are bound to the SHA-256 ingest checked them under, so re-running
 * ingest's content checks (schema, the organisation named against the
 * signer's) is an option, not the default: it parses every JSON.
 */
enum wp_audit_depth {
	WP_AUDIT_DEPTH_CHAINS,	   /* the chains alone */
	WP_AUDIT_DEPTH_SIGNATURES, /* + hashes and signatures against the anchors */
	WP_AUDIT_DEPTH_CONTENT, /* + ingest's content checks */
};

/* One finding; every string borrowed, "" when the row has none. */
struct wp_audit_item {
	enum wp_audit_kind kind;
	const char *sha256, *identity, *station, *serial;
	const char *prev;   /* previous_sha256 */
	const char *detail; /* why, for a signature that fails */
};

typedef void (*wp_audit_fn)(void *ctx, const struct wp_audit_item *it);

struct wp_audit_stats {
	long records, identities, first, problems;
};

/* The name of @k as in the JSON report ("gap", "fork", ...). */
const char *wp_audit_kind_name(enum wp_audit_kind k);

/*
 * Verify every record, as deep as @depth, of the identities
 * (signer fingerprints) in @ids (@nids of them), or of all when @ids is
 * NULL. Past the chains, a record's stored time-stamp token is checked
 * against @tr->tsa_ca_pem (NULL: not checked) and, with @tr->crl_pem
 * (CRLs a current anchor must have signed), a signer revoked before the
 * record's time (or at an unproven time) is a finding, as 'wipe cert
 * verify --crl' judges it. @tr (borrowed; its ca_pem unused) may be NULL.
 * Each finding goes to @fn. Returns 0 whole, 1 a problem was found, <0
 * error.
 */
int wp_ledger_audit(struct wp_ledger *l, const char *const *ids, int nids,
		    enum wp_audit_depth depth, const struct cm_verify_trust *tr,
		    wp_audit_fn fn, void *ctx, struct wp_audit_stats *st,
		    struct cm_err *err);

/*
 * Verify every stored validation record: its bytes against its SHA-256,
 * its signature against the trust anchors, and that the certificate it
 * validates is stored. Each finding to @fn (identity: the validator's
 * signer fingerprint); *@n: how many records, *@problems: findings.
 * Returns 0 whole, 1 a problem was found, <0 error.
 */
int wp_ledger_audit_validations(struct wp_ledger *l, wp_audit_fn fn, void *ctx,
				long *n, long *problems, struct cm_err *err);
/* The same for the stored custody events (bytes and signature). */
int wp_ledger_audit_custody(struct wp_ledger *l, wp_audit_fn fn, void *ctx,
			    long *n, long *problems, struct cm_err *err);

#endif
