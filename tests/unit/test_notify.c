// SPDX-License-Identifier: Apache-2.0
/* Applicability, notice drafts and the calendar, from breach facts. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "playbook/playbook.h"
#include "rs_facts.h"
#include "rs_ics.h"
#include "rs_notices.h"
#include "rs_regimes.h"

static const char portal[] =
	"{\"organization\": \"Example Clinic\","
	" \"contact\": {\"phone\": \"+1-800-555-0100\","
	"  \"email\": \"privacy@clinic.example\","
	"  \"website\": \"https://clinic.example/breach\"},"
	" \"role\": \"covered-entity\","
	" \"discovered_at\": \"2027-01-10T09:00:00-08:00\","
	" \"breach_started_at\": \"2027-01-02T00:00:00Z\","
	" \"breach_ended_at\": \"2027-01-09T12:00:00Z\","
	" \"affected_total\": \"855\","
	" \"affected_by_jurisdiction\": {\"US-CA\": 812, \"EU-DE\": 40,"
	"   \"GB\": 3},"
	" \"data_elements\": [\"full name\", \"diagnosis\","
	"   \"medical record number\"],"
	" \"encrypted\": false, \"ca_licensed_facility\": \"true\","
	" \"law_enforcement_delay\": \"none\", \"acquired\": true,"
	" \"eu_establishment\": false, \"offers_to_eu\": true,"
	" \"high_risk\": true,"
	" \"description\": \"A portal misconfiguration exposed visit notes.\","
	" \"mitigation\": \"We closed the exposure and rotated the keys.\"}";

#include "notify_fixture.h"

static void test_portal_applicability(void **state)
{
	struct fixture x;

	(void)state;
	load(&x, portal);
	expect(&x, "hipaa-individuals", RS_APP_APPLIES, "2027-03-11");
	expect(&x, "hipaa-media", RS_APP_APPLIES, "2027-03-11");
	assert_string_equal(dec(&x, "hipaa-media")->detail, "US-CA (812)");
	expect(&x, "hipaa-hhs", RS_APP_APPLIES, "2027-03-11");
	expect(&x, "hipaa-hhs-annual", RS_APP_NOT_APPLICABLE, NULL);
	expect(&x, "hipaa-ba", RS_APP_NOT_APPLICABLE, NULL);
	expect(&x, "gdpr-sa", RS_APP_APPLIES, "2027-01-13T17:00:00Z");
	expect(&x, "gdpr-controller", RS_APP_NOT_APPLICABLE, NULL);
	expect(&x, "gdpr-subjects", RS_APP_APPLIES, "");
	expect(&x, "ca-residents", RS_APP_APPLIES, "2027-02-09");
	expect(&x, "ca-ag", RS_APP_APPLIES, "2027-02-24");
	/* from Sunday 10 Jan, skipping MLK Day 18 Jan 2027 */
	expect(&x, "ca-cdph", RS_APP_APPLIES, "2027-02-01");
	expect(&x, "ca-patient", RS_APP_APPLIES, "2027-02-01");
	expect(&x, "ftc-individuals", RS_APP_NOT_APPLICABLE, NULL);
	expect(&x, "pk-commission", RS_APP_NOT_APPLICABLE, NULL);
	assert_int_equal(x.a.n_na, 1);
	assert_string_equal(x.a.na[0].code, "GB");
	assert_true(x.a.n_notes >= 1);
	assert_non_null(strstr(x.a.notes[0], "13402(f)"));
	unload(&x);
}

static const struct rs_draft *draft(const struct rs_draft *d, size_t n,
				    const char *name);

/*
 * Unknown is not no: encrypted with the key status not given is a
 * question, never the exemption. Only key_compromised false applies the
 * HIPAA safe harbour, 1798.82(a)'s and Art. 34(3)(a)'s encryption rules.
 */
