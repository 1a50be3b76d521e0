// SPDX-License-Identifier: Apache-2.0
/* Unit tests of cm_time: the clock, RFC 3339 formatting and parsing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "cm_time.h"

static void test_roundtrip(void **state)
{
	char buf[CM_RFC3339_LEN];
	time_t t;

	(void)state;
	assert_int_equal(cm_time_parse("2027-01-15T09:00:00Z", &t), 0);
	assert_int_equal(t, 1800003600);
	cm_time_rfc3339(t, buf);
	assert_string_equal(buf, "2027-01-15T09:00:00Z");
	cm_time_date(t, buf);
	assert_string_equal(buf, "2027-01-15");
}

static void test_offsets_and_dates(void **state)
{
	time_t a, b;

	(void)state;
	assert_int_equal(cm_time_parse("2027-01-15T11:00:00+02:00", &a), 0);
	assert_int_equal(cm_time_parse("2027-01-15T09:00:00.250Z", &b), 0);
	assert_int_equal(a, b);
	assert_int_equal(cm_time_parse("2024-02-29", &a), 0);
	assert_int_equal(a % 86400, 0);
}

static void test_rejects(void **state)
{
	time_t t;

	(void)state;
	assert_int_not_equal(cm_time_parse("2027-02-30", &t), 0);
	assert_int_not_equal(cm_time_parse("2023-02-29", &t), 0);
	assert_int_not_equal(cm_time_parse("2027-01-15T09:00:00", &t), 0);
	assert_int_not_equal(cm_time_parse("2027-13-01", &t), 0);
	assert_int_not_equal(cm_time_parse("yesterday", &t), 0);
	assert_int_not_equal(cm_time_parse("2027-01-15T09:00:00Zjunk", &t), 0);
}

static void test_parse_date(void **state)
{
	struct cm_time_fields f;
	const char *end;

	(void)state;
	assert_int_equal(cm_time_parse_date("2024-02-29 rest", &f, &end), 0);
	assert_int_equal(f.year, 2024);
	assert_int_equal(f.month, 2);
	assert_int_equal(f.day, 29);
	assert_true(f.date_only);
	assert_int_equal(f.hour + f.min + f.sec + f.offset, 0);
	assert_string_equal(end, " rest");
	assert_int_equal(cm_time_parse_date("2000-02-29", &f, NULL), 0);
	/* 1900 and 2100 are not leap years; 31 Feb and 31 Apr never exist */
	assert_int_equal(cm_time_parse_date("1900-02-29", &f, NULL), -EINVAL);
	assert_int_equal(cm_time_parse_date("2100-02-29", &f, NULL), -EINVAL);
	assert_int_equal(cm_time_parse_date("2027-02-31", &f, NULL), -EINVAL);
	assert_int_equal(cm_time_parse_date("2027-04-31", &f, NULL), -EINVAL);
	assert_int_equal(cm_time_parse_date("2027-00-10", &f, NULL), -EINVAL);
	assert_int_equal(cm_time_parse_date("2027-01-00", &f, NULL), -EINVAL);
	assert_int_equal(cm_time_parse_date("2027-1-15", &f, NULL), -EINVAL);
	assert_int_equal(cm_time_parse_date("2027", &f, NULL), -EINVAL);
	assert_int_equal(cm_time_parse_date("", &f, NULL), -EINVAL);
}

