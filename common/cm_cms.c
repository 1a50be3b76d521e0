// SPDX-License-Identifier: Apache-2.0
/*
 * Detached CMS signatures (DER) that stock openssl verifies: sign and
 * verify.
 */
#include <errno.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_atomic.h"
#include "cm_cms.h"
#include "cm_hash.h"
#include "cm_time.h"
#include "cm_file.h"

#define SIGNED_MAX (256 * 1024 * 1024)
#define SIG_MAX	   (1024 * 1024)

static const char *ssl_reason(void)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	return r ? r : "unknown OpenSSL error";
}

/* Sign what @in yields (read to its end, a block at a time; @in freed). */
static int sign_bio(const struct cm_identity *id, BIO *in, uint8_t **der,
		    size_t *der_len, struct cm_err *err)
{
	const unsigned flags = CMS_BINARY | CMS_DETACHED | CMS_NOSMIMECAP;
	CMS_ContentInfo *cms = NULL;
	CMS_SignerInfo *si;
	ASN1_TIME *when = NULL;
	unsigned char *out = NULL;
	time_t now = cm_time_now();
	int n, rc = 0;

	*der = NULL;
	*der_len = 0;
	/* a TPM key signs only through its provider (id->propq) */
	cms = CMS_sign_ex(NULL, NULL, NULL, NULL, flags | CMS_PARTIAL, NULL,
			  id->propq);
	if (!in || !cms)
		goto ssl_fail;
	si = CMS_add1_signer(cms, id->cert, id->key, EVP_sha256(),
			     flags | CMS_PARTIAL);
	if (!si)
		goto ssl_fail;
	/*
	 * Record the signing time from our (injectable) clock: verification
	 * checks the signer's certificate at this time, so a certificate of
	 * sanitization stays verifiable after the signer's X.509 expires.
	 */
	when = X509_time_adj_ex(NULL, 0, 0, &now);
	if (!when || !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime,
						  when->type, when, -1))
		goto ssl_fail;
	for (int i = 0; i < sk_X509_num(id->chain); i++)
		if (!CMS_add1_cert(cms, sk_X509_value(id->chain, i)))
			goto ssl_fail;
	if (!CMS_final(cms, in, NULL, flags))
		goto ssl_fail;
	n = i2d_CMS_ContentInfo(cms, &out);
	if (n <= 0)
		goto ssl_fail;
	*der = malloc((size_t)n);
	if (!*der) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	memcpy(*der, out, (size_t)n);
	*der_len = (size_t)n;
	goto out;
ssl_fail:
	rc = cm_err_set(err, -EIO, "cannot sign: %s", ssl_reason());
out:
	OPENSSL_free(out);
	ASN1_TIME_free(when);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	return rc;
}

int cm_cms_sign(const struct cm_identity *id, const void *data, size_t len,
		uint8_t **der, size_t *der_len, struct cm_err *err)
{
	*der = NULL;
	*der_len = 0;
	if (len > (size_t)0x7fffffff)
		return cm_err_set(err, -EFBIG, "content too large to sign");
	return sign_bio(id, BIO_new_mem_buf(data, (int)len), der, der_len, err);
}

int cm_cms_sign_fd(const struct cm_identity *id, int fd, uint8_t **der,
		   size_t *der_len, struct cm_err *err)
{
	*der = NULL;
	*der_len = 0;
	return sign_bio(id, BIO_new_fd(fd, BIO_NOCLOSE), der, der_len, err);
}

int cm_cms_sign_file(const struct cm_identity *id, const char *content_path,
		     const char *sig_path, struct cm_err *err)
{
	char *data = NULL;
	uint8_t *der = NULL;
	size_t len = 0, der_len = 0;
	int rc;

	rc = cm_read_file(content_path, SIGNED_MAX, &data, &len, err);
	if (rc < 0)
		return rc;
	rc = cm_cms_sign(id, data, len, &der, &der_len, err);
	if (rc == 0)
		rc = cm_atomic_write_file(sig_path, der, der_len, 0644, err);
	free(der);
	free(data);
	return rc;
}

