// SPDX-License-Identifier: Apache-2.0
/* Unit tests of the overwrite engine and the verifier. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "fake_drive.h"
#include "wp_engine.h"

#define MiB (1024u * 1024)

static const uint8_t key[WP_KEY_LEN] = {1, 2,  3,  4,  5,  6,  7,  8,
					9, 10, 11, 12, 13, 14, 15, 16};

static void test_pattern_parse(void **state)
{
	struct wp_pattern p;
	struct cm_err err;
	char name[80];

	(void)state;
	assert_int_equal(wp_pattern_parse("pattern:a55A01", &p, &err), 0);
	assert_int_equal(p.kind, WP_PAT_BYTES);
	assert_int_equal(p.nbytes, 3);
	assert_int_equal(p.bytes[1], 0x5a);
	wp_pattern_name(&p, name, sizeof(name));
	assert_string_equal(name, "pattern:a55a01");
	assert_int_equal(wp_pattern_parse("pattern:a5g", &p, &err), -EINVAL);
	assert_int_equal(wp_pattern_parse("pattern:", &p, &err), -EINVAL);
	assert_int_equal(wp_pattern_parse("pattern:abc", &p, &err), -EINVAL);
	assert_int_equal(wp_pattern_parse("zeros", &p, &err), -EINVAL);
	assert_int_equal(err.kind, CM_ERR_USAGE);
}

static void test_pattern_phase(void **state)
{
	struct wp_pattern p;
	uint8_t buf[1000];

	(void)state;
	assert_int_equal(wp_pattern_parse("pattern:010203", &p, NULL), 0);
	/* byte at device offset o is bytes[o % 3] wherever the fill starts */
	assert_int_equal(
		wp_pattern_fill(&p, NULL, 0, 7, buf, sizeof(buf), NULL), 0);
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 1 + (7 + i) % 3);
}

/* keystream block i must be AES-128-ECB(key, pass || i): checked with an
 * independent construction */
static void test_keystream_is_aes_ctr_and_seekable(void **state)
{
	struct wp_keystream ks;
	uint8_t whole[8192], part[4096], ctr[16], blk[16];
	EVP_CIPHER_CTX *e = EVP_CIPHER_CTX_new();
	int outl;

	(void)state;
	assert_int_equal(wp_keystream_init(&ks, key, NULL), 0);
	assert_int_equal(
		wp_keystream_fill(&ks, 2, 65536, whole, sizeof(whole), NULL),
		0);
	assert_int_equal(wp_keystream_fill(&ks, 2, 65536 + 4096, part,
					   sizeof(part), NULL),
			 0);
	assert_memory_equal(whole + 4096, part, sizeof(part));
	memset(ctr, 0, sizeof(ctr));
	ctr[7] = 2;			   /* pass */
	ctr[15] = (65536 / 16 + 5) & 0xff; /* block counter */
	ctr[14] = (65536 / 16 + 5) >> 8;
	EVP_EncryptInit_ex(e, EVP_aes_128_ecb(), NULL, key, NULL);
	EVP_CIPHER_CTX_set_padding(e, 0);
	EVP_EncryptUpdate(e, blk, &outl, ctr, 16);
	assert_memory_equal(whole + 5 * 16, blk, 16);
	/* another pass is another stream */
	assert_int_equal(wp_keystream_fill(&ks, 3, 65536 + 4096, part,
					   sizeof(part), NULL),
			 0);
	assert_memory_not_equal(whole + 4096, part, sizeof(part));
	assert_int_equal(wp_keystream_fill(&ks, 0, 7, part, 16, NULL), -EINVAL);
	EVP_CIPHER_CTX_free(e);
	wp_keystream_release(&ks);
	for (size_t i = 0; i < sizeof(ks.key); i++)
		assert_int_equal(ks.key[i], 0);
}

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
	verify_random(f, &ks, 0, WP_VERIFY_FULL, 0, &r);
	json_decref(r.mismatches);
	json_decref(st.bad_ranges);
	wp_keystream_release(&ks);
	fake_drive_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pattern_parse),
		cmocka_unit_test(test_pattern_phase),
		cmocka_unit_test(test_keystream_is_aes_ctr_and_seekable),
		cmocka_unit_test(test_zero_overwrite_with_odd_tail),
		cmocka_unit_test(test_random_passes_verify_and_detect),
		cmocka_unit_test(test_write_errors_recorded_as_lba_ranges),
		cmocka_unit_test(test_dead_device_aborts),
		cmocka_unit_test(test_interrupt_then_resume),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
