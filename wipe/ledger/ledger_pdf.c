// SPDX-License-Identifier: Apache-2.0
/*
 * export --pdf: the keys of the selected records in issue order from one
 * read snapshot, then each record fetched by its key whenever the batch
 * renderer asks for it (three times: counts, summary row, page), its
 * bytes checked against the key and its signature against the ledger's
 * trust anchors, and drawn from those bytes. What stays in memory is the
 * list of keys and names (about 100 bytes a certificate) and the one
 * certificate being drawn.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cm_cms.h"
#include "cm_hash.h"
#include "wp_cert_pdf.h"
#include "wp_find.h"
#include "wp_ledger_pdf.h"

struct entry {
	char sha[CM_SHA256_HEX];
	char *id;   /* as stored (owned; NULL for SQL NULL) */
	char *name; /* NAME.json (owned) */
};

struct lpdf {
	struct wp_ledger *l;
	struct cm_cms_trust *trust;
	struct entry *v;
	size_t n, cap;
	struct cm_err *err;
	/* the record being loaded */
	struct wp_cert_pdf_doc *d;
	size_t at;
	bool found;
	int rc;
};

static int key_row(void *ctx, int ncol, const char *const *v)
{
	struct lpdf *x = ctx;
	struct entry *e;

	if (ncol < 2 || !v[0] || strlen(v[0]) != CM_SHA256_HEX - 1) {
		x->rc = cm_err_setk(x->err, -EPROTO, CM_ERR_SOFTWARE,
				    "ledger: a record without its key");
		return 1;
	}
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 256;
		struct entry *nv = realloc(x->v, cap * sizeof(*nv));

		if (!nv) {
			x->rc = cm_err_set(x->err, -ENOMEM, "out of memory");
			return 1;
		}
		x->v = nv;
		x->cap = cap;
	}
	e = &x->v[x->n];
	memset(e, 0, sizeof(*e));
	memcpy(e->sha, v[0], CM_SHA256_HEX);
	if (v[1] && !(e->id = strdup(v[1]))) {
		x->rc = cm_err_set(x->err, -ENOMEM, "out of memory");
		return 1;
	}
	x->n++;
	return 0;
}

