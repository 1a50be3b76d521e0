// SPDX-License-Identifier: Apache-2.0
/* Unit tests of the overwrite engine. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fake_drive.h"
#include "wp_overwrite.h"
#include "wp_verify.h"

#define MiB (1024u * 1024)

static const uint8_t key[WP_KEY_LEN] = {1, 2,  3,  4,  5,  6,  7,  8,
					9, 10, 11, 12, 13, 14, 15, 16};

static bool all(const uint8_t *b, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++)
		if (b[i] != v)
			return false;
	return true;
}

static void test_zero_overwrite_with_odd_tail(void **state)
{
	uint64_t size = 9 * MiB + 3 * 512;
	struct fake_drive *f = fake_drive_new(size, 512, 0xaa);
	struct wp_overwrite_opts o = {.passes = 1};
	struct wp_overwrite_state st;

	(void)state;
	wp_pattern_parse("zero", &o.pattern, NULL);
	assert_int_equal(wp_overwrite_run(&f->dev, &o, &st, NULL), 0);
	assert_true(all(f->mem, size, 0));
	assert_int_equal(st.bytes_written, size);
	assert_false(st.interrupted);
	assert_int_equal(json_array_size(st.bad_ranges), 0);
	assert_true(f->flushes >= 1);
	assert_true(f->max_write <= WP_CHUNK); /* constant-size I/O */
	json_decref(st.bad_ranges);
	fake_drive_free(f);
}

static void test_write_errors_recorded_as_lba_ranges(void **state)
{
	uint64_t size = 8 * MiB;
	struct fake_drive *f = fake_drive_new(size, 512, 0xaa);
	struct wp_overwrite_opts o = {.passes = 1, .retries = 2};
	struct wp_overwrite_state st;
	json_t *r;

	(void)state;
	f->dev.physical_block = 4096;
	f->bad_off = 5 * MiB + 8192;
	f->bad_len = 3 * 4096;
	wp_pattern_parse("one", &o.pattern, NULL);
	assert_int_equal(wp_overwrite_run(&f->dev, &o, &st, NULL), 0);
	assert_int_equal(json_array_size(st.bad_ranges), 1);
	r = json_array_get(st.bad_ranges, 0);
	assert_int_equal(json_integer_value(json_object_get(r, "first_lba")),
			 (5 * MiB + 8192) / 512);
	assert_int_equal(json_integer_value(json_object_get(r, "last_lba")),
			 (5 * MiB + 8192 + 3 * 4096) / 512 - 1);
	assert_int_equal(st.bytes_written, size - 3 * 4096);
	/* everything else was written */
	assert_true(all(f->mem, 5 * MiB + 8192, 0xff));
	assert_true(all(f->mem + 5 * MiB + 8192 + 3 * 4096,
			size - (5 * MiB + 8192 + 3 * 4096), 0xff));
	json_decref(st.bad_ranges);
	fake_drive_free(f);
}

static void test_dead_device_aborts(void **state)
{
	uint64_t size = 64 * MiB;
	struct fake_drive *f = fake_drive_new(size, 512, 0);
	struct wp_overwrite_opts o = {.passes = 1, .retries = 1};
	struct wp_overwrite_state st;
	struct cm_err err;

	(void)state;
	f->dev.physical_block = 1024 * 1024; /* keep the test quick */
	f->bad_off = 4 * MiB;
	f->bad_len = 60 * MiB;
	wp_pattern_parse("zero", &o.pattern, NULL);
	assert_int_equal(wp_overwrite_run(&f->dev, &o, &st, &err), -EIO);
	assert_true(st.aborted);
	assert_true(json_array_size(st.bad_ranges) >= 1);
	json_decref(st.bad_ranges);
	fake_drive_free(f);
}

static volatile sig_atomic_t stop;

static void stop_after_3(void *ctx, const char *phase, uint64_t done,
			 uint64_t total)
{
	(void)ctx;
	(void)phase;
	(void)total;
	if (done >= 3 * WP_CHUNK)
		stop = 1;
}

static void test_interrupt_then_resume(void **state)
{
	uint64_t size = 10 * WP_CHUNK + 4096;
	struct fake_drive *f = fake_drive_new(size, 4096, 0x11);
	struct wp_keystream ks;
	struct wp_overwrite_opts o = {.passes = 1,
				      .ks = &ks,
				      .stop = &stop,
				      .progress = stop_after_3};
	struct wp_overwrite_state st;
	struct wp_verify_result r;
	struct wp_pattern p;
	struct wp_verify_opts vo = {
		.mode = WP_VERIFY_FULL, .pattern = &p, .ks = &ks, .pass = 0};
	uint64_t first;

	(void)state;
	wp_keystream_init(&ks, key, NULL);
	wp_pattern_parse("random", &o.pattern, NULL);
	stop = 0;
	assert_int_equal(wp_overwrite_run(&f->dev, &o, &st, NULL), 0);
	assert_true(st.interrupted);
	assert_int_equal(st.pass, 0);
	assert_int_equal(st.offset, 3 * WP_CHUNK); /* a chunk boundary */
	first = st.bytes_written;
	assert_int_equal(first, 3 * WP_CHUNK);
	/* untouched beyond the stop point */
	assert_true(all(f->mem + st.offset, size - st.offset, 0x11));
	json_decref(st.bad_ranges);
	stop = 0;
	o.progress = NULL;
	o.start_pass = 0;
	o.start_off = 3 * WP_CHUNK;
	assert_int_equal(wp_overwrite_run(&f->dev, &o, &st, NULL), 0);
	assert_false(st.interrupted);
	assert_int_equal(first + st.bytes_written, size);
	wp_pattern_parse("random", &p, NULL);
	assert_int_equal(wp_verify_run(&f->dev, &vo, &r, NULL), 0);
	json_decref(r.mismatches);
	json_decref(st.bad_ranges);
	wp_keystream_release(&ks);
	fake_drive_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zero_overwrite_with_odd_tail),
		cmocka_unit_test(test_write_errors_recorded_as_lba_ranges),
		cmocka_unit_test(test_dead_device_aborts),
		cmocka_unit_test(test_interrupt_then_resume),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
