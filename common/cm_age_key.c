// SPDX-License-Identifier: Apache-2.0
/*
 * age recipients and identities: the bech32 encoding of X25519 keys
 * (BIP 173, as age uses it: no 90-character limit), OpenSSH public keys
 * (RFC 4253 6.6 wire format) and unencrypted OpenSSH private keys
 * (PROTOCOL.key). The Ed25519 to X25519 conversion is libsodium's: OpenSSL
 * has none.
 */
#include <errno.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "cm_age.h"
#include "cm_age_key.h"
#include "cm_file.h"
#include "cm_hash.h"

#define KEYFILE_MAX (64 * 1024)
#define SECRET_HRP  "age-secret-key-"

static const char bech32_cs[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

static uint32_t bech32_polymod(uint32_t chk, uint8_t v)
{
	static const uint32_t gen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa,
					0x3d4233dd, 0x2a1462b3};
	uint32_t b = chk >> 25;

	chk = ((chk & 0x1ffffff) << 5) ^ v;
	for (int i = 0; i < 5; i++)
		if ((b >> i) & 1)
			chk ^= gen[i];
	return chk;
}

static uint32_t bech32_hrp(const char *hrp)
{
	uint32_t chk = 1;

	for (const char *c = hrp; *c; c++)
		chk = bech32_polymod(chk, (uint8_t)(*c >> 5));
	chk = bech32_polymod(chk, 0);
	for (const char *c = hrp; *c; c++)
		chk = bech32_polymod(chk, (uint8_t)(*c & 31));
	return chk;
}

/* bech32 of @data (@n bytes) under @hrp, in @out (NUL-terminated). */
static int bech32_encode(const char *hrp, const uint8_t *data, size_t n,
			 bool upper, char *out, size_t len)
{
	uint32_t chk = bech32_hrp(hrp), acc = 0;
	size_t o = strlen(hrp), bits = 0;
	uint8_t v;

	if (len < o + 1 + (n * 8 + 4) / 5 + 6 + 1)
		return -ENOSPC;
	memcpy(out, hrp, o);
	out[o++] = '1';
	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8) | data[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			v = (uint8_t)((acc >> bits) & 31);
			chk = bech32_polymod(chk, v);
			out[o++] = bech32_cs[v];
		}
	}
	if (bits) {
		v = (uint8_t)((acc << (5 - bits)) & 31);
		chk = bech32_polymod(chk, v);
		out[o++] = bech32_cs[v];
	}
	for (int i = 0; i < 6; i++)
		chk = bech32_polymod(chk, 0);
	chk ^= 1;
	for (int i = 0; i < 6; i++)
		out[o++] = bech32_cs[(chk >> (5 * (5 - i))) & 31];
	out[o] = '\0';
	if (upper)
		for (size_t i = 0; i < o; i++)
			if (out[i] >= 'a' && out[i] <= 'z')
				out[i] = (char)(out[i] - 'a' + 'A');
	return 0;
}

/*
 * Decode the bech32 string @s (@n chars, one case) whose HRP must be
 * @hrp into exactly @want bytes. 0 or -EINVAL.
 */
static int bech32_decode(const char *s, size_t n, const char *hrp, uint8_t *out,
			 size_t want)
{
	size_t hl = strlen(hrp), got = 0, bits = 0;
	bool lo = false, up = false;
	uint32_t chk, acc = 0;
	uint8_t d[256];
	size_t nd;

	if (n < hl + 7 || n - hl - 1 > sizeof(d) || s[hl] != '1')
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		lo |= s[i] >= 'a' && s[i] <= 'z';
		up |= s[i] >= 'A' && s[i] <= 'Z';
		if (s[i] < 33 || s[i] > 126)
			return -EINVAL;
	}
	if (lo && up)
		return -EINVAL;
	for (size_t i = 0; i < hl; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != hrp[i])
			return -EINVAL;
	}
	nd = n - hl - 1;
	for (size_t i = 0; i < nd; i++) {
		char c = s[hl + 1 + i];
		const char *p;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		p = c ? strchr(bech32_cs, c) : NULL;
		if (!p)
			return -EINVAL;
		d[i] = (uint8_t)(p - bech32_cs);
	}
	chk = bech32_hrp(hrp);
	for (size_t i = 0; i < nd; i++)
		chk = bech32_polymod(chk, d[i]);
	if (chk != 1)
		return -EINVAL;
	for (size_t i = 0; i + 6 < nd; i++) {
		acc = (acc << 5) | d[i];
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (got == want)
				return -EINVAL;
			out[got++] = (uint8_t)((acc >> bits) & 0xff);
		}
	}
	if (bits >= 5 || (acc & ((1u << bits) - 1)) || got != want)
		return -EINVAL;
	return 0;
}

