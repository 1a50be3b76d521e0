/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Finding certificates in the ledger: filters on the indexed fields, in
 * issue order, a page at a time behind an opaque cursor.
 */
#ifndef SANITAS_WP_FIND_H
#define SANITAS_WP_FIND_H

#include <stddef.h>

#include "cm_err.h"
#include "wp_ledger.h"

/* Field names of a found record, in column order (NULL-terminated). */
extern const char *const wp_find_fields[];
#define WP_FIND_NFIELDS 19

/* The cursor: "ISSUED_AT,SHA256" of the last record of a page. */
#define WP_FIND_CURSOR_MAX 128

struct wp_find_query {
	/* exact matches; NULL: any */
	const char *serial, *wwn, *asset_tag, *model, *station, *result,
		*method, *category, *operator_name, *org, *customer, *job;
	const char *since, *until; /* RFC 3339 UTC, as wp_find_time makes */
	const char *cursor;	   /* NULL: from the start */
	long limit;		   /* 1..WP_FIND_LIMIT_MAX */
};

#define WP_FIND_LIMIT_MAX 10000

/*
 * Normalise an RFC 3339 time or a date (YYYY-MM-DD) to the UTC form the
 * ledger stores, into @out (32 bytes); a date is its first second, or with
 * @end_of_day its last. Returns 0 or -EINVAL (CM_ERR_USAGE).
 */
int wp_find_time(const char *s, int end_of_day, char *out, struct cm_err *err);

/* Check a cursor's shape. Returns 0 or -EINVAL (CM_ERR_USAGE). */
int wp_find_cursor_check(const char *c, struct cm_err *err);

/* One record: WP_FIND_NFIELDS values (NULL for SQL NULL); non-zero stops. */
typedef int (*wp_find_fn)(void *ctx, const char *const *v);

/*
 * Call @fn for each certificate matching @q, oldest issue first, at most
 * q->limit. *@next (WP_FIND_CURSOR_MAX bytes) is the cursor of the next
 * page, or "" when this page is the last.
 */
int wp_ledger_find(struct wp_ledger *l, const struct wp_find_query *q,
		   wp_find_fn fn, void *ctx, char *next, struct cm_err *err);

/* One row of wp_ledger_find_rows(): @ncol values as text (NULL for SQL NULL). */
typedef int (*wp_find_row_fn)(void *ctx, int ncol, const char *const *v);

/*
 * Stream every certificate matching @q's filters (and its cursor; not its
 * limit): "SELECT @cols FROM certificates WHERE ... @tail", @tail being
 * the ORDER BY (or GROUP BY) clause, each row to @fn (non-zero stops). For
 * the ledger's own modules: @cols and @tail are SQL written in the code,
 * never a user's text.
 */
int wp_ledger_find_rows(struct wp_ledger *l, const struct wp_find_query *q,
			const char *cols, const char *tail, wp_find_row_fn fn,
			void *ctx, struct cm_err *err);

#endif