static void test_safe_harbour(void **state)
{
	static const char *const ids[] = {
		"hipaa-individuals", "hipaa-media", "hipaa-hhs",
		"ca-residents",	     "ca-ag",	    "gdpr-subjects",
		"ftc-individuals",   "ftc-ftc",	    NULL};
	static const char base[] =
		"{\"role\": \"covered-entity\", \"encrypted\": true,"
		" \"eu_establishment\": false, \"offers_to_eu\": true,"
		" \"acquired\": true, \"data_elements\": [\"full name\","
		" \"diagnosis\"], \"discovered_at\": \"2027-02-01\","
		" \"affected_total\": 3000,"
		" \"affected_by_jurisdiction\": {\"US-CA\": 2000,"
		" \"EU-FR\": 1000}";
	char text[1024];
	struct fixture x;
	struct rs_draft *dr;
	size_t n;
	struct cm_err err = {0};

	(void)state;
	/* key status not given: every encryption exemption is a question */
	snprintf(text, sizeof(text), "%s}", base);
	load(&x, text);
	expect(&x, "hipaa-individuals", RS_APP_CONDITIONAL, "2027-04-02");
	expect(&x, "hipaa-media", RS_APP_CONDITIONAL, "2027-04-02");
	expect(&x, "hipaa-hhs", RS_APP_CONDITIONAL, "2027-04-02");
	expect(&x, "ca-residents", RS_APP_CONDITIONAL, NULL);
	expect(&x, "ca-ag", RS_APP_CONDITIONAL, NULL);
	expect(&x, "gdpr-subjects", RS_APP_CONDITIONAL, NULL);
	/* Art. 33: nothing establishes that a risk is unlikely */
	expect(&x, "gdpr-sa", RS_APP_APPLIES, "2027-02-03T10:00:00Z");
	/* 1280.15: no encryption rule found either way; licence unknown */
	expect(&x, "ca-cdph", RS_APP_CONDITIONAL, NULL);
	for (size_t i = 0; ids[i] && strncmp(ids[i], "ftc", 3); i++) {
		const char *r = dec(&x, ids[i])->reason;

		if (!strstr(r, "was the key compromised? (key_compromised)"))
			fail_msg("%s does not ask about the key: %s", ids[i],
				 r);
		assert_null(strstr(r, "not known to be compromised"));
		assert_null(strstr(r, "key is not compromised"));
		assert_null(strstr(r, "not required"));
	}
	assert_int_equal(rs_drafts_render(&x.f, &x.a, &dr, &n, &err), 0);
	for (size_t i = 0; ids[i] && strncmp(ids[i], "ftc", 3); i++) {
		const struct rs_draft *one = draft(dr, n, ids[i]);

		if (!one)
			fail_msg("no draft %s for an unknown key", ids[i]);
		assert_non_null(strstr(
			one->md, "[TO BE COMPLETED: was the key compromised?"));
		assert_non_null(strstr(one->md, "Applicability: conditional"));
	}
	rs_drafts_free(dr, n);
	assert_non_null(strstr(dec(&x, "ca-ag")->reason, "1798.82(f)"));
	unload(&x);
	/* no high risk assessed: Art. 34(1) does not require it anyway */
	snprintf(text, sizeof(text), "%s, \"high_risk\": false}", base);
	load(&x, text);
	expect(&x, "gdpr-subjects", RS_APP_NOT_APPLICABLE, NULL);
	expect(&x, "hipaa-individuals", RS_APP_CONDITIONAL, "2027-04-02");
	unload(&x);

	/* the FTC rule: "unsecured" rests on the key as well */
	load(&x, "{\"role\": \"non-hipaa-health-app\", \"encrypted\": true,"
		 " \"discovered_at\": \"2027-05-03T10:00:00Z\","
		 " \"affected_by_jurisdiction\": {\"US-NY\": 600}}");
	expect(&x, "ftc-individuals", RS_APP_CONDITIONAL, "2027-07-02");
	assert_non_null(strstr(dec(&x, "ftc-individuals")->reason,
			       "was the key compromised?"));
	unload(&x);

	/* key_compromised false: the exemptions, resting on that input */
	snprintf(text, sizeof(text), "%s, \"key_compromised\": false}", base);
	load(&x, text);
	expect(&x, "hipaa-individuals", RS_APP_NOT_APPLICABLE, NULL);
	assert_non_null(
		strstr(dec(&x, "hipaa-individuals")->reason, "safe harbour"));
	assert_non_null(strstr(dec(&x, "hipaa-individuals")->reason,
			       "key_compromised false"));
	expect(&x, "hipaa-hhs", RS_APP_NOT_APPLICABLE, NULL);
	expect(&x, "ca-residents", RS_APP_NOT_APPLICABLE, NULL);
	assert_non_null(strstr(dec(&x, "ca-residents")->reason,
			       "rests on those inputs"));
	expect(&x, "gdpr-subjects", RS_APP_NOT_APPLICABLE, NULL);
	assert_non_null(strstr(dec(&x, "gdpr-subjects")->reason, "34(3)(a)"));
	assert_non_null(strstr(dec(&x, "gdpr-subjects")->reason,
			       "key_compromised false"));
	/* a bare date: 72 hours from its earliest instant (UTC+14) */
	expect(&x, "gdpr-sa", RS_APP_CONDITIONAL, "2027-02-03T10:00:00Z");
	expect(&x, "ca-cdph", RS_APP_CONDITIONAL, NULL);
	unload(&x);

	/* the key went with the laptop: no safe harbour */
	load(&x,
	     "{\"role\": \"covered-entity\", \"encrypted\": true,"
	     " \"key_compromised\": true, \"discovered_at\": \"2027-02-01\","
	     " \"affected_total\": 10}");
	expect(&x, "hipaa-individuals", RS_APP_APPLIES, "2027-04-02");
	expect(&x, "hipaa-hhs-annual", RS_APP_APPLIES, "2028-02-29");
	unload(&x);
}

