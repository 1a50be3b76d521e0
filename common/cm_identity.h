/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Signing identity: a directory holding
 *   key.pem      private key (0600, opened O_NOFOLLOW): plain, or PKCS#8
 *                encrypted under a passphrase (PBES2: scrypt N=16384 r=8
 *                p=1, AES-256-CBC, as `openssl pkcs8 -topk8 -scrypt`)
 *   key.uri      instead of key.pem: the RFC 7512 URI of the key in a
 *                PKCS#11 token (cm_pkcs11.h), which never leaves it
 *   key.tss      or: the key made in a TPM 2.0, wrapped by it (cm_tpm.h)
 *   cert.pem     X.509 certificate of that key (self-signed or org-issued)
 *   chain.pem    optional intermediates up to the organisation's root
 *   profile.json operator fields for certificates of sanitization:
 *                {"schema":"sanitas.identity/1","organization","operator",
 *                 "title","location","phone"}  (unknown -> null),
 *                optionally "tsa": the RFC 3161 TSA URL its signatures
 *                are time-stamped by
 *   chain-head   (wipe) SHA-256 of the last certificate this identity issued
 * The same identity signs wipe certificates and respond cases.
 */
#ifndef SANITAS_CM_IDENTITY_H
#define SANITAS_CM_IDENTITY_H

#include <stdbool.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "cm_err.h"

/*
 * Where the passphrase of an encrypted key.pem comes from. get() writes it
 * NUL-terminated into @buf (@size bytes) and returns its length (> 0), or
 * a negative errno with @err set (kind CM_ERR_KEYLOCKED when nobody can
 * give one). @what names the key file for a prompt; @confirm: a new
 * passphrase (ask twice). cm_identity wipes @buf after use.
 */
struct cm_passphrase {
	int (*get)(void *cookie, const char *what, bool confirm, char *buf,
		   size_t size, struct cm_err *err);
	void *cookie;
};

/* The longest passphrase taken, in bytes. */
#define CM_PASSPHRASE_MAX 1023

/* The file naming a token key instead of key.pem. */
#define CM_IDENTITY_KEY_URI "key.uri"
/* The TPM-wrapped key instead of key.pem. */
#define CM_IDENTITY_KEY_TSS "key.tss"

struct cm_identity_opts {
	const char *organization;  /* required */
	const char *operator_name; /* required */
	const char *title;	   /* optional (NULL -> null) */
	const char *location;
	const char *phone;
	int days;	     /* validity; 0 -> 3650 */
	const char *tsa_url; /* optional: the profile's "tsa" */
	/* borrowed; non-NULL: key.pem encrypted under what it gives (with
	 * pkcs11_uri: the token's PIN) */
	const struct cm_passphrase *passphrase;
	/* the key of a PKCS#11 token instead of a new one: key.uri */
	const char *pkcs11_uri;
	bool tpm; /* a new key made in the TPM 2.0: key.tss */
};

struct cm_identity {
	char *dir;     /* owned */
	EVP_PKEY *key; /* owned */
	X509 *cert;    /* owned */
	STACK_OF(X509) *
		chain;	    /* owned, may be empty, never NULL once loaded */
	char *organization; /* owned, NULL when unknown */
	char *operator_name;
	char *title;
	char *location;
	char *phone;
	char *tsa_url;	 /* owned, the profile's "tsa", NULL when none */
	char *key_uri;	 /* owned: the token key's URI, NULL for key.pem */
	bool key_in_tpm; /* key.tss: the key is the TPM's */
	/* borrowed literal: the property query signing with @key takes
	 * (CM_TPM_PROPQ for a TPM key), NULL for none */
	const char *propq;
	bool key_encrypted; /* key.pem is passphrase-protected */
};

/*
 * Create a new identity in @dir (created 0700 if absent; refuses to
 * overwrite an existing key.pem with -EEXIST): an EC P-256 key, a
 * self-signed certificate whose subject carries O=organization and
 * CN=operator, and profile.json.
 */
int cm_identity_create(const char *dir, const struct cm_identity_opts *opts,
		       struct cm_err *err);

/*
 * Load the identity in @dir. key.pem and cert.pem are required and must
 * match; chain.pem and profile.json are optional (an org-issued identity
 * without a profile takes organization/operator from the certificate
 * subject O and CN). On success @id owns everything; release it with
 * cm_identity_release(). An encrypted key.pem fails with kind
 * CM_ERR_KEYLOCKED (-ENOKEY): use cm_identity_unlock().
 */
int cm_identity_load(struct cm_identity *id, const char *dir,
		     struct cm_err *err);

/*
 * cm_identity_load(), an encrypted key.pem decrypted with what @pp (borrowed,
 * may be NULL) gives. No or a wrong passphrase: kind CM_ERR_KEYLOCKED
 * (-ENOKEY none to be had, -EACCES wrong), nothing loaded. Done before
 * anything is changed, so that a locked key changes nothing.
 */
int cm_identity_unlock(struct cm_identity *id, const char *dir,
		       const struct cm_passphrase *pp, struct cm_err *err);

/*
 * The public half only: cert.pem, chain.pem and profile.json, id->key left
 * NULL, id->key_encrypted set from key.pem's armour (key.pem need not be
 * readable). For showing an identity without unlocking it.
 */
int cm_identity_load_public(struct cm_identity *id, const char *dir,
			    struct cm_err *err);
void cm_identity_release(struct cm_identity *id);

/* SHA-256 (hex) of the DER of the signer certificate, into @out (65 B). */
void cm_identity_fingerprint(const struct cm_identity *id, char *out);

#endif
