// SPDX-License-Identifier: Apache-2.0
/*
 * Validation records in the ledger: the checks ingest makes before one is
 * stored, and reading them back per certificate.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cm_hash.h"
#include "cm_time.h"
#include "wp_audit.h"
#include "wp_ledger_validation.h"
#include "wp_validation.h"

static struct wp_ledger_param text(const char *s)
{
	return (struct wp_ledger_param){s, s ? strlen(s) : 0, false};
}

/* The stored certificate's signature and bytes (hex on PostgreSQL). */
struct stored {
	bool found;
	char *signer_fp;
	unsigned char *json, *p7s;
	size_t json_len, p7s_len;
	int rc;
};

static int stored_row(void *ctx, int ncol, const char *const *v)
{
	struct stored *s = ctx;

	if (ncol < 3)
		return 1;
	s->found = true;
	s->signer_fp = strdup(v[0] ? v[0] : "");
	if (!s->signer_fp)
		s->rc = -ENOMEM;
	return 1;
}

struct blobs {
	struct wp_ledger *l;
	struct stored *s;
};

static int blob_row(void *ctx, int ncol, const char *const *v)
{
	struct blobs *b = ctx;
	struct stored *s = b->s;
	int rc;

	if (ncol < 2)
		return 1;
	if (b->l->backend != WP_LEDGER_POSTGRES && b->l->row_lens) {
		s->json_len = v[0] ? b->l->row_lens[0] : 0;
		s->p7s_len = v[1] ? b->l->row_lens[1] : 0;
		s->json = malloc(s->json_len + 1);
		s->p7s = malloc(s->p7s_len + 1);
		if (!s->json || !s->p7s) {
			s->rc = -ENOMEM;
			return 1;
		}
		memcpy(s->json, v[0] ? v[0] : "", s->json_len);
		memcpy(s->p7s, v[1] ? v[1] : "", s->p7s_len);
		return 1;
	}
	rc = wp_ledger_unhex(v[0], &s->json, &s->json_len);
	if (rc == 0)
		rc = wp_ledger_unhex(v[1], &s->p7s, &s->p7s_len);
	s->rc = rc;
	return 1;
}

static void stored_release(struct stored *s)
{
	free(s->signer_fp);
	free(s->json);
	free(s->p7s);
}

/* The certificate @sha as stored: found, its signer, its bytes. */
static int fetch(struct wp_ledger *l, const char *sha, struct stored *s,
		 struct cm_err *err)
{
	const struct wp_ledger_param p[] = {text(sha)};
	struct blobs b = {l, s};
	int rc;

	memset(s, 0, sizeof(*s));
	rc = l->ops->query(l,
			   "SELECT signer_fingerprint, sha256, id\n"
			   " FROM certificates WHERE sha256 = $1",
			   1, p, stored_row, s, NULL, err);
	if (rc == 0 && s->found)
		rc = l->ops->query(
			l,
			l->backend == WP_LEDGER_POSTGRES
				? "SELECT encode(json, 'hex'), encode(p7s, 'hex')\n"
				  " FROM certificates WHERE sha256 = $1"
				: "SELECT json, p7s FROM certificates\n"
				  " WHERE sha256 = $1",
			1, p, blob_row, &b, NULL, err);
	if (rc == 0 && s->rc)
		rc = cm_err_set(err, s->rc,
				"ledger: cannot read a certificate");
	return rc;
}

