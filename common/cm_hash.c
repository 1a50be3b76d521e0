// SPDX-License-Identifier: Apache-2.0
/* SHA-256 through OpenSSL EVP, streaming and one-shot. */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cm_file.h"
#include "cm_hash.h"

int cm_sha256_init(struct cm_sha256 *h, struct cm_err *err)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	h->ctx = NULL;
	if (!ctx)
		return cm_err_set(err, -ENOMEM, "out of memory");
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(ctx);
		return cm_err_set(err, -EIO, "sha256: cannot initialise");
	}
	h->ctx = ctx;
	return 0;
}

int cm_sha256_update(struct cm_sha256 *h, const void *buf, size_t len,
		     struct cm_err *err)
{
	if (EVP_DigestUpdate(h->ctx, buf, len) != 1)
		return cm_err_set(err, -EIO, "sha256: update failed");
	return 0;
}

int cm_sha256_final(struct cm_sha256 *h, uint8_t out[CM_SHA256_LEN],
		    struct cm_err *err)
{
	unsigned int n = 0;
	int ok = EVP_DigestFinal_ex(h->ctx, out, &n);

	cm_sha256_release(h);
	if (ok != 1 || n != CM_SHA256_LEN)
		return cm_err_set(err, -EIO, "sha256: final failed");
	return 0;
}

void cm_sha256_release(struct cm_sha256 *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
}

int cm_sha256_buf(const void *buf, size_t len, uint8_t out[CM_SHA256_LEN],
		  struct cm_err *err)
{
	struct cm_sha256 h;
	int rc;

	rc = cm_sha256_init(&h, err);
	if (rc < 0)
		return rc;
	rc = cm_sha256_update(&h, buf, len, err);
	if (rc < 0) {
		cm_sha256_release(&h);
		return rc;
	}
	return cm_sha256_final(&h, out, err);
}

int cm_sha256_file(const char *path, uint8_t out[CM_SHA256_LEN],
		   struct cm_err *err)
{
	enum { BUF = 256 * 1024 };
	struct cm_sha256 h = {0};
	char *buf = NULL;
	ssize_t n;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cm_err_set(err, -errno, "cannot open '%s': %s", path,
				  strerror(errno));
	buf = malloc(BUF);
	if (!buf) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	rc = cm_sha256_init(&h, err);
	if (rc < 0)
		goto out;
	for (;;) {
		n = cm_read_some(fd, buf, BUF, path, err);
		if (n < 0) {
			rc = (int)n;
			goto out;
		}
		if (n == 0)
			break;
		rc = cm_sha256_update(&h, buf, (size_t)n, err);
		if (rc < 0)
			goto out;
	}
	rc = cm_sha256_final(&h, out, err);
out:
	cm_sha256_release(&h);
	free(buf);
	close(fd);
	return rc;
}

void cm_hex(const uint8_t *in, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = '\0';
}

int cm_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int cm_unhex(const char *in, uint8_t *out, size_t len)
{
	if (strlen(in) != 2 * len)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		int hi = cm_hexval(in[2 * i]), lo = cm_hexval(in[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}
