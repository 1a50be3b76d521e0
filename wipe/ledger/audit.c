// SPDX-License-Identifier: Apache-2.0
/*
 * Verify the ledger: the rows streamed once in identity order, each
 * record's bytes re-hashed and its signature re-verified, each identity's
 * chain checked as its rows go by: the database says whether a record's
 * predecessor is stored (a lookup by primary key) and which predecessors
 * are claimed twice, so memory holds the findings, never the chain.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cm_crl.h"
#include "cm_hash.h"
#include "cm_tsa.h"
#include "wp_cert.h"
#include "wp_audit.h"

/* A chain finding of the identity being read, told when its rows end. */
struct finding {
	enum wp_audit_kind kind;
	char sha[65], prev[65];
	char *label; /* station, newline, serial */
};

struct run {
	struct wp_ledger *l;
	struct cm_cms_trust *trust;
	/* every anchor ever trusted; NULL when none was ever removed */
	struct cm_cms_trust *ever;
	const char *tsa_ca_pem;	 /* borrowed; NULL: tokens not checked */
	struct cm_crl_set *crls; /* NULL: no --crl */
	enum wp_audit_depth depth;
	bool raw; /* json and p7s selected as blobs, not hex */
	wp_audit_fn fn;
	void *ctx;
	struct wp_audit_stats *st;
	struct finding *f; /* of the current identity */
	size_t nf, capf;
	long n;	      /* its records so far */
	char **forks; /* "IDENTITY PREVIOUS" claimed twice or more, sorted */
	size_t nforks;
	char identity[65];
	bool have;
	int rc;
	struct cm_err *err;
};

static const char *const names[] = {
	[WP_AUDIT_FIRST] = "first",	    [WP_AUDIT_JSON_HASH] = "json-hash",
	[WP_AUDIT_P7S_HASH] = "p7s-hash",   [WP_AUDIT_SIGNATURE] = "signature",
	[WP_AUDIT_UNTRUSTED] = "untrusted", [WP_AUDIT_GAP] = "gap",
	[WP_AUDIT_FORK] = "fork",	    [WP_AUDIT_CONTENT] = "content",
	[WP_AUDIT_TIMESTAMP] = "timestamp", [WP_AUDIT_REVOKED] = "revoked",
	[WP_AUDIT_UNBOUND] = "unbound",
};