static void test_parse_fields(void **state)
{
	struct cm_time_fields f;
	time_t t;

	(void)state;
	/* the date and time as written, the instant in UTC */
	assert_int_equal(
		cm_time_parse_ex("2027-01-15T23:30:00-05:30", 0, &t, &f), 0);
	assert_int_equal(t,
			 1800003600 + 14 * 3600 + 30 * 60 + 5 * 3600 + 30 * 60);
	assert_int_equal(f.day, 15);
	assert_int_equal(f.hour, 23);
	assert_int_equal(f.min, 30);
	assert_int_equal(f.offset, -(5 * 3600 + 30 * 60));
	assert_false(f.date_only);
	assert_int_equal(
		cm_time_parse_ex("2027-01-16T01:00:00+01:00", 0, &t, &f), 0);
	assert_int_equal(t, 1800003600 + 15 * 3600);
	assert_int_equal(f.day, 16);
	assert_int_equal(f.offset, 3600);
	/* a bare date: midnight UTC, reported as such */
	assert_int_equal(cm_time_parse_ex("2028-02-29", 0, &t, &f), 0);
	assert_true(f.date_only);
	assert_int_equal(t % 86400, 0);
	assert_int_equal(cm_time_parse_ex("2027-02-31", 0, &t, &f), -EINVAL);
	/* fields may be left out; offsets out of range are refused */
	assert_int_equal(cm_time_parse_ex("2027-01-15t09:00:00z", 0, &t, NULL),
			 0);
	assert_int_equal(t, 1800003600);
	assert_int_equal(
		cm_time_parse_ex("2027-01-15T09:00:00+24:00", 0, &t, NULL),
		-EINVAL);
	assert_int_equal(
		cm_time_parse_ex("2027-01-15T09:00:00+02:60", 0, &t, NULL),
		-EINVAL);
	assert_int_equal(
		cm_time_parse_ex("2027-01-15T09:00:00+0200", 0, &t, NULL),
		-EINVAL);
	assert_int_equal(cm_time_parse_ex("2027-01-15T09:00:00.Z", 0, &t, NULL),
			 -EINVAL);
}

static void test_parse_seconds_optional(void **state)
{
	struct cm_time_fields f;
	time_t t;

	(void)state;
	assert_int_equal(cm_time_parse("2027-01-15T09:00Z", &t), -EINVAL);
	assert_int_equal(cm_time_parse_ex("2027-01-15T09:00Z",
					  CM_TIME_SECONDS_OPTIONAL, &t, &f),
			 0);
	assert_int_equal(t, 1800003600);
	assert_int_equal(f.sec, 0);
	/* a fraction needs the seconds it belongs to */
	assert_int_equal(cm_time_parse_ex("2027-01-15T09:00.5Z",
					  CM_TIME_SECONDS_OPTIONAL, &t, &f),
			 -EINVAL);
	assert_int_equal(cm_time_parse_ex("2027-01-15T09Z",
					  CM_TIME_SECONDS_OPTIONAL, &t, &f),
			 -EINVAL);
}

static void test_leap_second(void **state)
{
	time_t a, b;

	(void)state;
	/* 23:59:60 is the instant of the next day's 00:00:00 */
	assert_int_equal(cm_time_parse("2016-12-31T23:59:60Z", &a), 0);
	assert_int_equal(cm_time_parse("2017-01-01T00:00:00Z", &b), 0);
	assert_int_equal(a, b);
	assert_int_equal(cm_time_parse("2027-01-15T09:00:61Z", &a), -EINVAL);
	/* a leap second does not make a day that does not exist valid */
	assert_int_equal(cm_time_parse("2027-02-31T23:59:60Z", &a), -EINVAL);
}

static time_t fixed(void)
{
	return 42;
}

static void test_injected_clock(void **state)
{
	(void)state;
	cm_time_set_source(fixed);
	assert_int_equal(cm_time_now(), 42);
	cm_time_set_source(NULL);
	setenv("SANITAS_FAKE_NOW", "1000", 1);
#ifdef SANITAS_TEST_HOOKS
	assert_int_equal(cm_time_now(), 1000);
#else
	/* a shipped build has no environment override of the clock */
	assert_true(cm_time_now() > 1700000000);
#endif
	unsetenv("SANITAS_FAKE_NOW");
	assert_true(cm_time_now() > 1700000000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_offsets_and_dates),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_parse_fields),
		cmocka_unit_test(test_parse_seconds_optional),
		cmocka_unit_test(test_leap_second),
		cmocka_unit_test(test_injected_clock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
