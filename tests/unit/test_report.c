// SPDX-License-Identifier: Apache-2.0
/*
 * The ledger's completeness report: the Appendix G table, what counts as
 * empty and as unknown in a certificate, and the streamed report over a
 * SQLite ledger (counts, groups per job in job order, tallies in value
 * order, the per-certificate states, filters, and a stored record that
 * is not JSON).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "wp_find.h"
#include "wp_ledger.h"
#include "wp_report.h"

static int idx(const char *key)
{
	for (int i = 0; i < WP_REPORT_NFIELDS; i++)
		if (!strcmp(wp_report_fields[i].key, key))
			return i;
	fail_msg("no field '%s'", key);
	return -1;
}

static void test_table(void **state)
{
	int n = 0, person = 0, validation = 0;

	(void)state;
	for (; wp_report_fields[n].key; n++) {
		const struct wp_report_field *f = &wp_report_fields[n];

		/* the key is the path, but for the stored signature */
		if (f->path)
			assert_string_equal(f->key, f->path);
		else
			assert_string_equal(f->key, "signature");
		for (int j = 0; j < n; j++)
			assert_string_not_equal(f->key,
						wp_report_fields[j].key);
		assert_true(f->required == !!strcmp(f->section, "validation"));
		person += !strcmp(f->section, "person");
		validation += !strcmp(f->section, "validation");
	}
	assert_int_equal(n, WP_REPORT_NFIELDS);
	assert_int_equal(person, 5);
	assert_int_equal(validation, 7);
	assert_string_equal(wp_report_state_name(WP_REPORT_UNKNOWN), "unknown");
}

static const char full[] =
	"{\"issued_at\": \"2026-01-01T00:00:00Z\","
	" \"tool\": {\"name\": \"wipe\", \"version\": \"0.1.0\"},"
	" \"operator\": {\"name\": \"A\", \"title\": \"T\","
	"  \"organization\": \"O\", \"location\": \"L\", \"phone\": \"1\"},"
	" \"media\": {\"vendor\": \"V\", \"model\": \"M\", \"serial\": \"S\","
	"  \"property_number\": \"P\", \"type\": \"ssd\", \"source\": \"PC\","
	"  \"classification\": \"C\", \"data_backed_up\": \"yes\","
	"  \"backup_location\": \"B\"},"
	" \"sanitization\": {\"category\": \"purge\", \"technique\": \"t\","
	"  \"details\": {\"passes\": 1}},"
	" \"verification\": {\"method\": \"full\"},"
	" \"post_classification\": \"U\", \"notes\": \"n\","
	" \"destination\": \"recycling\", \"attestation\": \"I attest\","
	" \"validation\": null}";

static void test_eval_full(void **state)
{
	enum wp_report_state st[WP_REPORT_NFIELDS];
	struct cm_err err = {0};

	(void)state;
	assert_int_equal(wp_report_eval(full, strlen(full), true, st, &err), 0);
	for (int i = 0; i < WP_REPORT_NFIELDS; i++)
		assert_int_equal(st[i], wp_report_fields[i].required
						? WP_REPORT_FILLED
						: WP_REPORT_EMPTY);
	/* no stored signature: that field is empty, nothing else changes */
	assert_int_equal(wp_report_eval(full, strlen(full), false, st, &err),
			 0);
	assert_int_equal(st[idx("signature")], WP_REPORT_EMPTY);
	assert_int_equal(st[idx("issued_at")], WP_REPORT_FILLED);
}

