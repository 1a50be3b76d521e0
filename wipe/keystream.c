// SPDX-License-Identifier: Apache-2.0
/*
 * The random overwrite data: an AES-128-CTR keystream under a fresh key per
 * job.
 */
#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <string.h>

#include "wp_keystream.h"

int wp_keystream_init(struct wp_keystream *ks, const uint8_t key[WP_KEY_LEN],
		      struct cm_err *err)
{
	ks->ctx = EVP_CIPHER_CTX_new();
	if (!ks->ctx)
		return cm_err_set(err, -ENOMEM, "out of memory");
	memcpy(ks->key, key, WP_KEY_LEN);
	return 0;
}

int wp_keystream_fill(struct wp_keystream *ks, unsigned pass, uint64_t off,
		      void *buf, size_t len, struct cm_err *err)
{
	uint8_t iv[16];
	uint64_t ctr = off / 16;
	unsigned char *p = buf;
	int outl = 0;

	if (off % 16)
		return cm_err_set(
			err, -EINVAL,
			"keystream offset %llu is not a multiple of 16",
			(unsigned long long)off);
	for (int i = 0; i < 8; i++) {
		iv[i] = (uint8_t)((uint64_t)pass >> (56 - 8 * i));
		iv[8 + i] = (uint8_t)(ctr >> (56 - 8 * i));
	}
	/* CTR keystream = the encryption of zeros */
	memset(p, 0, len);
	if (EVP_EncryptInit_ex(ks->ctx, EVP_aes_128_ctr(), NULL, ks->key, iv) !=
	    1)
		return cm_err_set(err, -EIO, "AES-128-CTR: cannot initialise");
	while (len) {
		int chunk = len > (1u << 30) ? 1 << 30 : (int)len;

		if (EVP_EncryptUpdate(ks->ctx, p, &outl, p, chunk) != 1 ||
		    outl != chunk)
			return cm_err_set(err, -EIO, "AES-128-CTR: failed");
		p += chunk;
		len -= (size_t)chunk;
	}
	return 0;
}

void wp_keystream_release(struct wp_keystream *ks)
{
	if (!ks)
		return;
	EVP_CIPHER_CTX_free(ks->ctx);
	ks->ctx = NULL;
	OPENSSL_cleanse(ks->key, sizeof(ks->key));
}
