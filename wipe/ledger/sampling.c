// SPDX-License-Identifier: Apache-2.0
/*
 * The seeded sample: one snapshot, a count, then the rows streamed with
 * the smallest keys kept in a bounded max-heap; the sample record stored.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cm_hash.h"
#include "cm_json.h"
#include "cm_random.h"
#include "cm_time.h"
#include "wp_sampling.h"

long wp_sample_size(long population, double percent)
{
	/* hundredths of a percent: 5 % of 200 is 10, not 10.000000001 */
	long long bp = (long long)(percent * 100.0 + 0.5);
	long long num = (long long)population * bp;

	if (population <= 0 || bp <= 0)
		return 0;
	return (long)((num + 9999) / 10000);
}

struct member {
	uint8_t key[CM_SHA256_LEN];
	char *v[7]; /* sha256, id, issued_at, station, serial, asset_tag, model */
};

struct pick {
	struct member *heap; /* max-heap on key: the root is the largest kept */
	long n, cap;
	uint64_t seed;
	int rc;
};

static void member_release(struct member *m)
{
	for (int i = 0; i < 7; i++)
		free(m->v[i]);
}

static void sift_down(struct pick *p, long i)
{
	for (;;) {
		long l = 2 * i + 1, r = l + 1, m = i;
		struct member t;

		if (l < p->n &&
		    memcmp(p->heap[l].key, p->heap[m].key, CM_SHA256_LEN) > 0)
			m = l;
		if (r < p->n &&
		    memcmp(p->heap[r].key, p->heap[m].key, CM_SHA256_LEN) > 0)
			m = r;
		if (m == i)
			return;
		t = p->heap[i];
		p->heap[i] = p->heap[m];
		p->heap[m] = t;
		i = m;
	}
}

static void sift_up(struct pick *p, long i)
{
	while (i > 0) {
		long up = (i - 1) / 2;
		struct member t;

		if (memcmp(p->heap[up].key, p->heap[i].key, CM_SHA256_LEN) >= 0)
			return;
		t = p->heap[i];
		p->heap[i] = p->heap[up];
		p->heap[up] = t;
		i = up;
	}
}

static int fill(struct member *m, const char *const *v)
{
	for (int i = 0; i < 7; i++) {
		m->v[i] = v[i] ? strdup(v[i]) : NULL;
		if (v[i] && !m->v[i])
			return -ENOMEM;
	}
	return 0;
}

static int pick_row(void *ctx, int ncol, const char *const *v)
{
	struct pick *p = ctx;
	char buf[128];
	struct member m = {0};
	int len;

	if (ncol < 7 || !v[0])
		return 1;
	len = snprintf(buf, sizeof(buf), "sanitas.sample/1:%" PRIu64 ":%s",
		       p->seed, v[0]);
	cm_sha256_buf(buf, (size_t)len, m.key, NULL);
	if (p->n < p->cap) {
		if (fill(&m, v) < 0) {
			member_release(&m);
			p->rc = -ENOMEM;
			return 1;
		}
		p->heap[p->n++] = m;
		sift_up(p, p->n - 1);
		return 0;
	}
	if (!p->cap || memcmp(m.key, p->heap[0].key, CM_SHA256_LEN) >= 0)
		return 0;
	if (fill(&m, v) < 0) {
		member_release(&m);
		p->rc = -ENOMEM;
		return 1;
	}
	member_release(&p->heap[0]);
	p->heap[0] = m;
	sift_down(p, 0);
	return 0;
}

static int count_row(void *ctx, int ncol, const char *const *v)
{
	*(long *)ctx = ncol > 0 && v[0] ? strtol(v[0], NULL, 10) : 0;
	return 1;
}

/* issue order: issued_at, then sha256 */
static int by_issue(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	int c = strcmp(x->v[2] ? x->v[2] : "", y->v[2] ? y->v[2] : "");

	return c ? c : strcmp(x->v[0], y->v[0]);
}

