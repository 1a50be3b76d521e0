// SPDX-License-Identifier: Apache-2.0
/*
 * wipe ledger report: which NIST SP 800-88 Appendix G fields the selected
 * certificates leave empty, with counts per job and for the selection.
 * The per-job and per-certificate parts are spooled to unlinked temporary
 * files while the rows stream, so the summary can come first and memory
 * stays the same whatever the size of the ledger.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_fail.h"
#include "cm_err.h"
#include "cm_json.h"
#include "cmd_ledger.h"
#include "wp_find.h"
#include "wp_ledger.h"
#include "wp_report.h"
#include "wp_cert_text.h"
#include "wp_sampling.h"

#define JFLAGS (JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII)
#define NO_JOB "(no job)"

struct opts {
	struct wp_find_query q;
	char since[32], until[32];
	bool all, json, fail_on_empty;
};

struct out {
	const struct opts *o;
	FILE *jobs, *certs; /* spools */
	long njobs, ncerts;
	bool named_job; /* a record belongs to a job */
	int e;		/* first write errno */
};

static const char *dash(const char *s)
{
	return s && *s ? s : "-";
}

static void put(struct out *w, FILE *f, const char *s)
{
	if (fputs(s, f) == EOF && !w->e)
		w->e = errno ? errno : EIO;
}

/* @j (stolen) as one line of the spool @f, after a comma past the first. */
static int spool_json(struct out *w, FILE *f, long *n, json_t *j)
{
	char *s = j ? json_dumps(j, JFLAGS) : NULL;

	json_decref(j);
	if (!s)
		return -ENOMEM;
	put(w, f, (*n)++ ? ",\n  " : "\n  ");
	put(w, f, s);
	free(s);
	return 0;
}

static json_t *tally_json(const struct wp_report_tally *t)
{
	json_t *o = json_object();

	for (size_t i = 0; o && i < t->n; i++)
		json_object_set_new(o, t->v[i].value, json_integer(t->v[i].n));
	return o;
}

static json_t *group_json(const struct wp_report_group *g)
{
	json_t *o = json_object(), *f = json_object();

	if (g->is_job)
		json_object_set_new(o, "job",
				    g->job ? json_string(g->job) : json_null());
	json_object_set_new(o, "records", json_integer(g->records));
	json_object_set_new(o, "with_gaps", json_integer(g->with_gaps));
	json_object_set_new(o, "by_result", tally_json(&g->result));
	json_object_set_new(o, "by_method", tally_json(&g->method));
	json_object_set_new(o, "by_category", tally_json(&g->category));
	json_object_set_new(o, "by_station", tally_json(&g->station));
	for (int i = 0; f && i < WP_REPORT_NFIELDS; i++)
		json_object_set_new(f, wp_report_fields[i].key,
				    json_pack("{s:I, s:I}", "empty",
					      (json_int_t)g->empty[i],
					      "unknown",
					      (json_int_t)g->unknown[i]));
	json_object_set_new(o, "fields", f);
	return o;
}

static void print_tally(struct out *w, FILE *f, const char *name,
			const struct wp_report_tally *t, const char *sep)
{
	fprintf(f, "%s%s:", sep, name);
	for (size_t i = 0; i < t->n; i++)
		fprintf(f, "%s %s %ld", i ? "," : "", t->v[i].value, t->v[i].n);
	if (!t->n)
		put(w, f, " -");
}

/* "  empty: key N, key N" for the fields some record of @g has so. */
static void print_field_counts(FILE *f, const char *what, const long *n)
{
	int k = 0;

	for (int i = 0; i < WP_REPORT_NFIELDS; i++)
		if (n[i])
			fprintf(f, "%s %s %ld", k++ ? "," : what,
				wp_report_fields[i].key, n[i]);
	if (k)
		fputc('\n', f);
}

