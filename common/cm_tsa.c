// SPDX-License-Identifier: Apache-2.0
/*
 * RFC 3161 time-stamps over signature files: the request, the HTTP
 * exchange (libcurl, only here), the reply's checks and the verification
 * of a stored token (OpenSSL's TS API).
 */
#include <curl/curl.h>
#include <errno.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cm_atomic.h"
#include "cm_file.h"
#include "cm_hash.h"
#include "cm_random.h"
#include "cm_time.h"
#include "cm_tsa.h"

#define SIG_MAX (1024 * 1024)

static const char *ssl_reason(void)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	return r ? r : "unknown OpenSSL error";
}

int cm_tsa_request_new(const void *data, size_t len, struct cm_tsa_request *req,
		       uint8_t **der, size_t *der_len, struct cm_err *err)
{
	TS_REQ *r = TS_REQ_new();
	TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	BIGNUM *bn = NULL;
	ASN1_INTEGER *nonce = NULL;
	unsigned char *p = NULL;
	int n, rc = 0;

	*der = NULL;
	*der_len = 0;
	cm_sha256_buf(data, len, req->imprint, NULL);
	rc = cm_random_bytes(req->nonce, sizeof(req->nonce), err);
	if (rc < 0)
		goto out;
	/* a positive INTEGER of fixed width: compared byte for byte later */
	req->nonce[0] = (uint8_t)((req->nonce[0] & 0x7f) | 0x40);
	bn = BN_bin2bn(req->nonce, sizeof(req->nonce), NULL);
	nonce = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
	if (!r || !mi || !alg || !nonce ||
	    !X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL) ||
	    !TS_MSG_IMPRINT_set_algo(mi, alg) ||
	    !TS_MSG_IMPRINT_set_msg(mi, req->imprint, sizeof(req->imprint)) ||
	    !TS_REQ_set_version(r, 1) || !TS_REQ_set_msg_imprint(r, mi) ||
	    !TS_REQ_set_nonce(r, nonce) || !TS_REQ_set_cert_req(r, 1)) {
		rc = cm_err_set(err, -ENOMEM,
				"cannot build a time-stamp request: %s",
				ssl_reason());
		goto out;
	}
	n = i2d_TS_REQ(r, &p);
	if (n <= 0) {
		rc = cm_err_set(err, -EIO,
				"cannot encode a time-stamp request: %s",
				ssl_reason());
		goto out;
	}
	*der = malloc((size_t)n);
	if (!*der) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	memcpy(*der, p, (size_t)n);
	*der_len = (size_t)n;
out:
	OPENSSL_free(p);
	ASN1_INTEGER_free(nonce);
	BN_free(bn);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(mi);
	TS_REQ_free(r);
	return rc;
}

/* ASN1_GENERALIZEDTIME to seconds since the epoch (UTC); 0 when bad. */
static time_t gen_time(const ASN1_GENERALIZEDTIME *t)
{
	struct tm tm;

	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return 0;
	return timegm(&tm);
}

/* The subject of the token's signer, when the token carries it. */
static void signer_subject(PKCS7 *token, char *out, size_t size)
{
	STACK_OF(PKCS7_SIGNER_INFO) *sis = PKCS7_get_signer_info(token);
	PKCS7_SIGNER_INFO *si = sk_PKCS7_SIGNER_INFO_value(sis, 0);
	STACK_OF(X509) *certs = NULL;
	X509 *x = NULL;

	out[0] = '\0';
	if (!si || !PKCS7_type_is_signed(token) || !token->d.sign)
		return;
	certs = token->d.sign->cert;
	x = X509_find_by_issuer_and_serial(certs, si->issuer_and_serial->issuer,
					   si->issuer_and_serial->serial);
	if (x)
		X509_NAME_oneline(X509_get_subject_name(x), out, (int)size);
}

/* genTime, serial, policy and the TSA's subject of @tst in @token. */
static void fill_info(TS_TST_INFO *tst, PKCS7 *token, struct cm_tsa_info *info)
{
	const ASN1_INTEGER *serial = TS_TST_INFO_get_serial(tst);
	BIGNUM *bn = serial ? ASN1_INTEGER_to_BN(serial, NULL) : NULL;
	char *hex = bn ? BN_bn2hex(bn) : NULL;
	ASN1_OBJECT *pol = TS_TST_INFO_get_policy_id(tst);

	memset(info, 0, sizeof(*info));
	info->gen_time = gen_time(TS_TST_INFO_get_time(tst));
	snprintf(info->serial, sizeof(info->serial), "%s", hex ? hex : "");
	if (pol)
		OBJ_obj2txt(info->policy, sizeof(info->policy), pol, 1);
	signer_subject(token, info->tsa_subject, sizeof(info->tsa_subject));
	OPENSSL_free(hex);
	BN_free(bn);
}

