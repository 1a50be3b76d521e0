// SPDX-License-Identifier: Apache-2.0
/*
 * The completeness report: the one table from NIST SP 800-88 Appendix G
 * fields to certificate JSON paths, the evaluation of a certificate
 * against it, and the streamed pass over the ledger that counts what is
 * empty or unknown per job and over the whole selection.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backend.h"
#include "cm_hash.h"
#include "wp_cert.h"
#include "wp_report.h"

#define F(key, sec, label, path, req)                                          \
	{                                                                      \
		key, sec, label, path, req                                     \
	}

/*
 * The form's sections 1-5 are the person performing sanitization's to
 * fill; 6, validation, is a second person's countersignature, which no
 * certificate holds yet (validation is null): counted as empty, never
 * filled, but not "required" of the operator.
 */
const struct wp_report_field wp_report_fields[] = {
	F("operator.name", "person", "Name", "operator.name", true),
	F("operator.title", "person", "Title", "operator.title", true),
	F("operator.organization", "person", "Organization",
	  "operator.organization", true),
	F("operator.location", "person", "Location", "operator.location", true),
	F("operator.phone", "person", "Phone", "operator.phone", true),
	F("media.vendor", "media", "Make/Vendor", "media.vendor", true),
	F("media.model", "media", "Model Number", "media.model", true),
	F("media.serial", "media", "Serial Number", "media.serial", true),
	F("media.property_number", "media", "Media Property Number",
	  "media.property_number", true),
	F("media.type", "media", "Media Type", "media.type", true),
	F("media.source", "media", "Source", "media.source", true),
	F("media.classification", "media", "Classification",
	  "media.classification", true),
	F("media.data_backed_up", "media", "Data Backed Up",
	  "media.data_backed_up", true),
	F("media.backup_location", "media", "Backup Location",
	  "media.backup_location", true),
	F("sanitization.category", "sanitization", "Method Type",
	  "sanitization.category", true),
	F("sanitization.technique", "sanitization", "Method Used",
	  "sanitization.technique", true),
	F("sanitization.details", "sanitization", "Method Details",
	  "sanitization.details", true),
	F("tool.name", "sanitization", "Tool Used", "tool.name", true),
	F("tool.version", "sanitization", "Tool Used (version)", "tool.version",
	  true),
	F("verification.method", "sanitization", "Verification Method",
	  "verification.method", true),
	F("post_classification", "sanitization",
	  "Post Sanitization Classification", "post_classification", true),
	F("notes", "sanitization", "Notes", "notes", true),
	F("destination", "destination", "Media Destination", "destination",
	  true),
	F("attestation", "signature", "Attestation", "attestation", true),
	F("signature", "signature", "Signature", NULL, true),
	F("issued_at", "signature", "Date", "issued_at", true),
	F("validation.name", "validation", "Name", "validation.name", false),
	F("validation.title", "validation", "Title", "validation.title", false),
	F("validation.organization", "validation", "Organization",
	  "validation.organization", false),
	F("validation.location", "validation", "Location",
	  "validation.location", false),
	F("validation.phone", "validation", "Phone", "validation.phone", false),
	F("validation.signature", "validation", "Signature",
	  "validation.signature", false),
	F("validation.date", "validation", "Date", "validation.date", false),
	{NULL, NULL, NULL, NULL, false},
};

_Static_assert(sizeof(wp_report_fields) / sizeof(wp_report_fields[0]) ==
		       WP_REPORT_NFIELDS + 1,
	       "WP_REPORT_NFIELDS counts the table");

const char *wp_report_state_name(enum wp_report_state s)
{
	switch (s) {
	case WP_REPORT_FILLED:
		return "filled";
	case WP_REPORT_EMPTY:
		return "empty";
	case WP_REPORT_UNKNOWN:
		return "unknown";
	}
	return "?";
}

