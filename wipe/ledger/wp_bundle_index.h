/* SPDX-License-Identifier: Apache-2.0 */
/*
 * index.csv of an audit bundle, read back: an RFC 4180 parser and the
 * check that each row says what its certificate says (one row for each
 * certificate, no row for anything else).
 */
#ifndef SANITAS_WP_BUNDLE_INDEX_H
#define SANITAS_WP_BUNDLE_INDEX_H

#include <stddef.h>

#include "cm_err.h"
#include "wp_ledger.h"

/* At most this many fields in a CSV row. */
#define WP_CSV_FIELDS_MAX 64

/*
 * One row: @nf fields (NUL-terminated, borrowed until the call returns);
 * @line is the line the row starts on (1-based). Non-zero stops.
 */
typedef int (*wp_csv_row_fn)(void *ctx, size_t line, int nf,
			     const char *const *f);

/*
 * Parse @len bytes of RFC 4180 CSV: fields separated by ',', rows ended by
 * CRLF (a bare LF is taken too; the last row may lack it), a field in
 * double quotes may hold ',', line breaks and "" for '"'. Each row to @fn.
 * Returns 0, 1 when @fn stopped, or -EBADMSG (CM_ERR_DATAERR) naming the
 * line: a quote inside an unquoted field, an unterminated quoted field,
 * text after a closing quote, a NUL byte, more than WP_CSV_FIELDS_MAX
 * fields.
 */
int wp_csv_parse(const char *text, size_t len, wp_csv_row_fn fn, void *ctx,
		 struct cm_err *err);

/* What each certificate's row must say, gathered as they are read. */
struct wp_bundle_index;

/*
 * Expect a row for the certificate member @file whose fields are @r's
 * (@r NULL: the certificate did not verify, so its row is not checked).
 * *@ix is created on first use. Returns 0 or -ENOMEM.
 */
int wp_bundle_index_expect(struct wp_bundle_index **ix, const char *file,
			   const struct wp_ledger_record *r);

/* A finding about index.csv: @detail says which row and what is wrong. */
typedef void (*wp_bundle_index_fn)(void *ctx, const char *detail);

/*
 * Check @len bytes of index.csv against what @ix expects: the header
 * names the fields of wp_bundle_index_fields in order; each row names a
 * certificate member in its last field and says what that certificate
 * says; each certificate has exactly one row. Each finding to @fn.
 * Returns 0 (findings or not) or <0 (-ENOMEM).
 */
int wp_bundle_index_check(struct wp_bundle_index *ix, const char *csv,
			  size_t len, wp_bundle_index_fn fn, void *ctx,
			  struct cm_err *err);

void wp_bundle_index_free(struct wp_bundle_index *ix);

#endif
