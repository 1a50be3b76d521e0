// SPDX-License-Identifier: Apache-2.0
/*
 * The legal rules behind the drafts (issue 12): per-regime counts, exact
 * jurisdiction codes, labels only the facts support, GDPR Art. 3, the
 * authorities per Member State, Art. 34(3), California and FTC delays and
 * thresholds, unknown facts as questions, date-only times.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rs_deadline.h"
#include "rs_facts.h"
#include "rs_notices.h"
#include "rs_regimes.h"
#include "rs_rules.h"

struct fixture {
	json_t *in;
	struct rs_facts f;
	struct rs_assessment a;
};

static void load(struct fixture *x, const char *text)
{
	struct cm_err err = {0};
	json_error_t je;

	x->in = json_loads(text, 0, &je);
	assert_non_null(x->in);
	assert_int_equal(rs_facts_init(&x->f, x->in, &err), 0);
	assert_int_equal(rs_assess(&x->f, NULL, &x->a, &err), 0);
}

static void unload(struct fixture *x)
{
	rs_assessment_release(&x->a);
	rs_facts_release(&x->f);
	json_decref(x->in);
}

static const struct rs_decision *dec(const struct fixture *x, const char *id)
{
	for (size_t i = 0; i < x->a.n; i++)
		if (!strcmp(x->a.d[i].rule->id, id))
			return &x->a.d[i];
	fail_msg("no decision %s", id);
	return NULL;
}

static void expect(const struct fixture *x, const char *id, enum rs_app app,
		   const char *due)
{
	const struct rs_decision *d = dec(x, id);

	print_message("%s: %s (%s) %s\n", id, rs_app_name(d->app),
		      d->dl.due_str, d->reason);
	assert_int_equal(d->app, app);
	assert_true(strlen(d->reason) > 20);
	if (due)
		assert_string_equal(d->dl.due_str, due);
}

static const struct rs_draft *draft(const struct rs_draft *d, size_t n,
				    const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(d[i].name, name))
			return &d[i];
	return NULL;
}

static void has_all(const char *text, const char *const *want)
{
	for (size_t i = 0; want[i]; i++) {
		if (!strstr(text, want[i]))
			fail_msg("missing '%s' in:\n%s", want[i], text);
	}
}

static struct rs_draft *render(struct fixture *x, size_t *n)
{
	struct rs_draft *d;
	struct cm_err err = {0};

	assert_int_equal(rs_drafts_render(&x->f, &x->a, &d, n, &err), 0);
	return d;
}

/* issue 12 (1): each regime counts its own jurisdictions only */
static void test_counts_per_regime(void **state)
{
	struct fixture x;
	struct rs_draft *d;
	size_t n;

	(void)state;
	load(&x, "{\"role\": \"controller\", \"discovered_at\":"
		 " \"2027-04-01T08:00:00Z\", \"eu_establishment\": false,"
		 " \"offers_to_eu\": true, \"affected_by_jurisdiction\":"
		 " {\"EU-DE\": 40, \"EEA-NO\": 5, \"PK\": 25, \"US-CA\": 10,"
		 " \"EU\": 3}}");
	assert_int_equal(rs_facts_count_if(&x.f, rs_juris_is_gdpr), 48);
	assert_int_equal(rs_facts_count(&x.f, "PK"), 25);
	d = render(&x, &n);
	has_all(draft(d, n, "gdpr-sa")->md,
		(const char *const[]){"Approximate number of data subjects: 48",
				      NULL});
	has_all(draft(d, n, "pk-commission")->md,
		(const char *const[]){"Approximate number of data subjects: 25",
				      NULL});
	rs_drafts_free(d, n);
	unload(&x);
}

