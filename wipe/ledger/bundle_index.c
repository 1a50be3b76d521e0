// SPDX-License-Identifier: Apache-2.0
/*
 * index.csv read back: an RFC 4180 parser, and the check of each row
 * against the certificate it names, for 'wipe ledger verify-bundle'.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_buf.h"
#include "wp_bundle.h"
#include "wp_bundle_index.h"

/* the columns before "file": what a row says of its certificate */
#define NSAID 14

struct row {
	struct cm_buf text; /* the fields, each NUL-terminated */
	size_t start[WP_CSV_FIELDS_MAX + 1];
	int nf;
};

static int too_many(size_t line, struct cm_err *err)
{
	return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
			   "line %zu: more than %d fields", line,
			   WP_CSV_FIELDS_MAX);
}

static int bad(size_t line, const char *what, struct cm_err *err)
{
	return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR, "line %zu: %s", line,
			   what);
}

/* End the field being read; a new one starts unless @last. */
static int end_field(struct row *r, size_t line, struct cm_err *err)
{
	cm_buf_append(&r->text, "", 1);
	if (r->text.err)
		return cm_err_set(err, -ENOMEM, "out of memory");
	if (r->nf == WP_CSV_FIELDS_MAX)
		return too_many(line, err);
	r->start[++r->nf] = r->text.len;
	return 0;
}

/* The row read: to @fn, then the next one starts empty. */
static int emit(struct row *r, size_t line, wp_csv_row_fn fn, void *ctx)
{
	const char *f[WP_CSV_FIELDS_MAX];
	int rc;

	for (int i = 0; i < r->nf; i++)
		f[i] = r->text.p + r->start[i];
	rc = fn(ctx, line, r->nf, f) != 0;
	r->text.len = 0;
	r->start[0] = 0;
	r->nf = 0;
	return rc;
}

int wp_csv_parse(const char *text, size_t len, wp_csv_row_fn fn, void *ctx,
		 struct cm_err *err)
{
	struct row r = {.nf = 0};
	size_t i = 0, line = 1, row_line = 1;
	int rc = 0;

	cm_buf_init(&r.text, SIZE_MAX);
	while (rc == 0 && i < len) {
		bool quoted = text[i] == '"';

		/* one field, from i */
		if (quoted) {
			size_t open = line;

			for (i++;; i++) {
				if (i == len) {
					rc = bad(open,
						 "a quoted field is not closed",
						 err);
					break;
				}
				if (text[i] == '"' && i + 1 < len &&
				    text[i + 1] == '"') {
					cm_buf_append(&r.text, "\"", 1);
					i++;
				} else if (text[i] == '"') {
					i++;
					break;
				} else if (text[i] == '\0') {
					rc = bad(line, "a NUL byte", err);
					break;
				} else {
					line += text[i] == '\n';
					cm_buf_append(&r.text, text + i, 1);
				}
			}
		} else {
			size_t n = 0;

			/* the input need not end in NUL: a bounded scan */
			while (i + n < len && text[i + n] &&
			       !strchr(",\r\n\"", text[i + n]))
				n++;
			cm_buf_append(&r.text, text + i, n);
			i += n;
			if (i < len && text[i] == '\0')
				rc = bad(line, "a NUL byte", err);
			else if (i < len && text[i] == '"')
				rc = bad(line,
					 "a quote inside an unquoted field",
					 err);
		}
		if (rc == 0 && r.text.err)
			rc = cm_err_set(err, -ENOMEM, "out of memory");
		if (rc < 0)
			break;
		/* what follows the field: ',', a line end, or the end */
		if (i < len && text[i] == ',') {
			rc = end_field(&r, line, err);
			i++;
			if (rc == 0 && i == len)
				rc = end_field(&r, line, err);
			continue;
		}
		if (i < len && text[i] == '\r' && i + 1 < len &&
		    text[i + 1] == '\n')
			i++;
		if (i < len && text[i] != '\n') {
			rc = bad(
				line,
				quoted ? "text after a closing quote"
				       : "a carriage return without a line feed",
				err);
			break;
		}
		i += i < len;
		rc = end_field(&r, row_line, err);
		if (rc == 0)
			rc = emit(&r, row_line, fn, ctx);
		line++;
		row_line = line;
	}
	if (rc == 0 && r.nf)
		rc = emit(&r, row_line, fn, ctx);
	cm_buf_release(&r.text);
	return rc;
}

/* One certificate's expected row: "file", then NSAID fields, NUL-split. */
struct expect {
	char *file;
	char *said; /* NULL: the certificate did not verify */
	bool seen;
};

struct wp_bundle_index {
	struct expect *v;
	size_t n, cap;
	bool sorted;
};

