// SPDX-License-Identifier: Apache-2.0
/* Unit tests of the verification sample plan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "wp_sample.h"

#define MiB (1024ULL * 1024)

static void test_covers_edges_sorted_aligned(void **state)
{
	struct wp_sample_plan p;
	uint64_t off, prev_end = 0, total = 0, size = 1024 * MiB + 3 * 512;
	uint32_t len;
	int n = 0;

	(void)state;
	wp_sample_plan_init(&p, size, 512, 5.0, 42);
	while (!wp_sample_plan_next(&p, &off, &len)) {
		if (n == 0)
			assert_int_equal(off, 0);
		assert_true(off >= prev_end); /* ascending, no overlap */
		assert_int_equal(off % 512, 0);
		prev_end = off + len;
		total += len;
		n++;
	}
	assert_int_equal(prev_end, size); /* the last range ends the device */
	assert_int_equal(total, p.bytes);
	/* about 5 % of the device */
	assert_true(total >= size / 20 && total <= size / 20 + 2 * MiB + 65536);
}

static void test_seed_determines_offsets(void **state)
{
	struct wp_sample_plan a, b, c;
	uint64_t oa, ob, oc;
	uint32_t la, lb, lc;
	int differ = 0;

	(void)state;
	wp_sample_plan_init(&a, 4096 * MiB, 4096, 1.0, 7);
	wp_sample_plan_init(&b, 4096 * MiB, 4096, 1.0, 7);
	wp_sample_plan_init(&c, 4096 * MiB, 4096, 1.0, 8);
	while (!wp_sample_plan_next(&a, &oa, &la)) {
		assert_int_equal(wp_sample_plan_next(&b, &ob, &lb), 0);
		assert_int_equal(wp_sample_plan_next(&c, &oc, &lc), 0);
		assert_int_equal(oa, ob);
		assert_int_equal(oa % 4096, 0);
		differ += oa != oc;
	}
	assert_true(differ > 100);
}

static void test_small_device_read_whole(void **state)
{
	struct wp_sample_plan p;
	uint64_t off, total = 0;
	uint32_t len;

	(void)state;
	wp_sample_plan_init(&p, 3 * 512 * 1000, 512, 1.0, 1);
	while (!wp_sample_plan_next(&p, &off, &len)) {
		assert_int_equal(off, total);
		total += len;
	}
	assert_int_equal(total, 3 * 512 * 1000);
}

static void test_hundred_percent_caps(void **state)
{
	struct wp_sample_plan p;
	uint64_t off, end = 0;
	uint32_t len;

	(void)state;
	wp_sample_plan_init(&p, 64 * MiB, 512, 100.0, 3);
	while (!wp_sample_plan_next(&p, &off, &len)) {
		assert_true(off >= end);
		end = off + len;
	}
	assert_int_equal(end, 64 * MiB);
	assert_true(p.bytes <= 64 * MiB);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_covers_edges_sorted_aligned),
		cmocka_unit_test(test_seed_determines_offsets),
		cmocka_unit_test(test_small_device_read_whole),
		cmocka_unit_test(test_hundred_percent_caps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
