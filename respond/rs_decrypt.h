/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A plain copy of an encrypted case (respond decrypt): every .age file
 * decrypted (the name without .age), every other file copied.
 */
#ifndef SANITAS_RS_DECRYPT_H
#define SANITAS_RS_DECRYPT_H

#include <jansson.h>

#include "cm_age.h"
#include "cm_err.h"

/*
 * Write the plain copy of the case @case_dir into @out, which must not
 * exist or be an empty directory (-EEXIST, CM_ERR_CANTCREAT, otherwise).
 * The copy is made in a sibling temporary directory and renamed into
 * place, so @out holds all of it or nothing; files 0600, directories
 * 0700. Each decrypted archive's plaintext is checked against the SHA-256
 * the case's case.json records. No identity of @ids that opens a file:
 * -ENOKEY (CM_ERR_NOPERM); a corrupted or altered file: -EBADMSG
 * (CM_ERR_DATAERR), named. *@info (may be NULL) receives the counts.
 */
int rs_case_decrypt(const char *case_dir, const struct cm_age_identities *ids,
		    const char *out, json_t **info, struct cm_err *err);

#endif