/* issue 12 (1): a code is exact; an unknown one is an input error */
static void test_unknown_jurisdiction(void **state)
{
	static const struct {
		const char *in, *hint;
	} bad[] = {
		{"{\"affected_by_jurisdiction\": {\"EUROPE\": 1}}", "EU-XX"},
		{"{\"affected_by_jurisdiction\": {\"DE\": 1}}", "'EU-DE'"},
		{"{\"affected_by_jurisdiction\": {\"us-ca\": 1}}", "'US-CA'"},
		{"{\"affected_by_jurisdiction\": {\"EU-NO\": 1}}", "'EEA-NO'"},
		{"{\"affected_by_jurisdiction\": {\"UK\": 1}}", "'GB'"},
		{"{\"affected_by_jurisdiction\": {\"US-XX\": 1}}", "USPS"},
		{"{\"affected_by_jurisdiction\": {\"PKX\": 1}}", "PK"},
		{"{\"eu_establishment\": \"EU-XX\"}", "Member State"},
		/* contradictory counts */
		{"{\"affected_total\": 10, \"affected_by_jurisdiction\":"
		 " {\"US-CA\": 8, \"EU-DE\": 5}}",
		 "less than the 13 people"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct rs_facts f;
		struct cm_err err = {0};
		json_t *in = json_loads(bad[i].in, 0, NULL);

		assert_non_null(in);
		assert_int_equal(rs_facts_init(&f, in, &err), -EINVAL);
		assert_int_equal(cm_err_kind(&err), CM_ERR_DATAERR);
		if (!strstr(err.msg, bad[i].hint))
			fail_msg("%s: '%s' lacks '%s'", bad[i].in, err.msg,
				 bad[i].hint);
		json_decref(in);
	}
}

/* issue 12 (2): a telephone is "toll-free" only when the facts say so */
static void test_toll_free(void **state)
{
	struct fixture x;
	struct rs_draft *d;
	size_t n;
	const char *md;

	(void)state;
	load(&x, "{\"role\": \"covered-entity\", \"discovered_at\":"
		 " \"2027-01-10\", \"affected_total\": 3,"
		 " \"contact\": {\"phone\": \"+1-415-555-0100\"}}");
	d = render(&x, &n);
	md = draft(d, n, "hipaa-individuals")->md;
	assert_null(strstr(md, "(toll-free)"));
	assert_non_null(strstr(md, "- Telephone: +1-415-555-0100"));
	assert_non_null(strstr(md, "whether this number is toll-free"));
	rs_drafts_free(d, n);
	unload(&x);
	load(&x, "{\"role\": \"covered-entity\", \"discovered_at\":"
		 " \"2027-01-10\", \"affected_total\": 3, \"contact\":"
		 " {\"phone\": \"+1-800-555-0100\", \"toll_free\": true}}");
	d = render(&x, &n);
	assert_non_null(strstr(draft(d, n, "hipaa-individuals")->md,
			       "- Telephone (toll-free): +1-800-555-0100"));
	rs_drafts_free(d, n);
	unload(&x);
}

/* issue 12 (3): a non-EU controller notifies each Member State's authority */
static void test_gdpr_non_eu_controller(void **state)
{
	struct fixture x;
	struct rs_draft *d;
	size_t n;
	json_t *j;

	(void)state;
	load(&x,
	     "{\"role\": \"controller\", \"discovered_at\":"
	     " \"2027-04-01T08:00:00Z\", \"eu_establishment\": false,"
	     " \"offers_to_eu\": true, \"monitors_eu\": false,"
	     " \"affected_by_jurisdiction\": {\"EU-DE\": 40, \"EU-FR\": 12}}");
	assert_string_equal(x.a.gdpr_scope, "art-3(2)");
	assert_non_null(strstr(x.a.gdpr_scope_reason, "Art. 3(2)"));
	assert_int_equal(x.a.n_auth, 2);
	assert_string_equal(x.a.auth[0].ms, "DE");
	assert_string_equal(x.a.auth[1].ms, "FR");
	assert_int_equal(x.a.auth[1].count, 12);
	assert_non_null(strstr(x.a.auth[1].name, "CNIL"));
	assert_false(x.a.auth_lead);
	expect(&x, "gdpr-sa", RS_APP_APPLIES, "2027-04-04T08:00:00Z");
	d = render(&x, &n);
	has_all(draft(d, n, "gdpr-sa")->md,
		(const char *const[]){
			"## Territorial scope (Art. 3)",
			"one-stop-shop does not apply", "para. 73",
			"- DE: ", "- FR: ", "CNIL", "(12 data subjects)",
			"## Representative in the Union (Art. 27)",
			"[TO BE COMPLETED: the representative", NULL});
	rs_drafts_free(d, n);
	j = rs_assessment_json(&x.f, &x.a);
	assert_int_equal(json_array_size(json_object_get(
				 json_object_get(j, "gdpr"), "authorities")),
			 2);
	json_decref(j);
	unload(&x);
	/* an EU main establishment: one lead authority */
	load(&x,
	     "{\"role\": \"controller\", \"discovered_at\":"
	     " \"2027-04-01T08:00:00Z\", \"eu_establishment\": \"EU-IE\","
	     " \"eu_representative\": \"n/a\","
	     " \"affected_by_jurisdiction\": {\"EU-DE\": 40, \"EU-FR\": 12}}");
	assert_string_equal(x.a.gdpr_scope, "art-3(1)");
	assert_int_equal(x.a.n_auth, 1);
	assert_true(x.a.auth_lead);
	assert_non_null(strstr(x.a.auth[0].name, "Ireland"));
	unload(&x);
}

/* issue 12 (3): without the Art. 3 facts GDPR is "not assessed" */
static void test_gdpr_not_assessed(void **state)
{
	struct fixture x;

	(void)state;
	load(&x, "{\"role\": \"controller\", \"discovered_at\":"
		 " \"2027-04-01T08:00:00Z\", \"high_risk\": true,"
		 " \"affected_by_jurisdiction\": {\"EU-DE\": 40}}");
	assert_string_equal(x.a.gdpr_scope, "not-assessed");
	expect(&x, "gdpr-sa", RS_APP_CONDITIONAL, NULL);
	expect(&x, "gdpr-subjects", RS_APP_CONDITIONAL, NULL);
	assert_non_null(strstr(dec(&x, "gdpr-sa")->reason, "not assessed"));
	assert_non_null(strstr(dec(&x, "gdpr-sa")->reason,
			       "TO BE COMPLETED: eu_establishment"));
	unload(&x);
	/* no establishment, no offering, no monitoring: Art. 3 not met */
	load(&x, "{\"role\": \"controller\", \"discovered_at\":"
		 " \"2027-04-01T08:00:00Z\", \"eu_establishment\": false,"
		 " \"offers_to_eu\": false, \"monitors_eu\": false,"
		 " \"affected_by_jurisdiction\": {\"EU-DE\": 4}}");
	expect(&x, "gdpr-sa", RS_APP_NOT_APPLICABLE, NULL);
	unload(&x);
}

/* issue 12 (11): Art. 34 has no presumption; 34(3)(b) and (c) are facts */
static void test_gdpr_art34(void **state)
{
	static const char base[] =
		"{\"role\": \"controller\", \"discovered_at\": \"2027-04-01T08:00Z\","
		" \"eu_establishment\": true, \"data_elements\": [\"diagnosis\"],"
		" \"affected_by_jurisdiction\": {\"EU-DE\": 40}";
	char buf[512];
	struct fixture x;

	(void)state;
	snprintf(buf, sizeof(buf), "%s}", base);
	load(&x, buf);
	expect(&x, "gdpr-subjects", RS_APP_CONDITIONAL, NULL);
	assert_null(strstr(dec(&x, "gdpr-subjects")->reason, "presumed"));
	assert_non_null(
		strstr(dec(&x, "gdpr-subjects")->reason, "no presumption"));
	unload(&x);
	snprintf(buf, sizeof(buf),
		 "%s, \"high_risk\": true, \"subsequent_measures\": true}",
		 base);
	load(&x, buf);
	expect(&x, "gdpr-subjects", RS_APP_NOT_APPLICABLE, NULL);
	assert_non_null(strstr(dec(&x, "gdpr-subjects")->reason, "34(3)(b)"));
	unload(&x);
	snprintf(buf, sizeof(buf),
		 "%s, \"high_risk\": true, \"disproportionate_effort\": true}",
		 base);
	load(&x, buf);
	expect(&x, "gdpr-subjects", RS_APP_APPLIES, NULL);
	assert_non_null(strstr(dec(&x, "gdpr-subjects")->detail,
			       "public communication"));
	unload(&x);
}

/* issue 12 (4): a 1280.15 delay beyond 60 days after a written request */
static void test_cdph_delay_limit(void **state)
{
	struct fixture x;
	const struct rs_decision *d;

	(void)state;
	load(&x,
	     "{\"role\": \"covered-entity\", \"ca_licensed_facility\": true,"
	     " \"discovered_at\": \"2027-03-24\", \"affected_total\": 9,"
	     " \"law_enforcement_delay\": \"written 2027-03-25 until 2027-07-30\"}");
	d = dec(&x, "ca-cdph");
	assert_int_equal(d->app, RS_APP_APPLIES);
	assert_non_null(strstr(d->dl.note, "WARNING"));
	assert_non_null(strstr(d->dl.note, "more than 60 days"));
	/* capped at 2027-05-24, then 15 business days (Memorial Day 31 May) */
	assert_string_equal(d->dl.due_str, "2027-06-15");
	unload(&x);
	/* no request date: the limit cannot be checked, said so */
	load(&x,
	     "{\"role\": \"covered-entity\", \"ca_licensed_facility\": true,"
	     " \"discovered_at\": \"2027-03-24\", \"affected_total\": 9,"
	     " \"law_enforcement_delay\": \"written until 2027-07-30\"}");
	d = dec(&x, "ca-cdph");
	assert_non_null(strstr(d->dl.note, "cannot be checked"));
	assert_string_equal(d->dl.due_str, "2027-08-20");
	unload(&x);
}

/* issue 12 (7): 1798.82(c) has no cap: no invented 30-day date */
static void test_ca_delay_no_cap(void **state)
{
	struct fixture x;
	const struct rs_decision *d;

	(void)state;
	load(&x,
	     "{\"role\": \"non-hipaa-health-app\", \"acquired\": true,"
	     " \"discovered_at\": \"2027-01-10\", \"data_elements\": [\"diagnosis\"],"
	     " \"affected_by_jurisdiction\": {\"US-CA\": 900},"
	     " \"law_enforcement_delay\": \"oral 2027-01-20\"}");
	d = dec(&x, "ca-residents");
	assert_int_equal(d->app, RS_APP_APPLIES);
	assert_false(d->dl.has_due);
	assert_true(d->dl.open_ended);
	assert_non_null(strstr(d->dl.note, "promptly after"));
	assert_non_null(strstr(d->dl.note, "no fixed cap"));
	assert_string_equal(rs_due_text(d), "open-law-enforcement");
	/* HIPAA-style 30 days still applies where the rule says so (FTC) */
	assert_string_equal(dec(&x, "ftc-individuals")->dl.due_str,
			    "2027-03-11");
	unload(&x);
}

/* issue 12 (5): the FTC media notice at exactly 500 */
static void test_ftc_media_threshold(void **state)
{
	struct fixture x;

	(void)state;
	load(&x,
	     "{\"role\": \"non-hipaa-health-app\", \"discovered_at\":"
	     " \"2027-05-03\", \"affected_by_jurisdiction\": {\"US-NY\": 500}}");
	expect(&x, "ftc-media", RS_APP_APPLIES, "2027-07-02");
	assert_non_null(strstr(dec(&x, "ftc-media")->reason, "secondary"));
	assert_int_equal(rs_rule_conf(dec(&x, "ftc-media")->rule),
			 RS_CONF_SECONDARY);
	unload(&x);
	load(&x,
	     "{\"role\": \"non-hipaa-health-app\", \"discovered_at\":"
	     " \"2027-05-03\", \"affected_by_jurisdiction\": {\"US-NY\": 499}}");
	expect(&x, "ftc-media", RS_APP_NOT_APPLICABLE, NULL);
	assert_non_null(strstr(dec(&x, "ftc-media")->reason, "secondary"));
	unload(&x);
	/* HIPAA's own threshold stays "more than 500" */
	load(&x,
	     "{\"role\": \"covered-entity\", \"discovered_at\":"
	     " \"2027-05-03\", \"affected_by_jurisdiction\": {\"US-NY\": 500}}");
	expect(&x, "hipaa-media", RS_APP_NOT_APPLICABLE, NULL);
	unload(&x);
}

/* issue 12 (6): 318.6(d) protection element, in-app contact, two methods */
static void test_ftc_content(void **state)
{
	struct fixture x;
	struct rs_draft *d;
	size_t n;
	const char *md;

	(void)state;
	load(&x, "{\"role\": \"non-hipaa-health-app\", \"discovered_at\":"
		 " \"2027-05-03\", \"affected_total\": 4,"
		 " \"contact\": {\"email\": \"help@app.example\"}}");
	d = render(&x, &n);
	md = draft(d, n, "ftc-individuals")->md;
	assert_non_null(
		strstr(md, "TO BE COMPLETED: at least two contact methods"));
	assert_non_null(strstr(md, "1 given"));
	assert_non_null(strstr(md, "such as offering credit monitoring"));
	rs_drafts_free(d, n);
	unload(&x);
	load(&x, "{\"role\": \"non-hipaa-health-app\", \"discovered_at\":"
		 " \"2027-05-03\", \"affected_total\": 4,"
		 " \"protections\": \"12 months of credit monitoring\","
		 " \"contact\": {\"email\": \"help@app.example\","
		 " \"in_app\": \"Settings > Help > Breach\"}}");
	d = render(&x, &n);
	md = draft(d, n, "ftc-individuals")->md;
	assert_null(strstr(md, "at least two contact methods"));
	assert_non_null(strstr(
		md, "- Within the application: Settings > Help > Breach"));
	assert_non_null(strstr(md, "12 months of credit monitoring"));
	rs_drafts_free(d, n);
	unload(&x);
}

/* issue 12 (8): a law-enforcement input not given is a question */
static void test_unknown_is_not_no(void **state)
{
	struct fixture x;
	struct rs_draft *d;
	size_t n;
	json_t *j;

	(void)state;
	load(&x, "{\"role\": \"covered-entity\", \"discovered_at\":"
		 " \"2027-01-10\", \"affected_total\": 3}");
	d = render(&x, &n);
	assert_null(strstr(draft(d, n, "hipaa-individuals")->md,
			   "investigation? No."));
	assert_non_null(strstr(
		draft(d, n, "hipaa-individuals")->md,
		"investigation? [TO BE COMPLETED: whether a law-enforcement agency asked"));
	rs_drafts_free(d, n);
	j = rs_assessment_json(&x.f, &x.a);
	assert_true(json_is_null(json_object_get(json_object_get(j, "facts"),
						 "law_enforcement_delay")));
	/* a rule that does not apply carries no due date */
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(j, "notices"), i, v)
	{
		if (!strcmp(json_string_value(
				    json_object_get(v, "applicability")),
			    "not-applicable"))
			assert_true(json_is_null(json_object_get(v, "due")));
		assert_non_null(json_object_get(v, "confidence"));
		assert_non_null(
			json_object_get(json_object_get(v, "source"), "clock"));
	}
	json_decref(j);
	unload(&x);
}

