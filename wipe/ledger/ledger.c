// SPDX-License-Identifier: Apache-2.0
/*
 * The ledger's store: opening either back end, the versioned migrations,
 * transactions, insert-if-absent of certificates and the trust anchors.
 */
#include <errno.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_hash.h"
#include "cm_time.h"
#include "pg.h"
#include "sqlite.h"
#include "wp_ledger.h"

/* A text parameter; NULL is SQL NULL. */
static struct wp_ledger_param text(const char *s)
{
	return (struct wp_ledger_param){s, s ? strlen(s) : 0, false};
}

bool wp_ledger_is_uri(const char *where)
{
	return where && (!strncmp(where, "postgresql://", 13) ||
			 !strncmp(where, "postgres://", 11));
}

enum wp_ledger_backend wp_ledger_backend(const struct wp_ledger *l)
{
	return l->backend;
}

int wp_ledger_begin(struct wp_ledger *l, struct cm_err *err)
{
	int rc;

	if (l->in_tx)
		return cm_err_setk(err, -EINVAL, CM_ERR_SOFTWARE,
				   "ledger: transaction already open");
	rc = l->ops->exec(l, l->ops->begin_sql, err);
	if (rc == 0)
		l->in_tx = true;
	return rc;
}

int wp_ledger_commit(struct wp_ledger *l, struct cm_err *err)
{
	int rc;

	if (!l->in_tx)
		return cm_err_setk(err, -EINVAL, CM_ERR_SOFTWARE,
				   "ledger: no transaction to commit");
	rc = l->ops->exec(l, "COMMIT", err);
	if (rc < 0)
		wp_ledger_rollback(l);
	l->in_tx = false;
	return rc;
}

void wp_ledger_rollback(struct wp_ledger *l)
{
	if (l && l->in_tx)
		l->ops->exec(l, "ROLLBACK", NULL);
	if (l)
		l->in_tx = false;
}

void wp_ledger_close(struct wp_ledger *l)
{
	if (!l)
		return;
	wp_ledger_rollback(l);
	l->ops->close(l);
}

static int int_row(void *ctx, int ncol, const char *const *v)
{
	long *out = ctx;

	*out = ncol > 0 && v[0] ? strtol(v[0], NULL, 10) : 0;
	return 1;
}

int wp_ledger_schema_version(struct wp_ledger *l, int *version,
			     struct cm_err *err)
{
	long v = 0;
	int rc = l->ops->query(l, "SELECT max(version) FROM schema_migrations",
			       0, NULL, int_row, &v, NULL, err);

	*version = (int)v;
	return rc;
}

static int migrate(struct wp_ledger *l, struct cm_err *err)
{
	const struct wp_ledger_param name = text("schema_migrations");
	char now[32], num[16];
	int rc, have = 0, known = 0;
	long tables = 0;

	while (l->ops->migrations[known])
		known++;
	/* created only when absent: a ledger that is up to date needs no
	 * right to create anything */
	rc = l->ops->query(l, l->ops->has_table_sql, 1, &name, int_row, &tables,
			   NULL, err);
	if (rc == 0 && !tables)
		rc = l->ops->exec(
			l,
			"CREATE TABLE IF NOT EXISTS schema_migrations (\n"
			" version INTEGER PRIMARY KEY,\n"
			" applied_at TEXT NOT NULL)",
			err);
	if (rc < 0)
		return rc;
	rc = wp_ledger_begin(l, err);
	if (rc < 0)
		return rc;
	if (l->ops->lock_sql)
		rc = l->ops->exec(l, l->ops->lock_sql, err);
	if (rc == 0)
		rc = wp_ledger_schema_version(l, &have, err);
	if (rc < 0)
		goto out;
	if (have > known) {
		rc = cm_err_setk(
			err, -EPROTO, CM_ERR_DATAERR,
			"ledger schema version %d is newer than this wipe knows (%d)",
			have, known);
		goto out;
	}
	cm_time_rfc3339(cm_time_now(), now);
	for (int v = have + 1; v <= known && rc == 0; v++) {
		struct wp_ledger_param p[2];

		snprintf(num, sizeof(num), "%d", v);
		p[0] = text(num);
		p[1] = text(now);
		rc = l->ops->exec(l, l->ops->migrations[v - 1], err);
		if (rc == 0)
			rc = l->ops->query(l,
					   "INSERT INTO schema_migrations\n"
					   " (version, applied_at)\n"
					   " VALUES ($1, $2)",
					   2, p, NULL, NULL, NULL, err);
		if (rc < 0)
			cm_err_wrap(err, "migration %d", v);
	}
	if (rc == 0)
		return wp_ledger_commit(l, err);
out:
	wp_ledger_rollback(l);
	return rc;
}