static int insert(struct wp_ledger *l, const struct wp_validation *v,
		  const char *sha, const struct cm_cms_info *cms,
		  const char *data, size_t len, const unsigned char *sig,
		  size_t sig_len, struct cm_err *err)
{
	char now[32], p7s_sha[65], cov[32] = "", mis[32] = "";
	uint8_t md[CM_SHA256_LEN];
	long changes = 0;
	int rc;

	cm_time_rfc3339(cm_time_now(), now);
	cm_sha256_buf(sig, sig_len, md, NULL);
	cm_hex(md, sizeof(md), p7s_sha);
	if (v->reverified) {
		snprintf(cov, sizeof(cov), "%.6f", v->coverage);
		snprintf(mis, sizeof(mis), "%lld", v->mismatched_bytes);
	}
	{
		const struct wp_ledger_param p[] = {
			text(sha),
			text(v->id),
			text(v->cert_sha256),
			text(v->cert_id),
			text(v->validated_at),
			text(v->verdict),
			text(v->name),
			text(v->title),
			text(v->organization),
			text(cms->signer_fingerprint),
			text(cms->signer_subject),
			text(v->reverify_result),
			text(v->reverified ? cov : NULL),
			text(v->reverified ? mis : NULL),
			{data, len, true},
			{sig, sig_len, true},
			text(p7s_sha),
			text(now),
		};

		rc = l->ops->query(
			l,
			"INSERT INTO validations (sha256, id, certificate_sha256,\n"
			" certificate_id, validated_at, verdict, name, title,\n"
			" organization, signer_fingerprint, signer_subject,\n"
			" reverify_result, coverage, mismatched_bytes, json, p7s,\n"
			" p7s_sha256, ingested_at) VALUES ($1, $2, $3, $4, $5,\n"
			" $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,\n"
			" $18) ON CONFLICT (sha256) DO NOTHING",
			(int)(sizeof(p) / sizeof(p[0])), p, NULL, NULL,
			&changes, err);
	}
	if (rc < 0)
		return rc;
	return changes ? 0 : 1;
}

int wp_ledger_ingest_validation(struct wp_ledger *l, struct cm_cms_trust *trust,
				const char *name, const char *data, size_t len,
				const unsigned char *sig, size_t sig_len,
				struct cm_err *why, struct cm_err *err)
{
	struct wp_validation v;
	struct cm_cms_info cms, ccms;
	struct stored s = {0};
	uint8_t md[CM_SHA256_LEN];
	char sha[65];
	int rc;

	rc = wp_validation_verify_mem(name, data, len, sig, sig_len, trust, &v,
				      &cms, why);
	if (rc != 0)
		return 2;
	rc = fetch(l, v.cert_sha256, &s, err);
	if (rc < 0)
		goto out;
	if (!s.found) {
		cm_err_set(
			why, 0,
			"the certificate it validates (sha256 %s) is not in the ledger: add the certificate first, or in the same batch",
			v.cert_sha256);
		rc = 2;
		goto out;
	}
	/* the stored certificate's own signature says who signed it: the
	 * record's claim is checked against it, key included */
	if (cm_cms_verify_trusted(s.json, s.json_len, s.p7s, s.p7s_len, trust,
				  &ccms, why) != 0) {
		cm_err_wrap(why,
			    "the certificate it validates does not verify");
		rc = 2;
		goto out;
	}
	if (strcmp(ccms.signer_fingerprint, v.cert_signer_fp) ||
	    strcmp(ccms.signer_key_fingerprint, v.cert_signer_key)) {
		cm_err_set(
			why, 0,
			"it names the certificate's signer as sha256 %s, but the certificate is signed by %s (sha256 %s)",
			v.cert_signer_fp, ccms.signer_subject,
			ccms.signer_fingerprint);
		rc = 2;
		goto out;
	}
	if (!strcmp(ccms.signer_fingerprint, cms.signer_fingerprint) ||
	    !strcmp(ccms.signer_key_fingerprint, cms.signer_key_fingerprint)) {
		cm_err_setk(
			why, 0, CM_ERR_NOPERM,
			"the validator is the identity that signed the certificate: a validation must be by someone other than the operator");
		rc = 2;
		goto out;
	}
	cm_sha256_buf(data, len, md, NULL);
	cm_hex(md, sizeof(md), sha);
	rc = insert(l, &v, sha, &cms, data, len, sig, sig_len, err);
out:
	stored_release(&s);
	wp_validation_release(&v);
	return rc;
}