static void test_small_and_unassessed(void **state)
{
	struct fixture x;

	(void)state;
	load(&x,
	     "{\"role\": \"covered-entity\", \"discovered_at\":"
	     " \"2026-12-20\", \"affected_by_jurisdiction\": {\"US-CA\": 120,"
	     " \"US-TX\": 10, \"JP\": 5}}");
	expect(&x, "hipaa-hhs", RS_APP_NOT_APPLICABLE, NULL);
	expect(&x, "hipaa-hhs-annual", RS_APP_APPLIES, "2027-03-01");
	expect(&x, "hipaa-media", RS_APP_NOT_APPLICABLE, NULL);
	expect(&x, "ca-ag", RS_APP_NOT_APPLICABLE, NULL);
	/* no data elements and no acquisition fact: a question, not a yes */
	expect(&x, "ca-residents", RS_APP_CONDITIONAL, "2027-01-19");
	assert_int_equal(x.a.n_na, 2);
	assert_string_equal(x.a.na[0].code, "US-TX");
	assert_string_equal(x.a.na[1].code, "JP");
	assert_int_equal(x.a.na[1].count, 5);
	unload(&x);
}

static void test_health_app_and_pk(void **state)
{
	struct fixture x;

	(void)state;
	load(&x, "{\"role\": \"non-hipaa-health-app\", \"discovered_at\":"
		 " \"2027-05-03T10:00:00Z\", \"affected_by_jurisdiction\":"
		 " {\"US-NY\": 600, \"PK\": 25}}");
	expect(&x, "hipaa-individuals", RS_APP_NOT_APPLICABLE, NULL);
	expect(&x, "ftc-individuals", RS_APP_APPLIES, "2027-07-02");
	expect(&x, "ftc-ftc", RS_APP_APPLIES, "2027-07-02");
	expect(&x, "ftc-ftc-annual", RS_APP_NOT_APPLICABLE, NULL);
	expect(&x, "ftc-media", RS_APP_APPLIES, "2027-07-02");
	expect(&x, "pk-commission", RS_APP_DRAFT_LAW, "2027-05-06T10:00:00Z");
	/* New York is not assessed; Pakistan is, as a draft */
	assert_int_equal(x.a.n_na, 1);
	assert_string_equal(x.a.na[0].code, "US-NY");
	unload(&x);
}

static void test_health_app_drafts(void **state)
{
	struct fixture x;
	struct rs_draft *d;
	size_t n;
	struct cm_err err = {0};
	bool seen = false;

	(void)state;
	load(&x, "{\"role\": \"non-hipaa-health-app\", \"discovered_at\":"
		 " \"2027-05-03T10:00:00Z\", \"affected_total\": 40,"
		 " \"third_parties\": \"an advertising network\","
		 " \"affected_by_jurisdiction\": {\"US-NY\": 40}}");
	assert_int_equal(rs_drafts_render(&x.f, &x.a, &d, &n, &err), 0);
	for (size_t i = 0; i < n; i++) {
		/* no HIPAA record for an app outside HIPAA */
		assert_string_not_equal(d[i].name, "hipaa-risk-assessment");
		if (strcmp(d[i].name, "ftc-individuals"))
			continue;
		seen = true;
		assert_non_null(strstr(d[i].md, "Third parties that acquired "
						"the information: an "
						"advertising network"));
		assert_non_null(strstr(d[i].md, "318.6(e)"));
		assert_non_null(strstr(d[i].md, "Deadline: 2027-07-02"));
	}
	assert_true(seen);
	assert_non_null(
		strstr(dec(&x, "ftc-ftc-annual")->dl.due_str, "2028-02-29"));
	rs_drafts_free(d, n);
	unload(&x);
}