static time_t asn1_to_time(const ASN1_TIME *t)
{
	struct tm tm;

	if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
		return 0;
	return timegm(&tm);
}

/* The UTF-8 value of one subject field (exact, no escaping). */
static void name_field(X509 *cert, int nid, char *out, size_t len)
{
	X509_NAME *name = X509_get_subject_name(cert);
	int i = X509_NAME_get_index_by_NID(name, nid, -1);
	unsigned char *utf8 = NULL;
	int n;

	out[0] = '\0';
	if (i < 0)
		return;
	n = ASN1_STRING_to_UTF8(
		&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
	if (n < 0)
		return;
	if ((size_t)n < len && !memchr(utf8, '\0', (size_t)n))
		memcpy(out, utf8, (size_t)n + 1);
	OPENSSL_free(utf8);
}

static void fill_signer(CMS_ContentInfo *cms, struct cm_cms_info *info)
{
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	CMS_SignerInfo *si;
	X509 *signer = NULL;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	int idx;

	if (sk_CMS_SignerInfo_num(sis) < 1)
		return;
	si = sk_CMS_SignerInfo_value(sis, 0);
	idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
	if (idx >= 0) {
		X509_ATTRIBUTE *a = CMS_signed_get_attr(si, idx);
		ASN1_TYPE *v = X509_ATTRIBUTE_get0_type(a, 0);

		if (v && (v->type == V_ASN1_UTCTIME ||
			  v->type == V_ASN1_GENERALIZEDTIME))
			info->signing_time = asn1_to_time(v->value.utctime);
	}
	CMS_SignerInfo_get0_algs(si, NULL, &signer, NULL, NULL);
	if (!signer)
		return;
	X509_NAME_oneline(X509_get_subject_name(signer), info->signer_subject,
			  sizeof(info->signer_subject));
	name_field(signer, NID_organizationName, info->signer_org,
		   sizeof(info->signer_org));
	name_field(signer, NID_commonName, info->signer_cn,
		   sizeof(info->signer_cn));
	if (X509_digest(signer, EVP_sha256(), md, &n))
		cm_hex(md, n, info->signer_fingerprint);
	if (X509_pubkey_digest(signer, EVP_sha256(), md, &n))
		cm_hex(md, n, info->signer_key_fingerprint);
	info->signer_not_before = asn1_to_time(X509_get0_notBefore(signer));
	info->signer_not_after = asn1_to_time(X509_get0_notAfter(signer));
	{
		BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(signer),
						NULL);
		char *hex = bn ? BN_bn2hex(bn) : NULL;
		const unsigned char *der = NULL;
		size_t der_len = 0;

		snprintf(info->signer_serial, sizeof(info->signer_serial), "%s",
			 hex ? hex : "");
		OPENSSL_free(hex);
		BN_free(bn);
		if (X509_NAME_get0_der(X509_get_issuer_name(signer), &der,
				       &der_len) == 1 &&
		    der_len <= sizeof(info->signer_issuer)) {
			memcpy(info->signer_issuer, der, der_len);
			info->signer_issuer_len = der_len;
		}
	}
}

#define SIGNERS_MAX 8

/*
 * What a full verification established for one set of certificates a
 * signature carries: its signer's chain to an anchor of the store, which
 * holds again at any signing time every certificate of it is valid at.
 */
struct signer {
	uint8_t *certs; /* the DER of the SignedData's certificates field */
	size_t certs_len;
	STACK_OF(X509) * all;	/* those certificates, in their order */
	X509 *x;		/* the signer, one of them */
	STACK_OF(X509) * chain; /* signer to anchor, as verified */
};

struct cm_cms_trust {
	X509_STORE *store;
	int n; /* anchors in it */
	struct signer signers[SIGNERS_MAX];
	int next; /* the slot to fill next */
};