/* d2i of exactly @len bytes: trailing bytes make it malformed. */
static TS_RESP *parse_reply(const uint8_t *der, size_t len, struct cm_err *err)
{
	const unsigned char *p = der;
	TS_RESP *resp;

	if (len == 0 || len > CM_TSA_REPLY_MAX) {
		cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
			    "a time-stamp reply of %zu bytes (1 to %d)", len,
			    CM_TSA_REPLY_MAX);
		return NULL;
	}
	resp = d2i_TS_RESP(NULL, &p, (long)len);
	if (!resp || p != der + len) {
		TS_RESP_free(resp);
		cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
			    "not an RFC 3161 time-stamp reply (DER)");
		return NULL;
	}
	return resp;
}

/* 0 granted (with or without modifications), else 1 with the reason. */
static int check_status(TS_RESP *resp, struct cm_err *err)
{
	TS_STATUS_INFO *si = TS_RESP_get_status_info(resp);
	const ASN1_INTEGER *st = si ? TS_STATUS_INFO_get0_status(si) : NULL;
	long v = st ? ASN1_INTEGER_get(st) : -1;

	if (v == 0 || v == 1) {
		if (!TS_RESP_get_tst_info(resp) || !TS_RESP_get_token(resp))
			return cm_err_setk(
				err, -EBADMSG, CM_ERR_DATAERR,
				"the time-stamp reply is granted but holds no token");
		return 0;
	}
	cm_err_setk(err, -EPROTO, CM_ERR_NEGATIVE,
		    "the TSA refused the request (PKIStatus %ld)", v);
	return 1;
}

/* The imprint of @tst is SHA-256 over what @imprint hashes. */
static bool imprint_is(TS_TST_INFO *tst, const uint8_t imprint[32])
{
	TS_MSG_IMPRINT *mi = TS_TST_INFO_get_msg_imprint(tst);
	X509_ALGOR *alg = mi ? TS_MSG_IMPRINT_get_algo(mi) : NULL;
	ASN1_OCTET_STRING *msg = mi ? TS_MSG_IMPRINT_get_msg(mi) : NULL;
	const ASN1_OBJECT *obj = NULL;

	if (!alg || !msg)
		return false;
	X509_ALGOR_get0(&obj, NULL, NULL, alg);
	return OBJ_obj2nid(obj) == NID_sha256 &&
	       ASN1_STRING_length(msg) == 32 &&
	       !memcmp(ASN1_STRING_get0_data(msg), imprint, 32);
}

int cm_tsa_reply_check(const uint8_t *der, size_t len,
		       const struct cm_tsa_request *req,
		       struct cm_tsa_info *info, struct cm_err *err)
{
	TS_RESP *resp = parse_reply(der, len, err);
	TS_TST_INFO *tst;
	const ASN1_INTEGER *nonce;
	BIGNUM *want = NULL;
	ASN1_INTEGER *wi = NULL;
	int rc;

	memset(info, 0, sizeof(*info));
	if (!resp)
		return -EBADMSG;
	rc = check_status(resp, err);
	if (rc)
		goto out;
	tst = TS_RESP_get_tst_info(resp);
	if (!imprint_is(tst, req->imprint)) {
		cm_err_setk(
			err, -EPROTO, CM_ERR_NEGATIVE,
			"the TSA's token is over other data than asked (imprint differs)");
		rc = 1;
		goto out;
	}
	want = BN_bin2bn(req->nonce, sizeof(req->nonce), NULL);
	wi = want ? BN_to_ASN1_INTEGER(want, NULL) : NULL;
	nonce = TS_TST_INFO_get_nonce(tst);
	if (!wi) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	if (!nonce || ASN1_INTEGER_cmp(nonce, wi)) {
		cm_err_setk(
			err, -EPROTO, CM_ERR_NEGATIVE,
			"the TSA's token answers another request (nonce differs: a replayed reply?)");
		rc = 1;
		goto out;
	}
	fill_info(tst, TS_RESP_get_token(resp), info);
	if (!info->gen_time) {
		rc = cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				 "the TSA's token has no readable time");
		goto out;
	}
	rc = 0;
