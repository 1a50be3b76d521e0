/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the ledger asks of a database back end (SQLite, PostgreSQL): run
 * SQL, run one statement with parameters and read its rows as text. SQL
 * is written once for both, with $1..$N placeholders used in order.
 */
#ifndef SANITAS_LEDGER_BACKEND_H
#define SANITAS_LEDGER_BACKEND_H

#include <stdbool.h>
#include <stddef.h>

#include "cm_err.h"
#include "wp_ledger.h"

struct wp_ledger_param {
	const void *p; /* NULL: SQL NULL */
	size_t len;
	bool blob;
};

/* One row: @ncol values as text (NULL for SQL NULL); non-zero stops. */
typedef int (*wp_ledger_row_fn)(void *ctx, int ncol, const char *const *v);

struct wp_ledger_ops {
	/* Run @sql (one or more statements, no parameters). */
	int (*exec)(struct wp_ledger *l, const char *sql, struct cm_err *err);
	/*
	 * Run one statement with @np parameters; each row to @fn (may be
	 * NULL); *@changes (may be NULL): rows inserted or changed.
	 */
	int (*query)(struct wp_ledger *l, const char *sql, int np,
		     const struct wp_ledger_param *p, wp_ledger_row_fn fn,
		     void *ctx, long *changes, struct cm_err *err);
	/* SQL that starts a write transaction and serialises migrations. */
	const char *begin_sql, *lock_sql;
	/* SQL that starts a read-only transaction seeing one snapshot */
	const char *snapshot_sql;
	/* SQL counting the tables named $1 (a station may not create one) */
	const char *has_table_sql;
	/* The DDL of each migration, [0] for version 1. */
	const char *const *migrations;
	void (*close)(struct wp_ledger *l);
};

struct wp_ledger {
	const struct wp_ledger_ops *ops;
	enum wp_ledger_backend backend;
	void *db;
	bool in_tx;
	/*
	 * Set by query() while a row callback runs: the length in bytes of
	 * each value (a blob selected as itself may hold NUL bytes).
	 */
	const size_t *row_lens;
};

/*
 * Decode the hex text of a blob column (@hex, NULL as "") into *@out
 * (malloc'd, NUL-terminated) of *@len bytes. Returns 0, -EBADMSG (not
 * hex) or -ENOMEM; sets no error text (callers say what was unreadable).
 */
int wp_ledger_unhex(const char *hex, unsigned char **out, size_t *len);

#endif
