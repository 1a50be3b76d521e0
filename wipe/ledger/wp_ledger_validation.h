/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Validation records in the ledger (sanitas.validation/1, wp_validation.h):
 * verified on the way in like certificates, bound to a stored certificate
 * whose signer is not the validator, stored with their original bytes.
 */
#ifndef SANITAS_WP_LEDGER_VALIDATION_H
#define SANITAS_WP_LEDGER_VALIDATION_H

#include "cm_cms.h"
#include "cm_err.h"
#include "wp_ledger.h"

/*
 * Ingest one validation record (@len bytes at @data, its signature @sig),
 * inside the caller's transaction: verified against @trust (borrowed),
 * the certificate it names must be stored (this batch's certificates
 * count) and signed by the certificate and key the record names, never
 * by the validator. Returns 0 stored, 1 already stored, 2 rejected (why
 * in @why), <0 a store error (@err).
 */
int wp_ledger_ingest_validation(struct wp_ledger *l, struct cm_cms_trust *trust,
				const char *name, const char *data, size_t len,
				const unsigned char *sig, size_t sig_len,
				struct cm_err *why, struct cm_err *err);

/* One stored validation, as wp_ledger_validations_of() gives it. */
struct wp_ledger_validation {
	const char *sha256, *id, *certificate_sha256, *validated_at, *verdict;
	const char *name, *title, *organization, *signer_fingerprint;
	const char *reverify_result, *coverage, *mismatched_bytes;
};

typedef int (*wp_ledger_validation_fn)(void *ctx,
				       const struct wp_ledger_validation *v);

/*
 * Call @fn for each validation of the certificate @cert_sha256, oldest
 * first (validated_at, then sha256); a non-zero return stops.
 */
int wp_ledger_validations_of(struct wp_ledger *l, const char *cert_sha256,
			     wp_ledger_validation_fn fn, void *ctx,
			     struct cm_err *err);

#endif
