/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Revocable identities: an organisation's X.509 CRLs (RFC 5280) decide
 * whether a signature still counts. A signer whose certificate the CRL of
 * its issuer lists as revoked at T (the invalidityDate when it is earlier:
 * the key was compromised by then) signed validly only before T, and only
 * a trusted time (an RFC 3161 token, cm_tsa.h) can prove "before": on the
 * signer's own claim the signature is "signed by a since-revoked key, time
 * unproven".
 */
#ifndef SANITAS_CM_CRL_H
#define SANITAS_CM_CRL_H

#include <stdbool.h>
#include <time.h>

#include "cm_cms.h"
#include "cm_err.h"
#include "cm_tsa.h"

/* What the CRLs say of one signature. */
enum cm_revocation_verdict {
	CM_REV_NOT_COVERED = 0, /* no CRL of the signer's issuer was given */
	CM_REV_NOT_REVOKED,	/* its issuer's CRL does not list it */
	CM_REV_SIGNED_BEFORE,	/* revoked at T, signed before T (TSA time) */
	CM_REV_SIGNED_AFTER,	/* revoked at T, signed at or after T (TSA) */
	CM_REV_TIME_UNPROVEN,	/* revoked, and only the signer's time */
};

struct cm_revocation {
	enum cm_revocation_verdict verdict;
	time_t revoked_at;  /* the time that counts (see above), 0 if none */
	time_t crl_updated; /* thisUpdate of the CRL that decided */
	time_t crl_next;    /* its nextUpdate, 0 if absent */
	char reason[32];    /* the CRL reason ("keyCompromise"), or "" */
	char issuer[256];   /* the CRL's issuer, display only */
};

/* "not-covered", "not-revoked", "signed-before-revocation", ... */
const char *cm_revocation_name(enum cm_revocation_verdict v);

/* Whether @v leaves the signature valid. */
bool cm_revocation_is_ok(enum cm_revocation_verdict v);

/*
 * Judge the signer of @cms (as cm_cms_verify() filled it) signed at @when
 * against the CRLs in @crl_path (PEM, one or more, or one DER). Each CRL
 * of the signer's issuer must be signed by a certificate of @ca_pem (the
 * trust anchors: a CRL nobody trusted made revokes nothing and is refused,
 * -EBADMSG kind CM_ERR_DATAERR). Returns 0 with @out filled (also when
 * revoked: cm_revocation_is_ok() says whether it counts), <0 unreadable or
 * malformed input.
 */
int cm_crl_check(const char *crl_path, const char *ca_pem,
		 const struct cm_cms_info *cms,
		 const struct cm_signed_time *when, struct cm_revocation *out,
		 struct cm_err *err);

/*
 * cm_crl_check() as a verify verb wants it: 0 when the signature still
 * counts, 1 when the CRL makes it invalid (the verdict, worded by
 * cm_revocation_describe(), in @err, kind CM_ERR_NEGATIVE), <0 as
 * cm_crl_check(). @out is filled either way.
 */
int cm_crl_judge(const char *crl_path, const char *ca_pem,
		 const struct cm_cms_info *cms,
		 const struct cm_signed_time *when, struct cm_revocation *out,
		 struct cm_err *err);

/*
 * The CRLs of @crl_path (as cm_crl_check() reads them) loaded once for
 * many judgements, each CRL's signature checked against the PEM
 * certificates @anchors (@anchors_len bytes, borrowed; NULL: none). *@out:
 * new, released with cm_crl_set_free(). Returns 0 or <0 (unreadable:
 * CM_ERR_NOINPUT; no CRL in it: -EBADMSG, CM_ERR_DATAERR).
 */
struct cm_crl_set;
int cm_crl_set_new(const char *crl_path, const char *anchors,
		   size_t anchors_len, struct cm_crl_set **out,
		   struct cm_err *err);
/* Accepts NULL. */
void cm_crl_set_free(struct cm_crl_set *s);

/* cm_crl_check() against a loaded set (borrowed). */
int cm_crl_set_check(const struct cm_crl_set *s, const struct cm_cms_info *cms,
		     const struct cm_signed_time *when,
		     struct cm_revocation *out, struct cm_err *err);

/* cm_crl_judge() against a loaded set (borrowed). */
int cm_crl_set_judge(const struct cm_crl_set *s, const struct cm_cms_info *cms,
		     const struct cm_signed_time *when,
		     struct cm_revocation *out, struct cm_err *err);

/*
 * The verdict as one line ("its key was revoked at T (keyCompromise), after
 * this signature's TSA time"), into @buf of @size bytes.
 */
void cm_revocation_describe(const struct cm_revocation *r,
			    const struct cm_signed_time *when, char *buf,
			    size_t size);

#endif
