// SPDX-License-Identifier: Apache-2.0
/*
 * Finding certificates: the SQL built from the filters (each value a
 * parameter, never SQL text), keyset paging on (issued_at, sha256).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cm_time.h"
#include "wp_find.h"

const char *const wp_find_fields[] = {
	"sha256",      "id",	     "issued_at",
	"station",     "machine_id", "serial",
	"wwn",	       "asset_tag",  "model",
	"result",      "method",     "category",
	"operator",    "org",	     "signer_fingerprint",
	"ingested_at", "customer",   "job",
	"tsa_time",    NULL,
};

int wp_find_time(const char *s, int end_of_day, char *out, struct cm_err *err)
{
	char buf[32];
	time_t t;

	if (s && strlen(s) == 10) {
		snprintf(buf, sizeof(buf), "%sT%s", s,
			 end_of_day ? "23:59:59Z" : "00:00:00Z");
		s = buf;
	}
	if (!s || cm_time_parse(s, &t) < 0)
		return cm_err_setk(err, -EINVAL, CM_ERR_USAGE,
				   "'%s' is not an RFC 3339 time or a date",
				   s ? s : "");
	cm_time_rfc3339(t, out);
	return 0;
}

int wp_find_cursor_check(const char *c, struct cm_err *err)
{
	const char *comma = c ? strrchr(c, ',') : NULL;
	char norm[32];
	time_t t;

	if (!comma || strlen(comma + 1) != 64 ||
	    strspn(comma + 1, "0123456789abcdef") != 64 ||
	    comma - c >= (long)sizeof(norm))
		goto bad;
	memcpy(norm, c, (size_t)(comma - c));
	norm[comma - c] = '\0';
	if (cm_time_parse(norm, &t) < 0)
		goto bad;
	return 0;
bad:
	return cm_err_setk(err, -EINVAL, CM_ERR_USAGE,
			   "'%s' is not a cursor this ledger gave", c ? c : "");
}

struct sql {
	char text[2048];
	struct wp_ledger_param p[20];
	int np;
};

static void where(struct sql *s, const char *col, const char *op, const char *v)
{
	size_t len = strlen(s->text);

	if (!v)
		return;
	s->p[s->np] = (struct wp_ledger_param){v, strlen(v), false};
	s->np++;
	snprintf(s->text + len, sizeof(s->text) - len, " %s %s %s $%d",
		 s->np == 1 ? "WHERE" : "AND", col, op, s->np);
}

struct page {
	wp_find_fn fn;
	void *ctx;
	long limit, seen;
	char last[WP_FIND_CURSOR_MAX];
	int more;
};

static int row(void *ctx, int ncol, const char *const *v)
{
	struct page *pg = ctx;

	if (ncol < WP_FIND_NFIELDS)
		return 1;
	if (pg->seen == pg->limit) {
		pg->more = 1; /* the one past the page: there is a next */
		return 1;
	}
	pg->seen++;
	snprintf(pg->last, sizeof(pg->last), "%s,%s", v[2] ? v[2] : "",
		 v[0] ? v[0] : "");
	return pg->fn(pg->ctx, v) ? 1 : 0;
}

/*
 * SELECT @cols FROM certificates with @q's filters and cursor, then @tail
 * (ORDER BY, GROUP BY), at most @limit rows (0: all), each row to @fn.
 */
static int select_rows(struct wp_ledger *l, const struct wp_find_query *q,
		       const char *cols, const char *tail, long limit,
		       wp_ledger_row_fn fn, void *ctx, struct cm_err *err)
{
	struct sql s = {.np = 0};
	char cur_t[32] = "", cur_sha[65] = "";
	size_t len;
	int rc;

	if (q->cursor) {
		const char *comma;

		rc = wp_find_cursor_check(q->cursor, err);
		if (rc < 0)
			return rc;
		comma = strrchr(q->cursor, ',');
		memcpy(cur_t, q->cursor, (size_t)(comma - q->cursor));
		snprintf(cur_sha, sizeof(cur_sha), "%s", comma + 1);
	}
	snprintf(s.text, sizeof(s.text), "SELECT %s FROM certificates", cols);
	where(&s, "serial", "=", q->serial);
	where(&s, "wwn", "=", q->wwn);
	where(&s, "asset_tag", "=", q->asset_tag);
	where(&s, "model", "=", q->model);
	where(&s, "station", "=", q->station);
	where(&s, "result", "=", q->result);
	where(&s, "method", "=", q->method);
	where(&s, "category", "=", q->category);
	where(&s, "operator", "=", q->operator_name);
	where(&s, "org", "=", q->org);
	where(&s, "customer", "=", q->customer);
	where(&s, "job", "=", q->job);
	where(&s, "issued_at", ">=", q->since);
	where(&s, "issued_at", "<=", q->until);
	if (q->cursor) {
		/* after the cursor's record in (issued_at, sha256) order */
		where(&s, "issued_at", ">=", cur_t);
		len = strlen(s.text);
		s.p[s.np] =
			(struct wp_ledger_param){cur_t, strlen(cur_t), false};
		s.p[s.np + 1] = (struct wp_ledger_param){cur_sha, 64, false};
		snprintf(s.text + len, sizeof(s.text) - len,
			 " AND (issued_at > $%d OR sha256 > $%d)", s.np + 1,
			 s.np + 2);
		s.np += 2;
	}
	len = strlen(s.text);
	snprintf(s.text + len, sizeof(s.text) - len, " %s", tail);
	if (limit > 0) {
		len = strlen(s.text);
		snprintf(s.text + len, sizeof(s.text) - len, " LIMIT %ld",
			 limit);
	}
	return l->ops->query(l, s.text, s.np, s.p, fn, ctx, NULL, err);
}

int wp_ledger_find(struct wp_ledger *l, const struct wp_find_query *q,
		   wp_find_fn fn, void *ctx, char *next, struct cm_err *err)
{
	struct page pg = {.fn = fn, .ctx = ctx, .limit = q->limit};
	char cols[512] = "";
	size_t len;
	int rc;

	next[0] = '\0';
	if (q->limit < 1 || q->limit > WP_FIND_LIMIT_MAX)
		return cm_err_setk(err, -EINVAL, CM_ERR_USAGE,
				   "the limit is 1 to %d", WP_FIND_LIMIT_MAX);
	for (int i = 0; wp_find_fields[i]; i++) {
		len = strlen(cols);
		snprintf(cols + len, sizeof(cols) - len, "%s%s", i ? ", " : "",
			 wp_find_fields[i]);
	}
	/* one past the page: whether there is a next */
	rc = select_rows(l, q, cols, "ORDER BY issued_at, sha256", q->limit + 1,
			 row, &pg, err);
	if (rc < 0)
		return rc;
	if (pg.more)
		snprintf(next, WP_FIND_CURSOR_MAX, "%s", pg.last);
	return 0;
}

int wp_ledger_find_rows(struct wp_ledger *l, const struct wp_find_query *q,
			const char *cols, const char *tail, wp_find_row_fn fn,
			void *ctx, struct cm_err *err)
{
	return select_rows(l, q, cols, tail, 0, fn, ctx, err);
}
