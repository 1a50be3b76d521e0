// SPDX-License-Identifier: Apache-2.0
/* Deadline engine: table-driven clock cases, holidays and parsing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rs_deadline.h"
#include "rs_rules.h"

struct dl_case {
	const char *name;
	const char *rule;
	const char *discovered;
	const char *aware;
	const char *le;
	const char *sent_id;
	const char *sent_at;
	const char *want; /* due_str, "" = no fixed due date */
	int paused;
};

static const struct dl_case cases[] = {
	/* 164.408(c): 60 days after 31 December; 2028 is a leap year */
	{"hhs <500 december, leap year", "hipaa-hhs-annual",
	 "2027-12-10T15:00:00-08:00", NULL, NULL, NULL, NULL, "2028-02-29", 0},
	{"hhs <500 december, common year", "hipaa-hhs-annual", "2026-12-15",
	 NULL, NULL, NULL, NULL, "2027-03-01", 0},
	{"hhs <500 january counts to next year", "hipaa-hhs-annual",
	 "2027-01-02", NULL, NULL, NULL, NULL, "2028-02-29", 0},
	{"ftc <500 60th day of next year", "ftc-ftc-annual", "2026-06-01", NULL,
	 NULL, NULL, NULL, "2027-03-01", 0},
	/* EU summer time starts 2027-03-28 01:00 UTC: 72 h stay 72 h */
	{"gdpr 72 h across DST", "gdpr-sa", "2027-03-25T08:00:00+01:00",
	 "2027-03-26T10:00:00+01:00", NULL, NULL, NULL, "2027-03-29T09:00:00Z",
	 0},
	/* US DST starts 2027-03-14 */
	{"gdpr 72 h across US DST", "gdpr-sa", "2027-03-12T20:30:00-08:00",
	 NULL, NULL, NULL, NULL, "2027-03-16T04:30:00Z", 0},
	{"pakistan draft 72 h", "pk-commission", NULL, "2027-01-15T09:00:00Z",
	 NULL, NULL, NULL, "2027-01-18T09:00:00Z", 0},
	/* detected Wed 24 Mar 2027: two weekends and Cesar Chavez Day */
	{"1280.15 15 business days", "ca-cdph", "2027-03-24T11:00:00-07:00",
	 NULL, NULL, NULL, NULL, "2027-04-15", 0},
	{"1280.15 patient same clock", "ca-patient", "2027-03-24", NULL, NULL,
	 NULL, NULL, "2027-04-15", 0},
	/* written delay to Fri 30 Apr: 15 business days after it ends */
	{"1280.15 after written delay", "ca-cdph", "2027-03-24", NULL,
	 "written until 2027-04-30", NULL, NULL, "2027-05-21", 1},
	{"hipaa 60 calendar days", "hipaa-individuals", "2027-01-10", NULL,
	 NULL, NULL, NULL, "2027-03-11", 0},
	{"hipaa written delay", "hipaa-individuals", "2027-01-10", NULL,
	 "written until 2027-05-01", NULL, NULL, "2027-05-01", 1},
	{"hipaa written delay ending early", "hipaa-individuals", "2027-01-10",
	 NULL, "written until 2027-02-01", NULL, NULL, "2027-03-11", 0},
	/* oral statement on 1 Mar: at most 30 days, to 31 Mar */
	{"hipaa oral delay capped at 30 days", "hipaa-individuals",
	 "2027-01-10", NULL, "oral 2027-03-01", NULL, NULL, "2027-03-31", 1},
	{"hipaa media same clock", "hipaa-media", "2027-01-10", NULL, NULL,
	 NULL, NULL, "2027-03-11", 0},
	{"hhs >=500 with individuals' deadline", "hipaa-hhs", "2027-01-10",
	 NULL, NULL, NULL, NULL, "2027-03-11", 0},
	{"hhs >=500 at the same time as notice", "hipaa-hhs", "2027-01-10",
	 NULL, NULL, "hipaa-individuals", "2027-02-01", "2027-02-01", 0},
	{"ftc >=500 same time", "ftc-ftc", "2027-01-10", NULL, NULL,
	 "ftc-individuals", "2027-01-20", "2027-01-20", 0},
	{"ca residents 30 days", "ca-residents", "2027-01-10", NULL, NULL, NULL,
	 NULL, "2027-02-09", 0},
	/* the AG clock runs from the consumer notice date */
	{"ca ag from consumer notice date", "ca-ag", "2027-01-10", NULL, NULL,
	 "ca-residents", "2027-02-01", "2027-02-16", 0},
	{"ca ag from latest consumer date", "ca-ag", "2027-01-10", NULL, NULL,
	 NULL, NULL, "2027-02-24", 0},
	{"gdpr art 34 has no fixed limit", "gdpr-subjects", "2027-01-10", NULL,
	 NULL, NULL, NULL, "", 0},
	{"unknown discovery gives no date", "hipaa-individuals", NULL, NULL,
	 NULL, NULL, NULL, "", 0},
	/* 1798.82(c): no cap in the text, so no date (HIPAA's 30 not used) */
	{"ca residents oral delay has no cap", "ca-residents", "2027-01-10",
	 NULL, "oral 2027-01-20", NULL, NULL, "", 1},
	{"ca residents written delay has no date", "ca-residents", "2027-01-10",
	 NULL, "written until 2027-06-01", NULL, NULL, "", 1},
	/* a bare date starts an hour clock at its earliest instant, UTC+14 */
	{"gdpr 72 h from a bare date", "gdpr-sa", "2027-03-25", NULL, NULL,
	 NULL, NULL, "2027-03-27T10:00:00Z", 0},
	/* 1280.15: oral request, 30 days at most (CDPH) */
	{"1280.15 oral delay capped", "ca-cdph", "2027-03-24", NULL,
	 "oral 2027-03-25 until 2027-06-30", NULL, NULL, "2027-05-14", 1},
};

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct dl_case *c = &cases[i];
		const struct rs_dl_rule *rule = rs_dl_rule_find(c->rule);
		struct rs_dl_facts f = {0};
		struct rs_when sent = {0};
		const char *sent_id = c->sent_id;
		struct rs_dl_result r;
		struct cm_err err = {0};

		print_message("case: %s\n", c->name);
		assert_non_null(rule);
		assert_int_equal(rs_when_parse(c->discovered, &f.discovered),
				 0);
		assert_int_equal(rs_when_parse(c->aware, &f.aware), 0);
		assert_int_equal(rs_le_parse(c->le, &f.le), 0);
		if (sent_id) {
			assert_int_equal(rs_when_parse(c->sent_at, &sent), 0);
			f.sent_ids = &sent_id;
			f.sent = &sent;
			f.n_sent = 1;
		}
		assert_int_equal(rs_dl_compute(rule, &f, &r, &err), 0);
		assert_string_equal(r.due_str, c->want);
		assert_int_equal(r.has_due, c->want[0] != '\0');
		assert_int_equal(r.paused, c->paused);
		assert_true(r.note[0] != '\0');
	}
}