/* Trust the certificates of @pem in memory; *@n: how many. */
static int pem_anchors(X509_STORE *store, const char *pem, size_t pem_len,
		       int *n, struct cm_err *err)
{
	STACK_OF(X509_INFO) *infos = NULL;
	BIO *b = NULL;

	*n = 0;
	if (pem_len > (size_t)0x7fffffff)
		return cm_err_set(err, -EFBIG, "trust anchors too large");
	b = BIO_new_mem_buf(pem, (int)pem_len);
	if (b)
		infos = PEM_X509_INFO_read_bio(b, NULL, NULL, NULL);
	for (int i = 0; i < sk_X509_INFO_num(infos); i++) {
		X509_INFO *xi = sk_X509_INFO_value(infos, i);

		if (xi->x509 && X509_STORE_add_cert(store, xi->x509) == 1)
			(*n)++;
	}
	sk_X509_INFO_pop_free(infos, X509_INFO_free);
	BIO_free(b);
	ERR_clear_error();
	return 0;
}

static int no_anchors(struct cm_err *err)
{
	return cm_err_setk(err, -ENOENT, CM_ERR_NOINPUT,
			   "no trust anchor certificates");
}

int cm_cms_trust_new(const char *pem, size_t pem_len, struct cm_cms_trust **out,
		     struct cm_err *err)
{
	struct cm_cms_trust *t = calloc(1, sizeof(*t));
	int rc;

	*out = NULL;
	if (t)
		t->store = X509_STORE_new();
	if (!t || !t->store) {
		cm_cms_trust_free(t);
		return cm_err_set(err, -ENOMEM, "out of memory");
	}
	rc = pem_anchors(t->store, pem ? pem : "", pem_len, &t->n, err);
	if (rc < 0) {
		cm_cms_trust_free(t);
		return rc;
	}
	/* what the caller trusts may be a leaf (an identity's cert) */
	X509_STORE_set_flags(t->store, X509_V_FLAG_PARTIAL_CHAIN);
	*out = t;
	return 0;
}

static void signer_release(struct signer *c)
{
	free(c->certs);
	sk_X509_pop_free(c->all, X509_free);
	X509_free(c->x);
	sk_X509_pop_free(c->chain, X509_free);
	memset(c, 0, sizeof(*c));
}

void cm_cms_trust_free(struct cm_cms_trust *t)
{
	if (!t)
		return;
	for (int i = 0; i < SIGNERS_MAX; i++)
		signer_release(&t->signers[i]);
	X509_STORE_free(t->store);
	free(t);
}

/*
 * The verification, against the prepared anchors of @t, else the CA file
 * @ca_pem_path, else the signer itself.
 */
static int verify(const void *data, size_t len, const uint8_t *der,
		  size_t der_len, const char *ca_pem_path,
		  struct cm_cms_trust *t, struct cm_cms_info *info,
		  struct cm_err *err)
{
	const unsigned char *p = der;
	CMS_ContentInfo *cms = NULL;
	struct cm_cms_info local = {0};
	STACK_OF(X509) *certs = NULL;
	X509_STORE *store = NULL;
	X509_VERIFY_PARAM *param;
	BIO *in = NULL;
	int rc = 0, nsi;

