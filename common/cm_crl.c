// SPDX-License-Identifier: Apache-2.0
/*
 * Revocation of signing identities by the organisation's CRLs: which CRL
 * speaks for a signer, whether a trusted CA signed it, and what the
 * revocation time means for a signature of a given (trusted or claimed)
 * time.
 */
#include <errno.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_crl.h"
#include "cm_file.h"
#include "cm_time.h"

#define CRL_FILE_MAX (16 * 1024 * 1024)

const char *cm_revocation_name(enum cm_revocation_verdict v)
{
	switch (v) {
	case CM_REV_NOT_REVOKED:
		return "not-revoked";
	case CM_REV_SIGNED_BEFORE:
		return "signed-before-revocation";
	case CM_REV_SIGNED_AFTER:
		return "signed-after-revocation";
	case CM_REV_TIME_UNPROVEN:
		return "revoked-time-unproven";
	default:
		return "not-covered";
	}
}

bool cm_revocation_is_ok(enum cm_revocation_verdict v)
{
	return v == CM_REV_NOT_COVERED || v == CM_REV_NOT_REVOKED ||
	       v == CM_REV_SIGNED_BEFORE;
}

static time_t asn1_time(const ASN1_TIME *t)
{
	struct tm tm;

	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return 0;
	return timegm(&tm);
}

/* Every CRL in @data: PEM (any number) or a single DER. */
static STACK_OF(X509_CRL) * parse_crls(const char *data, size_t len)
{
	STACK_OF(X509_CRL) *sk = sk_X509_CRL_new_null();
	BIO *b = BIO_new_mem_buf(data, (int)len);
	X509_CRL *c;

	if (!sk || !b)
		goto fail;
	while ((c = PEM_read_bio_X509_CRL(b, NULL, NULL, NULL)))
		if (!sk_X509_CRL_push(sk, c)) {
			X509_CRL_free(c);
			goto fail;
		}
	ERR_clear_error();
	if (sk_X509_CRL_num(sk) == 0) {
		const unsigned char *p = (const unsigned char *)data;

		c = d2i_X509_CRL(NULL, &p, (long)len);
		if (c && p == (const unsigned char *)data + len)
			sk_X509_CRL_push(sk, c);
		else
			X509_CRL_free(c);
	}
	BIO_free(b);
	return sk;
fail:
	BIO_free(b);
	sk_X509_CRL_pop_free(sk, X509_CRL_free);
	return NULL;
}

static STACK_OF(X509) * read_certs(const char *pem, size_t len)
{
	STACK_OF(X509) *sk = sk_X509_new_null();
	BIO *b = pem && len ? BIO_new_mem_buf(pem, (int)len) : NULL;
	X509 *x;

	if (!sk || !b) {
		BIO_free(b);
		return sk;
	}
	while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)))
		if (!sk_X509_push(sk, x))
			X509_free(x);
	ERR_clear_error();
	BIO_free(b);
	return sk;
}

/* A certificate of @cas named as @crl's issuer whose key signed it. */
static bool signed_by_anchor(X509_CRL *crl, STACK_OF(X509) * cas)
{
	for (int i = 0; i < sk_X509_num(cas); i++) {
		X509 *ca = sk_X509_value(cas, i);
		EVP_PKEY *k = X509_get0_pubkey(ca);

		if (!X509_NAME_cmp(X509_get_subject_name(ca),
				   X509_CRL_get_issuer(crl)) &&
		    k && X509_CRL_verify(crl, k) == 1)
			return true;
	}
	ERR_clear_error();
	return false;
}

static void reason_of(X509_REVOKED *rev, char *out, size_t size)
{
	static const char *const names[] = {
		"unspecified",	   "keyCompromise",
		"cACompromise",	   "affiliationChanged",
		"superseded",	   "cessationOfOperation",
		"certificateHold", "",
		"removeFromCRL",   "privilegeWithdrawn",
		"aACompromise"};
	ASN1_ENUMERATED *e =
		X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, NULL, NULL);
	long v = e ? ASN1_ENUMERATED_get(e) : -1;

	snprintf(out, size, "%s",
		 v >= 0 && v < (long)(sizeof(names) / sizeof(names[0]))
			 ? names[v]
			 : "");
	ASN1_ENUMERATED_free(e);
}

/* When the key stopped counting: the revocation, or an earlier
 * invalidityDate (the compromise, RFC 5280 5.3.2). */
