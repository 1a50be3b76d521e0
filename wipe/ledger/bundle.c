// SPDX-License-Identifier: Apache-2.0
/*
 * Export of an audit bundle: one streaming query over the ledger, each
 * record's stored bytes written into the tar as it arrives, index.csv and
 * SHA256SUMS spooled to unlinked files beside the tar as the members go,
 * SHA256SUMS signed last as a stream, the tar itself written atomically
 * (temporary file, fsync, rename). Memory stays flat in the bundle's size.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend.h"
#include "cm_atomic.h"
#include "cm_buf.h"
#include "cm_cms.h"
#include "cm_file.h"
#include "cm_hash.h"
#include "cm_time.h"
#include "wp_bundle.h"
#include "wp_find.h"

#define SPOOL_BUF (64 * 1024)
#define NAME_MAX_ ((size_t)100)

const char *const wp_bundle_index_fields[] = {
	"id",	     "sha256", "issued_at", "station",	"serial",   "model",
	"asset_tag", "result", "method",    "category", "operator", "org",
	"customer",  "job",    "file",	    NULL,
};

struct out {
	struct cm_atomic at;
	struct cm_sha256 tar_hash;
	long long bytes;
	struct cm_err *err;
	int rc;
};

/* A member built as the export goes: a buffer flushed to an unlinked file. */
struct spool {
	const char *name;
	struct cm_buf buf;
	int fd;
	long long len;
};

struct exporter {
	struct wp_ledger *l;
	struct archive *a;
	struct out o;
	struct spool sums;  /* SHA256SUMS */
	struct spool index; /* index.csv */
	void *repeated;	    /* tsearch set of the ids that repeat */
	time_t now;
	struct wp_bundle_stats *st;
	struct cm_err *err;
	int rc;
};

/*
 * Every write is taken, even a failed one: the failure is kept in o->rc
 * and checked after each archive call. Told of a failure, libarchive 3.6
 * stops short of freeing its block buffer.
 */
static la_ssize_t tar_write(struct archive *a, void *ctx, const void *buf,
			    size_t len)
{
	struct out *o = ctx;

	(void)a;
	if (o->rc == 0)
		o->rc = cm_write_all(o->at.fd, buf, len, o->err);
	if (o->rc == 0)
		o->rc = cm_sha256_update(&o->tar_hash, buf, len, o->err);
	if (o->rc == 0)
		o->bytes += (long long)len;
	return (la_ssize_t)len;
}

/* The archive's error as ours, unless a write of ours already said why. */
static int ar_fail(struct exporter *x, const char *what)
{
	if (x->o.rc < 0)
		return x->o.rc;
	return cm_err_setk(x->err, -EIO, CM_ERR_IOERR, "cannot write %s: %s",
			   what, archive_error_string(x->a));
}

/* One member's header; its @size bytes follow through add_data(). */
static int add_header(struct exporter *x, const char *name, long long size,
		      time_t mtime)
{
	struct archive_entry *e = archive_entry_new();
	int rc = 0;

	if (!e)
		return cm_err_set(x->err, -ENOMEM, "out of memory");
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, size);
	archive_entry_set_mtime(e, mtime, 0);
	if (archive_write_header(x->a, e) != ARCHIVE_OK || x->o.rc < 0)
		rc = ar_fail(x, name);
	archive_entry_free(e);
	return rc;
}

static int add_data(struct exporter *x, const char *name, const void *p,
		    size_t len)
{
	if (len && (archive_write_data(x->a, p, len) != (la_ssize_t)len ||
		    x->o.rc < 0))
		return ar_fail(x, name);
	return 0;
}

/* Write @sp's buffer to its file once it holds more than @above bytes. */
static int spool_flush(struct exporter *x, struct spool *sp, size_t above)
{
	int rc = cm_buf_check(&sp->buf, sp->name, x->err);

	if (rc == 0 && sp->buf.len > above) {
		rc = cm_write_all(sp->fd, sp->buf.p, sp->buf.len, x->err);
		sp->len += (long long)sp->buf.len;
		sp->buf.len = 0;
	}
	return rc;
}

