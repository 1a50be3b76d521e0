/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Trusted time (RFC 3161): a time-stamp token over the bytes of a detached
 * signature file (F.p7s), kept beside it as F.p7s.tsr (the TSA's whole
 * TimeStampResp, DER), verifiable with stock OpenSSL:
 *   openssl ts -verify -in F.p7s.tsr -data F.p7s -CAfile tsa-ca.pem
 * The token proves the signature existed at the TSA's time: a signer whose
 * clock was set back is exposed, and a key revoked at T cannot sign "before
 * T" after the fact.
 */
#ifndef SANITAS_CM_TSA_H
#define SANITAS_CM_TSA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "cm_cms.h"
#include "cm_err.h"

/* The largest time-stamp reply taken from a TSA or read from a file. */
#define CM_TSA_REPLY_MAX (64 * 1024)

/* Suffix of the token file beside a signature. */
#define CM_TSA_SUFFIX ".tsr"

/* What a request asked: the SHA-256 imprint and the nonce. */
struct cm_tsa_request {
	uint8_t imprint[32];
	uint8_t nonce[8]; /* 64 random bits, the top bit clear */
};

struct cm_tsa_info {
	time_t gen_time;       /* the TSA's time (genTime), whole seconds */
	char tsa_subject[256]; /* of the TSA's certificate, display only */
	char serial[80];       /* the token's serial number, hex */
	char policy[64];       /* the TSA policy OID */
};

/*
 * The DER TimeStampReq over @len bytes of @data: SHA-256 imprint, a fresh
 * nonce, certReq TRUE. *@der: malloc'd, owned by the caller; @req filled.
 */
int cm_tsa_request_new(const void *data, size_t len, struct cm_tsa_request *req,
		       uint8_t **der, size_t *der_len, struct cm_err *err);

/*
 * Read a TimeStampResp (@len bytes of DER, outside data) answering @req:
 * granted, a token whose imprint is SHA-256 of the same bytes and whose
 * nonce is the request's. No signature check (cm_tsa_verify() does that).
 * Returns 0 and fills @info; 1 a refusal or a reply to another request
 * (reason in @err); -EBADMSG when it is not a reply at all.
 */
int cm_tsa_reply_check(const uint8_t *der, size_t len,
		       const struct cm_tsa_request *req,
		       struct cm_tsa_info *info, struct cm_err *err);

/*
 * Ask the TSA at @url (http or https; no redirects; 30 s) for a token over
 * @len bytes of @data and check the reply (cm_tsa_reply_check()). *@reply:
 * the reply DER (malloc'd, owned by the caller). Errors: -EHOSTUNREACH
 * kind CM_ERR_UNAVAILABLE when the TSA cannot be reached or answers other
 * than 200 with application/timestamp-reply; 1 as cm_tsa_reply_check().
 */
int cm_tsa_stamp(const char *url, const void *data, size_t len, uint8_t **reply,
		 size_t *reply_len, struct cm_tsa_info *info,
		 struct cm_err *err);

/*
 * Ask the TSA at @url once for a token over a fixed probe: it answers, its
 * reply checks out and, with @tsa_ca (may be NULL), its token verifies
 * against that CA. For a verb to know before it changes anything.
 * Returns 0 or a negative errno, kind CM_ERR_UNAVAILABLE for a TSA that
 * cannot be reached or answers wrong.
 */
int cm_tsa_probe(const char *url, const char *tsa_ca, struct cm_err *err);

/*
 * cm_tsa_stamp() over the bytes of the file @sig_path, the reply written
 * atomically (0644) to @sig_path".tsr".
 */
int cm_tsa_stamp_file(const char *url, const char *sig_path,
		      struct cm_tsa_info *info, struct cm_err *err);

/*
 * Verify a stored reply (@len bytes at @der) over @data_len bytes of @data:
 * version, the imprint (SHA-256 of @data), the TSA's signature, and the
 * TSA's certificate chained to a certificate of @tsa_ca_pem (a PEM file),
 * with the timeStamping extended key usage, at the token's own time.
 * Returns 0 valid (info filled), 1 invalid (reason in @err), <0 malformed
 * (-EBADMSG) or unreadable anchors (-ENOENT).
 */
int cm_tsa_verify(const uint8_t *der, size_t len, const void *data,
		  size_t data_len, const char *tsa_ca_pem,
		  struct cm_tsa_info *info, struct cm_err *err);

/*
 * What a verify verb says about the time of a signature: the TSA's time
 * when a token over the signature verifies, else the signer's own claim.
 */
enum cm_time_source {
	CM_TIME_SIGNER = 0,   /* no token: the signer's own claim */
	CM_TIME_TSA,	      /* a token checked against --tsa-ca */
	CM_TIME_TSA_UNCHECKED /* a token, but no --tsa-ca to check it by */
};

struct cm_signed_time {
	enum cm_time_source source;
	time_t signer_time;	/* the CMS signingTime (the signer's clock) */
	struct cm_tsa_info tsa; /* when source is not CM_TIME_SIGNER */
};

/* "tsa", "signer" or "tsa-unchecked": the names the JSON outputs use. */
const char *cm_time_source_name(enum cm_time_source s);

/* The time a verdict rests on: the TSA's when checked, else the signer's. */
time_t cm_signed_time_value(const struct cm_signed_time *t);

/*
 * What the verify verbs trust, all borrowed PEM file paths: the signers'
 * anchors (NULL: a signer is its own), the TSAs' anchors (NULL: a token is
 * not checked) and the organisation's CRLs (NULL: none).
 */
struct cm_verify_trust {
	const char *ca_pem;
	const char *tsa_ca_pem;
	const char *crl_pem;
};

/*
 * The trusted time of the signature file @sig_path (@sig, @sig_len: its
 * bytes, borrowed), whose signer @cms describes (as cm_cms_verify() filled
 * it): its token @sig_path".tsr" if present, verified against @tsa_ca_pem
 * (NULL: the token is not checked, CM_TIME_TSA_UNCHECKED); with a checked
 * token, the signer's certificate must be valid at the TSA's time.
 * Returns 0 with @out filled (also when there is no token), 1 a token that
 * does not verify or a signer not valid at its time (reason in @err), <0
 * error.
 */
int cm_tsa_signature_time(const char *sig_path, const uint8_t *sig,
			  size_t sig_len, const struct cm_cms_info *cms,
			  const char *tsa_ca_pem, struct cm_signed_time *out,
			  struct cm_err *err);

/*
 * cm_tsa_signature_time() over a token held in memory: @tsr, @tsr_len
 * (borrowed; NULL: there is none, the signer's claim), named @name in
 * messages. Returns as cm_tsa_signature_time().
 */
int cm_tsa_token_time(const char *name, const uint8_t *tsr, size_t tsr_len,
		      const uint8_t *sig, size_t sig_len,
		      const struct cm_cms_info *cms, const char *tsa_ca_pem,
		      struct cm_signed_time *out, struct cm_err *err);

/*
 * Read the token beside the signature file @sig_path (@sig_path".tsr",
 * at most CM_TSA_REPLY_MAX bytes) into *@der (malloc'd, owned by the
 * caller). Returns 1 read, 0 there is none (*@der NULL), <0 error.
 */
int cm_tsa_read_token(const char *sig_path, uint8_t **der, size_t *len,
		      struct cm_err *err);

#endif