/* The member at dotted @path, or NULL where any step is not an object. */
static const json_t *at(const json_t *doc, const char *path)
{
	const json_t *v = doc;
	char key[64];

	while (v && *path) {
		size_t n = strcspn(path, ".");

		if (!json_is_object(v) || n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		v = json_object_get(v, key);
		path += n + (path[n] == '.');
	}
	return v;
}

static enum wp_report_state judge(const json_t *v)
{
	const char *s;
	size_t n;

	if (!v || json_is_null(v))
		return WP_REPORT_EMPTY;
	if (json_is_array(v))
		return json_array_size(v) ? WP_REPORT_FILLED : WP_REPORT_EMPTY;
	if (json_is_object(v))
		return json_object_size(v) ? WP_REPORT_FILLED : WP_REPORT_EMPTY;
	if (!json_is_string(v))
		return WP_REPORT_FILLED; /* a number or a boolean states a fact */
	s = json_string_value(v);
	n = json_string_length(v);
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!n)
		return WP_REPORT_EMPTY;
	/* Appendix G offers "Unknown" (data backed up): a value, not a fact */
	if (n == 7 && !strncasecmp(s, "unknown", 7))
		return WP_REPORT_UNKNOWN;
	return WP_REPORT_FILLED;
}

int wp_report_eval(const char *json, size_t len, bool has_sig,
		   enum wp_report_state st[WP_REPORT_NFIELDS],
		   struct cm_err *err)
{
	json_error_t jerr;
	json_t *doc;

	if (len > WP_CERT_MAX)
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "the certificate is over %d bytes",
				   WP_CERT_MAX);
	doc = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "the certificate is not a JSON object");
	}
	for (int i = 0; i < WP_REPORT_NFIELDS; i++) {
		const struct wp_report_field *f = &wp_report_fields[i];

		if (!f->path)
			st[i] = has_sig ? WP_REPORT_FILLED : WP_REPORT_EMPTY;
		else
			st[i] = judge(at(doc, f->path));
	}
	json_decref(doc);
	return 0;
}

static void tally_release(struct wp_report_tally *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].value);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

void wp_report_group_release(struct wp_report_group *g)
{
	if (!g)
		return;
	tally_release(&g->result);
	tally_release(&g->method);
	tally_release(&g->category);
	tally_release(&g->station);
	free(g->job);
	memset(g, 0, sizeof(*g));
}

/* Count @value (NULL: "(none)") in @t, kept sorted by value. */
static int tally_add(struct wp_report_tally *t, const char *value,
		     const char *what, struct cm_err *err)
{
	size_t lo = 0, hi = t->n;
	char *copy;

	if (!value)
		value = "(none)";
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->v[mid].value, value);

		if (!c) {
			t->v[mid].n++;
			return 0;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (t->n == WP_REPORT_DISTINCT_MAX)
		return cm_err_setk(
			err, -E2BIG, CM_ERR_USAGE,
			"more than %d distinct %s in one report: narrow the selection (--since, --until, --station ...)",
			WP_REPORT_DISTINCT_MAX, what);
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 8;
		void *v = realloc(t->v, cap * sizeof(*t->v));

		if (!v)
			return cm_err_set(err, -ENOMEM, "out of memory");
		t->v = v;
		t->cap = cap;
	}
	copy = strdup(value);
	if (!copy)
		return cm_err_set(err, -ENOMEM, "out of memory");
	memmove(&t->v[lo + 1], &t->v[lo], (t->n - lo) * sizeof(*t->v));
	t->v[lo] = (struct wp_report_count){copy, 1};
	t->n++;
	return 0;
}

static int count(struct wp_report_group *g, const struct wp_report_cert *c,
		 struct cm_err *err)
{
	int rc;

	g->records++;
	g->with_gaps += c->gaps;
	for (int i = 0; i < WP_REPORT_NFIELDS; i++) {
		g->empty[i] += c->st[i] == WP_REPORT_EMPTY;
		g->unknown[i] += c->st[i] == WP_REPORT_UNKNOWN;
	}
	rc = tally_add(&g->result, c->result, "results", err);
	if (rc == 0)
		rc = tally_add(&g->method, c->method, "methods", err);
	if (rc == 0)
		rc = tally_add(&g->category, c->category, "categories", err);
	if (rc == 0)
		rc = tally_add(&g->station, c->station, "stations", err);
	return rc;
}

struct run {
	const struct wp_report_sink *sink;
	struct wp_report_group *total, cur;
	bool have; /* cur holds a job's records */
	int rc;
	struct cm_err *err;
};

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* What a sink's return @rc means: 0 go on, else why it stopped. */
static int stopped(struct run *r, int rc)
{
	if (!rc)
		return 0;
	if (rc == -ENOMEM)
		return cm_err_set(r->err, rc, "out of memory");
	return cm_err_set(r->err, rc < 0 ? rc : -ECANCELED,
			  "the report's reader stopped");
}

