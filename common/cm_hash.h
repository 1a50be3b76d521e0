/* SPDX-License-Identifier: Apache-2.0 */
/* SHA-256 through OpenSSL EVP, streaming and one-shot. */
#ifndef SANITAS_CM_HASH_H
#define SANITAS_CM_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "cm_err.h"

#define CM_SHA256_LEN 32
#define CM_SHA256_HEX 65 /* 64 hex digits + NUL */

struct cm_sha256 {
	void *ctx; /* EVP_MD_CTX, owned */
};

int cm_sha256_init(struct cm_sha256 *h, struct cm_err *err);
int cm_sha256_update(struct cm_sha256 *h, const void *buf, size_t len,
		     struct cm_err *err);
/* Writes the digest to @out and releases the context. */
int cm_sha256_final(struct cm_sha256 *h, uint8_t out[CM_SHA256_LEN],
		    struct cm_err *err);
/* Releases the context without a digest. Accepts an empty @h. */
void cm_sha256_release(struct cm_sha256 *h);

int cm_sha256_buf(const void *buf, size_t len, uint8_t out[CM_SHA256_LEN],
		  struct cm_err *err);
/* Hash a whole file, streamed in constant memory. */
int cm_sha256_file(const char *path, uint8_t out[CM_SHA256_LEN],
		   struct cm_err *err);

/* Lower-case hex of @len bytes into @out (2*len+1 bytes). */
void cm_hex(const uint8_t *in, size_t len, char *out);
/* The value of one hex digit, or -1. */
int cm_hexval(char c);
/* Parse exactly 2*@len hex digits. Returns 0 or -EINVAL. */
int cm_unhex(const char *in, uint8_t *out, size_t len);

#endif