/* ---- SSH wire format ---- */

struct rd {
	const uint8_t *p;
	size_t n;
};

static int rd_u32(struct rd *r, uint32_t *v)
{
	if (r->n < 4)
		return -EINVAL;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
	     (uint32_t)r->p[2] << 8 | r->p[3];
	r->p += 4;
	r->n -= 4;
	return 0;
}

static int rd_str(struct rd *r, const uint8_t **s, size_t *len)
{
	uint32_t l;

	if (rd_u32(r, &l) || l > r->n)
		return -EINVAL;
	*s = r->p;
	*len = l;
	r->p += l;
	r->n -= l;
	return 0;
}

static bool rd_is(struct rd *r, const char *want)
{
	const uint8_t *s;
	size_t l;

	return !rd_str(r, &s, &l) && l == strlen(want) && !memcmp(s, want, l);
}

static BIGNUM *rd_bn(struct rd *r)
{
	const uint8_t *s;
	size_t l;

	if (rd_str(r, &s, &l) || (l && (s[0] & 0x80)))
		return NULL;
	return BN_bin2bn(s, (int)l, NULL);
}

static void ssh_tag(const uint8_t *wire, size_t n, char tag[12])
{
	uint8_t md[CM_SHA256_LEN];

	cm_sha256_buf(wire, n, md, NULL);
	sodium_bin2base64(tag, 12, md, 4,
			  sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
}

/* An RSA key from its parts (the private ones may be NULL). */
static EVP_PKEY *rsa_key(BIGNUM *n, BIGNUM *e, BIGNUM *d, BIGNUM *p, BIGNUM *q,
			 BIGNUM *iqmp)
{
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	OSSL_PARAM *par = NULL;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	EVP_PKEY *k = NULL;
	BN_CTX *bc = BN_CTX_new();
	BIGNUM *dp = BN_new(), *dq = BN_new(), *t = BN_new();
	bool priv = d && p && q && iqmp;
	int ok = b && c && bc && dp && dq && t &&
		 OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_N, n) &&
		 OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_E, e);

	if (ok && priv)
		ok = BN_sub(t, p, BN_value_one()) && BN_mod(dp, d, t, bc) &&
		     BN_sub(t, q, BN_value_one()) && BN_mod(dq, d, t, bc) &&
		     OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_D, d) &&
		     OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_FACTOR1,
					    p) &&
		     OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_FACTOR2,
					    q) &&
		     OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_EXPONENT1,
					    dp) &&
		     OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_EXPONENT2,
					    dq) &&
		     OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
					    iqmp);
	if (ok && (par = OSSL_PARAM_BLD_to_param(b)) &&
	    EVP_PKEY_fromdata_init(c) == 1)
		EVP_PKEY_fromdata(c, &k,
				  priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
				  par);
	OSSL_PARAM_free(par);
	OSSL_PARAM_BLD_free(b);
	EVP_PKEY_CTX_free(c);
	BN_CTX_free(bc);
	BN_clear_free(dp);
	BN_clear_free(dq);
	BN_clear_free(t);
	return k;
}

/* ---- recipients ---- */

static int bad_rcpt(struct cm_err *err, const char *text, const char *why)
{
	return cm_err_setk(err, -EINVAL, CM_ERR_USAGE,
			   "age recipient '%.60s': %s", text, why);
}