static void test_bad_inputs(void **state)
{
	static const char *const bad[] = {
		"{\"role\": \"hospital\"}",
		"{\"discovered_at\": \"yesterday\"}",
		"{\"affected_total\": \"many\"}",
		"{\"affected_total\": -1}",
		("{\"affected_by_jurisdiction\": {\"US-CA\": "
		 "9223372036854775807}}"),
		"{\"encrypted\": \"perhaps\"}",
		"{\"law_enforcement_delay\": \"written 2027-01-01\"}",
		"{\"affected_by_jurisdiction\": [\"US-CA\"]}",
		"{\"notice_dates\": {\"nope\": \"2027-01-01\"}}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct rs_facts f;
		struct cm_err err = {0};
		json_t *in = json_loads(bad[i], 0, NULL);

		assert_non_null(in);
		assert_int_equal(rs_facts_init(&f, in, &err), -EINVAL);
		assert_int_equal(cm_err_kind(&err), CM_ERR_DATAERR);
		assert_true(err.msg[0] != '\0');
		json_decref(in);
	}
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

static void test_drafts(void **state)
{
	static const char *const individual[] = {
		"Notice of Data Breach",
		"## What Happened",
		"## What Information Was Involved",
		"## What We Are Doing",
		"## What You Can Do",
		"## For More Information",
		"A portal misconfiguration",
		"2027-01-02",
		"2027-01-09",
		"2027-01-10",
		"full name, diagnosis, medical record number",
		"We closed the exposure",
		"+1-800-555-0100",
		"privacy@clinic.example",
		"https://clinic.example/breach",
		"[TO BE COMPLETED: postal address",
		"Example Clinic",
		"law-enforcement investigation? No.",
		NULL};
	static const char *const gdpr[] = {"## (a) Nature",
					   "## (b) Contact point",
					   "## (c) Likely consequences",
					   "## (d) Measures",
					   "Deadline: 2027-01-13T17:00:00Z",
					   "Approximate number of data "
					   "subjects: 40",
					   "2027-01-10T17:00:00Z",
					   "Reasons for delay",
					   "33(4)",
					   NULL};
	static const char *const hhs[] = {
		"## 1. Covered Entity",
		"## 2. Business Associate",
		"## 3. Breach",
		"## 4. Notice of Breach and Actions Taken",
		"## 5. Attestation",
		"individuals affected: 855",
		"Media notice required? Yes (US-CA (812))",
		"[TO BE COMPLETED: type of breach",
		NULL};
	static const char *const risk[] = {
		"## (i) Nature and extent",
		"## (ii) The unauthorized person",
		"## (iii) Whether the PHI was actually acquired",
		"## (iv) The extent",
		"## Conclusion",
		NULL};
	struct fixture x;
	struct rs_draft *d;
	size_t n;
	struct cm_err err = {0};
	const struct rs_draft *p;

	(void)state;
	load(&x, portal);
	assert_int_equal(rs_drafts_render(&x.f, &x.a, &d, &n, &err), 0);
	/* 9 required notices + the risk assessment record */
	assert_int_equal(n, 10);
	assert_null(draft(d, n, "hipaa-hhs-annual"));
	assert_null(draft(d, n, "ftc-individuals"));
	p = draft(d, n, "hipaa-individuals");
	assert_non_null(p);
	has_all(p->md, individual);
	assert_non_null(strstr(p->md, "Deadline: 2027-03-11"));
	assert_non_null(strstr(p->txt, "What Happened\n-------------"));
	assert_null(strstr(p->txt, "## "));
	assert_true(p->n_missing > 0);
	has_all(draft(d, n, "ca-residents")->md, individual + 1);
	has_all(draft(d, n, "ca-residents")->md,
		(const char *const[]){"Deadline: 2027-02-09", "13402(f)",
				      NULL});
	has_all(draft(d, n, "gdpr-sa")->md, gdpr);
	has_all(draft(d, n, "hipaa-hhs")->md, hhs);
	has_all(draft(d, n, "hipaa-risk-assessment")->md, risk);
	has_all(draft(d, n, "ca-ag")->md,
		(const char *const[]){"sample copy", "812", NULL});
	has_all(draft(d, n, "gdpr-subjects")->md,
		(const char *const[]){"clear and plain language",
				      "Art. 33(3)(b)", "Art. 33(3)(c)",
				      "Art. 33(3)(d)", NULL});
	has_all(draft(d, n, "ca-cdph")->md,
		(const char *const[]){"Deadline: 2027-02-01", "[verify]",
				      NULL});
	for (size_t i = 0; i < n; i++)
		assert_non_null(strstr(d[i].md, "DRAFT"));
	rs_drafts_free(d, n);
	unload(&x);
}

static void test_ics(void **state)
{
	struct fixture x;
	char *ics, *p;
	size_t events = 0, want = 0;

	(void)state;
	load(&x, portal);
	ics = rs_ics_render(&x.f, &x.a, 1800000000);
	assert_non_null(ics);
	for (size_t i = 0; i < x.a.n; i++)
		if (x.a.d[i].app != RS_APP_NOT_APPLICABLE &&
		    x.a.d[i].dl.has_due)
			want++;
	for (p = ics; (p = strstr(p, "BEGIN:VEVENT")); p++)
		events++;
	assert_int_equal(events, want);
	assert_non_null(strstr(ics, "DTSTART;VALUE=DATE:20270311\r\n"));
	assert_non_null(strstr(ics, "DTSTART:20270113T170000Z\r\n"));
	assert_non_null(strstr(ics, "DTSTAMP:20270115T080000Z\r\n"));
	assert_non_null(strstr(ics, "BEGIN:VALARM\r\nACTION:DISPLAY\r\n"));
	/* every line ends in CRLF and is at most 75 octets */
	for (p = ics; *p;) {
		char *e = strstr(p, "\r\n");

		assert_non_null(e);
		assert_true(e - p <= 75);
		assert_null(memchr(p, '\n', (size_t)(e - p)));
		p = e + 2;
	}
	free(ics);
	unload(&x);
}

static void test_json(void **state)
{
	struct fixture x;
	json_t *j, *n;
	size_t i;
	json_t *v;

	(void)state;
	load(&x, portal);
	j = rs_assessment_json(&x.f, &x.a);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "schema")),
			    "sanitas.deadlines/1");
	n = json_object_get(j, "notices");
	assert_int_equal(json_array_size(n), x.a.n);
	json_array_foreach(n, i, v)
	{
		assert_non_null(json_object_get(v, "reason"));
		if (!strcmp(json_string_value(json_object_get(v, "id")),
			    "gdpr-sa"))
			assert_string_equal(json_string_value(json_object_get(
						    v, "due_kind")),
					    "datetime");
	}
	assert_int_equal(json_array_size(json_object_get(j, "not_assessed")),
			 1);
	json_decref(j);
	unload(&x);
}