struct of_ctx {
	wp_ledger_validation_fn fn;
	void *ctx;
};

static int of_row(void *ctx, int ncol, const char *const *v)
{
	struct of_ctx *c = ctx;
	struct wp_ledger_validation r;

	if (ncol < 12)
		return 1;
	r.sha256 = v[0];
	r.id = v[1];
	r.certificate_sha256 = v[2];
	r.validated_at = v[3];
	r.verdict = v[4];
	r.name = v[5];
	r.title = v[6];
	r.organization = v[7];
	r.signer_fingerprint = v[8];
	r.reverify_result = v[9];
	r.coverage = v[10];
	r.mismatched_bytes = v[11];
	return c->fn(c->ctx, &r);
}

int wp_ledger_validations_of(struct wp_ledger *l, const char *cert_sha256,
			     wp_ledger_validation_fn fn, void *ctx,
			     struct cm_err *err)
{
	const struct wp_ledger_param p[] = {text(cert_sha256)};
	struct of_ctx c = {fn, ctx};

	return l->ops->query(
		l,
		"SELECT sha256, id, certificate_sha256, validated_at, verdict,\n"
		" name, title, organization, signer_fingerprint,\n"
		" reverify_result, coverage, mismatched_bytes\n"
		" FROM validations WHERE certificate_sha256 = $1\n"
		" ORDER BY validated_at, sha256",
		1, p, of_row, &c, NULL, err);
}

struct vaudit {
	const char *what; /* "validation of" or "custody event of" */
	struct wp_ledger *l;
	struct cm_cms_trust *trust;
	wp_audit_fn fn;
	void *ctx;
	long n, problems;
	int rc;
};

static void vtell(struct vaudit *a, enum wp_audit_kind k, const char *sha,
		  const char *identity, const char *cert, const char *why)
{
	char detail[CM_ERR_MSG_MAX + 100];

	snprintf(detail, sizeof(detail), "%s %s: %s", a->what,
		 cert ? cert : "?", why);
	const struct wp_audit_item it = {.kind = k,
					 .sha256 = sha,
					 .identity = identity ? identity : "",
					 .station = "",
					 .serial = "",
					 .prev = "",
					 .detail = detail};

	a->problems++;
	if (a->fn)
		a->fn(a->ctx, &it);
}

static int vaudit_row(void *ctx, int ncol, const char *const *v)
{
	struct vaudit *a = ctx;
	unsigned char *json = NULL, *p7s = NULL;
	unsigned char md[CM_SHA256_LEN];
	size_t jlen = 0, plen = 0;
	struct cm_cms_info info;
	struct cm_err why = {0};
	char hex[65];
	int rc = 0;

	if (ncol < 7)
		return 1;
	a->n++;
	if (a->l->backend != WP_LEDGER_POSTGRES && a->l->row_lens) {
		json = (unsigned char *)v[4];
		jlen = v[4] ? a->l->row_lens[4] : 0;
		p7s = (unsigned char *)v[5];
		plen = v[5] ? a->l->row_lens[5] : 0;
	} else {
		rc = wp_ledger_unhex(v[4], &json, &jlen);
		if (rc == 0)
			rc = wp_ledger_unhex(v[5], &p7s, &plen);
		if (rc == -ENOMEM) {
			a->rc = rc;
			free(json);
			return 1;
		}
	}
	cm_sha256_buf(json ? json : (unsigned char *)"", jlen, md, NULL);
	cm_hex(md, sizeof(md), hex);
	if (rc < 0 || strcmp(hex, v[0] ? v[0] : ""))
		vtell(a, WP_AUDIT_JSON_HASH, v[0], v[2], v[3],
		      "the stored record does not hash to its SHA-256");
	cm_sha256_buf(p7s ? p7s : (unsigned char *)"", plen, md, NULL);
	cm_hex(md, sizeof(md), hex);
	if (rc < 0 || strcmp(hex, v[1] ? v[1] : ""))
		vtell(a, WP_AUDIT_P7S_HASH, v[0], v[2], v[3],
		      "the stored signature does not hash to its SHA-256");
	if (rc == 0 && cm_cms_verify_trusted(json, jlen, p7s, plen, a->trust,
					     &info, &why) != 0)
		vtell(a, WP_AUDIT_SIGNATURE, v[0], v[2], v[3],
		      why.msg[0] ? why.msg : "does not verify");
	if (!v[6] || strcmp(v[6], "1"))
		vtell(a, WP_AUDIT_UNBOUND, v[0], v[2], v[3],
		      "that certificate is not in the ledger");
	if (a->l->backend == WP_LEDGER_POSTGRES || !a->l->row_lens) {
		free(json);
		free(p7s);
	}
	return 0;
}