static void test_eval_values(void **state)
{
	static const char doc[] =
		"{\"operator\": {\"name\": null, \"title\": \"\","
		" \"organization\": \" \\t\", \"location\": \"Unknown\","
		" \"phone\": \" unknown \"},"
		" \"media\": {\"vendor\": \"unknownish\", \"model\": 0,"
		"  \"serial\": false, \"property_number\": [],"
		"  \"type\": {}, \"source\": [\"x\"],"
		"  \"data_backed_up\": \"UNKNOWN\"},"
		" \"sanitization\": \"purge\","
		" \"validation\": {\"name\": \"Val\", \"date\": \"unknown\"}}";
	enum wp_report_state st[WP_REPORT_NFIELDS];
	struct cm_err err = {0};

	(void)state;
	assert_int_equal(wp_report_eval(doc, strlen(doc), true, st, &err), 0);
	assert_int_equal(st[idx("operator.name")], WP_REPORT_EMPTY);
	assert_int_equal(st[idx("operator.title")], WP_REPORT_EMPTY);
	assert_int_equal(st[idx("operator.organization")], WP_REPORT_EMPTY);
	assert_int_equal(st[idx("operator.location")], WP_REPORT_UNKNOWN);
	assert_int_equal(st[idx("operator.phone")], WP_REPORT_UNKNOWN);
	assert_int_equal(st[idx("media.vendor")], WP_REPORT_FILLED);
	assert_int_equal(st[idx("media.model")], WP_REPORT_FILLED);
	assert_int_equal(st[idx("media.serial")], WP_REPORT_FILLED);
	assert_int_equal(st[idx("media.property_number")], WP_REPORT_EMPTY);
	assert_int_equal(st[idx("media.type")], WP_REPORT_EMPTY);
	assert_int_equal(st[idx("media.source")], WP_REPORT_FILLED);
	assert_int_equal(st[idx("media.classification")], WP_REPORT_EMPTY);
	assert_int_equal(st[idx("media.data_backed_up")], WP_REPORT_UNKNOWN);
	/* a path through a string, or through nothing: empty */
	assert_int_equal(st[idx("sanitization.category")], WP_REPORT_EMPTY);
	assert_int_equal(st[idx("tool.name")], WP_REPORT_EMPTY);
	assert_int_equal(st[idx("validation.name")], WP_REPORT_FILLED);
	assert_int_equal(st[idx("validation.date")], WP_REPORT_UNKNOWN);
	assert_int_equal(st[idx("validation.phone")], WP_REPORT_EMPTY);
}

static void test_eval_bad(void **state)
{
	static const char *const bad[] = {
		"", "{", "[]", "\"x\"", "null", "{\"a\": 1, \"a\": 2}"};
	enum wp_report_state st[WP_REPORT_NFIELDS];
	struct cm_err err = {0};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(
			wp_report_eval(bad[i], strlen(bad[i]), true, st, &err),
			-EBADMSG);
		assert_int_equal(cm_err_kind(&err), CM_ERR_DATAERR);
	}
}