static long day(int y, int m, int d)
{
	return rs_days_from_civil(y, m, d);
}

static void test_holidays(void **state)
{
	(void)state;
	/* federal: Sunday -> Monday, Saturday -> Friday (even across years) */
	assert_non_null(rs_holiday(RS_HOL_US_FEDERAL, day(2022, 12, 26)));
	assert_non_null(rs_holiday(RS_HOL_US_FEDERAL, day(2021, 12, 31)));
	assert_non_null(rs_holiday(RS_HOL_US_FEDERAL, day(2026, 7, 3)));
	assert_null(rs_holiday(RS_HOL_US_FEDERAL, day(2026, 7, 6)));
	assert_string_equal(rs_holiday(RS_HOL_US_FEDERAL, day(2027, 6, 18)),
			    "Juneteenth National Independence Day");
	assert_null(rs_holiday(RS_HOL_US_FEDERAL, day(2019, 6, 19)));
	assert_non_null(rs_holiday(RS_HOL_US_FEDERAL, day(2027, 1, 18)));
	assert_non_null(rs_holiday(RS_HOL_US_FEDERAL, day(2027, 10, 11)));
	assert_non_null(rs_holiday(RS_HOL_US_FEDERAL, day(2027, 5, 31)));
	assert_non_null(rs_holiday(RS_HOL_US_FEDERAL, day(2027, 11, 25)));
	/* California: Cesar Chavez Day, day after Thanksgiving, no Columbus */
	assert_string_equal(rs_holiday(RS_HOL_US_CA, day(2027, 3, 31)),
			    "Cesar Chavez Day");
	assert_non_null(rs_holiday(RS_HOL_US_CA, day(2024, 4, 1)));
	assert_non_null(rs_holiday(RS_HOL_US_CA, day(2027, 11, 26)));
	assert_null(rs_holiday(RS_HOL_US_CA, day(2027, 10, 11)));
	/* a Saturday 4 July is not moved for state offices ... */
	assert_null(rs_holiday(RS_HOL_US_CA, day(2026, 7, 3)));
	/* ... but a Saturday Veterans Day is observed on the Friday */
	assert_non_null(rs_holiday(RS_HOL_US_CA, day(2023, 11, 10)));
	assert_false(rs_is_business_day(RS_HOL_US_CA, day(2027, 3, 27)));
	assert_true(rs_is_business_day(RS_HOL_US_CA, day(2027, 3, 30)));
	/* the same count without the holiday lands a day earlier */
	assert_int_equal(
		rs_add_business_days(RS_HOL_NONE, day(2027, 3, 24), 15),
		day(2027, 4, 14));
}