static int ssh_recipient(struct cm_age_recipient *r, const char *text,
			 const char *b64, size_t n, struct cm_err *err)
{
	uint8_t *w = malloc(n);
	size_t wl = 0;
	struct rd rd;
	const uint8_t *pk;
	size_t pl;

	if (!w)
		return cm_err_set(err, -ENOMEM, "out of memory");
	if (sodium_base642bin(w, n, b64, n, NULL, &wl, NULL,
			      sodium_base64_VARIANT_ORIGINAL)) {
		free(w);
		return bad_rcpt(err, text, "the key is not base64");
	}
	r->ssh = w;
	r->ssh_len = wl;
	ssh_tag(w, wl, r->tag);
	rd = (struct rd){w, wl};
	if (r->kind == CM_AGE_SSH_ED25519) {
		if (!rd_is(&rd, "ssh-ed25519") || rd_str(&rd, &pk, &pl) ||
		    pl != 32 || rd.n)
			return bad_rcpt(err, text, "not an ssh-ed25519 key");
		if (crypto_sign_ed25519_pk_to_curve25519(r->x25519, pk))
			return bad_rcpt(err, text, "not a valid Ed25519 point");
		return 0;
	}
	{
		BIGNUM *e = NULL, *m = NULL;
		int bits;

		if (!rd_is(&rd, "ssh-rsa") || !(e = rd_bn(&rd)) ||
		    !(m = rd_bn(&rd)) || rd.n) {
			BN_free(e);
			return bad_rcpt(err, text, "not an ssh-rsa key");
		}
		bits = BN_num_bits(m);
		r->rsa = bits >= 2048 && bits <= 16384
				 ? rsa_key(m, e, NULL, NULL, NULL, NULL)
				 : NULL;
		BN_free(e);
		BN_free(m);
		if (!r->rsa)
			return bad_rcpt(err, text,
					bits < 2048
						? "an RSA key under 2048 bits"
						: "not a usable RSA key");
	}
	return 0;
}

int cm_age_recipients_add(struct cm_age_recipients *rs, const char *text,
			  struct cm_err *err)
{
	struct cm_age_recipient r = {0}, *nv;
	size_t n = strcspn(text, "\r\n");
	int rc = 0;

	if (!strncmp(text, "age1", 4)) {
		size_t l = strcspn(text, " \t\r\n");

		r.kind = CM_AGE_X25519;
		if (l != n || bech32_decode(text, l, "age", r.x25519, 32))
			return bad_rcpt(err, text,
					"not a valid age1 X25519 recipient");
	} else if (!strncmp(text, "ssh-ed25519 ", 12) ||
		   !strncmp(text, "ssh-rsa ", 8)) {
		const char *b = strchr(text, ' ') + 1;

		r.kind = text[4] == 'e' ? CM_AGE_SSH_ED25519 : CM_AGE_SSH_RSA;
		rc = ssh_recipient(&r, text, b, strcspn(b, " \t\r\n"), err);
	} else if (!strncmp(text, "AGE-SECRET-KEY-", 15)) {
		return bad_rcpt(
			err, "AGE-SECRET-KEY-...",
			"a secret key, not a recipient (use 'age-keygen -y' for its recipient)");
	} else {
		return bad_rcpt(err, text,
				"not an age1..., ssh-ed25519 or ssh-rsa key");
	}
	if (!rc && !(r.text = strndup(text, n)))
		rc = cm_err_set(err, -ENOMEM, "out of memory");
	if (!rc && !(nv = realloc(rs->v, (rs->n + 1) * sizeof(*nv))))
		rc = cm_err_set(err, -ENOMEM, "out of memory");
	if (rc) {
		free(r.ssh);
		free(r.text);
		EVP_PKEY_free(r.rsa);
		return rc;
	}
	rs->v = nv;
	rs->v[rs->n++] = r;
	return 0;
}

int cm_age_recipients_add_file(struct cm_age_recipients *r, const char *path,
			       struct cm_err *err)
{
	char *buf = NULL, *line, *next;
	size_t len = 0, before = r->n;
	unsigned ln = 0;
	int rc;

	if ((rc = cm_read_file(path, KEYFILE_MAX, &buf, &len, err)))
		return rc;
	for (line = buf; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		ln++;
		line += strspn(line, " \t");
		if (!*line || *line == '#' || *line == '\r')
			continue;
		if ((rc = cm_age_recipients_add(r, line, err))) {
			cm_err_wrap(err, "%s:%u", path, ln);
			break;
		}
	}
	if (!rc && r->n == before)
		rc = cm_err_setk(err, -EINVAL, CM_ERR_USAGE,
				 "'%s' holds no age recipient", path);
	free(buf);
	return rc;
}

