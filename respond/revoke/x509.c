// SPDX-License-Identifier: Apache-2.0
/* revoke.x509 core: plan and revoke in an openssl-ca directory, CRL issuing
 * (OpenSSL API). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/conf.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cm_atomic.h"
#include "cm_hash.h"
#include "cm_hook.h"
#include "cm_file.h"
#include "cm_buf.h"
#include "cm_path.h"
#include "rs_x509.h"

#define CA_FILE_MAX (64L * 1024 * 1024)
/* ---- revocation -------------------------------------------------------- */

struct x509_state {
	struct rs_ca ca;
	const char *root; /* borrowed from the request */
	X509 *cert;
	EVP_PKEY *key;
	char *index_text;
	size_t index_len;
	struct rs_ca_db db;
	BIGNUM *crlnum; /* the number the next CRL gets */
	bool has_crlnumber;
	int reason;
	long *rows; /* row of each requested serial */
};

static void state_release(struct x509_state *s)
{
	rs_ca_release(&s->ca);
	X509_free(s->cert);
	EVP_PKEY_free(s->key);
	free(s->index_text);
	rs_ca_db_release(&s->db);
	BN_free(s->crlnum);
	free(s->rows);
	memset(s, 0, sizeof(*s));
}

static int ossl_err(struct cm_err *err, int code, const char *what,
		    const char *path)
{
	char buf[256];
	unsigned long e = ERR_get_error();

	ERR_error_string_n(e, buf, sizeof(buf));
	ERR_clear_error();
	return cm_err_setk(err, code, CM_ERR_DATAERR, "%s '%s': %s", what, path,
			   e ? buf : "unreadable");
}

static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return 0;
}

static int load_state(const struct rs_x509_req *r, struct x509_state *s,
		      struct cm_err *err)
{
	BIO *bio = NULL;
	char *num = NULL;
	size_t len;
	int rc;

	memset(s, 0, sizeof(*s));
	s->root = r->root;
	s->reason = rs_crl_reason_code(r->reason ? r->reason : "keyCompromise");
	if (s->reason < 0 || s->reason == 8)
		return cm_err_setk(
			err, -EINVAL, CM_ERR_DATAERR,
			"reason '%s' is not an RFC 5280 CRL reason usable here (keyCompromise, CACompromise, affiliationChanged, superseded, cessationOfOperation, certificateHold, privilegeWithdrawn, AACompromise, unspecified)",
			r->reason);
	if (!r->n_serials)
		return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
				   "serials: at least one serial is needed");
	rc = rs_ca_open(&s->ca, r->ca_dir, r->root, err);
	if (rc)
		return rc;
	bio = BIO_new_file(s->ca.certificate, "r");
	s->cert = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
	BIO_free(bio);
	if (!s->cert) {
		rc = ossl_err(err, -EBADMSG, "cannot read CA certificate",
			      s->ca.certificate);
		goto fail;
	}
	bio = BIO_new_file(s->ca.private_key, "r");
	s->key = bio ? PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL)
		     : NULL;
	BIO_free(bio);
	if (!s->key) {
		rc = ossl_err(
			err, -EBADMSG,
			"cannot read CA private key (an encrypted key is not supported)",
			s->ca.private_key);
		goto fail;
	}
	if (X509_check_private_key(s->cert, s->key) != 1) {
		ERR_clear_error();
		rc = cm_err_setk(
			err, -EINVAL, CM_ERR_DATAERR,
			"CA private key '%s' does not match CA certificate '%s'",
			s->ca.private_key, s->ca.certificate);
		goto fail;
	}
	rc = cm_read_file(s->ca.database, CA_FILE_MAX, &s->index_text,
			  &s->index_len, err);
	if (rc)
		goto fail;
	rc = rs_ca_db_parse(s->index_text, s->index_len, &s->db, err);
	if (rc) {
		cm_err_wrap(err, "CA database '%s' is corrupt", s->ca.database);
		goto fail;
	}
	if (rs_ca_exists(s->ca.crlnumber)) {
		rc = cm_read_file(s->ca.crlnumber, 4096, &num, &len, err);
		if (rc)
			goto fail;
		num[strcspn(num, "\r\n")] = '\0';
		s->crlnum = rs_ca_hex_bn(num);
		free(num);
		if (!s->crlnum) {
			rc = cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
					 "'%s' does not hold a hex number",
					 s->ca.crlnumber);
			goto fail;
		}
		s->has_crlnumber = true;
	} else {
		s->crlnum = BN_new();
		if (!s->crlnum || !BN_one(s->crlnum)) {
			rc = cm_err_set(err, -ENOMEM, "out of memory");
			goto fail;
		}
	}
	s->rows = calloc(r->n_serials, sizeof(*s->rows));
	if (!s->rows) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < r->n_serials; i++) {
		s->rows[i] = rs_ca_db_find(&s->db, r->serials[i]);
		if (s->rows[i] < 0) {
			rc = cm_err_setk(
				err, -ENOENT, CM_ERR_DATAERR,
				"serial '%s' is not in CA database '%s'",
				r->serials[i], s->ca.database);
			goto fail;
		}
	}
	return 0;
