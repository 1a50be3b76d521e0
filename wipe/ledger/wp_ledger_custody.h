/* SPDX-License-Identifier: Apache-2.0 */
/* Custody events (sanitas.custody/1, wp_custody.h) in the ledger. */
#ifndef SANITAS_WP_LEDGER_CUSTODY_H
#define SANITAS_WP_LEDGER_CUSTODY_H

#include "cm_cms.h"
#include "cm_err.h"
#include "wp_ledger.h"

/*
 * Ingest one custody event (@len bytes at @data, its signature @sig) in
 * the caller's transaction: it parses, its signature verifies against
 * @trust (borrowed) and its signer is the person it names. Returns 0
 * stored, 1 already stored, 2 rejected (why in @why), <0 store error.
 */
int wp_ledger_ingest_custody(struct wp_ledger *l, struct cm_cms_trust *trust,
			     const char *name, const char *data, size_t len,
			     const unsigned char *sig, size_t sig_len,
			     struct cm_err *why, struct cm_err *err);

#endif