int wp_bundle_index_expect(struct wp_bundle_index **ixp, const char *file,
			   const struct wp_ledger_record *r)
{
	struct wp_bundle_index *ix = *ixp;
	struct expect e = {0};
	struct cm_buf b = CM_BUF_INIT(SIZE_MAX);

	if (!ix && !(ix = *ixp = calloc(1, sizeof(*ix))))
		return -ENOMEM;
	if (ix->n == ix->cap) {
		size_t cap = ix->cap ? 2 * ix->cap : 64;
		struct expect *nv = realloc(ix->v, cap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		ix->v = nv;
		ix->cap = cap;
	}
	if (r) {
		/* index.csv's order: id, sha256, issued_at, station, ... */
		const char *said[NSAID] = {
			r->id,	     r->sha256,	  r->issued_at,	    r->station,
			r->serial,   r->model,	  r->asset_tag,	    r->result,
			r->method,   r->category, r->operator_name, r->org,
			r->customer, r->job,
		};

		for (int i = 0; i < NSAID; i++)
			cm_buf_append(&b, said[i] ? said[i] : "",
				      strlen(said[i] ? said[i] : "") + 1);
		if (b.err) {
			cm_buf_release(&b);
			return -ENOMEM;
		}
		e.said = cm_buf_take(&b);
	}
	e.file = strdup(file);
	if (!e.file || (r && !e.said)) {
		free(e.file);
		free(e.said);
		return -ENOMEM;
	}
	ix->v[ix->n++] = e;
	ix->sorted = false;
	return 0;
}

void wp_bundle_index_free(struct wp_bundle_index *ix)
{
	if (!ix)
		return;
	for (size_t i = 0; i < ix->n; i++) {
		free(ix->v[i].file);
		free(ix->v[i].said);
	}
	free(ix->v);
	free(ix);
}

static int by_file(const void *a, const void *b)
{
	return strcmp(((const struct expect *)a)->file,
		      ((const struct expect *)b)->file);
}

struct check {
	struct wp_bundle_index *ix;
	wp_bundle_index_fn fn;
	void *ctx;
	bool header_ok;
};

/* @s shown in a finding: control characters as '?', cut at 80 bytes. */
static void shown(const char *s, char *out, size_t len)
{
	size_t i = 0;

	for (; s[i] && i + 1 < len && i < 80; i++)
		out[i] =
			(unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	out[i] = '\0';
}

/* A finding, "line N: " first when @line is not 0. */
__attribute__((format(printf, 3, 4))) static void
say(struct check *c, size_t line, const char *fmt, ...)
{
	char msg[512];
	size_t n = 0;
	va_list ap;

	if (line)
		n = (size_t)snprintf(msg, sizeof(msg), "line %zu: ", line);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	c->fn(c->ctx, msg);
}

static int index_row(void *ctx, size_t line, int nf, const char *const *f)
{
	struct check *c = ctx;
	struct expect key = {.file = NULL}, *e;
	char file[96], got[96], want[96];
	const char *w;
	int i;

	if (!c->header_ok) {
		for (i = 0; wp_bundle_index_fields[i]; i++)
			if (i >= nf || strcmp(f[i], wp_bundle_index_fields[i]))
				break;
		if (wp_bundle_index_fields[i] || nf != i) {
			say(c, line,
			    "the header is not the columns wipe writes (id, sha256, ..., file)");
			return 1;
		}
		c->header_ok = true;
		return 0;
	}
	if (nf != NSAID + 1) {
		say(c, line, "%d fields, not %d", nf, NSAID + 1);
		return 0;
	}
	shown(f[NSAID], file, sizeof(file));
	key.file = (char *)f[NSAID];
	e = c->ix ? bsearch(&key, c->ix->v, c->ix->n, sizeof(key), by_file)
		  : NULL;
	if (!e) {
		say(c, line,
		    "names %s, which is not a certificate of the bundle", file);
		return 0;
	}
	if (e->seen) {
		say(c, line, "names %s a second time", file);
		return 0;
	}
	e->seen = true;
	if (!e->said)
		return 0; /* the certificate did not verify: told already */
	w = e->said;
	for (i = 0; i < NSAID; w += strlen(w) + 1, i++) {
		if (!strcmp(f[i], w))
			continue;
		shown(f[i], got, sizeof(got));
		shown(w, want, sizeof(want));
		say(c, line, "%s: %s is \"%s\", the certificate says \"%s\"",
		    file, wp_bundle_index_fields[i], got, want);
	}
	return 0;
}

int wp_bundle_index_check(struct wp_bundle_index *ix, const char *csv,
			  size_t len, wp_bundle_index_fn fn, void *ctx,
			  struct cm_err *err)
{
	struct check c = {.ix = ix, .fn = fn, .ctx = ctx};
	struct cm_err why = {0};
	char file[96];
	int rc;

	if (ix && !ix->sorted && ix->n) {
		qsort(ix->v, ix->n, sizeof(*ix->v), by_file);
		ix->sorted = true;
	}
	for (size_t i = 0; ix && i < ix->n; i++)
		ix->v[i].seen = false;
	rc = wp_csv_parse(csv, len, index_row, &c, &why);
	if (rc == -ENOMEM)
		return cm_err_set(err, rc, "out of memory");
	if (rc < 0) {
		c.fn(c.ctx, why.msg);
		return 0;
	}
	if (!c.header_ok) {
		if (rc == 0)
			c.fn(c.ctx, "no header row: index.csv is empty");
		return 0;
	}
	for (size_t i = 0; ix && i < ix->n; i++) {
		if (ix->v[i].seen)
			continue;
		shown(ix->v[i].file, file, sizeof(file));
		say(&c, 0, "%s has no row", file);
	}
	return 0;
}