fail:
	state_release(s);
	return rc;
}

static void asn1_str(time_t t, bool generalized, char *buf)
{
	struct tm tm;
	char tmp[32];

	gmtime_r(&t, &tm);
	snprintf(tmp, sizeof(tmp), "%0*d%02d%02d%02d%02d%02dZ",
		 generalized ? 4 : 2,
		 generalized ? tm.tm_year + 1900 : tm.tm_year % 100,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	memcpy(buf, tmp, 16);
}

/*
 * The revocation field exactly as `openssl ca -revoke` writes it
 * (make_revocation_str): "revtime[,reason]", with a compromise time as
 * "revtime,keyTime,GENTIME" or "revtime,CAkeyTime,GENTIME".
 */
static char *revinfo(const struct rs_x509_req *r, int reason)
{
	char rt[16], ct[16];
	struct cm_buf b = CM_BUF_INIT(CM_BUF_TEXT_MAX);
	struct tm tm;

	gmtime_r(&r->now, &tm);
	asn1_str(r->now, tm.tm_year + 1900 >= 2050, rt);
	cm_buf_appends(&b, rt);
	if (r->has_compromise && (reason == 1 || reason == 2)) {
		asn1_str(r->compromised_at, true, ct);
		cm_buf_appendf(&b, ",%s,%s",
			       reason == 1 ? "keyTime" : "CAkeyTime", ct);
	} else if (reason >= 0 && reason <= 8) {
		cm_buf_appendf(&b, ",%s", rs_crl_reason_name(reason));
	} else {
		/* openssl ca knows no name for 9 and 10: reason code only */
		cm_buf_appendf(&b, ",%s", rs_crl_reason_name(reason));
	}
	return cm_buf_take(&b);
}

/* Parse "revtime[,reason[,time]]" back into CRL entry values. */
static int parse_revinfo(const char *s, ASN1_TIME **revtime, int *reason,
			 ASN1_GENERALIZEDTIME **inval)
{
	char buf[128], *c1, *c2;

	*revtime = NULL;
	*reason = -1;
	*inval = NULL;
	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, strlen(s) + 1);
	c1 = strchr(buf, ',');
	if (c1)
		*c1++ = '\0';
	*revtime = ASN1_TIME_new();
	if (!*revtime || !ASN1_TIME_set_string(*revtime, buf))
		return -EINVAL;
	if (!c1)
		return 0;
	c2 = strchr(c1, ',');
	if (c2)
		*c2++ = '\0';
	if (!strcasecmp(c1, "keyTime") || !strcasecmp(c1, "CAkeyTime")) {
		*reason = !strcasecmp(c1, "keyTime") ? 1 : 2;
		if (!c2)
			return -EINVAL;
		*inval = ASN1_GENERALIZEDTIME_new();
		if (!*inval || !ASN1_GENERALIZEDTIME_set_string(*inval, c2))
			return -EINVAL;
		return 0;
	}
	*reason = rs_crl_reason_code(c1);
	return *reason < 0 ? -EINVAL : 0;
}

static int add_ext_nid(X509_CRL *crl, int nid, void *value)
{
	return X509_CRL_add1_ext_i2d(crl, nid, value, 0, 0) == 1 ? 0 : -EINVAL;
}