const char *wp_audit_kind_name(enum wp_audit_kind k)
{
	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

static void tell(struct run *r, enum wp_audit_kind k, const char *sha,
		 const char *label, const char *prev, const char *detail)
{
	struct wp_audit_item it = {.kind = k,
				   .sha256 = sha,
				   .identity = r->identity,
				   .prev = nz(prev),
				   .detail = nz(detail)};
	char *copy = strdup(nz(label)), *sep;

	it.station = copy ? copy : "";
	it.serial = "";
	if (copy && (sep = strchr(copy, '\n'))) {
		*sep = '\0';
		it.serial = sep + 1;
	}
	if (k == WP_AUDIT_FIRST)
		r->st->first++;
	else
		r->st->problems++;
	if (r->fn)
		r->fn(r->ctx, &it);
	free(copy);
}

/*
 * The chain of the identity whose rows just ended: its first
 * certificates, and its gaps and forks unless it has one record only (a
 * set of one is never broken), in row order.
 */
static int flush(struct run *r)
{
	if (!r->have)
		return 0;
	r->st->identities++;
	for (size_t i = 0; i < r->nf; i++) {
		struct finding *e = &r->f[i];

		if (e->kind == WP_AUDIT_FIRST || r->n > 1)
			tell(r, e->kind, e->sha, e->label,
			     e->kind == WP_AUDIT_FIRST ? NULL : e->prev, NULL);
		free(e->label);
	}
	r->nf = 0;
	r->have = false;
	return 0;
}

static void findings_release(struct run *r)
{
	for (size_t i = 0; i < r->nf; i++)
		free(r->f[i].label);
	free(r->f);
	r->f = NULL;
	r->nf = r->capf = 0;
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_fork(struct run *r, const char *prev)
{
	char key[140], *k = key;

	snprintf(key, sizeof(key), "%s %s", r->identity, prev);
	return r->nforks &&
	       bsearch(&k, r->forks, r->nforks, sizeof(*r->forks), by_str);
}

/* The chain finding of one row, if any, kept for flush(). */
static int note(struct run *r, const char *sha, const char *prev_in,
		const char *has_prev, const char *label)
{
	enum wp_audit_kind k;
	char prev[65];
	struct finding *e;

	/* as the certificate chain check reads it: cut at 64 characters */
	snprintf(prev, sizeof(prev), "%s", nz(prev_in));
	if (!prev[0])
		k = WP_AUDIT_FIRST;
	else if (strcmp(nz(has_prev), "1"))
		k = WP_AUDIT_GAP;
	else if (is_fork(r, prev))
		k = WP_AUDIT_FORK;
	else
		return 0;
	if (r->nf == r->capf) {
		size_t cap = r->capf ? r->capf * 2 : 16;
		struct finding *nfv = realloc(r->f, cap * sizeof(*nfv));

		if (!nfv)
			return cm_err_set(r->err, -ENOMEM, "out of memory");
		r->f = nfv;
		r->capf = cap;
	}
	e = &r->f[r->nf];
	e->kind = k;
	snprintf(e->sha, sizeof(e->sha), "%s", nz(sha));
	snprintf(e->prev, sizeof(e->prev), "%s", prev);
	e->label = strdup(nz(label));
	if (!e->label)
		return cm_err_set(r->err, -ENOMEM, "out of memory");
	r->nf++;
	return 0;
}

static int fork_row(void *ctx, int ncol, const char *const *v)
{
	struct run *r = ctx;
	char **nv;

	if (ncol < 2)
		return 1;
	nv = realloc(r->forks, (r->nforks + 1) * sizeof(*nv));
	if (!nv)
		goto oom;
	r->forks = nv;
	if (asprintf(&nv[r->nforks], "%s %s", nz(v[0]), nz(v[1])) < 0)
		goto oom;
	r->nforks++;
	return 0;
oom:
	r->rc = cm_err_set(r->err, -ENOMEM, "out of memory");
	return 1;
}

static void forks_release(struct run *r)
{
	for (size_t i = 0; i < r->nforks; i++)
		free(r->forks[i]);
	free(r->forks);
	r->forks = NULL;
	r->nforks = 0;
}

/* The predecessors two or more records of one identity claim. */
static int load_forks(struct run *r, const struct wp_ledger_param *id,
		      struct cm_err *err)
{
	char sql[320];
	int rc;

	forks_release(r);
	snprintf(sql, sizeof(sql),
		 "SELECT signer_fingerprint, substr(previous_sha256, 1, 64)\n"
		 " FROM certificates WHERE previous_sha256 <> ''%s\n"
		 " GROUP BY 1, 2 HAVING count(*) > 1",
		 id ? " AND signer_fingerprint = $1" : "");
	rc = r->l->ops->query(r->l, sql, id ? 1 : 0, id, fork_row, r, NULL,
			      err);
	if (rc == 0)
		rc = r->rc;
	if (rc == 0 && r->nforks)
		qsort(r->forks, r->nforks, sizeof(*r->forks), by_str);
	return rc;
}

/*
 * A signature the current anchors refuse: does it verify against every
 * anchor ever trusted (the removed ones too)? Then the record is sound
 * but its signer is trusted no longer, which is not the same finding.
 */
static bool untrusted(struct run *r, const unsigned char *json, size_t jlen,
		      const unsigned char *p7s, size_t plen)
{
	struct cm_cms_info info;
	struct cm_err why = {0};

	return r->ever && cm_cms_verify_trusted(json, jlen, p7s, plen, r->ever,
						&info, &why) == 0;
}

/* Every anchor ever trusted, when one was removed, into r->ever. */
static int ever_trust(struct run *r, struct cm_err *err)
{
	char *pem = NULL;
	size_t len = 0;
	int n = 0, rc;

	rc = wp_ledger_trust_pem_ever(r->l, &pem, &len, &n, err);
	if (rc == 0 && n > 0)
		rc = cm_cms_trust_new(pem, len, &r->ever, err);
	free(pem);
	return rc;
}

/*
 * The time of a record whose signature verified (its stored token, if
 * any, checked against the TSA anchors) and what the CRLs say of its
 * signer, as 'wipe cert verify' judges a file: 0 nothing to report, 1 a
 * finding told, <0 error (a CRL no anchor signed).
 */
static int judge(struct run *r, const char *const *v, const char *label,
		 const unsigned char *tsr, size_t tlen,
		 const unsigned char *p7s, size_t plen,
		 const struct cm_cms_info *info)
{
	struct cm_signed_time when;
	struct cm_revocation rev;
	struct cm_err why = {0};
	char name[96];
	int rc;

	snprintf(name, sizeof(name), "the time-stamp token of %.64s", nz(v[0]));
	rc = cm_tsa_token_time(name, tsr, tlen, p7s, plen, info, r->tsa_ca_pem,
			       &when, &why);
	if (rc == -ENOMEM)
		return cm_err_set(r->err, rc, "out of memory");
	if (rc != 0) {
		tell(r, WP_AUDIT_TIMESTAMP, nz(v[0]), label, v[5],
		     why.msg[0] ? why.msg
				: "its time-stamp token does not verify");
		return 1;
	}
	if (!r->crls)
		return 0;
	rc = cm_crl_set_judge(r->crls, info, &when, &rev, &why);
	if (rc < 0) {
		*r->err = why;
		return rc;
	}
	if (rc > 0)
		tell(r, WP_AUDIT_REVOKED, nz(v[0]), label, v[5], why.msg);
	return rc;
}

/*
 * The bytes of one record: hashes, then the signature. SQLite hands the
 * blobs over as they are (borrowed for the row), PostgreSQL as hex text.
 */
static int bytes(struct run *r, const char *const *v, const char *label)
{
	unsigned char *json = NULL, *p7s = NULL, *own_j = NULL, *own_p = NULL;
	unsigned char *tsr = NULL, *own_t = NULL;
	unsigned char md[CM_SHA256_LEN];
	size_t jlen = 0, plen = 0, tlen = 0;
	char hex[CM_SHA256_HEX];
	struct cm_cms_info info;
	struct cm_err why = {0};
	int rc = 0;

	if (r->raw && r->l->row_lens) {
		json = (unsigned char *)v[6];
		jlen = v[6] ? r->l->row_lens[6] : 0;
		p7s = (unsigned char *)v[7];
		plen = v[7] ? r->l->row_lens[7] : 0;
		tsr = (unsigned char *)v[9];
		tlen = v[9] ? r->l->row_lens[9] : 0;
	} else {
		rc = wp_ledger_unhex(v[6], &own_j, &jlen);
		if (rc == 0)
			rc = wp_ledger_unhex(v[7], &own_p, &plen);
		if (rc == 0 && v[9])
			rc = wp_ledger_unhex(v[9], &own_t, &tlen);
		if (rc == -ENOMEM) {
			free(own_j);
			free(own_p);
			return cm_err_set(r->err, rc, "out of memory");
		}
		json = own_j;
		p7s = own_p;
		tsr = own_t;
	}
	cm_sha256_buf(json ? json : (unsigned char *)"", jlen, md, NULL);
	cm_hex(md, sizeof(md), hex);
	if (rc < 0 || strcmp(hex, nz(v[0])))
		tell(r, WP_AUDIT_JSON_HASH, nz(v[0]), label, v[5], hex);
	cm_sha256_buf(p7s ? p7s : (unsigned char *)"", plen, md, NULL);
	cm_hex(md, sizeof(md), hex);
	if (rc < 0 || strcmp(hex, nz(v[1])))
		tell(r, WP_AUDIT_P7S_HASH, nz(v[0]), label, v[5], hex);
	if (rc == 0 && cm_cms_verify_trusted(json, jlen, p7s, plen, r->trust,
					     &info, &why) != 0) {
		if (untrusted(r, json, jlen, p7s, plen))
			tell(r, WP_AUDIT_UNTRUSTED, nz(v[0]), label, v[5],
			     "it verifies only against a trust anchor that has been removed");
		else
			tell(r, WP_AUDIT_SIGNATURE, nz(v[0]), label, v[5],
			     why.msg[0] ? why.msg : "does not verify");
	} else if (rc == 0) {
		rc = judge(r, v, label, tsr, tlen, p7s, plen, &info);
		if (rc == 0 && r->depth == WP_AUDIT_DEPTH_CONTENT &&
		    wp_cert_check_content(nz(v[0]), (const char *)json, jlen,
					  &info, &why) != 0)
			tell(r, WP_AUDIT_CONTENT, nz(v[0]), label, v[5],
			     why.msg[0] ? why.msg
					: "fails the checks of ingest");
		rc = rc < 0 ? rc : 0;
	}
	free(own_j);
	free(own_p);
	free(own_t);
	return rc < 0 ? rc : 0;
}

/*
 * sha256, p7s_sha256, signer, station, serial, previous, json, p7s, 1
 * when the predecessor is stored, and the token
 */
static int row(void *ctx, int ncol, const char *const *v)
{
	struct run *r = ctx;
	char *label = NULL;

	if (ncol < 10)
		return 1;
	if (r->have && strcmp(r->identity, nz(v[2]))) {
		r->rc = flush(r);
		if (r->rc < 0)
			return 1;
	}
	if (!r->have) {
		snprintf(r->identity, sizeof(r->identity), "%s", nz(v[2]));
		r->n = 0;
		r->have = true;
	}
	r->st->records++;
	r->n++;
	if (asprintf(&label, "%s\n%s", nz(v[3]), nz(v[4])) < 0) {
		r->rc = cm_err_set(r->err, -ENOMEM, "out of memory");
		return 1;
	}
	if (r->depth != WP_AUDIT_DEPTH_CHAINS)
		r->rc = bytes(r, v, label);
	if (r->rc == 0)
		r->rc = note(r, v[0], v[5], v[8], label);
	free(label);
	return r->rc < 0;
}

int wp_ledger_audit(struct wp_ledger *l, const char *const *ids, int nids,
		    enum wp_audit_depth depth, const struct cm_verify_trust *tr,
		    wp_audit_fn fn, void *ctx, struct wp_audit_stats *st,
		    struct cm_err *err)
{
	const bool chain_only = depth == WP_AUDIT_DEPTH_CHAINS;
	struct run r = {.l = l,
			.tsa_ca_pem = tr ? tr->tsa_ca_pem : NULL,
			.depth = depth,
			.raw = l->backend != WP_LEDGER_POSTGRES,
			.fn = fn,
			.ctx = ctx,
			.st = st,
			.err = err};
	/* a libpq text result cannot hold a NUL byte: PostgreSQL sends hex */
	const char *hexj = l->backend == WP_LEDGER_POSTGRES
				   ? "encode(json, 'hex'), encode(p7s, 'hex')"
				   : "json, p7s";
	const char *hext =
		l->backend == WP_LEDGER_POSTGRES ? "encode(tsr, 'hex')" : "tsr";
	char *pem = NULL, *sql = NULL;
	size_t pem_len = 0;
	int rc = 0, anchors = 0;

	memset(st, 0, sizeof(*st));
	if (!chain_only)
		rc = wp_ledger_trust_pem(l, &pem, &pem_len, &anchors, err);
	if (rc == 0 && !chain_only)
		rc = cm_cms_trust_new(pem, pem_len, &r.trust, err);
	/* read before the rows stream: one connection, one query at a time */
	if (rc == 0 && !chain_only)
		rc = ever_trust(&r, err);
	/* the CRLs count when a current anchor signed them */
	if (rc == 0 && !chain_only && tr && tr->crl_pem)
		rc = cm_crl_set_new(tr->crl_pem, pem, pem_len, &r.crls, err);
	if (rc == 0 &&
	    asprintf(&sql,
		     "SELECT sha256, p7s_sha256, signer_fingerprint, station,\n"
		     " serial, previous_sha256, %s,\n"
		     " CASE WHEN EXISTS (SELECT 1 FROM certificates p\n"
		     "  WHERE p.sha256 = substr(c.previous_sha256, 1, 64)\n"
		     "  AND p.signer_fingerprint = c.signer_fingerprint)\n"
		     " THEN 1 ELSE 0 END, %s FROM certificates c%s\n"
		     " ORDER BY signer_fingerprint, issued_at, sha256",
		     chain_only ? "'', ''" : hexj, chain_only ? "NULL" : hext,
		     ids ? " WHERE signer_fingerprint = $1" : "") < 0)
		rc = cm_err_set(err, -ENOMEM, "out of memory");
	for (int i = 0; rc == 0 && i < (ids ? nids : 1); i++) {
		struct wp_ledger_param p = {ids ? ids[i] : NULL,
					    ids ? strlen(ids[i]) : 0, false};

		rc = load_forks(&r, ids ? &p : NULL, err);
		if (rc == 0)
			rc = l->ops->query(l, sql, ids ? 1 : 0, &p, row, &r,
					   NULL, err);
		if (rc == 0)
			rc = r.rc;
		if (rc == 0)
			rc = flush(&r);
	}
	findings_release(&r);
	forks_release(&r);
	cm_cms_trust_free(r.trust);
	cm_cms_trust_free(r.ever);
	cm_crl_set_free(r.crls);
	free(sql);
	free(pem);
	if (rc < 0)
		return rc;
	return st->problems ? 1 : 0;
}