out:
	ASN1_INTEGER_free(wi);
	BN_free(want);
	TS_RESP_free(resp);
	ERR_clear_error();
	return rc;
}

/* ---- HTTP (RFC 3161 section 3.4) ---- */

struct sink {
	uint8_t *p;
	size_t len;
	bool too_big;
};

static size_t sink_write(char *ptr, size_t size, size_t nmemb, void *user)
{
	struct sink *s = user;
	size_t n = size * nmemb;
	uint8_t *np;

	if (n > CM_TSA_REPLY_MAX - s->len) {
		s->too_big = true;
		return 0; /* libcurl stops with CURLE_WRITE_ERROR */
	}
	np = realloc(s->p, s->len + n + 1);
	if (!np)
		return 0;
	s->p = np;
	memcpy(s->p + s->len, ptr, n);
	s->len += n;
	return n;
}

/* POST @req to @url; the body of a 200 reply into @s. */
static int http_post(const char *url, const uint8_t *req, size_t req_len,
		     struct sink *s, struct cm_err *err)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *hdr = NULL, *h2;
	const char *ctype = NULL;
	long status = 0;
	CURL *c;
	CURLcode cc;
	int rc = 0;

	if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8))
		return cm_err_setk(err, -EINVAL, CM_ERR_USAGE,
				   "--tsa '%s': not an http:// or https:// URL",
				   url);
	c = curl_easy_init();
	hdr = curl_slist_append(NULL,
				"Content-Type: application/timestamp-query");
	h2 = hdr ? curl_slist_append(hdr, "Accept: application/timestamp-reply")
		 : NULL;
	if (!c || !h2) {
		rc = cm_err_set(err, -ENOMEM, "cannot start an HTTP request");
		goto out;
	}
	hdr = h2;
	if (curl_easy_setopt(c, CURLOPT_URL, url) ||
	    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") ||
	    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L) ||
	    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) ||
	    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L) ||
	    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L) ||
	    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr) ||
	    curl_easy_setopt(c, CURLOPT_POSTFIELDS, (const char *)req) ||
	    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)req_len) ||
	    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_write) ||
	    curl_easy_setopt(c, CURLOPT_WRITEDATA, s) ||
	    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf)) {
		rc = cm_err_set(err, -EINVAL, "cannot set up the HTTP request");
		goto out;
	}
	cc = curl_easy_perform(c);
	if (cc != CURLE_OK) {
		rc = cm_err_setk(err, -EHOSTUNREACH, CM_ERR_UNAVAILABLE,
				 "TSA '%s': %s", url,
				 s->too_big  ? "the reply is larger than 64 KiB"
				 : errbuf[0] ? errbuf
					     : curl_easy_strerror(cc));
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ctype);
	if (status != 200) {
		rc = cm_err_setk(err, -EHOSTUNREACH, CM_ERR_UNAVAILABLE,
				 "TSA '%s' answered HTTP %ld", url, status);
		goto out;
	}
	if (!ctype || strncasecmp(ctype, "application/timestamp-reply", 27)) {
		rc = cm_err_setk(
			err, -EPROTO, CM_ERR_UNAVAILABLE,
			"TSA '%s' answered '%s', not application/timestamp-reply",
			url, ctype ? ctype : "no content type");
		goto out;
	}
out:
	curl_slist_free_all(hdr);
	if (c)
		curl_easy_cleanup(c);
	return rc;
}

int cm_tsa_stamp(const char *url, const void *data, size_t len, uint8_t **reply,
		 size_t *reply_len, struct cm_tsa_info *info,
		 struct cm_err *err)
{
	struct cm_tsa_request req;
	struct sink s = {0};
	uint8_t *der = NULL;
	size_t der_len = 0;
	int rc;

	*reply = NULL;
	*reply_len = 0;
	rc = cm_tsa_request_new(data, len, &req, &der, &der_len, err);
	if (rc < 0)
		return rc;
	rc = http_post(url, der, der_len, &s, err);
	if (rc == 0) {
		rc = cm_tsa_reply_check(s.p, s.len, &req, info, err);
		if (rc)
			cm_err_wrap(err, "TSA '%s'", url);
	}
	if (rc == 0) {
		*reply = s.p;
		*reply_len = s.len;
		s.p = NULL;
	}
	free(s.p);
	free(der);
	return rc;
}

