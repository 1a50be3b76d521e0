// SPDX-License-Identifier: Apache-2.0
/*
 * SCSI command encoders and sense decoding (spec/scsi.c): every bit
 * against SPC-5, SBC-4 and SAT-3.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_drive.h"
#include "spec/scsi.h"

static void assert_cdb(const struct wp_sg_cmd *c, const uint8_t *want, size_t n)
{
	assert_int_equal(c->cdb_len, n);
	assert_memory_equal(c->cdb, want, n);
}

static void test_build_scsi(void **state)
{
	struct wp_sg_cmd c;
	uint8_t param[8], buf[64];

	(void)state;
	static const uint8_t crypto[] = {0x48, 0x83, 0, 0, 0, 0, 0, 0, 0, 0};
	wp_scsi_build_sanitize(&c, WP_SCSI_SAN_CRYPTO, param, 0);
	assert_cdb(&c, crypto, 10); /* IMMED + service action 03h */
	static const uint8_t ow[] = {0x48, 0x81, 0, 0, 0, 0, 0, 0, 8, 0};
	wp_scsi_build_sanitize(&c, WP_SCSI_SAN_OVERWRITE, param, 0x11223344);
	assert_cdb(&c, ow, 10);
	static const uint8_t owp[] = {0x01, 0, 0, 4, 0x11, 0x22, 0x33, 0x44};
	assert_memory_equal(param, owp, 8);
	static const uint8_t rsoc[] = {0xA3, 0x0C, 0x02, 0x48, 0x00, 0x02,
				       0,    0,	   0,	 64,   0,    0};
	wp_scsi_build_rsoc(&c, 0x48, 0x02, buf, sizeof(buf));
	assert_cdb(&c, rsoc, 12);
}

static void test_parse_sense(void **state)
{
	struct wp_sense s;
	uint8_t sense[32];
	uint8_t n;

	(void)state;
	n = fake_ata_sense(sense, 0x50, 0x00, 0x4000, 0x123456789ABCull);
	assert_int_equal(wp_sense_parse(sense, n, &s), 0);
	assert_true(s.ata.valid);
	assert_int_equal(s.ata.status, 0x50);
	assert_int_equal(s.ata.count, 0x4000);
	assert_int_equal(s.ata.lba, 0x123456789ABCull);
	/* fixed format, NOT READY, sanitize in progress, 50% */
	static const uint8_t fixed[18] = {0x70, 0,    0x02, 0,	  0,	0,
					  0,	10,   0,    0,	  0,	0,
					  0x04, 0x1B, 0,    0x80, 0x80, 0x00};
	assert_int_equal(wp_sense_parse(fixed, 18, &s), 0);
	assert_true(wp_sense_is_sanitize_in_progress(&s));
	assert_true(s.progress_valid);
	assert_int_equal(s.progress, 0x8000);
	assert_int_equal(wp_sense_parse(fixed, 1, &s), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_scsi),
		cmocka_unit_test(test_parse_sense),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