	if (!info)
		info = &local;
	memset(info, 0, sizeof(*info));
	if (der_len > (size_t)0x7fffffff || len > (size_t)0x7fffffff)
		return cm_err_set(err, -EFBIG,
				  "signature or content too large");
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)der_len);
	if (!cms || p != der + der_len ||
	    OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		rc = cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				 "the signature is not a DER CMS SignedData");
		goto out;
	}
	{
		/* ours are detached: embedded content is not our format */
		ASN1_OCTET_STRING **pos = CMS_get0_content(cms);

		if (!pos || *pos) {
			rc = cm_err_setk(
				err, -EBADMSG, CM_ERR_DATAERR,
				"the signature is not a detached CMS signature");
			goto out;
		}
	}
	nsi = sk_CMS_SignerInfo_num(CMS_get0_SignerInfos(cms));
	if (nsi != 1) {
		rc = cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				 "the signature has %d signers, expected 1",
				 nsi);
		goto out;
	}
	/* resolve the signer from the certificates the CMS carries */
	CMS_set1_signers_certs(cms, NULL, 0);
	ERR_clear_error();
	fill_signer(cms, info);
	/* parsing the anchors costs more than the signature check itself */
	store = t ? t->store : X509_STORE_new();
	in = BIO_new_mem_buf(data, (int)len);
	if (!store || !in) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	if (t) {
		if (!t->n) {
			rc = no_anchors(err);
			goto out;
		}
	} else if (ca_pem_path) {
		if (X509_STORE_load_file(store, ca_pem_path) != 1) {
			rc = cm_err_setk(
				err, -ENOENT, CM_ERR_NOINPUT,
				"cannot load CA certificates from '%s'",
				ca_pem_path);
			goto out;
		}
		/* what the caller trusts may be a leaf (an identity's cert) */
		X509_STORE_set_flags(store, X509_V_FLAG_PARTIAL_CHAIN);
	} else {
		/*
		 * No trust anchor given: the embedded signer is its own
		 * anchor. This proves integrity and who signed, not that the
		 * signer is trusted; --ca adds that.
		 */
		certs = CMS_get1_certs(cms);
		for (int i = 0; i < sk_X509_num(certs); i++)
			X509_STORE_add_cert(store, sk_X509_value(certs, i));
		X509_STORE_set_flags(store, X509_V_FLAG_PARTIAL_CHAIN);
	}
	param = X509_STORE_get0_param(store);
	X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_ANY);
	if (info->signing_time) {
		X509_VERIFY_PARAM_set_time(param, info->signing_time);
	} else {
		rc = 1;
		cm_err_set(err, 0, "the signature has no signing time");
		goto out;
	}
	ERR_clear_error();
	/*
	 * Hand CMS_verify a null filter over the memory BIO: with a bare
	 * memory BIO, OpenSSL 3.0 makes a second one of its own, which it
	 * leaks on some malformed signatures (found by fuzz_cert).
	 */
	{
		BIO *nf = BIO_new(BIO_f_null());

		if (!nf) {
			rc = cm_err_set(err, -ENOMEM, "out of memory");
			goto out;
		}
		in = BIO_push(nf, in);
	}
	if (CMS_verify(cms, NULL, store, in, NULL, CMS_BINARY) == 1) {
		info->anchored = t || ca_pem_path;
	} else {
		const char *detail = NULL;
		unsigned long e = ERR_peek_last_error_data(&detail, NULL);
		int reason = ERR_GET_REASON(e);

		rc = 1;
		if (reason == CMS_R_VERIFICATION_FAILURE ||
		    reason == CMS_R_CONTENT_VERIFY_ERROR)
			cm_err_set(
				err, 0,
				"the content does not match the signature (tampered or wrong file)");
		else if (reason == CMS_R_CERTIFICATE_VERIFY_ERROR)
			cm_err_set(
				err, 0,
				"the signer's certificate is not trusted at the signing time (%s)",
				detail && *detail ? detail : ssl_reason());
		else
			cm_err_set(err, 0, "invalid signature: %s",
				   ssl_reason());
	}
out:
	sk_X509_pop_free(certs, X509_free);
	if (!t)
		X509_STORE_free(store);
	BIO_free_all(in);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return rc;
}

int cm_cms_verify(const void *data, size_t len, const uint8_t *der,
		  size_t der_len, const char *ca_pem_path,
		  struct cm_cms_info *info, struct cm_err *err)
{
	return verify(data, len, der, der_len, ca_pem_path, NULL, info, err);
}