static void test_dates(void **state)
{
	int y, m, d;
	char buf[32];

	(void)state;
	assert_int_equal(rs_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(rs_weekday(0), 4);
	rs_civil_from_days(day(2028, 2, 29) + 1, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20280301);
	rs_instant_str(1800000000, buf);
	assert_string_equal(buf, "2027-01-15T08:00:00Z");
	rs_day_str(day(2027, 1, 5), buf);
	assert_string_equal(buf, "2027-01-05");
}

static void test_parse(void **state)
{
	struct rs_when w;
	struct rs_le_delay le;

	(void)state;
	assert_int_equal(rs_when_parse("2027-01-15T09:00:00.25-05:30", &w), 0);
	assert_true(w.known);
	assert_int_equal(w.t, 1800000000 + 3600 + 5 * 3600 + 1800);
	assert_int_equal(w.day, day(2027, 1, 15));
	assert_int_equal(rs_when_parse("2027-02-29", &w), -EINVAL);
	assert_int_equal(rs_when_parse("2027-01-15T25:00:00Z", &w), -EINVAL);
	assert_int_equal(rs_when_parse("2027-01-15T09:00:00", &w), -EINVAL);
	assert_int_equal(rs_when_parse("2027-1-15", &w), -EINVAL);
	assert_int_equal(rs_when_parse("", &w), 0);
	assert_false(w.known);
	assert_int_equal(rs_le_parse("none", &le), 0);
	assert_int_equal(le.kind, RS_LE_NONE);
	assert_int_equal(rs_le_parse("Written until 2027-05-01", &le), 0);
	assert_int_equal(le.kind, RS_LE_WRITTEN);
	assert_int_equal(le.day, day(2027, 5, 1));
	assert_int_equal(rs_le_parse("oral 2027-03-01T10:00:00Z", &le), 0);
	assert_int_equal(le.kind, RS_LE_ORAL);
	assert_int_equal(rs_le_parse("written 2027-05-01", &le), -EINVAL);
	assert_int_equal(
		rs_le_parse("written 2027-03-25 until 2027-05-01", &le), 0);
	assert_true(le.has_req);
	assert_int_equal(le.req_day, day(2027, 3, 25));
	assert_int_equal(le.day, day(2027, 5, 1));
	assert_int_equal(rs_le_parse("oral 2027-03-01 until 2027-03-10", &le),
			 0);
	assert_true(le.has_until);
	assert_int_equal(le.until_day, day(2027, 3, 10));
	/* the request cannot follow the end, nor an end the statement */
	assert_int_equal(
		rs_le_parse("written 2027-06-01 until 2027-05-01", &le),
		-EINVAL);
	assert_int_equal(rs_le_parse("oral 2027-03-10 until 2027-03-01", &le),
			 -EINVAL);
	assert_int_equal(rs_le_parse("maybe", &le), -EINVAL);
}

static void test_rules_wellformed(void **state)
{
	size_t n;
	const struct rs_dl_rule *r = rs_dl_rules(&n);

	(void)state;
	assert_true(n >= 18);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(r[i].citation);
		assert_non_null(r[i].standard);
		if (r[i].ref)
			assert_non_null(rs_dl_rule_find(r[i].ref));
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(r[i].id, r[j].id);
	}
	assert_true(rs_dl_rule_find("pk-commission")->draft_law);
}

