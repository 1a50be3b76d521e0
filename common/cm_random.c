// SPDX-License-Identifier: Apache-2.0
/* Randomness from OpenSSL's DRBG, injectable for byte-exact tests. */
#include <errno.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>

#include "cm_random.h"

static cm_random_source random_source;

void cm_random_set_source(cm_random_source fn)
{
	random_source = fn;
}

int cm_random_bytes(void *buf, size_t len, struct cm_err *err)
{
	if (random_source) {
		if (random_source(buf, len) < 0)
			return cm_err_set(err, -EIO, "random source failed");
		return 0;
	}
	if (len > (size_t)0x7fffffff || RAND_bytes(buf, (int)len) != 1)
		return cm_err_set(err, -EIO, "cannot get random bytes");
	return 0;
}

int cm_uuid4(char out[37], struct cm_err *err)
{
	unsigned char b[16];
	int rc = cm_random_bytes(b, sizeof(b), err);

	if (rc < 0)
		return rc;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(
		out, 37,
		"%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		b[10], b[11], b[12], b[13], b[14], b[15]);
	return 0;
}

int cm_crypto_init(struct cm_err *err)
{
	unsigned char b[16], out[32];
	unsigned int n = 0;
	int outl = 0, ok;
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();

	ok = c && RAND_bytes(b, sizeof(b)) == 1 &&
	     EVP_Digest(b, sizeof(b), out, &n, EVP_sha256(), NULL) == 1 &&
	     EVP_EncryptInit_ex(c, EVP_aes_128_ctr(), NULL, b, b) == 1 &&
	     EVP_EncryptUpdate(c, out, &outl, b, sizeof(b)) == 1;
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : cm_err_set(err, -EIO, "cannot initialise OpenSSL");
}