/* A whole member from memory, with its line in SHA256SUMS (@sum). */
static int add_mem(struct exporter *x, const char *name, const void *p,
		   size_t len, time_t mtime, bool sum)
{
	uint8_t md[CM_SHA256_LEN];
	char hex[CM_SHA256_HEX];
	int rc = add_header(x, name, (long long)len, mtime);

	if (rc == 0)
		rc = add_data(x, name, p, len);
	if (rc == 0 && sum) {
		cm_sha256_buf(p, len, md, NULL);
		cm_hex(md, sizeof(md), hex);
		cm_buf_appendf(&x->sums.buf, "%s  %s\n", hex, name);
		rc = spool_flush(x, &x->sums, SPOOL_BUF);
	}
	return rc;
}

/* RFC 4180: a field with a comma, quote or line break is quoted. */
static void csv_field(struct cm_buf *b, const char *s, bool last)
{
	if (s && s[strcspn(s, ",\"\r\n")]) {
		cm_buf_appends(b, "\"");
		for (const char *q; (q = strchr(s, '"')); s = q + 1) {
			cm_buf_append(b, s, (size_t)(q - s));
			cm_buf_appends(b, "\"\"");
		}
		cm_buf_appends(b, s);
		cm_buf_appends(b, "\"");
	} else if (s) {
		cm_buf_appends(b, s);
	}
	cm_buf_appends(b, last ? "\r\n" : ",");
}

static int csv_header(struct exporter *x)
{
	for (int i = 0; wp_bundle_index_fields[i]; i++)
		csv_field(&x->index.buf, wp_bundle_index_fields[i],
			  !wp_bundle_index_fields[i + 1]);
	return cm_buf_check(&x->index.buf, WP_BUNDLE_INDEX, x->err);
}

/*
 * A member name of our own making: letters, digits, '-', '_', at most 64,
 * and not 64 hex digits (the names of records named by their SHA-256).
 */