/* The job whose records just ended, to the sink. */
static int flush(struct run *r)
{
	int rc = 0;

	if (!r->have)
		return 0;
	if (r->sink->job)
		rc = stopped(r, r->sink->job(r->sink->ctx, &r->cur));
	wp_report_group_release(&r->cur);
	r->have = false;
	return rc;
}

/* The JSON of a row, decoded from hex into *@out (malloc'd). */
static int unhex_json(const char *hex, char **out, size_t *len,
		      struct cm_err *err)
{
	int rc = wp_ledger_unhex(hex, (unsigned char **)out, len);

	if (rc == 0 && *len > WP_CERT_MAX) {
		free(*out);
		*out = NULL;
		rc = -EBADMSG;
	}
	if (rc == -ENOMEM)
		return cm_err_set(err, rc, "out of memory");
	if (rc < 0)
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "the stored JSON is not readable");
	return 0;
}

/* sha256, id, issued_at, station, serial, result, method, category, job,
 * length(p7s), the JSON as hex */
static int row(void *ctx, int ncol, const char *const *v)
{
	struct run *r = ctx;
	struct wp_report_cert c = {.sha256 = v[0],
				   .id = v[1],
				   .issued_at = v[2],
				   .station = v[3],
				   .serial = v[4],
				   .result = v[5],
				   .method = v[6],
				   .category = v[7],
				   .job = v[8]};
	char *json = NULL;
	size_t len = 0;

	if (ncol < 11) {
		r->rc = cm_err_set(r->err, -EPROTO, "short row");
		return 1;
	}
	r->rc = unhex_json(v[10], &json, &len, r->err);
	if (r->rc == 0)
		r->rc = wp_report_eval(json, len, v[9] && strcmp(v[9], "0"),
				       c.st, r->err);
	free(json);
	if (r->rc < 0) {
		cm_err_wrap(r->err,
			    "record %s (check it with 'wipe ledger verify')",
			    v[0] ? v[0] : "");
		return 1;
	}
	for (int i = 0; i < WP_REPORT_NFIELDS; i++) {
		c.nempty += c.st[i] == WP_REPORT_EMPTY;
		c.nunknown += c.st[i] == WP_REPORT_UNKNOWN;
		if (c.st[i] == WP_REPORT_EMPTY && wp_report_fields[i].required)
			c.gaps = true;
	}
	if (r->have && !same(r->cur.job, c.job) && (r->rc = flush(r)) < 0)
		return 1;
	if (!r->have) {
		r->cur.is_job = true;
		if (c.job && !(r->cur.job = strdup(c.job))) {
			r->rc = cm_err_set(r->err, -ENOMEM, "out of memory");
			return 1;
		}
		r->have = true;
	}
	r->rc = count(r->total, &c, r->err);
	if (r->rc == 0)
		r->rc = count(&r->cur, &c, r->err);
	if (r->rc == 0 && r->sink->cert)
		r->rc = stopped(r, r->sink->cert(r->sink->ctx, &c));
	return r->rc < 0;
}

int wp_ledger_report(struct wp_ledger *l, const struct wp_find_query *q,
		     const struct wp_report_sink *sink,
		     struct wp_report_group *total, struct cm_err *err)
{
	struct run r = {.sink = sink, .total = total, .err = err};
	struct wp_find_query sel = *q;
	bool pg = wp_ledger_backend(l) == WP_LEDGER_POSTGRES;
	char cols[256];
	int rc;

	memset(total, 0, sizeof(*total));
	sel.cursor = NULL;
	snprintf(
		cols, sizeof(cols),
		"sha256, id, issued_at, station, serial, result, method, category, job, length(p7s), %s",
		pg ? "encode(json, 'hex')" : "hex(json)");
	/*
	 * A job's records together, those without one last, jobs in byte
	 * order on both back ends (PostgreSQL's default collation is the
	 * database's locale, SQLite's is binary)
	 */
	rc = wp_ledger_find_rows(
		l, &sel, cols,
		pg ? "ORDER BY job IS NULL, job COLLATE \"C\", issued_at, sha256"
		   : "ORDER BY job IS NULL, job, issued_at, sha256",
		row, &r, err);
	if (rc == 0)
		rc = r.rc;
	if (rc == 0)
		rc = flush(&r);
	wp_report_group_release(&r.cur);
	if (rc < 0)
		wp_report_group_release(total);
	return rc < 0 ? rc : 0;
}
