/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Certificates of sanitization (sanitas.certificate/1): build, issue
 * (atomic JSON + detached CMS, chained per identity), read and check.
 */
#ifndef SANITAS_WP_CERT_H
#define SANITAS_WP_CERT_H

#include <jansson.h>

#include "cm_cms.h"
#include "cm_err.h"
#include "cm_identity.h"
#include "cm_crl.h"
#include "cm_tsa.h"
#include "wp_caps.h"
#include "wp_discover.h"
#include "wp_job.h"

struct wp_cert_chain;

#define WP_CERT_SCHEMA "sanitas.certificate/1"
#define WP_CERT_MAX    (4 * 1024 * 1024)

/* Per-run NIST SP 800-88 Appendix G fields; NULL -> null. */
struct wp_cert_meta {
	const char *operator_name; /* overrides the identity's */
	const char *asset_tag;
	const char *source;
	const char *classification;
	const char *data_backed_up; /* yes|no|unknown */
	const char *backup_location;
	const char *destination; /* internal-reuse|external-reuse|... */
	const char *post_classification;
	const char *notes;
	/* who the work was for, and the job or lot it was part of */
	const char *customer;
	const char *job;
};

/* The media type for a device, from capabilities when known. */
enum wp_dev_type wp_media_type(const struct wp_devinfo *info,
			       const struct wp_caps *caps);

/*
 * Build the certificate body for @res on @info (id, issued_at and
 * previous_sha256 are filled by wp_cert_issue). *@out: new reference.
 */
int wp_cert_build(const struct cm_identity *id, const struct wp_devinfo *info,
		  const struct wp_caps *caps, const struct wp_cert_meta *meta,
		  const struct wp_job_result *res, json_t **out,
		  struct cm_err *err);

/*
 * Give @cert its id, issued_at and previous_sha256 (the identity's chain
 * head), write <cert_dir>/<id>.json atomically and <id>.json.p7s, and move
 * the chain head. Serialised across threads and processes by a lock in the
 * identity directory. *@path_out (may be NULL): malloc'd JSON path.
 * *@sha_out (may be NULL, 65 bytes): SHA-256 of the certificate file.
 */
int wp_cert_issue(const struct cm_identity *id, const char *cert_dir,
		  json_t *cert, char **path_out, char *sha_out,
		  struct cm_err *err);

/*
 * Check @cert against the schema: every key present, in order, with its
 * type. Returns 0 or -EBADMSG naming the first problem.
 */
int wp_cert_check_schema(const json_t *cert, struct cm_err *err);

enum wp_cert_verdict {
	WP_CERT_VALID = 0,
	WP_CERT_INVALID = 1, /* signature, tampering or chain */
};

struct wp_cert_check {
	struct cm_cms_info cms;
	struct cm_signed_time time; /* the TSA's, or the signer's claim */
	struct cm_revocation rev;   /* with a CRL: what it says */
	bool rev_checked;
	json_t *cert;	 /* owned, NULL when malformed */
	char sha256[65]; /* of the JSON file */
	char chain[256]; /* what the chain link check found */
};

/*
 * Verify the certificate at @path (signature in @path.p7s): schema,
 * signature at the signing time, the signer is the one named inside, and
 * the chain link when the predecessor sits in the same directory.
 * Returns 0 valid, 1 invalid (reason in @err), <0 malformed or unreadable
 * (-EBADMSG -> exit 65).
 */
int wp_cert_verify(const char *path, const char *ca_pem,
		   struct wp_cert_check *chk, struct cm_err *err);

/*
 * wp_cert_verify(), with the predecessor looked up through @chain (so
 * that each directory is read and hashed once for the whole set), against
 * everything @tr trusts (borrowed): the signer's anchors, then the time-stamp token @path".p7s.tsr" when there is
 * one (checked against the TSA anchors; chk->time says whose time it is),
 * then the CRLs when given: a signer revoked before that time (or at an
 * unproven time) is invalid (1, chk->rev says why).
 */
int wp_cert_verify_trust(struct wp_cert_chain *chain, const char *path,
			 const struct cm_verify_trust *tr,
			 struct wp_cert_check *chk, struct cm_err *err);
/*
 * Verify a certificate held in memory: @len bytes of JSON at @data, its
 * detached signature @sig, against the trust anchors of @trust (made once
 * by cm_cms_trust_new() for a whole batch; all borrowed): schema,
 * signature at the signing time, the signer is the organisation named
 * inside (no chain link check). @name names it in messages. Returns as
 * wp_cert_verify().
 */
int wp_cert_verify_mem(const char *name, const char *data, size_t len,
		       const uint8_t *sig, size_t sig_len,
		       struct cm_cms_trust *trust, struct wp_cert_check *chk,
		       struct cm_err *err);
/*
 * The content checks of wp_cert_verify_mem() without the signature: the
 * JSON at @data parses, passes the schema and names the organisation of
 * the signer @cms (as a verification of its signature filled it in).
 * Returns 0, 1 the organisation differs, <0 malformed (@err says why).
 */
int wp_cert_check_content(const char *name, const char *data, size_t len,
			  const struct cm_cms_info *cms, struct cm_err *err);
void wp_cert_check_release(struct wp_cert_check *chk);

#endif
