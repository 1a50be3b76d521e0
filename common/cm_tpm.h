/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Signing keys in a TPM 2.0, through the tpm2-openssl provider: the key
 * pair is made inside the TPM, and what the identity directory keeps
 * (key.tss, "TSS2 PRIVATE KEY") is the private part wrapped by the TPM's
 * own storage key, of use only to that TPM. The TPM is reached as the
 * provider is told (TPM2OPENSSL_TCTI, e.g. "device:/dev/tpmrm0" or
 * "swtpm:port=2321").
 */
#ifndef SANITAS_CM_TPM_H
#define SANITAS_CM_TPM_H

#include <openssl/evp.h>

#include "cm_err.h"

/* The property query every signing operation with a TPM key passes. */
#define CM_TPM_PROPQ "?provider=tpm2"

/*
 * A new EC P-256 key pair made in the TPM, its wrapped blob written to
 * @path (PEM, 0600, atomically). *@out: the key (EVP_PKEY_free()).
 * Errors: kind CM_ERR_UNAVAILABLE when the provider or the TPM cannot be
 * reached.
 */
int cm_tpm_create_key(const char *path, EVP_PKEY **out, struct cm_err *err);

/*
 * The TPM key whose blob is at @path: *@out signs in the TPM. Errors:
 * CM_ERR_UNAVAILABLE (no provider, no TPM), CM_ERR_KEYLOCKED when the TPM
 * will not load the blob (another TPM's, or its storage key changed).
 */
int cm_tpm_load_key(const char *path, EVP_PKEY **out, struct cm_err *err);

#endif