static int by_id(const void *a, const void *b)
{
	const struct entry *x = *(struct entry *const *)a;
	const struct entry *y = *(struct entry *const *)b;

	return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

/* NAME.json: the id, or the SHA-256 when the id is not plain or repeats */
static int name_entries(struct lpdf *x)
{
	struct entry **s = malloc((x->n ? x->n : 1) * sizeof(*s));

	if (!s)
		return cm_err_set(x->err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < x->n; i++)
		s[i] = &x->v[i];
	qsort(s, x->n, sizeof(*s), by_id);
	for (size_t i = 0; i < x->n; i++) {
		struct entry *e = s[i];
		bool twin = (i && !by_id(&s[i - 1], &s[i])) ||
			    (i + 1 < x->n && !by_id(&s[i + 1], &s[i]));
		bool plain = wp_bundle_plain_id(e->id) && !twin;
		size_t len = (plain ? strlen(e->id) : CM_SHA256_HEX) + 6;

		e->name = malloc(len);
		if (!e->name) {
			free(s);
			return cm_err_set(x->err, -ENOMEM, "out of memory");
		}
		snprintf(e->name, len, "%s.json", plain ? e->id : e->sha);
	}
	free(s);
	return 0;
}

static int record_row(void *ctx, int ncol, const char *const *v)
{
	struct lpdf *x = ctx;
	const struct entry *e = &x->v[x->at];
	unsigned char *json = NULL, *p7s = NULL, md[CM_SHA256_LEN];
	char hex[CM_SHA256_HEX] = "";
	size_t jlen = 0, plen = 0;
	int rc;

	x->found = true;
	rc = ncol < 2 ? -EPROTO : wp_ledger_unhex(v[0], &json, &jlen);
	if (rc == 0)
		rc = wp_ledger_unhex(v[1], &p7s, &plen);
	if (rc == 0) {
		cm_sha256_buf(json, jlen, md, NULL);
		cm_hex(md, sizeof(md), hex);
	}
	if (rc == -ENOMEM)
		x->rc = cm_err_set(x->err, rc, "out of memory");
	else if (rc < 0 || strcmp(hex, e->sha))
		x->rc = cm_err_setk(
			x->err, -EBADMSG, CM_ERR_DATAERR,
			"record %s: the stored JSON does not hash to its key: run 'wipe ledger verify'",
			e->sha);
	else
		x->rc = wp_cert_pdf_load_mem(e->name, json, jlen, p7s, plen,
					     x->trust, x->d, x->err);
	free(json);
	free(p7s);
	return 1;
}

static int load(void *ctx, size_t i, struct wp_cert_pdf_doc *d,
		struct cm_err *err)
{
	struct lpdf *x = ctx;
	const struct wp_ledger_param key = {x->v[i].sha, CM_SHA256_HEX - 1,
					    false};
	const char *sql =
		x->l->backend == WP_LEDGER_POSTGRES
			? "SELECT encode(json, 'hex'), encode(p7s, 'hex') FROM certificates WHERE sha256 = $1"
			: "SELECT hex(json), hex(p7s) FROM certificates WHERE sha256 = $1";
	int rc;

	memset(d, 0, sizeof(*d));
	x->d = d;
	x->at = i;
	x->found = false;
	x->rc = 0;
	rc = x->l->ops->query(x->l, sql, 1, &key, record_row, x, NULL, err);
	if (rc < 0)
		return rc;
	if (!x->found)
		return cm_err_setk(err, -ENOENT, CM_ERR_SOFTWARE,
				   "ledger: record %s vanished from a snapshot",
				   x->v[i].sha);
	return x->rc;
}

static int trust_of(struct lpdf *x)
{
	char *pem = NULL;
	size_t len = 0;
	int n = 0, rc = wp_ledger_trust_pem(x->l, &pem, &len, &n, x->err);

	if (rc == 0 && !n)
		rc = cm_err_setk(
			x->err, -ENOENT, CM_ERR_NOINPUT,
			"the ledger trusts no signer: add one with 'wipe ledger trust add CERT.pem'");
	if (rc == 0)
		rc = cm_cms_trust_new(pem, len, &x->trust, x->err);
	free(pem);
	return rc;
}

static void title_of(const struct wp_bundle_query *q, size_t n, char *buf,
		     size_t len)
{
	size_t k = (size_t)snprintf(buf, len,
				    "%zu certificate(s) from the ledger", n);

	if (q->since && k < len)
		k += (size_t)snprintf(buf + k, len - k, ", issued since %s",
				      q->since);
	if (q->until && k < len)
		k += (size_t)snprintf(buf + k, len - k, ", issued until %s",
				      q->until);
	if (q->customer && k < len)
		k += (size_t)snprintf(buf + k, len - k, ", customer %s",
				      q->customer);
	if (q->job && k < len)
		snprintf(buf + k, len - k, ", job %s", q->job);
}

int wp_ledger_pdf_export(struct wp_ledger *l, const struct wp_bundle_query *q,
			 const char *path, const char *verify_url, long *n,
			 struct cm_err *err)
{
	const struct wp_find_query fq = {.since = q->since,
					 .until = q->until,
					 .customer = q->customer,
					 .job = q->job};
	struct lpdf x = {.l = l, .err = err};
	struct wp_cert_pdf_source src = {.load = load, .ctx = &x};
	char *dcopy = strdup(path), title[512];
	int rc;

	*n = 0;
	if (!dcopy)
		return cm_err_set(err, -ENOMEM, "out of memory");
	rc = trust_of(&x);
	if (rc == 0)
		rc = l->ops->exec(l, l->ops->snapshot_sql, err);
	if (rc == 0) {
		rc = wp_ledger_find_rows(l, &fq, "sha256, id",
					 "ORDER BY issued_at, sha256", key_row,
					 &x, err);
		if (rc == 0)
			rc = x.rc;
		if (rc == 0 && !x.n)
			rc = cm_err_setk(
				err, -ENOENT, CM_ERR_NOINPUT,
				"no certificate in the ledger matches: nothing rendered");
		if (rc == 0)
			rc = name_entries(&x);
		src.n = x.n;
		title_of(q, x.n, title, sizeof(title));
		if (rc == 0)
			rc = wp_cert_pdf_batch_from(&src, title, path,
						    dirname(dcopy), verify_url,
						    err);
		/* a read-only transaction: ending it either way changes nothing */
		l->ops->exec(l, rc == 0 ? "COMMIT" : "ROLLBACK", NULL);
	}
	if (rc == 0)
		*n = (long)x.n;
	for (size_t i = 0; i < x.n; i++) {
		free(x.v[i].id);
		free(x.v[i].name);
	}
	free(x.v);
	free(dcopy);
	cm_cms_trust_free(x.trust);
	return rc;
}
