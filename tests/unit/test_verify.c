// SPDX-License-Identifier: Apache-2.0
/* Unit tests of the read-back verifier. */
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

static void verify_random(struct fake_drive *f, struct wp_keystream *ks,
			  unsigned pass, enum wp_verify_mode mode, int want,
			  struct wp_verify_result *r)
{
	struct wp_pattern p;
	struct wp_verify_opts vo = {.mode = mode,
				    .pct = 5,
				    .seed = 1,
				    .pattern = &p,
				    .ks = ks,
				    .pass = pass};

	wp_pattern_parse("random", &p, NULL);
	assert_int_equal(wp_verify_run(&f->dev, &vo, r, NULL), want);
}

static void test_random_passes_verify_and_detect(void **state)
{
	uint64_t size = 12 * MiB;
	struct fake_drive *f = fake_drive_new(size, 4096, 0x55);
	struct wp_keystream ks;
	struct wp_overwrite_opts o = {.passes = 3, .ks = &ks};
	struct wp_overwrite_state st;
	struct wp_verify_result r;
	uint8_t expect[4096];

	(void)state;
	wp_keystream_init(&ks, key, NULL);
	wp_pattern_parse("random", &o.pattern, NULL);
	assert_int_equal(wp_overwrite_run(&f->dev, &o, &st, NULL), 0);
	assert_int_equal(st.bytes_written, 3 * size);
	/* the device holds the last pass's stream */
	wp_keystream_fill(&ks, 2, 8 * MiB, expect, sizeof(expect), NULL);
	assert_memory_equal(f->mem + 8 * MiB, expect, sizeof(expect));
	verify_random(f, &ks, 2, WP_VERIFY_FULL, 0, &r);
	assert_int_equal(r.bytes_checked, size);
	assert_true(f->drops >= 1); /* cache dropped before reading */
	json_decref(r.mismatches);
	/* an earlier pass's stream is not what is there */
	verify_random(f, &ks, 1, WP_VERIFY_FULL, 1, &r);
	json_decref(r.mismatches);
	/* one flipped byte is found by full verification, exactly */
	f->flip = 1;
	f->flip_off = 7 * MiB + 12345;
	verify_random(f, &ks, 2, WP_VERIFY_FULL, 1, &r);
	assert_int_equal(r.mismatched_bytes, 1);
	assert_int_equal(r.first_mismatch, 7 * MiB + 12345);
	json_decref(r.mismatches);
	/* and by sampling when it lies in the last MiB */
	f->flip_off = size - 100;
	verify_random(f, &ks, 2, WP_VERIFY_SAMPLE, 1, &r);
	assert_true(r.bytes_checked < size);
	json_decref(r.mismatches);
	json_decref(st.bad_ranges);
	wp_keystream_release(&ks);
	fake_drive_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_passes_verify_and_detect),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
