// SPDX-License-Identifier: Apache-2.0
/*
 * The age v1 format: header, stanzas, STREAM payload (C2SP age.md).
 * Recipient and identity parsing are in cm_age_key.c.
 * Long: the header, the stanzas and the payload share one key schedule
 * (HKDF labels, the AEAD, the MAC); split, its helpers would be exported.
 */
#include <errno.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/rsa.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cm_age.h"
#include "cm_buf.h"
#include "cm_random.h"

#define TAG_LEN	      16
#define NONCE_LEN     16
#define COLS	      64
#define X25519_LABEL  "age-encryption.org/v1/X25519"
#define ED25519_LABEL "age-encryption.org/v1/ssh-ed25519"
#define RSA_LABEL     "age-encryption.org/v1/ssh-rsa"

static int bad(struct cm_err *err, const char *what)
{
	return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR, "%s", what);
}

/* HKDF-SHA-256 (RFC 5869); an empty salt is the RFC's default. */
static int hkdf(const void *ikm, size_t ikm_len, const void *salt,
		size_t salt_len, const char *info, uint8_t *out, size_t out_len)
{
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
	EVP_KDF_CTX *k = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	OSSL_PARAM p[5], *q = p;
	uint8_t none = 0;
	int ok;

	*q++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						(char *)"SHA256", 0);
	*q++ = OSSL_PARAM_construct_octet_string(
		OSSL_KDF_PARAM_KEY, ikm_len ? (void *)ikm : &none, ikm_len);
	if (salt_len)
		*q++ = OSSL_PARAM_construct_octet_string(
			OSSL_KDF_PARAM_SALT, (void *)salt, salt_len);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
						 (void *)info, strlen(info));
	*q = OSSL_PARAM_construct_end();
	ok = k && EVP_KDF_derive(k, out, out_len, p) == 1;
	EVP_KDF_CTX_free(k);
	EVP_KDF_free(kdf);
	return ok ? 0 : -EIO;
}

/* ChaCha20-Poly1305 with @nonce (12 bytes); @out holds @len + 16. */
static int aead(EVP_CIPHER_CTX *c, bool enc, const uint8_t key[32],
		const uint8_t nonce[12], const uint8_t *in, size_t len,
		uint8_t *out)
{
	int n = 0, m = 0;

	if (enc) {
		if (EVP_EncryptInit_ex(c, key ? EVP_chacha20_poly1305() : NULL,
				       NULL, key, nonce) != 1 ||
		    EVP_EncryptUpdate(c, out, &n, in, (int)len) != 1 ||
		    EVP_EncryptFinal_ex(c, out + n, &m) != 1 ||
		    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, TAG_LEN,
					out + len) != 1)
			return -EIO;
		return 0;
	}
	if (len < TAG_LEN)
		return -EBADMSG;
	len -= TAG_LEN;
	if (EVP_DecryptInit_ex(c, key ? EVP_chacha20_poly1305() : NULL, NULL,
			       key, nonce) != 1 ||
	    EVP_DecryptUpdate(c, out, &n, in, (int)len) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, TAG_LEN,
				(void *)(in + len)) != 1 ||
	    EVP_DecryptFinal_ex(c, out + n, &m) != 1)
		return -EBADMSG;
	return 0;
}

/* One-shot AEAD with a zero nonce (the stanza bodies). */
static int aead_once(bool enc, const uint8_t key[32], const uint8_t *in,
		     size_t len, uint8_t *out)
{
	static const uint8_t zero[12];
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int rc = c ? aead(c, enc, key, zero, in, len, out) : -ENOMEM;

	EVP_CIPHER_CTX_free(c);
	return rc;
}

/* X25519(@sk, @pk); fails on an all-zero result (a low-order point). */
static int x25519(const uint8_t sk[32], const uint8_t pk[32], uint8_t out[32])
{
	EVP_PKEY *a =
		EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, sk, 32);
	EVP_PKEY *b =
		EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, pk, 32);
	EVP_PKEY_CTX *c = a ? EVP_PKEY_CTX_new(a, NULL) : NULL;
	size_t n = 32;
	int ok = c && b && EVP_PKEY_derive_init(c) == 1 &&
		 EVP_PKEY_derive_set_peer(c, b) == 1 &&
		 EVP_PKEY_derive(c, out, &n) == 1 && n == 32;

	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(a);
	EVP_PKEY_free(b);
	return ok ? 0 : -EBADMSG;
}