/*
 * ---- many signatures by few signers ----
 *
 * Parsing the certificates a signature carries costs OpenSSL 3.0 more
 * than checking the signature (each public key goes through the decoder
 * framework), and the chain check of the signer costs one more. A ledger
 * pass sees the same few certificates over and over: a signature whose
 * certificates field is byte for byte one already verified is parsed
 * without it, its signer taken from the earlier parse, and its chain
 * result reused when every certificate of the chain is valid at its
 * signing time (the comparisons X509_verify_cert makes).
 * That shortcut only ever accepts: whatever it does not accept is
 * verified in full, which gives the answer and the message.
 */

/* One DER element at @p[@off..@end): tag, header and content length. */
struct tlv {
	size_t off, hdr, len;
	uint8_t tag;
};

/* 0, or -1 when it is not one plain DER element (low tag, definite). */
static int tlv_at(const uint8_t *p, size_t off, size_t end, struct tlv *e)
{
	size_t n = 0, nb;

	if (off >= end || end - off < 2 || (p[off] & 0x1f) == 0x1f)
		return -1;
	e->off = off;
	e->tag = p[off];
	e->hdr = 2;
	if (p[off + 1] & 0x80) {
		nb = p[off + 1] & 0x7f;
		if (nb < 1 || nb > 4 || end - off - 2 < nb)
			return -1;
		for (size_t i = 0; i < nb; i++)
			n = n << 8 | p[off + 2 + i];
		e->hdr += nb;
	} else {
		n = p[off + 1];
	}
	if (n > end - off - e->hdr)
		return -1;
	e->len = n;
	return 0;
}

static size_t tlv_end(const struct tlv *e)
{
	return e->off + e->hdr + e->len;
}

/* Write the DER header of @tag with @len content bytes; its size. */
static size_t put_hdr(uint8_t *o, uint8_t tag, size_t len)
{
	size_t nb = 0;

	o[0] = tag;
	if (len < 0x80) {
		o[1] = (uint8_t)len;
		return 2;
	}
	for (size_t l = len; l; l >>= 8)
		nb++;
	o[1] = (uint8_t)(0x80 | nb);
	for (size_t i = 0; i < nb; i++)
		o[2 + i] = (uint8_t)(len >> (8 * (nb - 1 - i)));
	return 2 + nb;
}

static size_t hdr_len(size_t len)
{
	uint8_t o[16];

	return put_hdr(o, 0, len);
}

/*
 * Split the ContentInfo @der into its SignedData's certificates field
 * (*@certs, *@certs_len: inside @der) and the same ContentInfo without it
 * (*@rest: new, *@rest_len). Returns 0, or -1 when @der is not plain DER
 * of that shape (the full parse then has the last word).
 */
static int split(const uint8_t *der, size_t len, const uint8_t **certs,
		 size_t *certs_len, uint8_t **rest, size_t *rest_len)
{
	struct tlv ci, oid, ex, sd, e;
	size_t off, body, exl, cil, o = 0;
	uint8_t *r;

	*rest = NULL;
	if (tlv_at(der, 0, len, &ci) || ci.tag != 0x30 || tlv_end(&ci) != len ||
	    tlv_at(der, ci.hdr, len, &oid) || oid.tag != 0x06 ||
	    tlv_at(der, tlv_end(&oid), len, &ex) || ex.tag != 0xa0 ||
	    tlv_end(&ex) != len || tlv_at(der, ex.off + ex.hdr, len, &sd) ||
	    sd.tag != 0x30 || tlv_end(&sd) != len)
		return -1;
	off = sd.off + sd.hdr;
	/* version, digestAlgorithms, encapContentInfo */
	for (int i = 0; i < 3; i++) {
		if (tlv_at(der, off, len, &e))
			return -1;
		off = tlv_end(&e);
	}
	if (tlv_at(der, off, len, &e) || e.tag != 0xa0)
		return -1;
	*certs = der + e.off;
	*certs_len = e.hdr + e.len;
	body = sd.len - *certs_len;
	exl = hdr_len(body) + body;
	cil = tlv_end(&oid) - ci.hdr + hdr_len(exl) + exl;
	r = malloc(hdr_len(cil) + cil);
	if (!r)
		return -1;
	o += put_hdr(r + o, 0x30, cil);
	memcpy(r + o, der + ci.hdr, tlv_end(&oid) - ci.hdr);
	o += tlv_end(&oid) - ci.hdr;
	o += put_hdr(r + o, 0xa0, exl);
	o += put_hdr(r + o, 0x30, body);
	memcpy(r + o, der + sd.off + sd.hdr, e.off - (sd.off + sd.hdr));
	o += e.off - (sd.off + sd.hdr);
	memcpy(r + o, der + tlv_end(&e), len - tlv_end(&e));
	o += len - tlv_end(&e);
	*rest = r;
	*rest_len = o;
	return 0;
}