void cm_age_recipients_release(struct cm_age_recipients *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].ssh);
		free(r->v[i].text);
		EVP_PKEY_free(r->v[i].rsa);
	}
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

/* ---- identities ---- */

static int id_add(struct cm_age_identities *ids, struct cm_age_identity *id,
		  struct cm_err *err)
{
	struct cm_age_identity *nv =
		realloc(ids->v, (ids->n + 1) * sizeof(*nv));

	if (!nv) {
		free(id->ssh);
		EVP_PKEY_free(id->rsa);
		OPENSSL_cleanse(id, sizeof(*id));
		return cm_err_set(err, -ENOMEM, "out of memory");
	}
	ids->v = nv;
	ids->v[ids->n++] = *id;
	OPENSSL_cleanse(id, sizeof(*id));
	return 0;
}

/* The private section of an unencrypted openssh-key-v1 key. */
static int openssh_private(struct cm_age_identities *ids, const uint8_t *bin,
			   size_t n, const char *path, struct cm_err *err)
{
	static const char magic[] = "openssh-key-v1";
	struct cm_age_identity id = {0};
	struct rd r = {bin, n}, p;
	const uint8_t *pub, *priv, *s;
	size_t pub_len, priv_len, l;
	uint32_t nkeys, c1, c2;

	if (n < sizeof(magic) || memcmp(bin, magic, sizeof(magic)))
		goto malformed;
	r.p += sizeof(magic);
	r.n -= sizeof(magic);
	if (rd_str(&r, &s, &l))
		goto malformed;
	if (l != 4 || memcmp(s, "none", 4))
		return cm_err_setk(
			err, -EINVAL, CM_ERR_USAGE,
			"'%s': a passphrase-protected OpenSSH key; decrypt a copy first (ssh-keygen -p -N '')",
			path);
	if (!rd_is(&r, "none") || rd_str(&r, &s, &l) || rd_u32(&r, &nkeys) ||
	    nkeys != 1 || rd_str(&r, &pub, &pub_len) ||
	    rd_str(&r, &priv, &priv_len))
		goto malformed;
	p = (struct rd){priv, priv_len};
	if (rd_u32(&p, &c1) || rd_u32(&p, &c2) || c1 != c2 ||
	    rd_str(&p, &s, &l))
		goto malformed;
	if (!(id.ssh = malloc(pub_len)))
		return cm_err_set(err, -ENOMEM, "out of memory");
	memcpy(id.ssh, pub, pub_len);
	id.ssh_len = pub_len;
	ssh_tag(pub, pub_len, id.tag);
	if (l == 11 && !memcmp(s, "ssh-ed25519", 11)) {
		const uint8_t *pk, *sk;
		size_t pkl, skl;

		id.kind = CM_AGE_SSH_ED25519;
		if (rd_str(&p, &pk, &pkl) || pkl != 32 ||
		    rd_str(&p, &sk, &skl) || skl != 64 ||
		    crypto_sign_ed25519_pk_to_curve25519(id.pk, pk) ||
		    crypto_sign_ed25519_sk_to_curve25519(id.sk, sk))
			goto malformed;
	} else if (l == 7 && !memcmp(s, "ssh-rsa", 7)) {
		BIGNUM *bn[6] = {0};
		bool ok = true;

		id.kind = CM_AGE_SSH_RSA;
		for (int i = 0; i < 6 && ok; i++)
			ok = (bn[i] = rd_bn(&p)) != NULL;
		/* n e d iqmp p q */
		if (ok)
			id.rsa = rsa_key(bn[0], bn[1], bn[2], bn[4], bn[5],
					 bn[3]);
		for (int i = 0; i < 6; i++)
			BN_clear_free(bn[i]);
		if (!id.rsa)
			goto malformed;
	} else {
		free(id.ssh);
		return cm_err_setk(
			err, -EINVAL, CM_ERR_USAGE,
			"'%s': an OpenSSH key of type '%.*s' (age takes ssh-ed25519 and ssh-rsa)",
			path, (int)(l > 40 ? 40 : l), s);
	}
	return id_add(ids, &id, err);
malformed:
	free(id.ssh);
	EVP_PKEY_free(id.rsa);
	OPENSSL_cleanse(&id, sizeof(id));
	return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
			   "'%s': a malformed OpenSSH private key", path);
}