static int audit_table(struct wp_ledger *l, const char *what,
		       const char *sql_pg, const char *sql_lite, wp_audit_fn fn,
		       void *ctx, long *n, long *problems, struct cm_err *err)
{
	struct vaudit a = {.what = what, .l = l, .fn = fn, .ctx = ctx};
	char *pem = NULL;
	size_t pem_len = 0;
	int anchors = 0, rc;

	*n = 0;
	*problems = 0;
	rc = wp_ledger_trust_pem(l, &pem, &pem_len, &anchors, err);
	if (rc == 0)
		rc = cm_cms_trust_new(pem, pem_len, &a.trust, err);
	if (rc == 0)
		rc = l->ops->query(
			l, l->backend == WP_LEDGER_POSTGRES ? sql_pg : sql_lite,
			0, NULL, vaudit_row, &a, NULL, err);
	if (rc == 0 && a.rc)
		rc = cm_err_set(err, a.rc, "out of memory");
	cm_cms_trust_free(a.trust);
	free(pem);
	*n = a.n;
	*problems = a.problems;
	if (rc < 0)
		return rc;
	return a.problems ? 1 : 0;
}

int wp_ledger_audit_validations(struct wp_ledger *l, wp_audit_fn fn, void *ctx,
				long *n, long *problems, struct cm_err *err)
{
	return audit_table(l, "validation of",
			   "SELECT v.sha256, v.p7s_sha256,\n"
			   " v.signer_fingerprint, v.certificate_sha256,\n"
			   " encode(v.json, 'hex'), encode(v.p7s, 'hex'),\n"
			   " CASE WHEN EXISTS (SELECT 1 FROM certificates c\n"
			   "  WHERE c.sha256 = v.certificate_sha256)\n"
			   " THEN 1 ELSE 0 END FROM validations v\n"
			   " ORDER BY v.validated_at, v.sha256",
			   "SELECT v.sha256, v.p7s_sha256,\n"
			   " v.signer_fingerprint, v.certificate_sha256,\n"
			   " v.json, v.p7s,\n"
			   " CASE WHEN EXISTS (SELECT 1 FROM certificates c\n"
			   "  WHERE c.sha256 = v.certificate_sha256)\n"
			   " THEN 1 ELSE 0 END FROM validations v\n"
			   " ORDER BY v.validated_at, v.sha256",
			   fn, ctx, n, problems, err);
}

int wp_ledger_audit_custody(struct wp_ledger *l, wp_audit_fn fn, void *ctx,
			    long *n, long *problems, struct cm_err *err)
{
	/* an event is bound to a serial, not to a stored record: never
	 * unbound (the last column is 1) */
	return audit_table(
		l, "custody event of",
		"SELECT sha256, p7s_sha256, signer_fingerprint, serial,\n"
		" encode(json, 'hex'), encode(p7s, 'hex'), 1 FROM custody\n"
		" ORDER BY at, sha256",
		"SELECT sha256, p7s_sha256, signer_fingerprint, serial,\n"
		" json, p7s, 1 FROM custody ORDER BY at, sha256",
		fn, ctx, n, problems, err);
}
