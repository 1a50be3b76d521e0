/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The completeness report of the ledger: for a selection of certificates
 * (the filters of find), which NIST SP 800-88 Appendix G fields each one
 * leaves empty or states as unknown, and counts by result, method,
 * category and station, for the whole selection and per job. The rows
 * are streamed; only counters are kept.
 */
#ifndef SANITAS_WP_REPORT_H
#define SANITAS_WP_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "cm_err.h"
#include "wp_find.h"
#include "wp_ledger.h"

/* One Appendix G field and where a certificate holds it. */
struct wp_report_field {
	const char *key;     /* the name in the report: the JSON path */
	const char *section; /* person, media, sanitization, destination,
				signature, validation */
	const char *label;   /* the form's words */
	const char *path;    /* dotted path in the certificate; NULL: the
				detached signature stored with the record */
	bool required;	     /* the operator's part: --fail-on-empty */
};

/* The mapping, in the form's order (WP_REPORT_NFIELDS, then a zero entry). */
extern const struct wp_report_field wp_report_fields[];
#define WP_REPORT_NFIELDS 33

enum wp_report_state {
	WP_REPORT_FILLED,
	WP_REPORT_EMPTY,   /* absent, null, "", [] or {} */
	WP_REPORT_UNKNOWN, /* present, but a string saying "unknown" */
};

/* The name of @s as in the report ("filled", "empty", "unknown"). */
const char *wp_report_state_name(enum wp_report_state s);

/*
 * Evaluate every field of the certificate JSON @json (@len bytes, at most
 * WP_CERT_MAX) into @st; @has_sig: a signature is stored with it. Returns
 * 0, or -EBADMSG (CM_ERR_DATAERR) when it is not a JSON object.
 */
int wp_report_eval(const char *json, size_t len, bool has_sig,
		   enum wp_report_state st[WP_REPORT_NFIELDS],
		   struct cm_err *err);

/* Distinct values of one dimension and how many records have each. */
struct wp_report_tally {
	struct wp_report_count {
		char *value; /* "(none)" for a record without one */
		long n;
	} * v;
	size_t n, cap;
};

/* At most this many distinct values per dimension in one group. */
#define WP_REPORT_DISTINCT_MAX 10000

/* Counts over a set of records: the selection, or one job of it. */
struct wp_report_group {
	bool is_job;	/* one job's records, not the whole selection */
	char *job;	/* the job; NULL: the records without one */
	long records;	/* records counted */
	long with_gaps; /* records with a required field empty */
	struct wp_report_tally result, method, category, station;
	long empty[WP_REPORT_NFIELDS], unknown[WP_REPORT_NFIELDS];
};

/* Free what @g holds and zero it. Accepts an empty group. */
void wp_report_group_release(struct wp_report_group *g);

/* One certificate as the report sees it; strings borrowed, may be NULL. */
struct wp_report_cert {
	const char *sha256, *id, *issued_at, *station, *serial, *result,
		*method, *category, *job;
	enum wp_report_state st[WP_REPORT_NFIELDS];
	int nempty, nunknown;
	bool gaps; /* a required field is empty */
};

/*
 * What the report hands its caller; a non-zero return stops it: a negative
 * errno (-ENOMEM) becomes the report's error, a positive -ECANCELED.
 */
struct wp_report_sink {
	/* each certificate, in job then issue order (may be NULL) */
	int (*cert)(void *ctx, const struct wp_report_cert *c);
	/* each job's group when its records end (may be NULL) */
	int (*job)(void *ctx, const struct wp_report_group *g);
	void *ctx;
};

/*
 * Report on the certificates matching @q's filters (its limit and cursor
 * are not used): each to @sink, and the counts of them all into @total
 * (zeroed first; released by the caller with wp_report_group_release).
 * Returns 0; <0 error (-EBADMSG, CM_ERR_DATAERR: a stored record that is
 * not a JSON object; -E2BIG, CM_ERR_USAGE: more distinct values than
 * WP_REPORT_DISTINCT_MAX).
 */
int wp_ledger_report(struct wp_ledger *l, const struct wp_find_query *q,
		     const struct wp_report_sink *sink,
		     struct wp_report_group *total, struct cm_err *err);

#endif
