// SPDX-License-Identifier: Apache-2.0
/* OpenSSH KRL reader and writer (openssh-portable PROTOCOL.krl). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "cm_buf.h"
#include "rs_krl.h"

#define KRL_MAGIC		       0x5353484b524c0a00ULL /* "SSHKRL\n\0" */
#define KRL_FORMAT_VERSION	       1
#define KRL_SECTION_EXPLICIT_KEY       2
#define KRL_SECTION_SIGNATURE	       4
#define KRL_SECTION_FINGERPRINT_SHA256 5
#define KRL_MAX_SECTION		       (64u * 1024 * 1024)

struct rd {
	const uint8_t *p;
	size_t left;
};

static int rd_u8(struct rd *r, uint8_t *v)
{
	if (r->left < 1)
		return -EBADMSG;
	*v = r->p[0];
	r->p++;
	r->left--;
	return 0;
}

static int rd_u32(struct rd *r, uint32_t *v)
{
	if (r->left < 4)
		return -EBADMSG;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
	     (uint32_t)r->p[2] << 8 | r->p[3];
	r->p += 4;
	r->left -= 4;
	return 0;
}

static int rd_u64(struct rd *r, uint64_t *v)
{
	uint32_t hi, lo;

	if (rd_u32(r, &hi) || rd_u32(r, &lo))
		return -EBADMSG;
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

static int rd_str(struct rd *r, const uint8_t **s, size_t *n)
{
	uint32_t len;

	if (rd_u32(r, &len) || len > r->left || len > KRL_MAX_SECTION)
		return -EBADMSG;
	*s = r->p;
	*n = len;
	r->p += len;
	r->left -= len;
	return 0;
}

bool rs_krl_is_krl(const uint8_t *buf, size_t len)
{
	struct rd r = {buf, len};
	uint64_t m;

	return rd_u64(&r, &m) == 0 && m == KRL_MAGIC;
}

void rs_krl_release(struct rs_krl *k)
{
	if (!k)
		return;
	free(k->comment);
	free(k->sha256);
	free(k->explicit_sha256);
	for (size_t i = 0; i < k->n_other; i++)
		free(k->other[i].data);
	free(k->other);
	memset(k, 0, sizeof(*k));
}

static int push_hash(uint8_t (**arr)[32], size_t *n, const uint8_t h[32])
{
	uint8_t(*a)[32] = realloc(*arr, (*n + 1) * sizeof(**arr));

	if (!a)
		return -ENOMEM;
	*arr = a;
	memcpy(a[*n], h, 32);
	(*n)++;
	return 0;
}

static int keep_section(struct rs_krl *k, uint8_t type, const uint8_t *d,
			size_t n)
{
	struct rs_krl_section *s =
		realloc(k->other, (k->n_other + 1) * sizeof(*s));

	if (!s)
		return -ENOMEM;
	k->other = s;
	s[k->n_other].type = type;
	s[k->n_other].len = n;
	s[k->n_other].data = malloc(n ? n : 1);
	if (!s[k->n_other].data)
		return -ENOMEM;
	if (n)
		memcpy(s[k->n_other].data, d, n);
	k->n_other++;
	return 0;
}

int rs_krl_parse(const uint8_t *buf, size_t len, struct rs_krl *k,
		 struct cm_err *err)
{
	struct rd r = {buf, len};
	uint64_t magic;
	uint32_t fv = 0;
	const uint8_t *s;
	size_t n;
	int rc = -EBADMSG;

	memset(k, 0, sizeof(*k));
	if (rd_u64(&r, &magic) || magic != KRL_MAGIC)
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "not an OpenSSH KRL (bad magic)");
	if (rd_u32(&r, &fv) || fv != KRL_FORMAT_VERSION)
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "KRL format version %u is not supported",
				   fv);
	if (rd_u64(&r, &k->version) || rd_u64(&r, &k->date) ||
	    rd_u64(&r, &k->flags) || rd_str(&r, &s, &n) /* reserved */ ||
	    rd_str(&r, &s, &n))
		goto bad;
	k->comment = strndup((const char *)s, n);
	if (!k->comment)
		goto nomem;
	while (r.left) {
		uint8_t type;
		struct rd sec;

		if (rd_u8(&r, &type) || rd_str(&r, &s, &n))
			goto bad;
		if (type == KRL_SECTION_SIGNATURE) {
			rs_krl_release(k);
			return cm_err_setk(
				err, -ENOTSUP, CM_ERR_DATAERR,
				"signed KRLs are not supported (OpenSSH 9.4 and later refuse them)");
		}
		sec.p = s;
		sec.left = n;
		if (type == KRL_SECTION_FINGERPRINT_SHA256) {
			while (sec.left) {
				const uint8_t *h;
				size_t hn;

				if (rd_str(&sec, &h, &hn) || hn != 32)
					goto bad;
				if (push_hash(&k->sha256, &k->n_sha256, h))
					goto nomem;
			}
			continue;
		}
		if (type == KRL_SECTION_EXPLICIT_KEY) {
			while (sec.left) {
				const uint8_t *blob;
				size_t bn;
				uint8_t h[32];

				if (rd_str(&sec, &blob, &bn) || !bn)
					goto bad;
				if (!EVP_Digest(blob, bn, h, NULL, EVP_sha256(),
						NULL) ||
				    push_hash(&k->explicit_sha256,
					      &k->n_explicit, h))
					goto nomem;
			}
		}
		if (type == 255) {
			const uint8_t *name;
			size_t nn;
			static const char bloom[] = "bloom-key-hash-sha256";

			/*
			 * The SHA256 section is rewritten with more hashes, so
			 * a Bloom filter over the old set would hide new ones;
			 * it is optional (not critical) and is dropped.
			 */
			if (rd_str(&sec, &name, &nn))
				goto bad;
			if (nn == sizeof(bloom) - 1 && !memcmp(name, bloom, nn))
				continue;
		}
		if (keep_section(k, type, s, n))
			goto nomem;
	}
	return 0;