static bool is_fact_key(const char *name)
{
	for (const char *const *k = rs_facts_keys(); *k; k++)
		if (!strcmp(*k, name))
			return true;
	return false;
}

/*
 * The input names asked for in each "[TO BE COMPLETED: ...]" of @text
 * into @asked (a JSON set): words with an underscore, or fact keys, not
 * after a '.' (contact.toll_free is a part of contact).
 */
static void asked_in(const char *text, json_t *asked)
{
	static const char tag[] = "[TO BE COMPLETED: ";
	const char *p = text;

	while ((p = strstr(p, tag))) {
		const char *e = strchr(p, ']');
		const char *q = p + sizeof(tag) - 1;

		if (!e)
			break;
		while (q < e) {
			const char *w = q;
			char word[64];
			size_t len;

			while (w < e && !(*w >= 'a' && *w <= 'z'))
				w++;
			q = w;
			while (q < e && ((*q >= 'a' && *q <= 'z') ||
					 *q == '_' || (*q >= '0' && *q <= '9')))
				q++;
			len = (size_t)(q - w);
			if (!len || len >= sizeof(word) ||
			    (w > text && w[-1] == '.'))
				continue;
			memcpy(word, w, len);
			word[len] = '\0';
			if (strchr(word, '_') || is_fact_key(word))
				json_object_set_new(asked, word, json_true());
		}
		p = e;
	}
}

/*
 * Review L2: every input a draft asks for is an input rs_facts reads, and
 * every shipped playbook that drafts notices declares every one of them,
 * so `respond run --set NAME=...` can answer the question.
 */
