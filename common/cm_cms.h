/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Detached CMS signatures (DER), verifiable with stock OpenSSL:
 *   openssl cms -verify -binary -inform DER -in F.p7s -content F \
 *       -CAfile cert.pem -purpose any [-attime EPOCH]
 */
#ifndef SANITAS_CM_CMS_H
#define SANITAS_CM_CMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "cm_err.h"
#include "cm_identity.h"

/*
 * Sign @len bytes of @data with @id; the DER signature (signer certificate
 * and chain included, signingTime attribute set) is returned in *@der
 * (malloc'd, owned by the caller) and *@der_len.
 */
int cm_cms_sign(const struct cm_identity *id, const void *data, size_t len,
		uint8_t **der, size_t *der_len, struct cm_err *err);

/*
 * As cm_cms_sign(), over what @fd yields from its offset to its end, read
 * a block at a time (constant memory whatever the length). @fd stays open.
 */
int cm_cms_sign_fd(const struct cm_identity *id, int fd, uint8_t **der,
		   size_t *der_len, struct cm_err *err);

/* Sign the file @content_path into @sig_path (written atomically, 0644). */
int cm_cms_sign_file(const struct cm_identity *id, const char *content_path,
		     const char *sig_path, struct cm_err *err);

struct cm_cms_info {
	time_t signing_time;	  /* from the signed attributes, 0 if absent */
	char signer_subject[512]; /* one-line form, for display only */
	char signer_org[256];	  /* subject O, exact UTF-8 ("" if absent) */
	char signer_cn[256];	  /* subject CN, exact UTF-8 ("" if absent) */
	char signer_fingerprint[65]; /* SHA-256 of the signer cert DER, hex */
	time_t signer_not_before;
	time_t signer_not_after;
	char signer_serial[80]; /* of the signer's certificate, hex */
	/* the DER of the signer certificate's issuer name (a CRL's issuer
	 * must be the same); 0 bytes when longer than the buffer */
	unsigned char signer_issuer[512];
	size_t signer_issuer_len;
	bool anchored; /* chained to the given CA file, not self-anchored */
	/* SHA-256 of the signer's public key (its BIT STRING, as
	 * X509_pubkey_digest): the same key under two certificates */
	char signer_key_fingerprint[65];
};

/*
 * Verify a detached signature over @data.
 * Trust: the certificates in @ca_pem_path if given; otherwise the signer's
 * own certificate is the anchor (self-signed identities), which proves
 * integrity and who signed but not that the signer is trusted.
 * The signer's certificate is checked at the signing time recorded in the
 * signature, so certificates stay verifiable after it expires.
 * Returns 0 valid; 1 invalid (reason in err->msg); <0 malformed input or
 * error (-EBADMSG for a DER that does not parse).
 */
int cm_cms_verify(const void *data, size_t len, const uint8_t *der,
		  size_t der_len, const char *ca_pem_path,
		  struct cm_cms_info *info, struct cm_err *err);

/*
 * Trust anchors parsed once for many verifications (a ledger pass): the
 * certificates of @pem_len bytes of PEM at @pem (borrowed, may hold none:
 * each verification then fails with -ENOENT). *@out: new, released with
 * cm_cms_trust_free(). Not for use by two threads at once.
 */
struct cm_cms_trust;
int cm_cms_trust_new(const char *pem, size_t pem_len, struct cm_cms_trust **out,
		     struct cm_err *err);
/* Accepts NULL. */
void cm_cms_trust_free(struct cm_cms_trust *t);

/*
 * cm_cms_verify() against the anchors of @t (borrowed); none in them ->
 * -ENOENT.
 */
int cm_cms_verify_trusted(const void *data, size_t len, const uint8_t *der,
			  size_t der_len, struct cm_cms_trust *t,
			  struct cm_cms_info *info, struct cm_err *err);

/*
 * cm_cms_verify() with the trust anchors given as @pem_len bytes of PEM
 * certificates in memory (borrowed); none in them -> -ENOENT. For one
 * signature; many against the same anchors go faster with
 * cm_cms_verify_trusted().
 */
int cm_cms_verify_pem(const void *data, size_t len, const uint8_t *der,
		      size_t der_len, const char *pem, size_t pem_len,
		      struct cm_cms_info *info, struct cm_err *err);

/* Same, reading @content_path and @sig_path. */
int cm_cms_verify_file(const char *content_path, const char *sig_path,
		       const char *ca_pem_path, struct cm_cms_info *info,
		       struct cm_err *err);

#endif
