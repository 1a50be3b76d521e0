/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Signing identity: a directory holding
 *   key.pem      private key (0600, opened O_NOFOLLOW)
 *   cert.pem     X.509 certificate of that key (self-signed or org-issued)
 *   chain.pem    optional intermediates up to the organisation's root
 *   profile.json operator fields for certificates of sanitization:
 *                {"schema":"sanitas.identity/1","organization","operator",
 *                 "title","location","phone"}  (unknown -> null)
 *   chain-head   (wipe) SHA-256 of the last certificate this identity issued
 * The same identity signs wipe certificates and respond cases.
 */
#ifndef SANITAS_CM_IDENTITY_H
#define SANITAS_CM_IDENTITY_H

#include <stdbool.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "cm_err.h"

struct cm_identity_opts {
	const char *organization;  /* required */
	const char *operator_name; /* required */
	const char *title;	   /* optional (NULL -> null) */
	const char *location;
	const char *phone;
	int days; /* validity; 0 -> 3650 */
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
 * cm_identity_release().
 */
int cm_identity_load(struct cm_identity *id, const char *dir,
		     struct cm_err *err);
void cm_identity_release(struct cm_identity *id);

/* SHA-256 (hex) of the DER of the signer certificate, into @out (65 B). */
void cm_identity_fingerprint(const struct cm_identity *id, char *out);

#endif