static int openssh_pem(struct cm_age_identities *ids, const char *txt,
		       const char *path, struct cm_err *err)
{
	static const char end[] = "-----END OPENSSH PRIVATE KEY-----";
	const char *b = strchr(txt, '\n'), *e = strstr(txt, end);
	uint8_t *bin;
	size_t n = 0;
	int rc;

	if (!b || !e || e < b)
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "'%s': a malformed OpenSSH private key",
				   path);
	bin = malloc((size_t)(e - b));
	if (!bin)
		return cm_err_set(err, -ENOMEM, "out of memory");
	if (sodium_base642bin(bin, (size_t)(e - b), b, (size_t)(e - b),
			      " \t\r\n", &n, NULL,
			      sodium_base64_VARIANT_ORIGINAL))
		rc = cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				 "'%s': a malformed OpenSSH private key", path);
	else
		rc = openssh_private(ids, bin, n, path, err);
	OPENSSL_cleanse(bin, (size_t)(e - b));
	free(bin);
	return rc;
}

static int age_secret(struct cm_age_identities *ids, const char *line, size_t n)
{
	struct cm_age_identity id = {0};

	id.kind = CM_AGE_X25519;
	if (bech32_decode(line, n, SECRET_HRP, id.sk, 32) ||
	    cm_age_x25519_pub(id.sk, id.pk)) {
		OPENSSL_cleanse(&id, sizeof(id));
		return -EINVAL;
	}
	return id_add(ids, &id, NULL);
}

int cm_age_identities_load(struct cm_age_identities *ids, const char *path,
			   struct cm_err *err)
{
	char *buf = NULL, *line, *next;
	size_t len = 0, before = ids->n;
	unsigned ln = 0;
	int rc;

	if ((rc = cm_read_file(path, KEYFILE_MAX, &buf, &len, err)))
		return rc;
	if (!strncmp(buf, "-----BEGIN OPENSSH PRIVATE KEY-----", 35)) {
		rc = openssh_pem(ids, buf, path, err);
		goto out;
	}
	for (line = buf; line && *line; line = next) {
		size_t n;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		ln++;
		n = strcspn(line, "\r");
		if (!n || *line == '#')
			continue;
		if (strncmp(line, "AGE-SECRET-KEY-1", 16) ||
		    age_secret(ids, line, n)) {
			rc = cm_err_setk(
				err, -EINVAL, CM_ERR_USAGE,
				"%s:%u: not an AGE-SECRET-KEY-1... line", path,
				ln);
			goto out;
		}
	}
	if (ids->n == before)
		rc = cm_err_setk(err, -EINVAL, CM_ERR_USAGE,
				 "'%s' holds no age identity", path);
out:
	OPENSSL_cleanse(buf, len);
	free(buf);
	return rc;
}

void cm_age_identities_release(struct cm_age_identities *ids)
{
	if (!ids)
		return;
	for (size_t i = 0; i < ids->n; i++) {
		free(ids->v[i].ssh);
		EVP_PKEY_free(ids->v[i].rsa);
	}
	if (ids->v)
		OPENSSL_cleanse(ids->v, ids->n * sizeof(*ids->v));
	free(ids->v);
	ids->v = NULL;
	ids->n = 0;
}

int cm_age_x25519_recipient(const char *secret, char *out, size_t len,
			    struct cm_err *err)
{
	uint8_t sk[32], pk[32];
	int rc = bech32_decode(secret, strcspn(secret, " \r\n"), SECRET_HRP, sk,
			       32) ||
		 cm_age_x25519_pub(sk, pk);

	OPENSSL_cleanse(sk, sizeof(sk));
	if (rc)
		return cm_err_setk(err, -EINVAL, CM_ERR_USAGE,
				   "not an AGE-SECRET-KEY-1... identity");
	return bech32_encode("age", pk, 32, false, out, len) ? -ENOSPC : 0;
}