nomem:
	rc = -ENOMEM;
bad:
	rs_krl_release(k);
	if (rc == -ENOMEM)
		return cm_err_set(err, rc, "out of memory reading KRL");
	return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
			   "KRL is truncated or malformed");
}

bool rs_krl_has(const struct rs_krl *k, const uint8_t h[32])
{
	for (size_t i = 0; i < k->n_sha256; i++)
		if (!memcmp(k->sha256[i], h, 32))
			return true;
	for (size_t i = 0; i < k->n_explicit; i++)
		if (!memcmp(k->explicit_sha256[i], h, 32))
			return true;
	return false;
}

int rs_krl_add(struct rs_krl *k, const uint8_t h[32])
{
	for (size_t i = 0; i < k->n_sha256; i++)
		if (!memcmp(k->sha256[i], h, 32))
			return 0;
	return push_hash(&k->sha256, &k->n_sha256, h) ? -ENOMEM : 1;
}

/* KRL sections are written big-endian into a buffer with a maximum */
#define KRL_MAX ((size_t)64 << 20)

static void wr_u32(struct cm_buf *w, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16),
			(uint8_t)(v >> 8), (uint8_t)v};

	cm_buf_append(w, b, 4);
}

static void wr_u64(struct cm_buf *w, uint64_t v)
{
	wr_u32(w, (uint32_t)(v >> 32));
	wr_u32(w, (uint32_t)v);
}

static void wr_str(struct cm_buf *w, const void *d, size_t n)
{
	wr_u32(w, (uint32_t)n);
	cm_buf_append(w, d, n);
}

static int cmp_hash(const void *a, const void *b)
{
	return memcmp(a, b, 32);
}

int rs_krl_write(const struct rs_krl *k, uint8_t **out, size_t *len)
{
	struct cm_buf w = CM_BUF_INIT(KRL_MAX), sec = CM_BUF_INIT(KRL_MAX);
	uint8_t(*sorted)[32] = NULL;
	const char *comment = k->comment ? k->comment : "";

	*out = NULL;
	*len = 0;
	wr_u64(&w, KRL_MAGIC);
	wr_u32(&w, KRL_FORMAT_VERSION);
	wr_u64(&w, k->version);
	wr_u64(&w, k->date);
	wr_u64(&w, 0); /* no flags are defined */
	wr_str(&w, "", 0);
	wr_str(&w, comment, strlen(comment));
	for (size_t i = 0; i < k->n_other; i++) {
		uint8_t t = k->other[i].type;

		cm_buf_append(&w, &t, 1);
		wr_str(&w, k->other[i].data, k->other[i].len);
	}
	if (k->n_sha256) {
		uint8_t t = KRL_SECTION_FINGERPRINT_SHA256;
		size_t n = 0;

		sorted = malloc(k->n_sha256 * sizeof(*sorted));
		if (!sorted)
			goto nomem;
		memcpy(sorted, k->sha256, k->n_sha256 * sizeof(*sorted));
		/* "in numeric order, treating each hash as a big-endian int" */
		qsort(sorted, k->n_sha256, sizeof(*sorted), cmp_hash);
		for (size_t i = 0; i < k->n_sha256; i++) {
			if (n && !memcmp(sorted[i], sorted[n - 1], 32))
				continue;
			memmove(sorted[n++], sorted[i], 32);
		}
		for (size_t i = 0; i < n; i++)
			wr_str(&sec, sorted[i], 32);
		cm_buf_append(&w, &t, 1);
		wr_str(&w, sec.p, sec.len);
	}
	if (w.err || sec.err)
		goto nomem;
	free(sorted);
	cm_buf_release(&sec);
	*len = w.len;
	*out = (uint8_t *)cm_buf_take(&w);
	return 0;
nomem:
	free(sorted);
	cm_buf_release(&sec);
	cm_buf_release(&w);
	return -ENOMEM;
}
