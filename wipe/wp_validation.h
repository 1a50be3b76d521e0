/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Validation records (sanitas.validation/1): a second person's signed
 * assessment of one certificate of sanitization (NIST SP 800-88 Appendix
 * G "Validation"; R2v3 Appendix B(13) sampling), bound to the
 * certificate's SHA-256, written beside it as <id>.validation.json with a
 * detached CMS signature <id>.validation.json.p7s. Never by the identity
 * that signed the certificate: compared by certificate and by key.
 */
#ifndef SANITAS_WP_VALIDATION_H
#define SANITAS_WP_VALIDATION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "cm_cms.h"
#include "cm_err.h"
#include "cm_identity.h"

#define WP_VALIDATION_SCHEMA "sanitas.validation/1"
#define WP_VALIDATION_MAX    (1024 * 1024)

/* A parsed record; every string borrowed from @doc (NULL: JSON null). */
struct wp_validation {
	json_t *doc; /* owned */
	const char *id, *validated_at, *verdict, *notes;
	/* the certificate validated */
	const char *cert_sha256, *cert_id, *cert_signer_fp, *cert_signer_key;
	const char *cert_serial, *cert_operator;
	/* the validator */
	const char *name, *title, *organization, *location, *phone;
	const char *validator_fp, *validator_key;
	/* the validator's own read-back, when one was made */
	bool reverified;
	const char *reverify_result; /* "clean" or "data-found" */
	double coverage;
	long long mismatched_bytes;
};

/*
 * Parse @len bytes at @data as a validation record: JSON (duplicate keys
 * refused), the schema, every key with its type, hex fingerprints and a
 * known verdict. @name names it in messages. Returns 0 (@v filled, release
 * with wp_validation_release()) or -EBADMSG (CM_ERR_DATAERR, why in @err).
 */
int wp_validation_parse(const char *name, const char *data, size_t len,
			struct wp_validation *v, struct cm_err *err);
/* Accepts an empty @v. */
void wp_validation_release(struct wp_validation *v);

/*
 * Whether @len bytes at @data claim to be a validation record: its schema
 * name near the start (a cheap test that lets ingest route a file before
 * parsing it; the parse decides).
 */
bool wp_validation_claimed(const char *data, size_t len);

/* The SHA-256 of @x's public key, hex, into @out (65 bytes). */
void wp_validation_key_fingerprint(X509 *x, char *out);

/*
 * Is the validator @cms (the record's signer, as a verification filled
 * it in) allowed to have signed @v? It must be the validator the record
 * names (certificate and key) and must not be the certificate's signer.
 * Returns 0, or 1 with @err saying why (kind CM_ERR_NOPERM for a
 * validation by the certificate's own signer).
 */
int wp_validation_check_signer(const struct wp_validation *v,
			       const struct cm_cms_info *cms,
			       struct cm_err *err);

/*
 * Refuse @validator for a certificate signed by @cert_signer: the same
 * signing certificate, or the same key under another certificate.
 * Returns 0 allowed, or -EPERM (CM_ERR_NOPERM) with the reason.
 */
int wp_validation_not_self(const struct cm_identity *validator,
			   const struct cm_cms_info *cert_signer,
			   struct cm_err *err);

/* What the validator's read-back of the medium found. */
struct wp_reverify_opts {
	const char *target; /* the medium: block device or image file */
	double sample_pct;  /* 0: read every block */
	uint64_t seed;	    /* for a sample */
};

/*
 * Read @o->target back as `wipe verify` does, expecting what certificate
 * @cert says its last pass wrote (verification.details.expected), and
 * check that the target is its medium (capacity, and the serial when both
 * are known). *@out: a new "reverify" object; *@clean: no data found.
 * Returns 0; -EINVAL (CM_ERR_DATAERR) when the target is not the
 * certificate's medium; -EOPNOTSUPP (CM_ERR_UNAVAILABLE) when what the
 * erase wrote cannot be re-read (random data, a purge); <0 I/O errors.
 */
int wp_validation_reverify(const json_t *cert, const struct wp_reverify_opts *o,
			   json_t **out, bool *clean, struct cm_err *err);

/* What goes into a new record. */
struct wp_validation_in {
	const json_t *cert;	       /* the certificate (borrowed) */
	const char *cert_sha256;       /* of its JSON bytes */
	const struct cm_cms_info *cms; /* its signer, as verified */
	const struct cm_identity *who; /* the validator */
	const char *verdict;	       /* "passed" or "failed" */
	const char *notes;	       /* may be NULL */
	json_t *reverify;	       /* stolen; NULL: none made */
	const char *validated_at;      /* RFC 3339; NULL: now */
};

/* A new record (*@out, new reference) from @in. */
int wp_validation_build(const struct wp_validation_in *in, json_t **out,
			struct cm_err *err);

/*
 * Sign @doc by @who and write it to @path (and @path".p7s"): both written
 * atomically, the signature first, never over an existing record (-EEXIST,
 * CM_ERR_CANTCREAT). *@sha_out (65 bytes, may be NULL): the SHA-256 of
 * the JSON written.
 */
int wp_validation_write(const struct cm_identity *who, const json_t *doc,
			const char *path, char *sha_out, struct cm_err *err);

/*
 * Verify a record in memory: wp_validation_parse(), its detached
 * signature @sig against @trust (borrowed), then
 * wp_validation_check_signer(). *@cms gets the signer. Returns 0 valid,
 * 1 invalid (signature, signer), <0 malformed; @v is released unless
 * 0 is returned.
 */
int wp_validation_verify_mem(const char *name, const char *data, size_t len,
			     const uint8_t *sig, size_t sig_len,
			     struct cm_cms_trust *trust,
			     struct wp_validation *v, struct cm_cms_info *cms,
			     struct cm_err *err);

/*
 * The same for the record at @path (signature @path".p7s"), against the
 * anchors in @ca_pem_path (NULL: the signer's own certificate, which
 * proves integrity only: cms->anchored false). *@sha_out (65 bytes): the
 * SHA-256 of the file.
 */
int wp_validation_verify_file(const char *path, const char *ca_pem_path,
			      struct wp_validation *v, struct cm_cms_info *cms,
			      char *sha_out, struct cm_err *err);

#endif