/* The token's path beside @sig_path (malloc'd), NULL when out of memory. */
static char *tsr_path(const char *sig_path)
{
	char *p = NULL;

	return asprintf(&p, "%s%s", sig_path, CM_TSA_SUFFIX) < 0 ? NULL : p;
}

int cm_tsa_stamp_file(const char *url, const char *sig_path,
		      struct cm_tsa_info *info, struct cm_err *err)
{
	char *sig = NULL, *tsr = NULL;
	uint8_t *reply = NULL;
	size_t len = 0, reply_len = 0;
	int rc;

	rc = cm_read_file(sig_path, SIG_MAX, &sig, &len, err);
	if (rc < 0)
		return rc;
	rc = cm_tsa_stamp(url, sig, len, &reply, &reply_len, info, err);
	if (rc)
		goto out;
	tsr = tsr_path(sig_path);
	if (!tsr) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	rc = cm_atomic_write_file(tsr, reply, reply_len, 0644, err);
out:
	free(tsr);
	free(reply);
	free(sig);
	return rc;
}

/* ---- verification of a stored token ---- */

int cm_tsa_verify(const uint8_t *der, size_t len, const void *data,
		  size_t data_len, const char *tsa_ca_pem,
		  struct cm_tsa_info *info, struct cm_err *err)
{
	TS_RESP *resp = parse_reply(der, len, err);
	TS_VERIFY_CTX *ctx = NULL;
	X509_STORE *store = NULL;
	BIO *bio = NULL;
	uint8_t md[32];
	TS_TST_INFO *tst;
	int rc;

	memset(info, 0, sizeof(*info));
	if (!resp)
		return -EBADMSG;
	rc = check_status(resp, err);
	if (rc)
		goto out;
	tst = TS_RESP_get_tst_info(resp);
	fill_info(tst, TS_RESP_get_token(resp), info);
	cm_sha256_buf(data, data_len, md, NULL);
	if (!imprint_is(tst, md)) {
		cm_err_setk(
			err, -EPROTO, CM_ERR_NEGATIVE,
			"the time-stamp token is over other data (a token for another signature?)");
		rc = 1;
		goto out;
	}
	store = X509_STORE_new();
	ctx = TS_VERIFY_CTX_new();
	bio = BIO_new_mem_buf(data, (int)data_len);
	if (!store || !ctx || !bio) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	if (X509_STORE_load_file(store, tsa_ca_pem) != 1) {
		rc = cm_err_setk(
			err, -ENOENT, CM_ERR_NOINPUT,
			"--tsa-ca: cannot load CA certificates from '%s'",
			tsa_ca_pem);
		goto out;
	}
	/* the TSA's certificate at the token's time: still verifiable
	 * once that certificate has expired */
	if (info->gen_time)
		X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store),
					   info->gen_time);
	TS_VERIFY_CTX_set_flags(ctx, TS_VFY_VERSION | TS_VFY_SIGNATURE |
					     TS_VFY_DATA | TS_VFY_SIGNER);
	TS_VERIFY_CTX_set_store(ctx, store); /* ctx owns it from here */
	store = NULL;
	TS_VERIFY_CTX_set_data(ctx, bio); /* and this */
	bio = NULL;
	ERR_clear_error();
	if (TS_RESP_verify_response(ctx, resp) != 1) {
		cm_err_setk(err, -EPROTO, CM_ERR_NEGATIVE,
			    "the time-stamp token does not verify: %s",
			    ssl_reason());
		rc = 1;
		goto out;
	}
	rc = 0;
out:
	TS_VERIFY_CTX_free(ctx);
	X509_STORE_free(store);
	BIO_free(bio);
	TS_RESP_free(resp);
	ERR_clear_error();
	return rc;
}

const char *cm_time_source_name(enum cm_time_source s)
{
	switch (s) {
	case CM_TIME_TSA:
		return "tsa";
	case CM_TIME_TSA_UNCHECKED:
		return "tsa-unchecked";
	default:
		return "signer";
	}
}

time_t cm_signed_time_value(const struct cm_signed_time *t)
{
	return t->source == CM_TIME_TSA ? t->tsa.gen_time : t->signer_time;
}