struct fx {
	char dir[64], path[96];
	struct wp_ledger *l;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct cm_err err = {0};

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_report.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/l.db", f->dir);
	assert_int_equal(wp_ledger_open(f->path, &f->l, &err), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char p[128];

	wp_ledger_close(f->l);
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void insert(struct fx *f, char c, const char *issued,
		   const char *station, const char *result, const char *json,
		   const char *job)
{
	struct wp_ledger_record r;
	struct cm_err err = {0};

	memset(&r, 0, sizeof(r));
	memset(r.sha256, c, 64);
	memset(r.p7s_sha256, 'b', 64);
	r.id = "id";
	r.issued_at = issued;
	r.station = station;
	r.result = result;
	r.method = "zero";
	r.category = "clear";
	r.signer_fingerprint = "fp";
	r.job = job;
	r.json = json;
	r.json_len = strlen(json);
	r.p7s = (const unsigned char *)"\0\1";
	r.p7s_len = 2;
	assert_int_equal(wp_ledger_insert_cert(f->l, &r, &err), 0);
}

struct seen {
	int certs, jobs;
	char first[65];
	enum wp_report_state st[4][WP_REPORT_NFIELDS];
	char order[8]; /* the first sha256 character of each, in order */
	char job[4][16];
	long job_records[4], job_gaps[4];
};

static int on_cert(void *ctx, const struct wp_report_cert *c)
{
	struct seen *s = ctx;

	if (!s->certs)
		snprintf(s->first, sizeof(s->first), "%s", c->sha256);
	if (s->certs < 4)
		memcpy(s->st[s->certs], c->st, sizeof(c->st));
	if (s->certs < 7)
		s->order[s->certs] = c->sha256[0];
	s->certs++;
	return 0;
}

static int on_job(void *ctx, const struct wp_report_group *g)
{
	struct seen *s = ctx;

	assert_true(g->is_job);
	if (s->jobs < 4) {
		snprintf(s->job[s->jobs], sizeof(s->job[0]), "%s",
			 g->job ? g->job : "-");
		s->job_records[s->jobs] = g->records;
		s->job_gaps[s->jobs] = g->with_gaps;
	}
	s->jobs++;
	return 0;
}

static void test_report(void **state)
{
	struct fx *f = *state;
	struct seen s = {0};
	struct wp_report_sink sink = {on_cert, on_job, &s};
	struct wp_find_query q = {.limit = 1};
	struct wp_report_group t;
	struct cm_err err = {0};
	int sig = idx("signature"), name = idx("operator.name"),
	    backed = idx("media.data_backed_up");

	insert(f, 'c', "2026-01-03T00:00:00Z", "beta", "failed", full, "J-2");
	insert(f, 'a', "2026-01-01T00:00:00Z", "alpha", "success",
	       "{\"operator\": {\"name\": \"A\"}}", NULL);
	insert(f, 'b', "2026-01-02T00:00:00Z", NULL, "success",
	       "{\"media\": {\"data_backed_up\": \"unknown\"}}", "J-2");
	assert_int_equal(wp_ledger_report(f->l, &q, &sink, &t, &err), 0);
	assert_int_equal(s.certs, 3);
	/* per job, jobs in order, the records without one last */
	assert_int_equal(s.jobs, 2);
	assert_string_equal(s.job[0], "J-2");
	assert_int_equal(s.job_records[0], 2);
	assert_int_equal(s.job_gaps[0], 1);
	assert_string_equal(s.job[1], "-");
	assert_int_equal(s.job_records[1], 1);
	assert_string_equal(s.order, "bca"); /* job, then issue order */
	assert_int_equal(t.records, 3);
	assert_int_equal(t.with_gaps, 2); /* the full one has none */
	assert_int_equal(t.empty[name], 1);
	assert_int_equal(t.empty[sig], 0);
	assert_int_equal(t.unknown[backed], 1);
	assert_int_equal(t.empty[backed], 1);
	assert_int_equal(t.empty[idx("validation.name")], 3);
	assert_int_equal(s.st[2][name], WP_REPORT_FILLED);
	assert_int_equal(s.st[0][backed], WP_REPORT_UNKNOWN);
	/* tallies: distinct values in byte order, NULL as "(none)" */
	assert_int_equal(t.station.n, 3);
	assert_string_equal(t.station.v[0].value, "(none)");
	assert_string_equal(t.station.v[1].value, "alpha");
	assert_string_equal(t.station.v[2].value, "beta");
	assert_int_equal(t.result.n, 2);
	assert_string_equal(t.result.v[0].value, "failed");
	assert_int_equal(t.result.v[0].n, 1);
	assert_int_equal(t.result.v[1].n, 2);
	assert_int_equal(t.method.n, 1);
	assert_int_equal(t.method.v[0].n, 3);
	wp_report_group_release(&t);
	wp_report_group_release(&t); /* released twice: harmless */
	/* the filters of find narrow it */
	memset(&s, 0, sizeof(s));
	q.result = "success";
	q.since = "2026-01-02T00:00:00Z";
	assert_int_equal(wp_ledger_report(f->l, &q, &sink, &t, &err), 0);
	assert_int_equal(t.records, 1);
	assert_int_equal(s.first[0], 'b');
	wp_report_group_release(&t);
	/* and --job */
	memset(&s, 0, sizeof(s));
	memset(&q, 0, sizeof(q));
	q.job = "J-2";
	assert_int_equal(wp_ledger_report(f->l, &q, &sink, &t, &err), 0);
	assert_int_equal(t.records, 2);
	assert_int_equal(s.jobs, 1);
	wp_report_group_release(&t);
	/* nothing selected: no group, zero counts */
	memset(&s, 0, sizeof(s));
	q.station = "nowhere";
	assert_int_equal(wp_ledger_report(f->l, &q, &sink, &t, &err), 0);
	assert_int_equal(t.records, 0);
	assert_int_equal(s.jobs, 0);
	wp_report_group_release(&t);
	/* a stored record that is not JSON: an error naming it */
	insert(f, 'd', "2026-01-04T00:00:00Z", "x", "success", "not json",
	       NULL);
	memset(&q, 0, sizeof(q));
	assert_int_equal(wp_ledger_report(f->l, &q, &sink, &t, &err), -EBADMSG);
	assert_int_equal(cm_err_kind(&err), CM_ERR_DATAERR);
	assert_non_null(strstr(err.msg, "dddddddd"));
	assert_int_equal(t.records, 0); /* released on error */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_eval_full),
		cmocka_unit_test(test_eval_values),
		cmocka_unit_test(test_eval_bad),
		cmocka_unit_test_setup_teardown(test_report, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