int cm_age_x25519_pub(const uint8_t sk[32], uint8_t pk[32])
{
	EVP_PKEY *a =
		EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, sk, 32);
	size_t n = 32;
	int ok = a && EVP_PKEY_get_raw_public_key(a, pk, &n) == 1 && n == 32;

	EVP_PKEY_free(a);
	return ok ? 0 : -EIO;
}

/* Canonical unpadded base64 (RFC 4648 4), via libsodium. */
static int b64_dec(const char *s, size_t n, uint8_t *out, size_t max,
		   size_t *len)
{
	const char *end;

	if (sodium_base642bin(out, max, s, n, NULL, len, &end,
			      sodium_base64_VARIANT_ORIGINAL_NO_PADDING) ||
	    end != s + n)
		return -EBADMSG;
	return 0;
}

static int b64_enc(struct cm_buf *b, const uint8_t *in, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(
		n, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	char *t = malloc(cap);
	int rc;

	if (!t)
		return -ENOMEM;
	sodium_bin2base64(t, cap, in, n,
			  sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	rc = cm_buf_append(b, t, strlen(t));
	free(t);
	return rc;
}

/* ---- the header ---- */

void cm_age_header_release(struct cm_age_header *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++) {
		for (size_t j = 0; j < h->st[i].n_args; j++)
			free(h->st[i].args[j]);
		free(h->st[i].body);
	}
	free(h->st);
	memset(h, 0, sizeof(*h));
}

static bool is_b64(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/* The stanza whose "-> " line is [@p, @eol); its body lines follow. */
static int parse_stanza(const uint8_t *buf, size_t len, size_t *pos, size_t eol,
			struct cm_age_stanza *s, struct cm_err *err)
{
	size_t p = *pos + 3, body_start, body_chars = 0;

	while (p < eol) {
		size_t a = p;

		while (p < eol && buf[p] != ' ') {
			if (buf[p] < 33 || buf[p] > 126)
				return bad(
					err,
					"a stanza argument holds a character that is not printable ASCII");
			p++;
		}
		if (p == a)
			return bad(err, "a stanza has an empty argument");
		if (s->n_args == CM_AGE_ARGS_MAX)
			return bad(err, "a stanza has too many arguments");
		s->args[s->n_args] = strndup((const char *)buf + a, p - a);
		if (!s->args[s->n_args])
			return cm_err_set(err, -ENOMEM, "out of memory");
		s->n_args++;
		if (p < eol)
			p++; /* the space; a trailing one is an empty arg */
		if (p == eol && buf[p - 1] == ' ')
			return bad(err, "a stanza has an empty argument");
	}
	if (!s->n_args)
		return bad(err, "a stanza has no type");
	p = eol + 1;
	body_start = p;
	/* body lines: full 64-column lines, then one shorter (maybe empty) */
	for (;;) {
		size_t l = p, n;

		while (l < len && buf[l] != '\n' && l - p <= COLS)
			l++;
		if (l >= len)
			return -EAGAIN;
		n = l - p;
		if (n > COLS || buf[l] != '\n')
			return bad(
				err,
				"a stanza body line is longer than 64 columns");
		for (size_t i = p; i < l; i++)
			if (!is_b64((char)buf[i]))
				return bad(err, "a stanza body is not base64");
		body_chars += n;
		p = l + 1;
		if (n < COLS)
			break;
	}
	if (body_chars) {
		char *t = malloc(body_chars);
		size_t k = 0, out_len = 0;
		int rc;

		s->body = malloc(body_chars);
		if (!t || !s->body) {
			free(t);
			return cm_err_set(err, -ENOMEM, "out of memory");
		}
		for (size_t i = body_start; i < p; i++)
			if (buf[i] != '\n')
				t[k++] = (char)buf[i];
		rc = b64_dec(t, k, s->body, body_chars, &out_len);
		free(t);
		if (rc)
			return bad(err,
				   "a stanza body is not canonical base64");
		s->body_len = out_len;
	}
	*pos = p;
	return 0;
}

int cm_age_header_parse(const uint8_t *buf, size_t len, struct cm_age_header *h,
			struct cm_err *err)
{
	static const char ver[] = CM_AGE_VERSION "\n";
	size_t pos = sizeof(ver) - 1;
	int rc;

	memset(h, 0, sizeof(*h));
	if (len < pos)
		return memcmp(buf, ver, len)
			       ? bad(err, "not an age file (no '" CM_AGE_VERSION
					  "' line)")
			       : -EAGAIN;
	if (memcmp(buf, ver, pos))
		return bad(
			err,
			"not an age v1 file (an armored file, another version or no age file at all)");
	for (;;) {
		const uint8_t *nl = memchr(buf + pos, '\n', len - pos);
		size_t eol;

		if (!nl)
			rc = len - pos > CM_AGE_HEADER_MAX
				     ? bad(err, "header too long")
				     : -EAGAIN;
		else
			rc = 0;
		if (rc)
			goto fail;
		eol = (size_t)(nl - buf);
		if (eol - pos >= 3 && !memcmp(buf + pos, "-> ", 3)) {
			struct cm_age_stanza *ns;

			if (h->n == CM_AGE_STANZAS_MAX) {
				rc = bad(err, "too many stanzas");
				goto fail;
			}
			ns = realloc(h->st, (h->n + 1) * sizeof(*ns));
			if (!ns) {
				rc = cm_err_set(err, -ENOMEM, "out of memory");
				goto fail;
			}
			h->st = ns;
			memset(&h->st[h->n], 0, sizeof(*ns));
			h->n++;
			if ((rc = parse_stanza(buf, len, &pos, eol,
					       &h->st[h->n - 1], err)))
				goto fail;
			continue;
		}
		if (eol - pos >= 4 && !memcmp(buf + pos, "--- ", 4)) {
			size_t n = 0;

			if (!h->n) {
				rc = bad(err, "the header has no stanza");
				goto fail;
			}
			if (eol - pos - 4 != 43 ||
			    b64_dec((const char *)buf + pos + 4, 43, h->mac,
				    sizeof(h->mac), &n) ||
			    n != 32) {
				rc = bad(err,
					 "the header's MAC line is malformed");
				goto fail;
			}
			h->mac_off = pos + 3;
			h->len = eol + 1;
			return 0;
		}
		rc = bad(
			err,
			"the header holds a line that is neither a stanza nor its MAC");
		goto fail;
	}
fail:
	cm_age_header_release(h);
	return rc;
}

/* ---- wrapping the file key ---- */

static int x25519_wrap(const uint8_t pk[32], const uint8_t *tweak_ssh,
		       size_t ssh_len, const char *label,
		       const uint8_t fk[CM_AGE_FILE_KEY], uint8_t eph_pub[32],
		       uint8_t body[CM_AGE_FILE_KEY + TAG_LEN],
		       struct cm_err *err)
{
	uint8_t eph[32], shared[32], salt[64], key[32];
	int rc;

	if ((rc = cm_random_bytes(eph, sizeof(eph), err)))
		return rc;
	rc = cm_age_x25519_pub(eph, eph_pub) || x25519(eph, pk, shared);
	if (!rc && tweak_ssh) {
		uint8_t tweak[32];

		rc = hkdf(NULL, 0, tweak_ssh, ssh_len, label, tweak, 32) ||
		     x25519(tweak, shared, shared);
		OPENSSL_cleanse(tweak, sizeof(tweak));
	}
	memcpy(salt, eph_pub, 32);
	memcpy(salt + 32, pk, 32);
	if (!rc)
		rc = hkdf(shared, 32, salt, 64, label, key, 32) ||
		     aead_once(true, key, fk, CM_AGE_FILE_KEY, body);
	OPENSSL_cleanse(eph, sizeof(eph));
	OPENSSL_cleanse(shared, sizeof(shared));
	OPENSSL_cleanse(key, sizeof(key));
	return rc ? cm_err_set(err, -EIO, "cannot wrap the file key") : 0;
}

static int rsa_wrap(void *pkey, const uint8_t fk[CM_AGE_FILE_KEY],
		    uint8_t **out, size_t *out_len)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(pkey, NULL);
	char *label = OPENSSL_strdup(RSA_LABEL);
	size_t n = 0;
	int rc = -EIO;

	*out = NULL;
	if (!c || !label || EVP_PKEY_encrypt_init(c) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_oaep_md(c, EVP_sha256()) != 1 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(c, EVP_sha256()) != 1 ||
	    EVP_PKEY_CTX_set0_rsa_oaep_label(c, label, strlen(label)) != 1)
		goto out;
	label = NULL; /* owned by the context now */
	if (EVP_PKEY_encrypt(c, NULL, &n, fk, CM_AGE_FILE_KEY) != 1 ||
	    !(*out = malloc(n)) ||
	    EVP_PKEY_encrypt(c, *out, &n, fk, CM_AGE_FILE_KEY) != 1)
		goto out;
	*out_len = n;
	rc = 0;
out:
	if (rc) {
		free(*out);
		*out = NULL;
	}
	OPENSSL_free(label);
	EVP_PKEY_CTX_free(c);
	return rc;
}

static int stanza_out(struct cm_buf *b, const char *const *args, size_t n,
		      const uint8_t *body, size_t body_len)
{
	struct cm_buf t = CM_BUF_INIT(4 * CM_AGE_HEADER_MAX);
	int rc = cm_buf_append(b, "->", 2);

	for (size_t i = 0; !rc && i < n; i++)
		rc = cm_buf_append(b, " ", 1) ||
		     cm_buf_append(b, args[i], strlen(args[i]));
	rc = rc || cm_buf_append(b, "\n", 1) || b64_enc(&t, body, body_len);
	for (size_t off = 0; !rc; off += COLS) {
		size_t k = t.len - off < COLS ? t.len - off : COLS;

		rc = (k && cm_buf_append(b, t.p + off, k)) ||
		     cm_buf_append(b, "\n", 1);
		if (k < COLS)
			break;
	}
	cm_buf_release(&t);
	return rc ? -ENOMEM : 0;
}

static int wrap_one(struct cm_buf *b, const struct cm_age_recipient *r,
		    const uint8_t fk[CM_AGE_FILE_KEY], struct cm_err *err)
{
	uint8_t eph[32], body[CM_AGE_FILE_KEY + TAG_LEN];
	char eph64[48];
	int rc;

	if (r->kind == CM_AGE_SSH_RSA) {
		uint8_t *ct = NULL;
		size_t n = 0;
		const char *args[] = {"ssh-rsa", r->tag};

		if (rsa_wrap(r->rsa, fk, &ct, &n))
			return cm_err_set(
				err, -EIO,
				"cannot wrap the file key to an ssh-rsa recipient");
		rc = stanza_out(b, args, 2, ct, n);
		free(ct);
		return rc ? cm_err_set(err, rc, "out of memory") : 0;
	}
	if ((rc = x25519_wrap(r->x25519,
			      r->kind == CM_AGE_SSH_ED25519 ? r->ssh : NULL,
			      r->ssh_len,
			      r->kind == CM_AGE_SSH_ED25519 ? ED25519_LABEL
							    : X25519_LABEL,
			      fk, eph, body, err)))
		return rc;
	sodium_bin2base64(eph64, sizeof(eph64), eph, 32,
			  sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	if (r->kind == CM_AGE_SSH_ED25519) {
		const char *args[] = {"ssh-ed25519", r->tag, eph64};

		rc = stanza_out(b, args, 3, body, sizeof(body));
	} else {
		const char *args[] = {"X25519", eph64};

		rc = stanza_out(b, args, 2, body, sizeof(body));
	}
	return rc ? cm_err_set(err, rc, "out of memory") : 0;
}

/* The MAC of the header's first @n bytes under @fk. */
static int header_mac(const uint8_t fk[CM_AGE_FILE_KEY], const void *hdr,
		      size_t n, uint8_t mac[32])
{
	uint8_t k[32];
	unsigned int ml = 32;
	int ok = !hkdf(fk, CM_AGE_FILE_KEY, NULL, 0, "header", k, 32) &&
		 HMAC(EVP_sha256(), k, 32, hdr, n, mac, &ml) && ml == 32;

	OPENSSL_cleanse(k, sizeof(k));
	return ok ? 0 : -EIO;
}

/* ---- the STREAM payload ---- */

struct cm_age_enc {
	cm_age_write_fn fn;
	void *cookie;
	EVP_CIPHER_CTX *c;
	uint8_t key[32];
	uint64_t counter;
	size_t len;
	uint8_t buf[CM_AGE_CHUNK];
	uint8_t out[CM_AGE_CHUNK + TAG_LEN];
};

static void stream_nonce(uint64_t counter, bool last, uint8_t nonce[12])
{
	memset(nonce, 0, 12);
	for (int i = 0; i < 8; i++)
		nonce[10 - i] = (uint8_t)(counter >> (8 * i));
	nonce[11] = last ? 1 : 0;
}

static int payload_key(const uint8_t fk[CM_AGE_FILE_KEY],
		       const uint8_t nonce[NONCE_LEN], uint8_t key[32])
{
	return hkdf(fk, CM_AGE_FILE_KEY, nonce, NONCE_LEN, "payload", key, 32);
}

struct cm_age_enc *cm_age_enc_new(const struct cm_age_recipients *r,
				  cm_age_write_fn fn, void *cookie,
				  struct cm_err *err)
{
	struct cm_age_enc *e = NULL;
	struct cm_buf b = CM_BUF_INIT(4 * CM_AGE_HEADER_MAX);
	uint8_t fk[CM_AGE_FILE_KEY], mac[32], nonce[NONCE_LEN];
	int rc;

	if (!r || !r->n) {
		cm_err_setk(err, -EINVAL, CM_ERR_USAGE, "no age recipient");
		return NULL;
	}
	if (!(e = calloc(1, sizeof(*e))) || !(e->c = EVP_CIPHER_CTX_new())) {
		cm_err_set(err, -ENOMEM, "out of memory");
		goto fail;
	}
	e->fn = fn;
	e->cookie = cookie;
	if (cm_random_bytes(fk, sizeof(fk), err) ||
	    cm_random_bytes(nonce, sizeof(nonce), err))
		goto fail;
	if (cm_buf_append(&b, CM_AGE_VERSION "\n", sizeof(CM_AGE_VERSION)))
		goto fail;
	for (size_t i = 0; i < r->n; i++)
		if (wrap_one(&b, &r->v[i], fk, err))
			goto fail;
	rc = cm_buf_append(&b, "---", 3) || header_mac(fk, b.p, b.len, mac);
	if (rc || cm_buf_append(&b, " ", 1) || b64_enc(&b, mac, 32) ||
	    cm_buf_append(&b, "\n", 1) ||
	    cm_buf_append(&b, (const char *)nonce, NONCE_LEN)) {
		cm_err_set(err, -EIO, "cannot write the age header");
		goto fail;
	}
	if (payload_key(fk, nonce, e->key)) {
		cm_err_set(err, -EIO, "cannot derive the payload key");
		goto fail;
	}
	if (fn(cookie, b.p, b.len, err))
		goto fail;
	OPENSSL_cleanse(fk, sizeof(fk));
	cm_buf_release(&b);
	return e;
fail:
	OPENSSL_cleanse(fk, sizeof(fk));
	cm_buf_release(&b);
	cm_age_enc_free(e);
	return NULL;
}

static int enc_chunk(struct cm_age_enc *e, bool last, struct cm_err *err)
{
	uint8_t nonce[12];

	if (e->counter == UINT64_MAX >> 24)
		return cm_err_set(err, -EFBIG, "age payload too long");
	stream_nonce(e->counter, last, nonce);
	if (aead(e->c, true, e->counter ? NULL : e->key, nonce, e->buf, e->len,
		 e->out))
		return cm_err_set(err, -EIO, "ChaCha20-Poly1305 failed");
	e->counter++;
	if (e->fn(e->cookie, e->out, e->len + TAG_LEN, err))
		return err ? err->code : -EIO;
	e->len = 0;
	return 0;
}

int cm_age_enc_write(struct cm_age_enc *e, const void *buf, size_t len,
		     struct cm_err *err)
{
	const uint8_t *p = buf;

	while (len) {
		size_t k;

		/* a full chunk is the last one only if nothing follows */
		if (e->len == CM_AGE_CHUNK) {
			int rc = enc_chunk(e, false, err);

			if (rc)
				return rc;
		}
		k = CM_AGE_CHUNK - e->len < len ? CM_AGE_CHUNK - e->len : len;
		memcpy(e->buf + e->len, p, k);
		e->len += k;
		p += k;
		len -= k;
	}
	return 0;
}

int cm_age_enc_finish(struct cm_age_enc *e, struct cm_err *err)
{
	return enc_chunk(e, true, err);
}

void cm_age_enc_free(struct cm_age_enc *e)
{
	if (!e)
		return;
	EVP_CIPHER_CTX_free(e->c);
	OPENSSL_cleanse(e, sizeof(*e));
	free(e);
}

struct cm_age_dec {
	cm_age_read_fn fn;
	void *cookie;
	EVP_CIPHER_CTX *c;
	uint8_t key[32];
	uint64_t counter;
	bool done;
	size_t in_len, out_pos, out_len;
	uint8_t in[CM_AGE_CHUNK + TAG_LEN + 1];
	uint8_t out[CM_AGE_CHUNK];
};

static int unwrap_x25519(const struct cm_age_identity *id,
			 const struct cm_age_stanza *s,
			 uint8_t fk[CM_AGE_FILE_KEY], struct cm_err *err)
{
	const bool ssh = id->kind == CM_AGE_SSH_ED25519;
	const char *eph64 = s->args[ssh ? 2 : 1];
	uint8_t eph[32], shared[32], salt[64], key[32];
	size_t n = 0;
	int rc;

	if (s->n_args != (ssh ? 3u : 2u) || strlen(eph64) != 43 ||
	    b64_dec(eph64, 43, eph, 32, &n) || n != 32 ||
	    s->body_len != CM_AGE_FILE_KEY + TAG_LEN)
		return bad(err, ssh ? "malformed ssh-ed25519 stanza"
				    : "malformed X25519 stanza");
	if (x25519(id->sk, eph, shared))
		return bad(err, "an X25519 stanza holds a low-order point");
	rc = 0;
	if (ssh) {
		uint8_t tweak[32];

		rc = hkdf(NULL, 0, id->ssh, id->ssh_len, ED25519_LABEL, tweak,
			  32) ||
		     x25519(tweak, shared, shared);
		OPENSSL_cleanse(tweak, sizeof(tweak));
	}
	memcpy(salt, eph, 32);
	memcpy(salt + 32, id->pk, 32);
	rc = rc || hkdf(shared, 32, salt, 64,
			ssh ? ED25519_LABEL : X25519_LABEL, key, 32);
	OPENSSL_cleanse(shared, sizeof(shared));
	if (!rc)
		rc = aead_once(false, key, s->body, s->body_len, fk) ? 1 : 0;
	OPENSSL_cleanse(key, sizeof(key));
	return rc; /* 1: not for this identity */
}

static int unwrap_rsa(const struct cm_age_identity *id,
		      const struct cm_age_stanza *s,
		      uint8_t fk[CM_AGE_FILE_KEY])
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(id->rsa, NULL);
	char *label = OPENSSL_strdup(RSA_LABEL);
	uint8_t out[1024];
	size_t n = sizeof(out);
	int rc = 1;

	if (c && label && s->body_len <= sizeof(out) &&
	    EVP_PKEY_decrypt_init(c) == 1 &&
	    EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING) == 1 &&
	    EVP_PKEY_CTX_set_rsa_oaep_md(c, EVP_sha256()) == 1 &&
	    EVP_PKEY_CTX_set_rsa_mgf1_md(c, EVP_sha256()) == 1 &&
	    EVP_PKEY_CTX_set0_rsa_oaep_label(c, label, strlen(label)) == 1) {
		label = NULL;
		if (EVP_PKEY_decrypt(c, out, &n, s->body, s->body_len) == 1 &&
		    n == CM_AGE_FILE_KEY) {
			memcpy(fk, out, CM_AGE_FILE_KEY);
			rc = 0;
		}
	}
	OPENSSL_cleanse(out, sizeof(out));
	OPENSSL_free(label);
	EVP_PKEY_CTX_free(c);
	return rc;
}

