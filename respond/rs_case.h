/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The case directory: created 0700 with files 0600, sealed by SHA256SUMS
 * (sha256sum format, every file of the case) and SHA256SUMS.p7s (detached
 * CMS by the signing identity), and verified offline.
 */
#ifndef SANITAS_RS_CASE_H
#define SANITAS_RS_CASE_H

#include <jansson.h>

#include "cm_err.h"
#include "cm_identity.h"
#include "cm_tsa.h"

#define RS_CASE_SCHEMA "sanitas.case/1"
#define RS_CASE_SUMS   "SHA256SUMS"
#define RS_CASE_SIG    "SHA256SUMS.p7s"
/* RFC 3161 token over SHA256SUMS.p7s (cm_tsa.h), when a TSA stamped it */
#define RS_CASE_TSR "SHA256SUMS.p7s.tsr"

/* What an existing case directory holds, before a run (re)starts in it. */
enum rs_case_start {
	RS_CASE_EMPTY,	   /* nothing */
	RS_CASE_UNSTARTED, /* only what a run killed before its first journal
			      entry leaves: playbook.yaml, its temporaries
			      (playbook.yaml.tmpXXXXXX), an empty or torn
			      custody.jsonl; owned by us, mode 0700 */
	RS_CASE_OTHER_PB,  /* the same, but playbook.yaml is another one */
	RS_CASE_USED	   /* anything else: a case, or not ours */
};

/*
 * Look at the existing directory @dir; @pb/@pb_len (may be NULL) the
 * playbook the run would start with, compared with playbook.yaml.
 */
enum rs_case_start rs_case_start_state(const char *dir, const void *pb,
				       size_t pb_len);

/*
 * Create @dir (0700) for a new case of playbook @pb (its bytes). An
 * existing directory must be empty or hold only the start leftovers of a
 * run of the same playbook killed before its first journal entry
 * (RS_CASE_UNSTARTED, taken over: nothing was collected or changed yet);
 * -EEXIST, exit 73, otherwise.
 */
int rs_case_create(const char *dir, const void *pb, size_t pb_len,
		   struct cm_err *err);

/*
 * Write SHA256SUMS over every regular file below @dir (sorted, relative
 * paths) and, when @id is given, SHA256SUMS.p7s. Anything in the case
 * that is not a regular file or directory refuses the seal. @known
 * (borrowed, may be NULL) maps relative paths to the SHA-256 computed as
 * they were written (evidence archives, journaled in their step's
 * result); those are not read again. A file changed since then no longer
 * matches the seal, and verify says so.
 */
int rs_case_seal(const char *dir, const struct cm_identity *id,
		 const json_t *known, struct cm_err *err);

/*
 * Re-check a sealed case: the signature (against @ca_pem, or the signer's
 * own certificate when NULL), every listed hash, files not listed, every
 * archive against its manifest and the custody journal's chain.
 * Returns 0 intact, 1 with the first mismatch named in @err, <0 error.
 * *@info (may be NULL) receives a summary (new reference).
 */
/*
 * rs_case_verify() against everything @tr trusts (borrowed): the signer's
 * anchors, then the time-stamp token SHA256SUMS.p7s.tsr when there is one
 * (against the TSA anchors); *@info also says whose time the seal's is.
 */
int rs_case_verify_trust(const char *dir, const struct cm_verify_trust *tr,
			 json_t **info, struct cm_err *err);
int rs_case_verify(const char *dir, const char *ca_pem, json_t **info,
		   struct cm_err *err);
/*
 * rs_case_verify_trust(), and every encrypted archive (.tar.zst.age)
 * decrypted with @ids (borrowed; NULL: they are checked by the seal only,
 * counted in *@info's "encrypted_archives") against its encrypted
 * manifest and the plaintext SHA-256 case.json records. No identity that
 * opens an archive is an error (-ENOKEY), not a mismatch.
 */
struct cm_age_identities;
/* The plaintext SHA-256 that the case.json @cj (borrowed) records for the
 * encrypted archive @rel ("evidence/S.tar.zst.age"), or NULL. */
const char *rs_case_plain_sha256(const json_t *cj, const char *rel);
int rs_case_verify_age(const char *dir, const struct cm_verify_trust *tr,
		       const struct cm_age_identities *ids, json_t **info,
		       struct cm_err *err);

/* Write @buf as the case file @rel (0600, atomically). */
int rs_case_write(const char *dir, const char *rel, const void *buf, size_t len,
		  struct cm_err *err);

#endif
