/* SPDX-License-Identifier: Apache-2.0 */
/* Checking an evidence archive (rs_evidence.h) against its manifest. */
#ifndef SANITAS_RS_EVIDENCE_VERIFY_H
#define SANITAS_RS_EVIDENCE_VERIFY_H

#include "cm_err.h"

/*
 * Check the archive @tar_path against its manifest @man_path: every
 * member's bytes hash to the manifest's sha256 and size, no member is
 * missing or extra. Returns 0 match, 1 mismatch (named in @err), <0 error.
 */
int rs_evidence_verify(const char *tar_path, const char *man_path,
		       struct cm_err *err);

/*
 * The same for an encrypted archive and manifest (rs_evidence.h), opened
 * with @ids (borrowed); @plain_sha256 (may be NULL) the SHA-256 of the
 * archive's plaintext the case recorded. Returns 0 match, 1 mismatch
 * (altered or corrupted bytes, named in @err), -ENOKEY when no identity
 * opens them, <0 another error.
 */
struct cm_age_identities;
int rs_evidence_verify_age(const char *tar_path, const char *man_path,
			   const struct cm_age_identities *ids,
			   const char *plain_sha256, struct cm_err *err);

#endif