/* 0 with @fk set, 1 when no identity opens a stanza, <0 malformed. */
static int unwrap(const struct cm_age_identities *ids,
		  const struct cm_age_header *h, uint8_t fk[CM_AGE_FILE_KEY],
		  struct cm_err *err)
{
	for (size_t i = 0; i < h->n; i++) {
		const struct cm_age_stanza *s = &h->st[i];

		if (!strcmp(s->args[0], "scrypt") && h->n > 1)
			return bad(err, "an scrypt stanza is not alone");
	}
	for (size_t k = 0; k < ids->n; k++) {
		const struct cm_age_identity *id = &ids->v[k];

		for (size_t i = 0; i < h->n; i++) {
			const struct cm_age_stanza *s = &h->st[i];
			int rc = 1;

			if (id->kind == CM_AGE_X25519 &&
			    !strcmp(s->args[0], "X25519"))
				rc = unwrap_x25519(id, s, fk, err);
			else if (id->kind == CM_AGE_SSH_ED25519 &&
				 !strcmp(s->args[0], "ssh-ed25519") &&
				 s->n_args > 1 && !strcmp(s->args[1], id->tag))
				rc = unwrap_x25519(id, s, fk, err);
			else if (id->kind == CM_AGE_SSH_RSA &&
				 !strcmp(s->args[0], "ssh-rsa") &&
				 s->n_args == 2 && !strcmp(s->args[1], id->tag))
				rc = unwrap_rsa(id, s, fk);
			if (rc <= 0)
				return rc;
		}
	}
	return 1;
}