int cm_tsa_token_time(const char *name, const uint8_t *tsr, size_t tsr_len,
		      const uint8_t *sig, size_t sig_len,
		      const struct cm_cms_info *cms, const char *tsa_ca_pem,
		      struct cm_signed_time *out, struct cm_err *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->signer_time = cms->signing_time;
	if (!tsr)
		return 0; /* no token: the signer's claim */
	if (!tsa_ca_pem) {
		/* parsed, never believed: without an anchor the time is not
		 * the TSA's */
		TS_RESP *resp = parse_reply(tsr, tsr_len, err);

		if (!resp) {
			cm_err_wrap(err, "'%s'", name);
			return 1;
		}
		if (TS_RESP_get_tst_info(resp))
			fill_info(TS_RESP_get_tst_info(resp),
				  TS_RESP_get_token(resp), &out->tsa);
		TS_RESP_free(resp);
		out->source = CM_TIME_TSA_UNCHECKED;
		return 0;
	}
	rc = cm_tsa_verify(tsr, tsr_len, sig, sig_len, tsa_ca_pem, &out->tsa,
			   err);
	if (rc) {
		if (rc < 0 && rc != -ENOENT)
			rc = 1; /* a damaged token is an invalid one */
		if (rc > 0)
			cm_err_wrap(err, "'%s'", name);
		return rc;
	}
	out->source = CM_TIME_TSA;
	/* a signer backdating its clock into its certificate's validity is
	 * caught here: what counts is the TSA's time */
	if ((cms->signer_not_before &&
	     out->tsa.gen_time < cms->signer_not_before) ||
	    (cms->signer_not_after &&
	     out->tsa.gen_time > cms->signer_not_after)) {
		char at[32], nb[32], na[32];

		cm_time_rfc3339(out->tsa.gen_time, at);
		cm_time_rfc3339(cms->signer_not_before, nb);
		cm_time_rfc3339(cms->signer_not_after, na);
		cm_err_setk(
			err, -EKEYEXPIRED, CM_ERR_NEGATIVE,
			"signed at %s by the TSA's time, when the signer's certificate was not valid (%s to %s)",
			at, nb, na);
		rc = 1;
	}
	return rc;
}

int cm_tsa_read_token(const char *sig_path, uint8_t **der, size_t *len,
		      struct cm_err *err)
{
	char *tsr = tsr_path(sig_path), *d = NULL;
	int rc;

	*der = NULL;
	*len = 0;
	if (!tsr)
		return cm_err_set(err, -ENOMEM, "out of memory");
	rc = cm_read_file(tsr, CM_TSA_REPLY_MAX, &d, len, err);
	if (rc == -ENOENT) {
		cm_err_clear(err);
		rc = 0;
	} else if (rc == 0) {
		*der = (uint8_t *)d;
		rc = 1;
	}
	free(tsr);
	return rc;
}

int cm_tsa_signature_time(const char *sig_path, const uint8_t *sig,
			  size_t sig_len, const struct cm_cms_info *cms,
			  const char *tsa_ca_pem, struct cm_signed_time *out,
			  struct cm_err *err)
{
	uint8_t *der = NULL;
	char *tsr = NULL;
	size_t len = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	out->signer_time = cms->signing_time;
	rc = cm_tsa_read_token(sig_path, &der, &len, err);
	if (rc < 0)
		return rc;
	tsr = tsr_path(sig_path);
	if (!tsr) {
		free(der);
		return cm_err_set(err, -ENOMEM, "out of memory");
	}
	rc = cm_tsa_token_time(tsr, der, len, sig, sig_len, cms, tsa_ca_pem,
			       out, err);
	free(der);
	free(tsr);
	return rc;
}

/*
 * One token over a probe: the TSA answers, its reply checks out, and with
 * @tsa_ca its token verifies against that CA.
 */
int cm_tsa_probe(const char *url, const char *tsa_ca, struct cm_err *err)
{
	static const char probe[] = "sanitas: is this TSA answering?";
	struct cm_tsa_info info;
	uint8_t *reply = NULL;
	size_t len = 0;
	int rc;

	rc = cm_tsa_stamp(url, probe, sizeof(probe) - 1, &reply, &len, &info,
			  err);
	if (rc == 0 && tsa_ca) {
		rc = cm_tsa_verify(reply, len, probe, sizeof(probe) - 1, tsa_ca,
				   &info, err);
		if (rc > 0)
			cm_err_wrap(
				err,
				"its token does not verify with --tsa-ca %s",
				tsa_ca);
	}
	free(reply);
	if (rc > 0 && err) {
		err->code = -EPROTO;
		err->kind = CM_ERR_UNAVAILABLE;
	}
	return rc > 0 ? -EPROTO : rc;
}