/* issue 12 (8): a date without a time starts hour clocks at UTC+14 */
static void test_date_only_awareness(void **state)
{
	struct fixture x;
	struct rs_draft *d;
	size_t n;

	(void)state;
	load(&x, "{\"role\": \"controller\", \"discovered_at\": \"2027-01-10\","
		 " \"eu_establishment\": true,"
		 " \"affected_by_jurisdiction\": {\"EU-DE\": 4}}");
	expect(&x, "gdpr-sa", RS_APP_APPLIES, "2027-01-12T10:00:00Z");
	assert_non_null(strstr(dec(&x, "gdpr-sa")->dl.note, "WARNING"));
	d = render(&x, &n);
	has_all(draft(d, n, "gdpr-sa")->md,
		(const char *const[]){
			"2027-01-09T10:00:00Z (only the date 2027-01-10 was given",
			"UTC+14", NULL});
	rs_drafts_free(d, n);
	unload(&x);
}

/* issue 12 (10): a licensed facility counts every patient */
static void test_cdph_all_patients(void **state)
{
	struct fixture x;
	struct rs_draft *d;
	size_t n;

	(void)state;
	load(&x,
	     "{\"role\": \"covered-entity\", \"ca_licensed_facility\": true,"
	     " \"discovered_at\": \"2027-03-24\","
	     " \"affected_by_jurisdiction\": {\"US-NV\": 30, \"US-OR\": 7}}");
	expect(&x, "ca-cdph", RS_APP_APPLIES, "2027-04-15");
	expect(&x, "ca-patient", RS_APP_APPLIES, "2027-04-15");
	assert_non_null(strstr(dec(&x, "ca-cdph")->reason, "37 patients"));
	d = render(&x, &n);
	has_all(draft(d, n, "ca-cdph")->md,
		(const char *const[]){"wherever they reside): 37", NULL});
	rs_drafts_free(d, n);
	unload(&x);
}