/* The CRL over every revoked row of @db, numbered @num. */
static X509_CRL *make_crl(struct x509_state *s, const struct rs_x509_req *r,
			  const BIGNUM *num, struct cm_err *err)
{
	X509_CRL *crl = X509_CRL_new();
	ASN1_TIME *t = NULL;
	ASN1_INTEGER *n = NULL;
	const EVP_MD *md = EVP_get_digestbyname(s->ca.md);
	X509V3_CTX v3;
	X509_EXTENSION *akid = NULL;

	if (!crl || !md)
		goto fail;
	if (!X509_CRL_set_version(crl, X509_CRL_VERSION_2) ||
	    !X509_CRL_set_issuer_name(crl, X509_get_subject_name(s->cert)))
		goto fail;
	t = ASN1_TIME_set(NULL, r->now);
	if (!t || !X509_CRL_set1_lastUpdate(crl, t))
		goto fail;
	if (!ASN1_TIME_set(t, r->now + s->ca.crl_days * 86400L) ||
	    !X509_CRL_set1_nextUpdate(crl, t))
		goto fail;
	for (size_t i = 0; i < s->db.n; i++) {
		const struct rs_ca_row *row = &s->db.rows[i];
		X509_REVOKED *rev;
		ASN1_TIME *rt;
		ASN1_GENERALIZEDTIME *inval;
		ASN1_ENUMERATED *e = NULL;
		BIGNUM *bn;
		ASN1_INTEGER *sn;
		int reason, ok;

		if (row->status != 'R')
			continue;
		if (parse_revinfo(row->revinfo, &rt, &reason, &inval)) {
			ASN1_TIME_free(rt);
			ASN1_GENERALIZEDTIME_free(inval);
			cm_err_setk(
				err, -EBADMSG, CM_ERR_DATAERR,
				"CA database: serial %s has an unreadable revocation field '%s'",
				row->serial, row->revinfo);
			goto out_fail;
		}
		rev = X509_REVOKED_new();
		bn = rs_ca_hex_bn(row->serial);
		sn = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
		BN_free(bn);
		ok = rev && sn && X509_REVOKED_set_serialNumber(rev, sn) &&
		     X509_REVOKED_set_revocationDate(rev, rt);
		/* RFC 5280 5.3.1: reason unspecified SHOULD be absent */
		if (ok && reason > 0) {
			e = ASN1_ENUMERATED_new();
			ok = e && ASN1_ENUMERATED_set(e, reason) &&
			     X509_REVOKED_add1_ext_i2d(rev, NID_crl_reason, e,
						       0, 0) == 1;
		}
		if (ok && inval)
			ok = X509_REVOKED_add1_ext_i2d(rev, NID_invalidity_date,
						       inval, 0, 0) == 1;
		ASN1_ENUMERATED_free(e);
		ASN1_INTEGER_free(sn);
		ASN1_TIME_free(rt);
		ASN1_GENERALIZEDTIME_free(inval);
		if (!ok || !X509_CRL_add0_revoked(crl, rev)) {
			X509_REVOKED_free(rev);
			goto fail;
		}
	}
	if (!X509_CRL_sort(crl))
		goto fail;
	n = BN_to_ASN1_INTEGER(num, NULL);
	if (!n || add_ext_nid(crl, NID_crl_number, n))
		goto fail;
	X509V3_set_ctx(&v3, s->cert, NULL, NULL, crl, 0);
	akid = X509V3_EXT_conf_nid(NULL, &v3, NID_authority_key_identifier,
				   "keyid:always");
	if (akid) {
		if (!X509_CRL_add_ext(crl, akid, -1))
			goto fail;
	} else {
		ERR_clear_error(); /* a CA certificate without an SKID */
	}
	if (!X509_CRL_sign(crl, s->key, md))
		goto fail;
	X509_EXTENSION_free(akid);
	ASN1_INTEGER_free(n);
	ASN1_TIME_free(t);
	return crl;
fail:
	ossl_err(err, -EIO, "cannot build CRL for", s->ca.dir);
out_fail:
	X509_EXTENSION_free(akid);
	ASN1_INTEGER_free(n);
	ASN1_TIME_free(t);
	X509_CRL_free(crl);
	return NULL;
}

/* Does the CRL at @path, signed by this CA, list every requested serial? */
static bool crl_lists_all(struct x509_state *s, const struct rs_x509_req *r)
{
	BIO *bio = BIO_new_file(s->ca.crl, "r");
	X509_CRL *crl =
		bio ? PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL) : NULL;
	bool ok = crl && X509_CRL_verify(crl, s->key) == 1;

	for (size_t i = 0; ok && i < r->n_serials; i++) {
		BIGNUM *bn = rs_ca_hex_bn(r->serials[i]);
		ASN1_INTEGER *sn = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
		X509_REVOKED *rev = NULL;

		ok = sn && X509_CRL_get0_by_serial(crl, &rev, sn) == 1;
		ASN1_INTEGER_free(sn);
		BN_free(bn);
	}
	X509_CRL_free(crl);
	BIO_free(bio);
	ERR_clear_error();
	return ok;
}