static struct signer *known(struct cm_cms_trust *t, const uint8_t *certs,
			    size_t certs_len)
{
	for (int i = 0; i < SIGNERS_MAX; i++) {
		struct signer *c = &t->signers[i];

		if (c->certs && c->certs_len == certs_len &&
		    !memcmp(c->certs, certs, certs_len))
			return c;
	}
	return NULL;
}

/* As X509_verify_cert checks validity: notBefore <= @when < notAfter. */
static bool valid_at(STACK_OF(X509) * chain, time_t when)
{
	for (int i = 0; i < sk_X509_num(chain); i++) {
		X509 *y = sk_X509_value(chain, i);

		if (X509_cmp_time(X509_get0_notBefore(y), &when) != -1 ||
		    X509_cmp_time(X509_get0_notAfter(y), &when) != 1)
			return false;
	}
	return sk_X509_num(chain) > 0;
}

/* 0 when @der over @data verifies through what @t already knows. */
static int shortcut(const void *data, size_t len, const uint8_t *der,
		    size_t der_len, struct cm_cms_trust *t,
		    struct cm_cms_info *info)
{
	const uint8_t *certs = NULL, *p;
	uint8_t *rest = NULL;
	size_t certs_len = 0, rest_len = 0;
	CMS_ContentInfo *cms = NULL;
	CMS_SignerInfo *si;
	ASN1_OCTET_STRING **pos;
	struct signer *c;
	BIO *in = NULL, *nf = NULL;
	int rc = -1, i, n;