int wp_ledger_open(const char *where, struct wp_ledger **out,
		   struct cm_err *err)
{
	struct wp_ledger *l = NULL;
	int rc;

	*out = NULL;
	if (!where || !*where)
		return cm_err_setk(err, -EINVAL, CM_ERR_USAGE,
				   "no ledger given");
	if (wp_ledger_is_uri(where))
		rc = wp_ledger_pg_open(where, &l, err);
	else
		rc = wp_ledger_sqlite_open(where, &l, err);
	if (rc < 0)
		return rc;
	rc = migrate(l, err);
	if (rc < 0) {
		wp_ledger_close(l);
		return rc;
	}
	*out = l;
	return 0;
}

int wp_ledger_insert_cert(struct wp_ledger *l, const struct wp_ledger_record *r,
			  struct cm_err *err)
{
	char now[32];
	long changes = 0;
	int rc;

	cm_time_rfc3339(cm_time_now(), now);
	{
		const struct wp_ledger_param p[] = {
			text(r->sha256),
			text(r->id),
			text(r->issued_at),
			text(r->previous_sha256),
			text(r->station),
			text(r->machine_id),
			text(r->serial),
			text(r->wwn),
			text(r->asset_tag),
			text(r->model),
			text(r->result),
			text(r->method),
			text(r->category),
			text(r->operator_name),
			text(r->org),
			text(r->signer_fingerprint),
			text(r->signer_subject),
			{r->json, r->json_len, true},
			{r->p7s, r->p7s_len, true},
			text(r->p7s_sha256),
			text(now),
			text(r->customer),
			text(r->job),
			{r->tsr, r->tsr_len, true},
			text(r->tsa_time),
		};

		rc = l->ops->query(
			l,
			"INSERT INTO certificates (sha256, id, issued_at,\n"
			" previous_sha256, station, machine_id, serial, wwn,\n"
			" asset_tag, model, result, method, category, operator,\n"
			" org, signer_fingerprint, signer_subject, json, p7s,\n"
			" p7s_sha256, ingested_at, customer, job, tsr,\n"
			" tsa_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,\n"
			" $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,\n"
			" $19, $20, $21, $22, $23, $24, $25)\n"
			" ON CONFLICT (sha256) DO NOTHING",
			(int)(sizeof(p) / sizeof(p[0])), p, NULL, NULL,
			&changes, err);
	}
	if (rc < 0)
		return rc;
	return changes ? 0 : 1;
}

int wp_ledger_unhex(const char *hex, unsigned char **out, size_t *len)
{
	size_t n = hex ? strlen(hex) : 0;

	*out = NULL;
	*len = n / 2;
	if (n % 2)
		return -EBADMSG;
	*out = malloc(*len + 1);
	if (!*out)
		return -ENOMEM;
	if (*len && cm_unhex(hex, *out, *len) < 0) {
		free(*out);
		*out = NULL;
		return -EBADMSG;
	}
	(*out)[*len] = '\0';
	return 0;
}

int wp_ledger_count(struct wp_ledger *l, long *n, struct cm_err *err)
{
	*n = 0;
	return l->ops->query(l, "SELECT count(*) FROM certificates", 0, NULL,
			     int_row, n, NULL, err);
}

/* ---- trust anchors ---- */