static char *bn_hex(const BIGNUM *bn)
{
	char *h = BN_bn2hex(bn);
	char *out;

	if (!h)
		return NULL;
	/* crlnumber holds an even number of hex digits, like openssl ca */
	if (strlen(h) % 2) {
		out = malloc(strlen(h) + 2);
		if (out) {
			out[0] = '0';
			memcpy(out + 1, h, strlen(h) + 1);
		}
	} else {
		out = strdup(h);
	}
	OPENSSL_free(h);
	return out;
}

static json_t *str_array(void)
{
	return json_array();
}

int rs_x509_plan(const struct rs_x509_req *r, json_t **out, struct cm_err *err)
{
	struct x509_state s;
	json_t *o, *rev = str_array(), *already = str_array();
	char *num;
	int rc;

	*out = NULL;
	rc = load_state(r, &s, err);
	if (rc) {
		json_decref(rev);
		json_decref(already);
		return rc;
	}
	for (size_t i = 0; i < r->n_serials; i++) {
		const struct rs_ca_row *row = &s.db.rows[s.rows[i]];

		json_array_append_new(row->status == 'R' ? already : rev,
				      json_string(row->serial));
	}
	num = bn_hex(s.crlnum);
	o = json_pack("{s:s, s:s, s:s?, s:o, s:o, s:s, s:s?, s:s, s:s, s:b}",
		      "ca_dir", s.ca.dir, "database", s.ca.database, "config",
		      s.ca.cnf, "revoke", rev, "already_revoked", already,
		      "reason", rs_crl_reason_name(s.reason), "next_crl_number",
		      num, "crl", s.ca.crl, "lock", "flock on <database>.lock",
		      "private_key_copied", 0);
	free(num);
	state_release(&s);
	if (!o)
		return cm_err_set(err, -ENOMEM, "out of memory");
	*out = o;
	return 0;
}

static int lock_ca(const char *database, int *fd, struct cm_err *err)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s.lock", database);
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (*fd < 0)
		return cm_err_set(err, -errno, "cannot open lock '%s': %s",
				  path, strerror(errno));
	if (flock(*fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno;

		close(*fd);
		*fd = -1;
		return cm_err_setk(err, -e, CM_ERR_TEMPFAIL,
				   "CA '%s' is locked by another process",
				   database);
	}
	return 0;
}

static int backup(struct x509_state *s, const char *dir, struct cm_err *err)
{
	const char *files[] = {s->ca.database, s->ca.crlnumber, s->ca.crl,
			       s->ca.cnf, NULL};
	char *attr = NULL;
	int rc;

	rc = cm_mkdirs(dir, 0700, err);
	if (rc)
		return rc;
	attr = malloc(strlen(s->ca.database) + 6);
	if (attr)
		snprintf(attr, strlen(s->ca.database) + 6, "%s.attr",
			 s->ca.database);
	/* index.txt.attr may be the image's symlink too */
	rc = rs_ca_confine(s->root, &attr, err);
	for (size_t i = 0; !rc && i < 5; i++) {
		const char *src = i < 4 ? files[i] : attr;
		const char *base;
		char *dst;

		if (!src || !rs_ca_exists(src))
			continue;
		base = strrchr(src, '/');
		base = base ? base + 1 : src;
		dst = cm_path_join(dir, base);
		rc = dst ? cm_copy_file(src, dst, err)
			 : cm_err_set(err, -ENOMEM, "out of memory");
		free(dst);
	}
	free(attr);
	return rc;
}

int rs_x509_revoke(const struct rs_x509_req *r, json_t **out,
		   struct cm_err *err)
{
	struct x509_state s;
	json_t *rev = json_array(), *already = json_array(),
	       *diff = json_array();
	X509_CRL *crl = NULL;
	BIO *mem = NULL;
	BIGNUM *next = NULL;
	char *text = NULL, *num = NULL, *nextnum = NULL;
	char *pem;
	long pem_len;
	int lockfd = -1, rc;
	bool issue;