bool wp_bundle_plain_id(const char *id)
{
	size_t n = id ? strlen(id) : 0;

	static const char plain[] =
		"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

	if (n == 64 && strspn(id, "0123456789abcdefABCDEF") == n)
		return false;
	return n && n <= 64 && id[0] != '-' && strspn(id, plain) == n;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/*
 * NAME for a record: its id, or its SHA-256 when the id is not plain or
 * repeats in the bundle. Either way unique: ids that are kept do not
 * repeat and are never 64 hex digits; SHA-256s are the ledger's keys.
 */
static void member_base(struct exporter *x, const char *id, const char *sha,
			char *out, size_t len)
{
	bool by_id =
		wp_bundle_plain_id(id) && !tfind(id, &x->repeated, name_cmp);

	snprintf(out, len, "%s", by_id ? id : sha);
}

/* The ids that more than one record of the bundle carries. */
static int repeat_row(void *ctx, int ncol, const char *const *v)
{
	struct exporter *x = ctx;
	char *copy, **slot;

	if (ncol < 1 || !v[0] || !wp_bundle_plain_id(v[0]))
		return 0;
	copy = strdup(v[0]);
	slot = copy ? tsearch(copy, &x->repeated, name_cmp) : NULL;
	if (!slot || *slot != copy) {
		free(copy);
		x->rc = slot ? 0 : cm_err_set(x->err, -ENOMEM, "out of memory");
	}
	return x->rc < 0;
}

enum col {
	C_SHA,
	C_ID,
	C_ISSUED,
	C_STATION,
	C_SERIAL,
	C_MODEL,
	C_ASSET,
	C_RESULT,
	C_METHOD,
	C_CATEGORY,
	C_OPERATOR,
	C_ORG,
	C_CUSTOMER,
	C_JOB,
	C_JSON,
	C_P7S,
	C_TSR,
	C_N,
};

/* One record: NAME.json, NAME.json.p7s (and .p7s.tsr), its index row. */
static int record(struct exporter *x, const char *const *v)
{
	unsigned char *json = NULL, *p7s = NULL, *tsr = NULL, md[CM_SHA256_LEN];
	char hex[CM_SHA256_HEX], base[80], name[NAME_MAX_];
	size_t jlen = 0, plen = 0, tlen = 0;
	time_t mtime = x->now;
	int rc;

	rc = wp_ledger_unhex(v[C_JSON], &json, &jlen);
	if (rc == 0)
		rc = wp_ledger_unhex(v[C_P7S], &p7s, &plen);
	if (rc == 0 && v[C_TSR])
		rc = wp_ledger_unhex(v[C_TSR], &tsr, &tlen);
	if (rc == -ENOMEM) {
		rc = cm_err_set(x->err, rc, "out of memory");
		goto out;
	}
	if (rc == 0) {
		cm_sha256_buf(json, jlen, md, NULL);
		cm_hex(md, sizeof(md), hex);
	}
	if (rc < 0 || strcmp(hex, v[C_SHA] ? v[C_SHA] : "")) {
		rc = cm_err_setk(
			x->err, -EBADMSG, CM_ERR_DATAERR,
			"record %s: the stored JSON does not hash to its key: run 'wipe ledger verify'",
			v[C_SHA] ? v[C_SHA] : "?");
		goto out;
	}
	member_base(x, v[C_ID], v[C_SHA], base, sizeof(base));
	if (v[C_ISSUED] && cm_time_parse(v[C_ISSUED], &mtime) < 0)
		mtime = x->now;
	snprintf(name, sizeof(name), "%s.json", base);
	rc = add_mem(x, name, json, jlen, mtime, true);
	snprintf(name, sizeof(name), "%s.json.p7s", base);
	if (rc == 0)
		rc = add_mem(x, name, p7s, plen, mtime, true);
	/* the token travels beside the signature it stamps */
	snprintf(name, sizeof(name), "%s.json.p7s.tsr", base);
	if (rc == 0 && tsr && tlen)
		rc = add_mem(x, name, tsr, tlen, mtime, true);
	if (rc < 0)
		goto out;
	for (int i = C_ID; i <= C_JOB; i++) {
		/* the index's order: id, sha256, then the rest */
		csv_field(&x->index.buf, v[i], false);
		if (i == C_ID)
			csv_field(&x->index.buf, v[C_SHA], false);
	}
	snprintf(name, sizeof(name), "%s.json", base);
	csv_field(&x->index.buf, name, true);
	rc = spool_flush(x, &x->index, SPOOL_BUF);
	x->st->certificates++;
out:
	free(json);
	free(p7s);
	free(tsr);
	return rc;
}

static int row(void *ctx, int ncol, const char *const *v)
{
	struct exporter *x = ctx;

	if (ncol < C_N) {
		x->rc = cm_err_setk(x->err, -EPROTO, CM_ERR_SOFTWARE,
				    "ledger: export query gave %d columns",
				    ncol);
		return 1;
	}
	x->rc = record(x, v);
	return x->rc < 0;
}

/* The member @sp from its file, with its line in SHA256SUMS (@sum). */
static int add_spool(struct exporter *x, struct spool *sp, bool sum)
{
	struct cm_sha256 h = {0};
	uint8_t md[CM_SHA256_LEN];
	char hex[CM_SHA256_HEX];
	char *buf = malloc(SPOOL_BUF);
	off_t off = 0;
	int rc = spool_flush(x, sp, 0);

	if (!buf)
		rc = cm_err_set(x->err, -ENOMEM, "out of memory");
	if (rc == 0)
		rc = cm_sha256_init(&h, x->err);
	if (rc == 0)
		rc = add_header(x, sp->name, sp->len, x->now);
	while (rc == 0 && off < sp->len) {
		ssize_t n = pread(sp->fd, buf, SPOOL_BUF, off);

		if (n <= 0) {
			rc = cm_err_setk(
				x->err, n ? -errno : -EIO, CM_ERR_IOERR,
				"cannot read back the spool of %s: %s",
				sp->name, n ? strerror(errno) : "short file");
			break;
		}
		off += n;
		rc = cm_sha256_update(&h, buf, (size_t)n, x->err);
		if (rc == 0)
			rc = add_data(x, sp->name, buf, (size_t)n);
	}
	if (rc == 0)
		rc = cm_sha256_final(&h, md, x->err);
	cm_sha256_release(&h);
	if (rc == 0 && sum) {
		cm_hex(md, sizeof(md), hex);
		cm_buf_appendf(&x->sums.buf, "%s  %s\n", hex, sp->name);
		rc = spool_flush(x, &x->sums, 0);
	}
	free(buf);
	return rc;
}

/* An unlinked file in @path's directory, for a spool. */
static int open_spool(const char *path, struct cm_err *err)
{
	const char *slash = strrchr(path, '/');
	char *dir =
		slash ? strndup(path, (size_t)(slash - path + 1)) : strdup(".");
	char *tmpl = NULL;
	int fd, e;

	if (!dir)
		return cm_err_set(err, -ENOMEM, "out of memory");
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0 &&
	    (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
		/* no O_TMPFILE on this file system: create, then unlink */
		if (asprintf(&tmpl, "%s/.spool.XXXXXX", dir) < 0) {
			free(dir);
			return cm_err_set(err, -ENOMEM, "out of memory");
		}
		fd = mkostemp(tmpl, O_CLOEXEC);
		if (fd >= 0)
			unlink(tmpl);
	}
	e = errno;
	free(tmpl);
	if (fd < 0) {
		cm_err_setk(err, -e, CM_ERR_CANTCREAT,
			    "cannot create a spool file in '%s': %s", dir,
			    strerror(e));
		free(dir);
		return -e;
	}
	free(dir);
	return fd;
}

static int query(struct exporter *x, const struct wp_bundle_query *q)
{
	const struct wp_find_query fq = {.since = q->since,
					 .until = q->until,
					 .customer = q->customer,
					 .job = q->job};
	char cols[512];
	int rc;

	/*
	 * first the ids that repeat (few, if any), then the records, both
	 * from one snapshot: a record added between them cannot repeat a name
	 */
	rc = x->l->ops->exec(x->l, x->l->ops->snapshot_sql, x->err);
	if (rc < 0)
		return rc;
	rc = wp_ledger_find_rows(x->l, &fq, "id",
				 "GROUP BY id HAVING count(*) > 1", repeat_row,
				 x, x->err);
	if (rc == 0)
		rc = x->rc;
	if (rc < 0) {
		x->l->ops->exec(x->l, "ROLLBACK", NULL);
		return rc;
	}
	snprintf(cols, sizeof(cols),
		 "sha256, id, issued_at, station, serial, model,\n"
		 " asset_tag, result, method, category, operator, org,\n"
		 " customer, job, %s",
		 x->l->backend == WP_LEDGER_POSTGRES
			 ? "encode(json, 'hex'), encode(p7s, 'hex'),\n"
			   " encode(tsr, 'hex')"
			 : "hex(json), hex(p7s), CASE WHEN tsr IS NULL\n"
			   " THEN NULL ELSE hex(tsr) END");
	rc = wp_ledger_find_rows(x->l, &fq, cols, "ORDER BY issued_at, sha256",
				 row, x, x->err);
	if (rc == 0)
		rc = x->rc;
	/* a read-only transaction: ending it either way changes nothing */
	x->l->ops->exec(x->l, rc < 0 ? "ROLLBACK" : "COMMIT", NULL);
	return rc;
}

/* SHA256SUMS and its signature, the last two members. */
static int add_sums(struct exporter *x, const struct cm_identity *id)
{
	uint8_t *der = NULL;
	size_t der_len = 0;
	int rc = spool_flush(x, &x->sums, 0);

	if (rc == 0 && lseek(x->sums.fd, 0, SEEK_SET) < 0)
		rc = cm_err_setk(x->err, -errno, CM_ERR_IOERR,
				 "cannot read back the spool of %s: %s",
				 WP_BUNDLE_SUMS, strerror(errno));
	if (rc == 0)
		rc = cm_cms_sign_fd(id, x->sums.fd, &der, &der_len, x->err);
	if (rc == 0)
		rc = add_spool(x, &x->sums, false);
	if (rc == 0)
		rc = add_mem(x, WP_BUNDLE_SUMS_SIG, der, der_len, x->now,
			     false);
	free(der);
	return rc;
}

static int open_tar(struct exporter *x)
{
	x->a = archive_write_new();
	if (!x->a)
		return cm_err_set(x->err, -ENOMEM, "out of memory");
	/* ustar where it fits (our names do), pax headers where not */
	if (archive_write_set_format_pax_restricted(x->a) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(x->a, 1) != ARCHIVE_OK ||
	    archive_write_open2(x->a, &x->o, NULL, tar_write, NULL, NULL) !=
		    ARCHIVE_OK)
		return ar_fail(x, "the tar");
	return 0;
}

static void free_name(void *p)
{
	free(p);
}

static int open_spools(struct exporter *x, const char *path)
{
	struct spool *sp[] = {&x->index, &x->sums};

	for (size_t i = 0; i < sizeof(sp) / sizeof(sp[0]); i++) {
		sp[i]->fd = open_spool(path, x->err);
		if (sp[i]->fd < 0)
			return sp[i]->fd;
	}
	return 0;
}

int wp_bundle_export(struct wp_ledger *l, const struct wp_bundle_query *q,
		     const struct cm_identity *id, const char *path,
		     struct wp_bundle_stats *st, struct cm_err *err)
{
	struct exporter x = {
		.l = l,
		.sums = {.name = WP_BUNDLE_SUMS, .fd = -1},
		.index = {.name = WP_BUNDLE_INDEX, .fd = -1},
		.now = cm_time_now(),
		.st = st,
		.err = err,
	};
	uint8_t md[CM_SHA256_LEN];
	int rc;

	memset(st, 0, sizeof(*st));
	x.o.err = err;
	x.o.at.fd = -1;
	cm_buf_init(&x.sums.buf, SIZE_MAX);
	cm_buf_init(&x.index.buf, SIZE_MAX);
	cm_identity_fingerprint(id, st->signer_fp);
	rc = cm_atomic_open(&x.o.at, path, 0644, err);
	if (rc == 0)
		rc = cm_sha256_init(&x.o.tar_hash, err);
	if (rc == 0)
		rc = open_spools(&x, path);
	if (rc == 0)
		rc = csv_header(&x);
	if (rc == 0)
		rc = open_tar(&x);
	if (rc == 0)
		rc = query(&x, q);
	if (rc == 0)
		rc = add_spool(&x, &x.index, true);
	if (rc == 0)
		rc = add_sums(&x, id);
	if (rc == 0 && (archive_write_close(x.a) != ARCHIVE_OK || x.o.rc < 0))
		rc = ar_fail(&x, "the tar");
	if (rc == 0)
		rc = cm_sha256_final(&x.o.tar_hash, md, err);
	if (rc == 0)
		rc = cm_atomic_commit(&x.o.at, err);
	if (rc == 0) {
		cm_hex(md, sizeof(md), st->sha256);
		st->bytes = x.o.bytes;
	}
	/* a failed export: the writes stop here, the temporary file goes */
	if (!x.o.rc)
		x.o.rc = -ECANCELED;
	archive_write_free(x.a);
	cm_atomic_abort(&x.o.at);
	cm_sha256_release(&x.o.tar_hash);
	if (x.index.fd >= 0)
		close(x.index.fd);
	if (x.sums.fd >= 0)
		close(x.sums.fd);
	tdestroy(x.repeated, free_name);
	cm_buf_release(&x.sums.buf);
	cm_buf_release(&x.index.buf);
	if (rc < 0)
		cm_err_wrap(err, "export to '%s'", path);
	return rc;
}