	if (len > (size_t)0x7fffffff ||
	    split(der, der_len, &certs, &certs_len, &rest, &rest_len) < 0)
		return -1;
	c = known(t, certs, certs_len);
	p = rest;
	if (c)
		cms = d2i_CMS_ContentInfo(NULL, &p, (long)rest_len);
	if (!cms || p != rest + rest_len ||
	    OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed)
		goto out;
	pos = CMS_get0_content(cms);
	if (!pos || *pos ||
	    sk_CMS_SignerInfo_num(CMS_get0_SignerInfos(cms)) != 1)
		goto out;
	/* the signer as CMS_set1_signers_certs finds it: the first match */
	si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
	n = sk_X509_num(c->all);
	for (i = 0; i < n; i++)
		if (!CMS_SignerInfo_cert_cmp(si, sk_X509_value(c->all, i)))
			break;
	if (i == n || sk_X509_value(c->all, i) != c->x)
		goto out;
	CMS_SignerInfo_set1_signer_cert(si, c->x);
	memset(info, 0, sizeof(*info));
	fill_signer(cms, info);
	if (!info->signing_time || !valid_at(c->chain, info->signing_time))
		goto out;
	in = BIO_new_mem_buf(data, (int)len);
	nf = BIO_new(BIO_f_null());
	if (!in || !nf)
		goto out;
	in = BIO_push(nf, in);
	nf = NULL;
	if (CMS_verify(cms, NULL, t->store, in, NULL,
		       CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1) {
		info->anchored = true;
		rc = 0;
	}
out:
	BIO_free(nf);
	BIO_free_all(in);
	CMS_ContentInfo_free(cms);
	free(rest);
	ERR_clear_error();
	return rc;
}

/*
 * Keep what the full verification of @der at signing time @when just
 * established, for shortcut(): its certificates, signer and the span its
 * chain is valid in. Best effort: nothing is kept when anything fails.
 */
static void remember(struct cm_cms_trust *t, const uint8_t *der, size_t der_len,
		     time_t when)
{
	const uint8_t *certs = NULL, *p = der;
	uint8_t *rest = NULL;
	size_t certs_len = 0, rest_len = 0;
	CMS_ContentInfo *cms = NULL;
	X509_STORE_CTX *ctx = NULL;
	X509 *x = NULL;
	struct signer c = {0};

	if (split(der, der_len, &certs, &certs_len, &rest, &rest_len) < 0 ||
	    known(t, certs, certs_len))
		goto out;
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)der_len);
	if (!cms || CMS_set1_signers_certs(cms, NULL, 0) != 1)
		goto out;
	CMS_SignerInfo_get0_algs(
		sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0), NULL, &x,
		NULL, NULL);
	c.all = CMS_get1_certs(cms);
	c.certs = malloc(certs_len);
	ctx = X509_STORE_CTX_new();
	if (!x || !c.all || !c.certs || !ctx ||
	    !X509_STORE_CTX_init(ctx, t->store, x, c.all))
		goto out;
	/* the chain check CMS_verify makes */
	X509_STORE_CTX_set_default(ctx, "smime_sign");
	X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), when);
	if (X509_verify_cert(ctx) != 1 ||
	    !(c.chain = X509_STORE_CTX_get1_chain(ctx)))
		goto out;
	/* CMS_get1_certs gives the very objects the signer is one of */
	for (int i = 0; i < sk_X509_num(c.all) && !c.x; i++)
		if (sk_X509_value(c.all, i) == x)
			c.x = x;
	if (!c.x || !X509_up_ref(c.x)) {
		c.x = NULL;
		goto out;
	}
	memcpy(c.certs, certs, certs_len);
	c.certs_len = certs_len;
	signer_release(&t->signers[t->next]);
	t->signers[t->next] = c;
	t->next = (t->next + 1) % SIGNERS_MAX;
	memset(&c, 0, sizeof(c));
out:
	signer_release(&c);
	X509_STORE_CTX_free(ctx);
	CMS_ContentInfo_free(cms);
	free(rest);
	ERR_clear_error();
}

int cm_cms_verify_trusted(const void *data, size_t len, const uint8_t *der,
			  size_t der_len, struct cm_cms_trust *t,
			  struct cm_cms_info *info, struct cm_err *err)
{
	struct cm_cms_info local;
	int rc;

	if (!info)
		info = &local;
	if (t && shortcut(data, len, der, der_len, t, info) == 0)
		return 0;
	rc = verify(data, len, der, der_len, NULL, t, info, err);
	if (rc == 0 && t)
		remember(t, der, der_len, info->signing_time);
	return rc;
}

int cm_cms_verify_pem(const void *data, size_t len, const uint8_t *der,
		      size_t der_len, const char *pem, size_t pem_len,
		      struct cm_cms_info *info, struct cm_err *err)
{
	struct cm_cms_trust *t = NULL;
	int rc = cm_cms_trust_new(pem, pem_len, &t, err);

	if (rc == 0)
		rc = verify(data, len, der, der_len, NULL, t, info, err);
	cm_cms_trust_free(t);
	return rc;
}

int cm_cms_verify_file(const char *content_path, const char *sig_path,
		       const char *ca_pem_path, struct cm_cms_info *info,
		       struct cm_err *err)
{
	char *data = NULL, *sig = NULL;
	size_t len = 0, sig_len = 0;
	int rc;

	rc = cm_read_file(content_path, SIGNED_MAX, &data, &len, err);
	if (rc < 0)
		return rc;
	rc = cm_read_file(sig_path, SIG_MAX, &sig, &sig_len, err);
	if (rc == 0)
		rc = cm_cms_verify(data, len, (const uint8_t *)sig, sig_len,
				   ca_pem_path, info, err);
	free(sig);
	free(data);
	return rc;
}