	*out = NULL;
	if (!rev || !already || !diff) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out_nostate;
	}
	rc = load_state(r, &s, err);
	if (rc)
		goto out_nostate;
	rc = lock_ca(s.ca.database, &lockfd, err);
	if (rc)
		goto out;
	/* re-read under the lock: another writer may have finished first */
	state_release(&s);
	rc = load_state(r, &s, err);
	if (rc)
		goto out;
	if (r->backup_dir) {
		rc = backup(&s, r->backup_dir, err);
		if (rc)
			goto out;
	}
	for (size_t i = 0; i < r->n_serials; i++) {
		struct rs_ca_row *row = &s.db.rows[s.rows[i]];
		char *ri;

		if (row->status == 'R') {
			json_array_append_new(already,
					      json_string(row->serial));
			continue;
		}
		ri = revinfo(r, s.reason);
		if (!ri) {
			rc = cm_err_set(err, -ENOMEM, "out of memory");
			goto out;
		}
		json_array_append_new(diff,
				      json_sprintf("-%c\t%s\t%s\t%s\t%s\t%s",
						   row->status, row->expiry,
						   row->revinfo, row->serial,
						   row->file, row->subject));
		free(row->revinfo);
		row->revinfo = ri;
		row->status = 'R';
		json_array_append_new(diff,
				      json_sprintf("+R\t%s\t%s\t%s\t%s\t%s",
						   row->expiry, row->revinfo,
						   row->serial, row->file,
						   row->subject));
		json_array_append_new(rev, json_string(row->serial));
	}
	issue = json_array_size(rev) > 0 || !crl_lists_all(&s, r);
	if (issue) {
		crl = make_crl(&s, r, s.crlnum, err);
		if (!crl) {
			rc = err->code ? err->code : -EIO;
			goto out;
		}
		mem = BIO_new(BIO_s_mem());
		if (!mem || !PEM_write_bio_X509_CRL(mem, crl)) {
			rc = ossl_err(err, -EIO, "cannot encode CRL for",
				      s.ca.dir);
			goto out;
		}
		pem_len = BIO_get_mem_data(mem, &pem);
		num = bn_hex(s.crlnum);
		next = BN_dup(s.crlnum);
		if (!num || !next || !BN_add_word(next, 1) ||
		    !(nextnum = bn_hex(next))) {
			rc = cm_err_set(err, -ENOMEM, "out of memory");
			goto out;
		}
		/* order for crash safety: database, then number, then CRL */
		if (json_array_size(rev)) {
			text = rs_ca_db_format(&s.db);
			if (!text) {
				rc = cm_err_set(err, -ENOMEM, "out of memory");
				goto out;
			}
			rc = cm_atomic_replace_file(s.ca.database, text,
						    strlen(text), 0644, err);
			if (rc)
				goto out;
			cm_hook_fault("x509-after-index");
		}
		{
			char line[200];

			snprintf(line, sizeof(line), "%s\n", nextnum);
			rc = cm_atomic_replace_file(s.ca.crlnumber, line,
						    strlen(line), 0644, err);
			if (rc)
				goto out;
		}
		rc = cm_atomic_replace_file(s.ca.crl, pem, (size_t)pem_len,
					    0644, err);
		if (rc)
			goto out;
	}
	if (r->crl_copy && rs_ca_exists(s.ca.crl)) {
		rc = cm_copy_file(s.ca.crl, r->crl_copy, err);
		if (rc)
			goto out;
	}
	*out = json_pack("{s:s, s:s, s:O, s:O, s:s, s:b, s:s?, s:s, s:s?, s:O}",
			 "ca_dir", s.ca.dir, "database", s.ca.database,
			 "revoked", rev, "already_revoked", already, "reason",
			 rs_crl_reason_name(s.reason), "crl_issued", issue,
			 "crl_number", num, "crl", s.ca.crl, "crl_copy",
			 r->crl_copy, "index_diff", diff);
	if (!*out)
		rc = cm_err_set(err, -ENOMEM, "out of memory");
out:
	if (lockfd >= 0)
		close(lockfd);
	state_release(&s);
out_nostate:
	X509_CRL_free(crl);
	BIO_free(mem);
	BN_free(next);
	free(text);
	free(num);
	free(nextnum);
	json_decref(rev);
	json_decref(already);
	json_decref(diff);
	return rc;
}