static void asn1_rfc3339(const ASN1_TIME *t, char *out)
{
	struct tm tm;

	if (t && ASN1_TIME_to_tm(t, &tm) == 1)
		strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else
		out[0] = '\0';
}

int wp_ledger_anchor_parse(const char *pem, size_t len,
			   struct wp_ledger_anchor *a, char **pem_out,
			   struct cm_err *err)
{
	unsigned char *der = NULL, md[CM_SHA256_LEN];
	X509 *x = NULL, *extra = NULL;
	BIO *b = NULL, *w = NULL;
	int rc = 0, n;

	memset(a, 0, sizeof(*a));
	if (pem_out)
		*pem_out = NULL;
	if (len > 1024 * 1024)
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "not one PEM certificate: too large");
	b = BIO_new_mem_buf(pem, (int)len);
	if (b)
		x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	if (x)
		extra = PEM_read_bio_X509(b, NULL, NULL, NULL);
	if (!x || extra) {
		rc = cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				 extra ? "more than one certificate in the PEM"
				       : "not a PEM X.509 certificate");
		goto out;
	}
	n = i2d_X509(x, &der);
	if (n <= 0) {
		rc = cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				 "not an encodable X.509 certificate");
		goto out;
	}
	cm_sha256_buf(der, (size_t)n, md, NULL);
	cm_hex(md, sizeof(md), a->fingerprint);
	X509_NAME_oneline(X509_get_subject_name(x), a->subject,
			  sizeof(a->subject));
	asn1_rfc3339(X509_get0_notAfter(x), a->not_after);
	if (pem_out) {
		char *p;
		long plen;

		w = BIO_new(BIO_s_mem());
		if (!w || PEM_write_bio_X509(w, x) != 1) {
			rc = cm_err_set(err, -ENOMEM, "out of memory");
			goto out;
		}
		plen = BIO_get_mem_data(w, &p);
		*pem_out = strndup(p, (size_t)plen);
		if (!*pem_out)
			rc = cm_err_set(err, -ENOMEM, "out of memory");
	}
out:
	OPENSSL_free(der);
	X509_free(extra);
	X509_free(x);
	BIO_free(w);
	BIO_free(b);
	ERR_clear_error();
	return rc;
}

int wp_ledger_trust_add(struct wp_ledger *l, const char *pem, size_t len,
			struct wp_ledger_anchor *a, struct cm_err *err)
{
	struct wp_ledger_anchor local;
	char *norm = NULL;
	long changes = 0;
	int rc;

	if (!a)
		a = &local;
	rc = wp_ledger_anchor_parse(pem, len, a, &norm, err);
	if (rc < 0)
		return rc;
	cm_time_rfc3339(cm_time_now(), a->added_at);
	{
		const struct wp_ledger_param p[] = {
			text(a->fingerprint), text(a->subject),
			text(a->not_after),   text(norm),
			text(a->added_at),
		};

		rc = l->ops->query(
			l,
			"INSERT INTO trust_anchors (fingerprint, subject,\n"
			" not_after, pem, added_at) VALUES ($1, $2, $3, $4, $5)\n"
			" ON CONFLICT (fingerprint) DO NOTHING",
			5, p, NULL, NULL, &changes, err);
	}
	if (rc == 0 && changes == 0) {
		/* there already: trusted, or removed and now trusted again */
		const struct wp_ledger_param p[] = {text(a->fingerprint)};

		rc = l->ops->query(
			l,
			"UPDATE trust_anchors SET removed_at = NULL\n"
			" WHERE fingerprint = $1\n"
			" AND removed_at IS NOT NULL",
			1, p, NULL, NULL, &changes, err);
		if (rc == 0)
			rc = changes ? 0 : 1;
	}
	free(norm);
	return rc;
}

int wp_ledger_trust_remove(struct wp_ledger *l, const char *fp,
			   struct cm_err *err)
{
	struct wp_ledger_param p[2];
	char now[32];
	long changes = 0;
	int rc;

