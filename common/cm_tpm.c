// SPDX-License-Identifier: Apache-2.0
/* TPM 2.0 keys through the tpm2-openssl provider (OpenSSL 3). */
#include <errno.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/provider.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cm_atomic.h"
#include "cm_file.h"
#include "cm_tpm.h"

#define BLOB_MAX (64 * 1024)

static const char *ssl_reason(void)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	return r ? r : "no reason given";
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool have_tpm2;

/*
 * default, then tpm2 beside it (loading one provider by name stops
 * OpenSSL from loading the default one by itself). default stays the one
 * OpenSSL prefers, so hashing, ciphers and randomness never go through
 * the TPM; what signs with a TPM key asks for tpm2 by CM_TPM_PROPQ, since
 * a signature fetched from default would get the key's public half only.
 */
static void load_providers(void)
{
	have_tpm2 = OSSL_PROVIDER_load(NULL, "default") &&
		    OSSL_PROVIDER_load(NULL, "tpm2");
	ERR_clear_error();
}

static int providers(struct cm_err *err)
{
	pthread_once(&once, load_providers);
	if (!have_tpm2)
		return cm_err_setk(
			err, -ENOENT, CM_ERR_UNAVAILABLE,
			"cannot load OpenSSL's tpm2 provider (install tpm2-openssl)");
	return 0;
}

int cm_tpm_create_key(const char *path, EVP_PKEY **out, struct cm_err *err)
{
	EVP_PKEY_CTX *c = NULL;
	BIO *b = NULL;
	char *data;
	long n;
	int rc;

	*out = NULL;
	rc = providers(err);
	if (rc < 0)
		return rc;
	ERR_clear_error();
	c = EVP_PKEY_CTX_new_from_name(NULL, "EC", "provider=tpm2");
	if (!c || EVP_PKEY_keygen_init(c) <= 0 ||
	    EVP_PKEY_CTX_set_group_name(c, "P-256") <= 0 ||
	    EVP_PKEY_generate(c, out) <= 0) {
		rc = cm_err_setk(
			err, -EIO, CM_ERR_UNAVAILABLE,
			"the TPM made no key (is it reachable? TPM2OPENSSL_TCTI): %s",
			ssl_reason());
		goto out;
	}
	b = BIO_new(BIO_s_mem());
	if (!b ||
	    !PEM_write_bio_PrivateKey(b, *out, NULL, NULL, 0, NULL, NULL)) {
		rc = cm_err_set(err, -EIO, "cannot encode the TPM key: %s",
				ssl_reason());
		goto out;
	}
	n = BIO_get_mem_data(b, &data);
	if (n <= 0 || !memmem(data, (size_t)n, "TSS2 PRIVATE KEY", 16)) {
		/* a plain private key here would mean it left the TPM */
		rc = cm_err_setk(err, -EPROTO, CM_ERR_SOFTWARE,
				 "the TPM key did not encode as a TSS2 blob");
		goto out;
	}
	rc = cm_atomic_write_file(path, data, (size_t)n, 0600, err);
out:
	BIO_free(b);
	EVP_PKEY_CTX_free(c);
	if (rc < 0) {
		EVP_PKEY_free(*out);
		*out = NULL;
	}
	ERR_clear_error();
	return rc;
}

int cm_tpm_load_key(const char *path, EVP_PKEY **out, struct cm_err *err)
{
	char *data = NULL;
	size_t len = 0;
	BIO *b = NULL;
	int rc;

	*out = NULL;
	rc = providers(err);
	if (rc < 0)
		return rc;
	rc = cm_read_file(path, BLOB_MAX, &data, &len, err);
	if (rc < 0)
		return rc;
	b = BIO_new_mem_buf(data, (int)len);
	ERR_clear_error();
	*out = b ? PEM_read_bio_PrivateKey_ex(b, NULL, NULL, NULL, NULL,
					      "provider=tpm2")
		 : NULL;
	if (!*out)
		rc = cm_err_setk(
			err, -EACCES, CM_ERR_KEYLOCKED,
			"the TPM will not load the key '%s' (another TPM's, or the TPM is unreachable: TPM2OPENSSL_TCTI): %s",
			path, ssl_reason());
	BIO_free(b);
	free(data);
	ERR_clear_error();
	return rc;
}