static time_t revoked_at(X509_REVOKED *rev)
{
	time_t t = asn1_time(X509_REVOKED_get0_revocationDate(rev));
	ASN1_GENERALIZEDTIME *inv =
		X509_REVOKED_get_ext_d2i(rev, NID_invalidity_date, NULL, NULL);
	time_t ti = inv ? asn1_time(inv) : 0;

	ASN1_GENERALIZEDTIME_free(inv);
	return ti && ti < t ? ti : t;
}

static void judge(struct cm_revocation *out, const struct cm_signed_time *when)
{
	if (when->source != CM_TIME_TSA)
		out->verdict = CM_REV_TIME_UNPROVEN;
	else if (when->tsa.gen_time < out->revoked_at)
		out->verdict = CM_REV_SIGNED_BEFORE;
	else
		out->verdict = CM_REV_SIGNED_AFTER;
}

struct cm_crl_set {
	char *path; /* for messages */
	STACK_OF(X509_CRL) * crls;
	bool *anchored; /* of each CRL: signed by a trust anchor */
};

void cm_crl_set_free(struct cm_crl_set *s)
{
	if (!s)
		return;
	sk_X509_CRL_pop_free(s->crls, X509_CRL_free);
	free(s->anchored);
	free(s->path);
	free(s);
}

int cm_crl_set_new(const char *crl_path, const char *anchors,
		   size_t anchors_len, struct cm_crl_set **out,
		   struct cm_err *err)
{
	struct cm_crl_set *s = calloc(1, sizeof(*s));
	STACK_OF(X509) *cas = NULL;
	char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if (!s || !(s->path = strdup(crl_path))) {
		free(s);
		return cm_err_set(err, -ENOMEM, "out of memory");
	}
	rc = cm_read_file(crl_path, CRL_FILE_MAX, &data, &len, err);
	if (rc < 0) {
		cm_err_wrap(err, "--crl");
		if (err && err->kind == CM_ERR_NONE && rc == -ENOENT)
			err->kind = CM_ERR_NOINPUT;
		goto out;
	}
	s->crls = parse_crls(data, len);
	if (!s->crls || sk_X509_CRL_num(s->crls) == 0) {
		rc = cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				 "--crl '%s': no X.509 CRL in it (PEM or DER)",
				 crl_path);
		goto out;
	}
	s->anchored = calloc((size_t)sk_X509_CRL_num(s->crls), sizeof(bool));
	if (!s->anchored) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	/* each CRL's signature checked once, whatever the number judged */
	cas = read_certs(anchors, anchors_len);
	for (int i = 0; i < sk_X509_CRL_num(s->crls); i++)
		s->anchored[i] =
			signed_by_anchor(sk_X509_CRL_value(s->crls, i), cas);
	rc = 0;
out:
	sk_X509_pop_free(cas, X509_free);
	free(data);
	ERR_clear_error();
	if (rc < 0)
		cm_crl_set_free(s);
	else
		*out = s;
	return rc;
}

int cm_crl_set_check(const struct cm_crl_set *s, const struct cm_cms_info *cms,
		     const struct cm_signed_time *when,
		     struct cm_revocation *out, struct cm_err *err)
{
	X509_NAME *issuer = NULL;
	ASN1_INTEGER *serial = NULL;
	BIGNUM *bn = NULL;
	const unsigned char *p = cms->signer_issuer;
	int rc;