static int on_job(void *ctx, const struct wp_report_group *g)
{
	struct out *w = ctx;
	FILE *f = w->jobs;

	if (g->job)
		w->named_job = true;
	if (w->o->json)
		return spool_json(w, f, &w->njobs, group_json(g));
	w->njobs++;
	fprintf(f, "%s%s: %ld records, %ld with empty required fields\n",
		g->job ? "job " : "", g->job ? g->job : NO_JOB, g->records,
		g->with_gaps);
	print_tally(w, f, "result", &g->result, "  ");
	print_tally(w, f, "method", &g->method, "; ");
	print_tally(w, f, "category", &g->category, "; ");
	print_tally(w, f, "station", &g->station, "; ");
	put(w, f, "\n");
	print_field_counts(f, "  empty:", g->empty);
	print_field_counts(f, "  unknown:", g->unknown);
	return 0;
}

/* The keys of @c's fields in state @s, as a JSON array or a text list. */
static json_t *keys_json(const struct wp_report_cert *c, enum wp_report_state s)
{
	json_t *a = json_array();

	for (int i = 0; a && i < WP_REPORT_NFIELDS; i++)
		if (c->st[i] == s)
			json_array_append_new(
				a, json_string(wp_report_fields[i].key));
	return a;
}

static void print_keys(FILE *f, const char *what,
		       const struct wp_report_cert *c, enum wp_report_state s)
{
	int k = 0;

	for (int i = 0; i < WP_REPORT_NFIELDS; i++)
		if (c->st[i] == s)
			fprintf(f, "%s %s", k++ ? "," : what,
				wp_report_fields[i].key);
	if (k)
		fputc('\n', f);
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int on_cert(void *ctx, const struct wp_report_cert *c)
{
	struct out *w = ctx;
	FILE *f = w->certs;
	json_t *j;

	if (!c->gaps && !w->o->all)
		return 0;
	if (w->o->json) {
		j = json_object();
		json_object_set_new(j, "sha256", str_or_null(c->sha256));
		json_object_set_new(j, "id", str_or_null(c->id));
		json_object_set_new(j, "issued_at", str_or_null(c->issued_at));
		json_object_set_new(j, "job", str_or_null(c->job));
		json_object_set_new(j, "station", str_or_null(c->station));
		json_object_set_new(j, "serial", str_or_null(c->serial));
		json_object_set_new(j, "result", str_or_null(c->result));
		json_object_set_new(j, "method", str_or_null(c->method));
		json_object_set_new(j, "category", str_or_null(c->category));
		json_object_set_new(j, "gaps", json_boolean(c->gaps));
		json_object_set_new(j, "empty", keys_json(c, WP_REPORT_EMPTY));
		json_object_set_new(j, "unknown",
				    keys_json(c, WP_REPORT_UNKNOWN));
		return spool_json(w, f, &w->ncerts, j);
	}
	w->ncerts++;
	fprintf(f, "%s  %s  station %s  serial %s  job %s  %s\n",
		dash(c->issued_at), dash(c->sha256), dash(c->station),
		dash(c->serial), c->job ? c->job : NO_JOB, dash(c->result));
	print_keys(f, "  empty:", c, WP_REPORT_EMPTY);
	print_keys(f, "  unknown:", c, WP_REPORT_UNKNOWN);
	return 0;
}

/* Copy the spool @f to stdout. */
static void drain(struct out *w, FILE *f)
{
	char buf[8192];
	size_t n;

	if (fflush(f) == EOF || fseek(f, 0, SEEK_SET) < 0) {
		if (!w->e)
			w->e = errno ? errno : EIO;
		return;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (fwrite(buf, 1, n, stdout) != n && !w->e)
			w->e = errno ? errno : EIO;
	if (ferror(f) && !w->e)
		w->e = EIO;
}

static json_t *selection_json(const struct wp_find_query *q)
{
	const struct {
		const char *name, *v;
	} f[] = {
		{"serial", q->serial},
		{"wwn", q->wwn},
		{"asset_tag", q->asset_tag},
		{"model", q->model},
		{"station", q->station},
		{"result", q->result},
		{"method", q->method},
		{"category", q->category},
		{"operator", q->operator_name},
		{"org", q->org},
		{"customer", q->customer},
		{"job", q->job},
		{"since", q->since},
		{"until", q->until},
	};
	json_t *o = json_object();

	for (size_t i = 0; o && i < sizeof(f) / sizeof(f[0]); i++)
		json_object_set_new(o, f[i].name, str_or_null(f[i].v));
	return o;
}

static json_t *fields_json(void)
{
	json_t *a = json_array();

	for (int i = 0; a && i < WP_REPORT_NFIELDS; i++) {
		const struct wp_report_field *f = &wp_report_fields[i];

		json_array_append_new(
			a, json_pack("{s:s, s:s, s:s, s:o, s:b}", "key", f->key,
				     "section", f->section, "label", f->label,
				     "path", str_or_null(f->path), "required",
				     f->required));
	}
	return a;
}

/* The document's head, the summary, then the spools, to stdout. */
static int print_json(struct out *w, const struct wp_report_group *t,
		      json_t *share)
{
	json_t *parts[4] = {selection_json(&w->o->q), fields_json(),
			    group_json(t), json_incref(share)};
	char *s[4] = {NULL, NULL, NULL, NULL};
	int rc = 0;

	for (int i = 0; i < 4; i++)
		if (!parts[i] || !(s[i] = json_dumps(parts[i], JFLAGS)))
			rc = -ENOMEM;
	if (rc == 0) {
		printf("{\"schema\": \"sanitas.ledger-report/1\",\n"
		       " \"selection\": %s,\n"
		       " \"listed\": \"%s\",\n"
		       " \"fields\": %s,\n"
		       " \"summary\": %s,\n"
		       " \"validation\": %s,\n"
		       " \"jobs\": [",
		       s[0], w->o->all ? "all" : "gaps", s[1], s[2], s[3]);
		drain(w, w->jobs);
		fputs("],\n \"certificates\": [", stdout);
		drain(w, w->certs);
		fputs("]}\n", stdout);
	}
	for (int i = 0; i < 4; i++) {
		free(s[i]);
		json_decref(parts[i]);
	}
	return rc;
}

/* The share independently validated, per month and station. */
static void print_share(const json_t *share)
{
	const json_t *r;
	size_t i;

	printf("\nindependently validated (wipe cert validate), per month and station:\n");
	printf("%-7s  %-24s  %8s  %9s  %9s  %s\n", "PERIOD", "STATION",
	       "RECORDS", "SANITIZED", "VALIDATED", "SHARE");
	json_array_foreach(share, i, r)
	{
		const json_t *sh = json_object_get(r, "share");
		char st[64], pct[16] = "-";

		wp_cert_text_display(cm_json_get_str(r, "station") ?: "(none)",
				     false, st, sizeof(st));
		if (json_is_number(sh))
			snprintf(pct, sizeof(pct), "%.2f%%",
				 100.0 * json_number_value(sh));
		printf("%-7s  %-24s  %8lld  %9lld  %9lld  %s\n",
		       cm_json_get_str(r, "period") ?: "-", st,
		       (long long)json_integer_value(
			       json_object_get(r, "records")),
		       (long long)json_integer_value(
			       json_object_get(r, "sanitized")),
		       (long long)json_integer_value(
			       json_object_get(r, "validated")),
		       pct);
	}
}

static void print_text(struct out *w, const struct wp_report_group *t,
		       const json_t *share)
{
	printf("ledger report: %ld records, %ld with empty required fields\n",
	       t->records, t->with_gaps);
	print_tally(w, stdout, "result", &t->result, "  ");
	print_tally(w, stdout, "method", &t->method, "\n  ");
	print_tally(w, stdout, "category", &t->category, "\n  ");
	print_tally(w, stdout, "station", &t->station, "\n  ");
	printf("\n\n%-24s  %-12s  %6s  %7s  %s\n", "FIELD", "SECTION", "EMPTY",
	       "UNKNOWN", "APPENDIX G");
	for (int i = 0; i < WP_REPORT_NFIELDS; i++) {
		const struct wp_report_field *f = &wp_report_fields[i];

		printf("%-24s  %-12s  %6ld  %7ld  %s%s\n", f->key, f->section,
		       t->empty[i], t->unknown[i], f->label,
		       f->required ? "" : " (not required)");
	}
	puts("validation fields: no certificate holds one; a validation is a separate signed record (below)");
	print_share(share);
	if (w->named_job) {
		puts("\njobs:");
		drain(w, w->jobs);
	}
	if (w->ncerts) {
		printf("\n%s:\n",
		       w->o->all ? "certificates"
				 : "certificates with empty required fields");
		drain(w, w->certs);
	}
}

/* The report's options into @o; 0, or the usage exit code. */
static int report_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		LEDGER_FILTER_OPTIONS,
		{"all", no_argument, NULL, 'A'},
		{"json", no_argument, NULL, 'j'},
		{"fail-on-empty", no_argument, NULL, 'F'},
		{NULL, 0, NULL, 0}};
	struct wp_find_query *q = &o->q;
	struct cm_err err = {0};
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		rc = ledger_filter_opt(c, optarg, q, o->since, o->until, &err);
		if (rc < 0)
			return cli_usage("ledger", err.msg);
		if (rc == 0)
			continue;
		switch (c) {
		case 'A':
			o->all = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'F':
			o->fail_on_empty = true;
			break;
		default:
			return cli_usage("ledger", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("ledger", "report takes options only");
	return 0;
}

int cmd_ledger_report(int argc, char **argv, const char *opt,
		      const char *(*where)(const char *opt, struct cm_err *err,
					   int *rc))
{
	struct wp_report_sink sink = {.cert = on_cert, .job = on_job};
	struct opts o = {.q = {.limit = 1}};
	struct out w = {.o = &o};
	struct wp_report_group total = {0};
	struct wp_ledger *l = NULL;
	json_t *share = NULL;
	struct cm_err err;
	const char *path;
	int rc;

	rc = report_opts(argc, argv, &o);
	if (rc)
		return rc;
	cm_err_clear(&err);
	path = where(opt, &err, &rc);
	if (rc < 0 || wp_ledger_open(path, &l, &err) < 0)
		return cli_fail("ledger", &err);
	w.jobs = tmpfile();
	w.certs = tmpfile();
	if (!w.jobs || !w.certs) {
		rc = cm_err_setk(&err, -errno, CM_ERR_CANTCREAT,
				 "cannot create a temporary file: %s",
				 strerror(errno));
		goto out;
	}
	sink.ctx = &w;
	rc = wp_ledger_report(l, &o.q, &sink, &total, &err);
	if (rc == 0)
		rc = wp_ledger_validation_share(l, &o.q, &share, &err);
	if (rc < 0)
		goto out;
	if (o.json)
		rc = print_json(&w, &total, share);
	else
		print_text(&w, &total, share);
	if (rc < 0) {
		cm_err_set(&err, rc, "out of memory");
		goto out;
	}
	errno = 0;
	if ((fflush(stdout) == EOF || ferror(stdout)) && !w.e)
		w.e = errno ? errno : EIO;
	if (w.e)
		rc = cm_err_setk(&err, -w.e, CM_ERR_IOERR,
				 "cannot write the report: %s", strerror(w.e));
out:
	json_decref(share);
	if (w.jobs)
		fclose(w.jobs);
	if (w.certs)
		fclose(w.certs);
	wp_ledger_close(l);
	if (rc < 0) {
		wp_report_group_release(&total);
		return cli_fail("ledger", &err);
	}
	rc = o.fail_on_empty && total.with_gaps ? 1 : 0;
	if (rc)
		fprintf(stderr,
			"wipe: ledger: report: %ld of %ld records have empty required fields\n",
			total.with_gaps, total.records);
	wp_report_group_release(&total);
	return rc;
}