/* Read until @buf holds @want bytes or the input ends. */
static ssize_t read_full(struct cm_age_dec *d, uint8_t *buf, size_t want)
{
	size_t got = 0;

	while (got < want) {
		ssize_t n = d->fn(d->cookie, buf + got, want - got);

		if (n < 0)
			return n;
		if (!n)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

struct cm_age_dec *cm_age_dec_new(const struct cm_age_identities *ids,
				  cm_age_read_fn fn, void *cookie,
				  struct cm_err *err)
{
	struct cm_age_dec *d = calloc(1, sizeof(*d));
	struct cm_age_header h = {0};
	uint8_t *hb = NULL, fk[CM_AGE_FILE_KEY], mac[32];
	size_t hl = 0, cap = 0;
	ssize_t n;
	int rc;

	if (!d || !(d->c = EVP_CIPHER_CTX_new())) {
		cm_err_set(err, -ENOMEM, "out of memory");
		goto fail;
	}
	d->fn = fn;
	d->cookie = cookie;
	for (;;) {
		if (hl == cap) {
			uint8_t *nb;

			if (cap >= CM_AGE_HEADER_MAX) {
				bad(err, "age header too long");
				goto fail;
			}
			cap = cap ? cap * 2 : 4096;
			if (!(nb = realloc(hb, cap))) {
				cm_err_set(err, -ENOMEM, "out of memory");
				goto fail;
			}
			hb = nb;
		}
		n = fn(cookie, hb + hl, cap - hl);
		if (n < 0) {
			cm_err_setk(err, (int)n, CM_ERR_IOERR,
				    "cannot read: %s", strerror((int)-n));
			goto fail;
		}
		hl += (size_t)n;
		rc = cm_age_header_parse(hb, hl, &h, err);
		if (!rc)
			break;
		if (rc != -EAGAIN)
			goto fail;
		if (!n) {
			bad(err, hl ? "truncated age header"
				    : "empty file, not an age file");
			goto fail;
		}
	}
	rc = unwrap(ids, &h, fk, err);
	if (rc == 1) {
		cm_err_setk(
			err, -ENOKEY, CM_ERR_NOPERM,
			"no identity given opens this file (it is encrypted to other keys)");
		goto fail;
	}
	if (rc)
		goto fail;
	rc = header_mac(fk, hb, h.mac_off, mac);
	if (rc || CRYPTO_memcmp(mac, h.mac, 32)) {
		bad(err,
		    "the age header's MAC does not match: the header was altered");
		goto fail_key;
	}
	/* the payload nonce, then what was read past it */
	{
		uint8_t nonce[NONCE_LEN];
		size_t have = hl - h.len;

		if (have < NONCE_LEN) {
			memcpy(nonce, hb + h.len, have);
			n = read_full(d, nonce + have, NONCE_LEN - have);
			if (n < 0 || (size_t)n != NONCE_LEN - have) {
				bad(err, "truncated age file (no payload)");
				goto fail_key;
			}
			have = 0;
		} else {
			memcpy(nonce, hb + h.len, NONCE_LEN);
			have -= NONCE_LEN;
			memcpy(d->in, hb + h.len + NONCE_LEN, have);
			d->in_len = have;
		}
		if (payload_key(fk, nonce, d->key)) {
			cm_err_set(err, -EIO, "cannot derive the payload key");
			goto fail_key;
		}
	}
	OPENSSL_cleanse(fk, sizeof(fk));
	cm_age_header_release(&h);
	free(hb);
	return d;
fail_key:
	OPENSSL_cleanse(fk, sizeof(fk));
fail:
	cm_age_header_release(&h);
	free(hb);
	cm_age_dec_free(d);
	return NULL;
}

static int dec_chunk(struct cm_age_dec *d, struct cm_err *err)
{
	const size_t full = CM_AGE_CHUNK + TAG_LEN;
	uint8_t nonce[12];
	ssize_t n = read_full(d, d->in + d->in_len, full + 1 - d->in_len);
	bool last;
	size_t clen;

	if (n < 0)
		return cm_err_setk(err, (int)n, CM_ERR_IOERR, "cannot read: %s",
				   strerror((int)-n));
	d->in_len += (size_t)n;
	last = d->in_len <= full;
	clen = last ? d->in_len : full;
	if (clen < TAG_LEN || (last && clen == TAG_LEN && d->counter))
		return bad(
			err,
			"truncated age file: the payload ends before its last chunk");
	if (d->counter == UINT64_MAX >> 24)
		return bad(err, "age payload too long");
	stream_nonce(d->counter, last, nonce);
	if (aead(d->c, false, d->counter ? NULL : d->key, nonce, d->in, clen,
		 d->out))
		return bad(
			err,
			last ? "the age payload fails its authentication: corrupted or truncated"
			     : "the age payload fails its authentication: corrupted");
	d->counter++;
	d->out_pos = 0;
	d->out_len = clen - TAG_LEN;
	if (last) {
		d->done = true;
		d->in_len = 0;
	} else {
		d->in[0] = d->in[full];
		d->in_len = 1;
	}
	return 0;
}

ssize_t cm_age_dec_read(struct cm_age_dec *d, void *buf, size_t len,
			struct cm_err *err)
{
	size_t k;

	while (d->out_pos == d->out_len) {
		int rc;

		if (d->done)
			return 0;
		if ((rc = dec_chunk(d, err)))
			return rc;
	}
	k = d->out_len - d->out_pos < len ? d->out_len - d->out_pos : len;
	memcpy(buf, d->out + d->out_pos, k);
	d->out_pos += k;
	return (ssize_t)k;
}

void cm_age_dec_free(struct cm_age_dec *d)
{
	if (!d)
		return;
	EVP_CIPHER_CTX_free(d->c);
	OPENSSL_cleanse(d, sizeof(*d));
	free(d);
}

ssize_t cm_age_fd_read(void *cookie, void *buf, size_t len)
{
	int fd = *(int *)cookie;

	for (;;) {
		ssize_t n = read(fd, buf, len);

		if (n >= 0)
			return n;
		if (errno != EINTR)
			return -errno;
	}
}

int cm_age_fd_write(void *cookie, const void *buf, size_t len,
		    struct cm_err *err)
{
	const char *p = buf;
	int fd = *(int *)cookie;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return cm_err_setk(err, -errno, CM_ERR_IOERR,
					   "cannot write: %s", strerror(errno));
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