	memset(out, 0, sizeof(*out));
	issuer = cms->signer_issuer_len
			 ? d2i_X509_NAME(NULL, &p, (long)cms->signer_issuer_len)
			 : NULL;
	if (!issuer || !BN_hex2bn(&bn, cms->signer_serial) ||
	    !(serial = BN_to_ASN1_INTEGER(bn, NULL))) {
		rc = cm_err_setk(
			err, -EBADMSG, CM_ERR_DATAERR,
			"the signer's certificate names no issuer or serial");
		goto out;
	}
	for (int i = 0; i < sk_X509_CRL_num(s->crls); i++) {
		X509_CRL *crl = sk_X509_CRL_value(s->crls, i);
		X509_REVOKED *rev = NULL;

		if (X509_NAME_cmp(X509_CRL_get_issuer(crl), issuer))
			continue; /* another issuer's: says nothing of ours */
		X509_NAME_oneline(X509_CRL_get_issuer(crl), out->issuer,
				  sizeof(out->issuer));
		if (!s->anchored[i]) {
			rc = cm_err_setk(
				err, -EBADMSG, CM_ERR_DATAERR,
				"--crl '%s': the CRL of %s is not signed by a trusted CA certificate (give the issuer's certificate with --ca)",
				s->path, out->issuer);
			goto out;
		}
		/* the newest CRL decides; a revocation in any of them stands */
		if (asn1_time(X509_CRL_get0_lastUpdate(crl)) >=
		    out->crl_updated) {
			out->crl_updated =
				asn1_time(X509_CRL_get0_lastUpdate(crl));
			out->crl_next =
				asn1_time(X509_CRL_get0_nextUpdate(crl));
		}
		if (out->verdict == CM_REV_NOT_COVERED)
			out->verdict = CM_REV_NOT_REVOKED;
		if (X509_CRL_get0_by_serial(crl, &rev, serial) == 1 && rev) {
			time_t t = revoked_at(rev);

			if (!out->revoked_at || t < out->revoked_at) {
				out->revoked_at = t;
				reason_of(rev, out->reason,
					  sizeof(out->reason));
			}
		}
	}
	if (out->revoked_at)
		judge(out, when);
	rc = 0;
out:
	ASN1_INTEGER_free(serial);
	BN_free(bn);
	X509_NAME_free(issuer);
	ERR_clear_error();
	return rc;
}

int cm_crl_set_judge(const struct cm_crl_set *s, const struct cm_cms_info *cms,
		     const struct cm_signed_time *when,
		     struct cm_revocation *out, struct cm_err *err)
{
	char why[512];
	int rc = cm_crl_set_check(s, cms, when, out, err);

	if (rc < 0 || cm_revocation_is_ok(out->verdict))
		return rc;
	cm_revocation_describe(out, when, why, sizeof(why));
	cm_err_setk(err, -EKEYREVOKED, CM_ERR_NEGATIVE, "%s", why);
	return 1;
}

int cm_crl_check(const char *crl_path, const char *ca_pem,
		 const struct cm_cms_info *cms,
		 const struct cm_signed_time *when, struct cm_revocation *out,
		 struct cm_err *err)
{
	struct cm_crl_set *s = NULL;
	char *pem = NULL;
	size_t len = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	/* unreadable anchors trust no CRL: each is refused as unsigned */
	if (ca_pem && cm_read_file(ca_pem, CRL_FILE_MAX, &pem, &len, NULL) < 0)
		len = 0;
	rc = cm_crl_set_new(crl_path, pem, len, &s, err);
	if (rc == 0)
		rc = cm_crl_set_check(s, cms, when, out, err);
	cm_crl_set_free(s);
	free(pem);
	return rc;
}

void cm_revocation_describe(const struct cm_revocation *r,
			    const struct cm_signed_time *when, char *buf,
			    size_t size)
{
	char rt[CM_RFC3339_LEN], st[CM_RFC3339_LEN];
	const char *why = r->reason[0] ? r->reason : "no reason given";

	cm_time_rfc3339(r->revoked_at, rt);
	cm_time_rfc3339(cm_signed_time_value(when), st);
	switch (r->verdict) {
	case CM_REV_NOT_COVERED:
		snprintf(buf, size, "no CRL of its issuer was given");
		break;
	case CM_REV_NOT_REVOKED:
		snprintf(buf, size, "not revoked by the CRL of %s", r->issuer);
		break;
	case CM_REV_SIGNED_BEFORE:
		snprintf(
			buf, size,
			"its key was revoked at %s (%s), after this signature's TSA time %s",
			rt, why, st);
		break;
	case CM_REV_SIGNED_AFTER:
		snprintf(
			buf, size,
			"signed at %s by the TSA's time, after its key was revoked at %s (%s)",
			st, rt, why);
		break;
	default:
		snprintf(
			buf, size,
			"signed by a since-revoked key, time unproven (revoked at %s, %s; the signer claims %s, and no trusted time-stamp proves it)",
			rt, why, st);
	}
}

int cm_crl_judge(const char *crl_path, const char *ca_pem,
		 const struct cm_cms_info *cms,
		 const struct cm_signed_time *when, struct cm_revocation *out,
		 struct cm_err *err)
{
	char why[512];
	int rc = cm_crl_check(crl_path, ca_pem, cms, when, out, err);

	if (rc < 0 || cm_revocation_is_ok(out->verdict))
		return rc;
	cm_revocation_describe(out, when, why, sizeof(why));
	cm_err_setk(err, -EKEYREVOKED, CM_ERR_NEGATIVE, "%s", why);
	return 1;
}