	cm_time_rfc3339(cm_time_now(), now);
	p[0] = text(fp);
	p[1] = text(now);
	rc = l->ops->query(l,
			   "UPDATE trust_anchors SET removed_at = $2\n"
			   " WHERE fingerprint = $1 AND removed_at IS NULL",
			   2, p, NULL, NULL, &changes, err);
	if (rc == 0 && changes == 0)
		rc = cm_err_setk(err, -ENOENT, CM_ERR_NOINPUT,
				 "no trusted anchor with fingerprint '%s'", fp);
	return rc;
}

struct list_ctx {
	wp_ledger_anchor_fn fn;
	void *ctx;
};

static int anchor_row(void *ctx, int ncol, const char *const *v)
{
	struct list_ctx *c = ctx;
	struct wp_ledger_anchor a = {0};

	if (ncol < 4)
		return 1;
	snprintf(a.fingerprint, sizeof(a.fingerprint), "%s", v[0] ? v[0] : "");
	snprintf(a.subject, sizeof(a.subject), "%s", v[1] ? v[1] : "");
	snprintf(a.not_after, sizeof(a.not_after), "%s", v[2] ? v[2] : "");
	snprintf(a.added_at, sizeof(a.added_at), "%s", v[3] ? v[3] : "");
	return c->fn(c->ctx, &a);
}

int wp_ledger_trust_list(struct wp_ledger *l, wp_ledger_anchor_fn fn, void *ctx,
			 struct cm_err *err)
{
	struct list_ctx c = {fn, ctx};

	return l->ops->query(
		l,
		"SELECT fingerprint, subject, not_after, added_at\n"
		" FROM trust_anchors WHERE removed_at IS NULL\n"
		" ORDER BY added_at, fingerprint",
		0, NULL, anchor_row, &c, NULL, err);
}

struct pem_ctx {
	char *buf;
	size_t len;
	int n;
	int rc;
};

static int pem_row(void *ctx, int ncol, const char *const *v)
{
	struct pem_ctx *c = ctx;
	size_t add;
	char *nb;

	if (ncol < 1 || !v[0])
		return 0;
	add = strlen(v[0]);
	nb = realloc(c->buf, c->len + add + 1);
	if (!nb) {
		c->rc = -ENOMEM;
		return 1;
	}
	memcpy(nb + c->len, v[0], add + 1);
	c->buf = nb;
	c->len += add;
	c->n++;
	return 0;
}

static int pem_query(struct wp_ledger *l, const char *sql, char **pem,
		     size_t *len, int *n, struct cm_err *err)
{
	struct pem_ctx c = {0};
	int rc;

	*pem = NULL;
	*len = 0;
	*n = 0;
	rc = l->ops->query(l, sql, 0, NULL, pem_row, &c, NULL, err);
	if (rc == 0 && c.rc)
		rc = cm_err_set(err, c.rc, "out of memory");
	if (rc == 0 && !c.buf && !(c.buf = strdup("")))
		rc = cm_err_set(err, -ENOMEM, "out of memory");
	if (rc < 0) {
		free(c.buf);
		return rc;
	}
	*pem = c.buf;
	*len = c.len;
	*n = c.n;
	return 0;
}

int wp_ledger_trust_pem(struct wp_ledger *l, char **pem, size_t *len, int *n,
			struct cm_err *err)
{
	return pem_query(l,
			 "SELECT pem FROM trust_anchors\n"
			 " WHERE removed_at IS NULL ORDER BY fingerprint",
			 pem, len, n, err);
}

int wp_ledger_trust_pem_ever(struct wp_ledger *l, char **pem, size_t *len,
			     int *n, struct cm_err *err)
{
	long removed = 0;
	int rc = pem_query(l,
			   "SELECT pem FROM trust_anchors ORDER BY fingerprint",
			   pem, len, n, err);

	if (rc == 0)
		rc = l->ops->query(l,
				   "SELECT count(*) FROM trust_anchors\n"
				   " WHERE removed_at IS NOT NULL",
				   0, NULL, int_row, &removed, NULL, err);
	if (rc < 0) {
		free(*pem);
		*pem = NULL;
		return rc;
	}
	*n = (int)removed;
	return 0;
}
