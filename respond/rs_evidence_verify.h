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

#endif
