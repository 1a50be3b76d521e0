/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Signing keys in PKCS#11 tokens (smart cards, HSMs), named by RFC 7512
 * URIs ("pkcs11:token=station;object=signkey", "?module-path=/usr/lib/...
 * .so" to pick the module; else p11-kit's). The private key never leaves
 * the token: OpenSSL signs through libp11's engine. The PIN comes from a
 * struct cm_passphrase (a file or the terminal), never from the URI.
 */
#ifndef SANITAS_CM_PKCS11_H
#define SANITAS_CM_PKCS11_H

#include <stdbool.h>

#include <openssl/evp.h>

#include "cm_err.h"
#include "cm_identity.h"

/* True for "pkcs11:..." */
bool cm_pkcs11_is_uri(const char *s);

/*
 * The private key at @uri, logged in with the PIN @pin gives (asked once,
 * wiped after). *@out: a new key whose operations run in the token
 * (released with EVP_PKEY_free()). Errors: -EINVAL (kind USAGE) for a URI
 * that is not one or carries a PIN; kind CM_ERR_KEYLOCKED (-EACCES) when
 * the token gives no key (a wrong PIN or no such object: libp11 does not
 * tell them apart), -ENOKEY when no PIN can be had; CM_ERR_UNAVAILABLE
 * when the engine or the module cannot be loaded.
 */
int cm_pkcs11_load_key(const char *uri, const struct cm_passphrase *pin,
		       EVP_PKEY **out, struct cm_err *err);

#endif
