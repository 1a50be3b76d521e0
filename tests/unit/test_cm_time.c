// SPDX-License-Identifier: Apache-2.0
/* Unit tests of cm_time: the clock, RFC 3339 formatting and parsing. */
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
		cmocka_unit_test(test_injected_clock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