/* issue 12 (9), (11): the 1798.82 reason follows the facts; notes scoped */
static void test_ca_reason_and_notes(void **state)
{
	struct fixture x;
	struct rs_draft *d;
	size_t n;

	(void)state;
	load(&x,
	     "{\"role\": \"covered-entity\", \"discovered_at\": \"2027-01-10\","
	     " \"affected_by_jurisdiction\": {\"US-CA\": 20},"
	     " \"eu_establishment\": true, \"data_elements\": [\"name\", \"email\"]}");
	expect(&x, "ca-residents", RS_APP_CONDITIONAL, NULL);
	assert_null(strstr(
		dec(&x, "ca-residents")->reason,
		"was, or is reasonably believed to have been, acquired."));
	unload(&x);
	load(&x,
	     "{\"role\": \"covered-entity\", \"discovered_at\": \"2027-01-10\","
	     " \"affected_by_jurisdiction\": {\"US-CA\": 20, \"EU-DE\": 2},"
	     " \"eu_establishment\": true,"
	     " \"data_elements\": [\"name\", \"diagnosis\"]}");
	expect(&x, "ca-residents", RS_APP_CONDITIONAL, NULL);
	assert_non_null(strstr(dec(&x, "ca-residents")->reason,
			       "TO BE COMPLETED: acquired"));
	d = render(&x, &n);
	/* the HIPAA/California note only where it matters */
	assert_non_null(
		strstr(draft(d, n, "hipaa-individuals")->md, "13402(f)"));
	assert_null(strstr(draft(d, n, "gdpr-sa")->md, "13402(f)"));
	assert_null(
		strstr(draft(d, n, "hipaa-risk-assessment")->md, "13402(f)"));
	rs_drafts_free(d, n);
	unload(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_per_regime),
		cmocka_unit_test(test_unknown_jurisdiction),
		cmocka_unit_test(test_toll_free),
		cmocka_unit_test(test_gdpr_non_eu_controller),
		cmocka_unit_test(test_gdpr_not_assessed),
		cmocka_unit_test(test_gdpr_art34),
		cmocka_unit_test(test_cdph_delay_limit),
		cmocka_unit_test(test_ca_delay_no_cap),
		cmocka_unit_test(test_ftc_media_threshold),
		cmocka_unit_test(test_ftc_content),
		cmocka_unit_test(test_unknown_is_not_no),
		cmocka_unit_test(test_date_only_awareness),
		cmocka_unit_test(test_cdph_all_patients),
		cmocka_unit_test(test_ca_reason_and_notes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