static json_t *members_json(struct pick *p)
{
	json_t *a = json_array();

	qsort(p->heap, (size_t)p->n, sizeof(*p->heap), by_issue);
	for (long i = 0; a && i < p->n; i++) {
		char **v = p->heap[i].v;

		if (json_array_append_new(
			    a, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o}",
					 "sha256", v[0], "id",
					 cm_json_str_or_null(v[1]), "issued_at",
					 cm_json_str_or_null(v[2]), "station",
					 cm_json_str_or_null(v[3]), "serial",
					 cm_json_str_or_null(v[4]), "asset_tag",
					 cm_json_str_or_null(v[5]), "model",
					 cm_json_str_or_null(v[6]))) < 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static int store(struct wp_ledger *l, const json_t *rec, struct cm_err *err)
{
	char *body = cm_json_dumps(rec), hex[65], num[3][32];
	uint8_t md[CM_SHA256_LEN];
	int rc;

	if (!body)
		return cm_err_set(err, -ENOMEM, "out of memory");
	cm_sha256_buf(body, strlen(body), md, NULL);
	cm_hex(md, sizeof(md), hex);
	snprintf(num[0], sizeof(num[0]), "%" JSON_INTEGER_FORMAT,
		 json_integer_value(json_object_get(rec, "population")));
	snprintf(num[1], sizeof(num[1]), "%" JSON_INTEGER_FORMAT,
		 json_integer_value(json_object_get(rec, "size")));
	snprintf(num[2], sizeof(num[2]), "%" JSON_INTEGER_FORMAT,
		 json_integer_value(json_object_get(rec, "seed")));
	{
		const char *id = cm_json_get_str(rec, "id");
		const char *at = cm_json_get_str(rec, "created_at");
		const struct wp_ledger_param p[] = {
			{id, strlen(id), false},
			{at, strlen(at), false},
			{num[2], strlen(num[2]), false},
			{num[0], strlen(num[0]), false},
			{num[1], strlen(num[1]), false},
			{hex, 64, false},
			{body, strlen(body), true},
		};

		rc = l->ops->query(
			l,
			"INSERT INTO samples (id, created_at, seed, population,\n"
			" size, sha256, json) VALUES ($1, $2, $3, $4, $5, $6, $7)",
			7, p, NULL, NULL, NULL, err);
	}
	free(body);
	return rc;
}

#define COLS "sha256, id, issued_at, station, serial, asset_tag, model"

static const char rec_fmt[] =
	"{s:s, s:s, s:s, s:I, s:f, s:s, s:O, s:I, s:I, s:o}";

int wp_ledger_sample(struct wp_ledger *l, const struct wp_find_query *q,
		     json_t *filters, double percent, uint64_t seed,
		     json_t **out, struct cm_err *err)
{
	struct wp_find_query pq = *q;
	struct pick p = {.seed = seed};
	char uuid[37], when[CM_RFC3339_LEN];
	json_t *members = NULL;
	long population = 0;
	int rc;

	*out = NULL;
	if (q->result && strcmp(q->result, "success"))
		return cm_err_setk(
			err, -EINVAL, CM_ERR_USAGE,
			"a sample is drawn from successfully sanitized media: --result can only be 'success'");
	if (!(percent > 0 && percent <= 100))
		return cm_err_setk(err, -EINVAL, CM_ERR_USAGE,
				   "the percentage is in (0, 100]");
	pq.result = "success";
	pq.cursor = NULL;
	rc = cm_uuid4(uuid, err);
	if (rc < 0)
		return rc;
	/* one write transaction: the count, the pick and the record see
	 * the same rows (REPEATABLE READ on PostgreSQL) */
	rc = wp_ledger_begin(l, err);
	if (rc == 0 && l->backend == WP_LEDGER_POSTGRES)
		rc = l->ops->exec(
			l, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ",
			err);
	if (rc == 0)
		rc = wp_ledger_find_rows(l, &pq, "count(*)", "", count_row,
					 &population, err);
	if (rc < 0)
		goto out;
	p.cap = wp_sample_size(population, percent);
	p.heap = calloc((size_t)(p.cap ? p.cap : 1), sizeof(*p.heap));
	if (!p.heap) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	rc = wp_ledger_find_rows(l, &pq, COLS, "ORDER BY issued_at, sha256",
				 pick_row, &p, err);
	if (rc == 0 && p.rc)
		rc = cm_err_set(err, p.rc, "out of memory");
	if (rc == 0 && p.n != p.cap)
		rc = cm_err_setk(err, -EIO, CM_ERR_IOERR,
				 "ledger: %ld rows counted, %ld read",
				 population, p.n);
	if (rc < 0)
		goto out;
	members = members_json(&p);
	cm_time_rfc3339(cm_time_now(), when);
	*out = members ? json_pack(rec_fmt, "schema", WP_SAMPLE_SCHEMA, "id",
				   uuid, "created_at", when, "seed",
				   (json_int_t)seed, "percent", percent, "rule",
				   "ceil(percent/100 x population)",
				   "selection", filters, "population",
				   (json_int_t)population, "size",
				   (json_int_t)p.n, "members", members)
		       : NULL;
	if (!*out) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	rc = store(l, *out, err);
	if (rc == 0)
		rc = wp_ledger_commit(l, err);
out:
	if (rc < 0) {
		wp_ledger_rollback(l);
		json_decref(*out);
		*out = NULL;
	}
	for (long i = 0; i < p.n; i++)
		member_release(&p.heap[i]);
	free(p.heap);
	return rc;
}

struct share {
	json_t *a;
	int rc;
};

static int share_row(void *ctx, int ncol, const char *const *v)
{
	struct share *s = ctx;
	long sanitized, validated;

	if (ncol < 5)
		return 1;
	sanitized = v[3] ? strtol(v[3], NULL, 10) : 0;
	validated = v[4] ? strtol(v[4], NULL, 10) : 0;
	if (json_array_size(s->a) >= 100000 ||
	    json_array_append_new(
		    s->a,
		    json_pack("{s:o, s:o, s:I, s:I, s:I, s:o}", "period",
			      cm_json_str_or_null(v[0]), "station",
			      cm_json_str_or_null(v[1]), "records",
			      (json_int_t)(v[2] ? strtol(v[2], NULL, 10) : 0),
			      "sanitized", (json_int_t)sanitized, "validated",
			      (json_int_t)validated, "share",
			      sanitized ? json_real((double)validated /
						    (double)sanitized)
					: json_null())) < 0) {
		s->rc = -ENOMEM;
		return 1;
	}
	return 0;
}

int wp_ledger_validation_share(struct wp_ledger *l,
			       const struct wp_find_query *q, json_t **out,
			       struct cm_err *err)
{
	struct wp_find_query pq = *q;
	struct share s = {.a = json_array()};
	int rc;

	*out = NULL;
	pq.cursor = NULL;
	if (!s.a)
		return cm_err_set(err, -ENOMEM, "out of memory");
	rc = wp_ledger_find_rows(
		l, &pq,
		"substr(issued_at, 1, 7), station, count(*),\n"
		" sum(CASE WHEN result = 'success' THEN 1 ELSE 0 END),\n"
		" sum(CASE WHEN result = 'success' AND EXISTS (SELECT 1\n"
		"  FROM validations v WHERE v.certificate_sha256 =\n"
		"  certificates.sha256) THEN 1 ELSE 0 END)",
		"GROUP BY substr(issued_at, 1, 7), station ORDER BY 1, 2",
		share_row, &s, err);
	if (rc == 0 && s.rc)
		rc = cm_err_set(err, s.rc, "out of memory");
	if (rc < 0) {
		json_decref(s.a);
		return rc;
	}
	*out = s.a;
	return 0;
}