static void test_asked_inputs_declared(void **state)
{
	static const char *const cases[] = {
		"{\"role\": \"covered-entity\", \"encrypted\": true,"
		" \"affected_by_jurisdiction\": {\"US-CA\": 600, \"EU-DE\": 5,"
		" \"PK\": 3}, \"data_elements\": [\"name\", \"diagnosis\"]}",
		"{\"role\": \"covered-entity\", \"affected_total\": 20,"
		" \"discovered_at\": \"2027-01-10\","
		" \"affected_by_jurisdiction\": {\"US-CA\": 20}}",
		"{\"discovered_at\": \"2027-01-10T10:00:00Z\","
		" \"affected_by_jurisdiction\": {\"US-CA\": 600, \"EU-FR\": 2}}",
		"{\"role\": \"non-hipaa-health-app\", \"affected_by_jurisdiction\":"
		" {\"US-NY\": 600}}",
		"{\"role\": \"business-associate\", \"affected_total\": 3}",
		"{\"role\": \"processor\", \"eu_establishment\": true,"
		" \"affected_by_jurisdiction\": {\"EU-DE\": 4}}",
		"{\"role\": \"controller\", \"eu_establishment\": false,"
		" \"offers_to_eu\": true, \"affected_by_jurisdiction\":"
		" {\"EU-DE\": 4, \"PK\": 9}}",
	};
	json_t *asked = json_object();
	const char *key;
	json_t *v;
	DIR *dir;
	struct dirent *de;
	size_t drafting = 0;
	char path[4096];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fixture x;
		struct rs_draft *d;
		size_t n;
		struct cm_err err = {0};

		load(&x, cases[i]);
		assert_int_equal(rs_drafts_render(&x.f, &x.a, &d, &n, &err), 0);
		for (size_t k = 0; k < n; k++)
			asked_in(d[k].md, asked);
		for (size_t k = 0; k < x.a.n; k++)
			asked_in(x.a.d[k].reason, asked);
		for (size_t k = 0; k < x.a.n_notes; k++)
			asked_in(x.a.notes[k], asked);
		rs_drafts_free(d, n);
		unload(&x);
	}
	/* the walk saw the questions it should */
	assert_non_null(json_object_get(asked, "key_compromised"));
	assert_non_null(json_object_get(asked, "ca_licensed_facility"));
	assert_non_null(json_object_get(asked, "law_enforcement_delay"));
	json_object_foreach(asked, key, v)
	{
		print_message("asked: %s\n", key);
		if (!is_fact_key(key))
			fail_msg("a draft asks for '%s', which is no input "
				 "(rs_facts_keys)",
				 key);
	}
	dir = opendir(SANITAS_SOURCE_DIR "/playbooks");
	assert_non_null(dir);
	while ((de = readdir(dir))) {
		struct rs_playbook pb = {0};
		struct cm_err err = {0};
		size_t len = strlen(de->d_name);
		bool drafts = false;

		if (len < 6 || strcmp(de->d_name + len - 5, ".yaml"))
			continue;
		snprintf(path, sizeof(path), "%s/playbooks/%s",
			 SANITAS_SOURCE_DIR, de->d_name);
		if (rs_playbook_load(&pb, path, &err))
			fail_msg("%s: %s", path, err.msg);
		for (size_t i = 0; i < pb.n_steps; i++)
			if (!strcmp(pb.steps[i].action, "notify.draft"))
				drafts = true;
		for (const char *const *k = rs_facts_keys(); drafts && *k;
		     k++) {
			bool found = false;

			for (size_t i = 0; i < pb.n_inputs; i++)
				if (!strcmp(pb.inputs[i].name, *k))
					found = true;
			if (!found)
				fail_msg("playbook %s drafts notices but does "
					 "not declare the input '%s'",
					 de->d_name, *k);
		}
		drafting += drafts;
		rs_playbook_release(&pb);
	}
	closedir(dir);
	assert_true(drafting >= 7);
	json_decref(asked);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_portal_applicability),
		cmocka_unit_test(test_safe_harbour),
		cmocka_unit_test(test_small_and_unassessed),
		cmocka_unit_test(test_health_app_and_pk),
		cmocka_unit_test(test_health_app_drafts),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_drafts),
		cmocka_unit_test(test_ics),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_asked_inputs_declared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
