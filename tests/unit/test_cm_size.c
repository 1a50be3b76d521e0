// SPDX-License-Identifier: Apache-2.0
/* Unit tests of the size formatter (common/cm_size.c): units, rounding. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cm_size.h"

#define KIB (UINT64_C(1) << 10)
#define MIB (UINT64_C(1) << 20)
#define GIB (UINT64_C(1) << 30)
#define EIB (UINT64_C(1) << 60)

static void is(uint64_t bytes, const char *want)
{
	char buf[32];

	assert_int_equal(cm_size_human(bytes, buf, sizeof(buf)), 0);
	assert_string_equal(buf, want);
}

static void test_bytes(void **state)
{
	(void)state;
	is(0, "0 B");
	is(1, "1 B");
	is(1023, "1023 B");
}

static void test_units(void **state)
{
	(void)state;
	is(1024, "1.0 KiB");
	is(1536, "1.5 KiB");
	is(64 * MIB, "64.0 MiB");
	is(256 * GIB, "256.0 GiB");
	is(UINT64_C(1) << 40, "1.0 TiB");
	is(UINT64_C(1) << 50, "1.0 PiB");
	is(EIB, "1.0 EiB");
	/* a "500 GB" disk */
	is(UINT64_C(500107862016), "465.8 GiB");
}

static void test_rounding(void **state)
{
	(void)state;
	/* 1.95 KiB is 1996.8 bytes: 1996 rounds down, 1997 carries */
	is(1996, "1.9 KiB");
	is(1997, "2.0 KiB");
	/* exact ties (1.25, 1.75 KiB) round half up */
	is(1280, "1.3 KiB");
	is(1792, "1.8 KiB");
	is(1331, "1.3 KiB");
	is(1177, "1.1 KiB");
	/* 1.05 MiB is 1101004.8 bytes: the bytes below a KiB count too */
	is(1101004, "1.0 MiB");
	is(1101005, "1.1 MiB");
	/* rounding carries into the whole part, the unit stays */
	is(2 * MIB - 1, "2.0 MiB");
	is(MIB - 1, "1024.0 KiB");
	is(10 * GIB - 1, "10.0 GiB");
}

static void test_near_2_64(void **state)
{
	(void)state;
	is(UINT64_MAX, "16.0 EiB");
	is(UINT64_MAX - EIB / 20, "15.9 EiB");
	is(UINT64_MAX - EIB / 20 + 2, "16.0 EiB");
	is(15 * EIB, "15.0 EiB");
	is(EIB - 1, "1024.0 PiB");
}

static void test_short_buffer(void **state)
{
	char buf[8];

	(void)state;
	/* cut, terminated, never overrun, and said so */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(cm_size_human(1536, buf, 4), -ENOBUFS);
	assert_string_equal(buf, "1.5");
	assert_int_equal(buf[4], 'x');
	assert_int_equal(cm_size_human(1536, buf, 8), 0);
	assert_string_equal(buf, "1.5 KiB");
	assert_int_equal(cm_size_human(1536, buf, 7), -ENOBUFS);
	assert_string_equal(buf, "1.5 Ki");
	assert_int_equal(cm_size_human(0, buf, 3), -ENOBUFS);
	assert_string_equal(buf, "0 ");
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(cm_size_human(1536, buf, 1), -ENOBUFS);
	assert_string_equal(buf, "");
	assert_int_equal(cm_size_human(1536, buf, 0), -ENOBUFS);
	assert_int_equal(cm_size_human(1536, NULL, 0), -ENOBUFS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_rounding),
		cmocka_unit_test(test_near_2_64),
		cmocka_unit_test(test_short_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