/*
 * A CFR section is read where its source says: when `where` names CFR
 * sections, they hold the one cited (45 CFR 164.404(a)(1) is not in
 * "164.408-164.410").
 */
static void cfr_where_ok(const char *id, const char *what,
			 const struct rs_source *s)
{
	const char *c = strstr(s->citation, "CFR ");
	const char *w = strstr(s->where, "CFR ");
	double sec, lo, hi;
	char *end;

	/* a summary naming no section claims none */
	if (!c || !w)
		return;
	sec = strtod(c + 4, NULL);
	lo = hi = strtod(w + 4, &end);
	if (*end == '-')
		hi = strtod(end + 1, NULL);
	if (sec < lo - 1e-9 || sec > hi + 1e-9)
		fail_msg("%s: %s cites %s, but its source is %s", id, what,
			 s->citation, s->where);
}

static void source_ok(const char *id, const char *what,
		      const struct rs_source *s)
{
	print_message("%s %s: %s [%s] %s\n", id, what, s->citation,
		      rs_conf_name(s->conf), s->where);
	if (!s->citation || !*s->citation || !s->text || strlen(s->text) < 10 ||
	    !s->where || !*s->where)
		fail_msg("%s: %s source incomplete", id, what);
	assert_true(s->conf == RS_CONF_VERIFIED ||
		    s->conf == RS_CONF_SECONDARY ||
		    s->conf == RS_CONF_UNVERIFIED);
	/* verified means read somewhere named */
	if (s->conf == RS_CONF_VERIFIED && !strcmp(s->where, "not read"))
		fail_msg("%s: %s verified but not read", id, what);
	cfr_where_ok(id, what, s);
}

/* every rule names its sources with a confidence (issue 12) */
static void test_rules_sourced(void **state)
{
	size_t n;
	const struct rs_dl_rule *r = rs_dl_rules(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		source_ok(r[i].id, "clock", &r[i].clock);
		source_ok(r[i].id, "applicability", &r[i].app);
		if (r[i].pause != RS_PAUSE_NONE)
			source_ok(r[i].id, "delay", &r[i].pause_src);
		/* a bill is never more than unverified law */
		if (r[i].draft_law)
			assert_int_equal(rs_rule_conf(&r[i]),
					 RS_CONF_UNVERIFIED);
		/* anything below verified says what is open */
		if (r[i].clock.conf != RS_CONF_VERIFIED && !r[i].verify &&
		    r[i].unit != RS_DL_SAME_AS)
			print_message("%s: clock below verified\n", r[i].id);
		assert_int_equal(rs_rule_conf(&r[i]),
				 r[i].clock.conf > r[i].app.conf
					 ? r[i].clock.conf
					 : r[i].app.conf);
	}
	assert_string_equal(rs_conf_name(RS_CONF_SECONDARY), "secondary");
	/* the FTC media threshold stays marked until read in the rule text */
	assert_int_equal(rs_dl_rule_find("ftc-media")->app.conf,
			 RS_CONF_SECONDARY);
	assert_int_equal(rs_dl_rule_find("ca-residents")->pause,
			 RS_PAUSE_CLEARS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_holidays),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_rules_wellformed),
		cmocka_unit_test(test_rules_sourced),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
