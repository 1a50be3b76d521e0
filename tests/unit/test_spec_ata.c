// SPDX-License-Identifier: Apache-2.0
/*
 * ATA command encoders and IDENTIFY DEVICE decoding (spec/ata.c): every
 * bit against ACS-3 and SAT-3.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_drive.h"
#include "spec/ata.h"

static void assert_cdb(const struct wp_sg_cmd *c, const uint8_t *want, size_t n)
{
	assert_int_equal(c->cdb_len, n);
	assert_memory_equal(c->cdb, want, n);
}

static void test_build_ata(void **state)
{
	struct wp_sg_cmd c;
	uint8_t buf[512], pwd[32];

	(void)state;
	/* SANITIZE CRYPTO SCRAMBLE EXT: feature 0011h, LBA "Cryp" */
	static const uint8_t crypto[] = {0x85, 0x07, 0x20, 0x00, 0x11, 0x00,
					 0x00, 0x43, 0x70, 0x00, 0x79, 0x00,
					 0x72, 0x40, 0xB4, 0x00};
	wp_ata_build_sanitize(&c, WP_ATA_SAN_CRYPTO, 0, 0);
	assert_cdb(&c, crypto, 16);
	assert_int_equal(c.dir, WP_SG_NONE);
	/* BLOCK ERASE EXT: feature 0012h, LBA "BkEr" */
	static const uint8_t block[] = {0x85, 0x07, 0x20, 0x00, 0x12, 0x00,
					0x00, 0x42, 0x72, 0x00, 0x45, 0x00,
					0x6B, 0x40, 0xB4, 0x00};
	wp_ata_build_sanitize(&c, WP_ATA_SAN_BLOCK, 0, 0);
	assert_cdb(&c, block, 16);
	/* OVERWRITE EXT: "OW" in LBA 47:32, pattern 31:0, 1 pass */
	static const uint8_t ow[] = {0x85, 0x07, 0x20, 0x00, 0x14, 0x00,
				     0x01, 0xDE, 0xEF, 0x57, 0xBE, 0x4F,
				     0xAD, 0x40, 0xB4, 0x00};
	wp_ata_build_sanitize(&c, WP_ATA_SAN_OVERWRITE, 0xDEADBEEF, 0);
	assert_cdb(&c, ow, 16);
	/* IDENTIFY DEVICE: PIO-in, 1 block, T_DIR, BYT_BLOK, T_LENGTH=2 */
	static const uint8_t ident[] = {0x85, 0x08, 0x0E, 0, 0, 0, 0x01, 0,
					0,    0,    0,	  0, 0, 0, 0xEC, 0};
	wp_ata_build_identify(&c, buf);
	assert_cdb(&c, ident, 16);
	assert_int_equal(c.dir, WP_SG_FROM_DEV);
	assert_int_equal(c.data_len, 512);
	/* SET MAX ADDRESS EXT, volatile (COUNT 0) */
	static const uint8_t setmax[] = {0x85, 0x07, 0x20, 0x00, 0x00, 0x00,
					 0x00, 0x04, 0x03, 0x00, 0x02, 0x00,
					 0x01, 0x40, 0x37, 0x00};
	wp_ata_build_set_max(&c, 0x04010203);
	assert_cdb(&c, setmax, 16);
	/* SECURITY ERASE UNIT: PIO-out 28-bit, 1 block */
	static const uint8_t eu[] = {0x85, 0x0A, 0x06, 0, 0, 0, 0x01, 0,
				     0,	   0,	 0,    0, 0, 0, 0xF4, 0};
	memset(pwd, 0x5A, sizeof(pwd));
	wp_ata_security_block(buf, true, pwd);
	wp_ata_build_security(&c, WP_ATA_SEC_ERASE_UNIT, buf, 1000);
	assert_cdb(&c, eu, 16);
	assert_int_equal(c.dir, WP_SG_TO_DEV);
	assert_int_equal(buf[0], 0x02); /* enhanced, user password */
	assert_int_equal(buf[1], 0x00);
	assert_int_equal(buf[2], 0x5A);
	assert_int_equal(buf[33], 0x5A);
	assert_int_equal(buf[34], 0x00);
	static const uint8_t prep[] = {0x85, 0x06, 0x20, 0, 0, 0, 0,	0,
				       0,    0,	   0,	 0, 0, 0, 0xF3, 0};
	wp_ata_build_erase_prepare(&c);
	assert_cdb(&c, prep, 16);
}

static void test_parse_identify(void **state)
{
	static const uint16_t w[][2] = {{128, 0x0021}, {89, 0x0003},
					{90, 0x8010},  {59, 0xB000},
					{82, 0x4402},  {217, 1}};
	struct wp_ata_identify id;
	uint8_t buf[512];

	(void)state;
	fake_ata_identify(buf, w, 6, 16384);
	assert_int_equal(wp_ata_parse_identify(buf, 512, &id), 0);
	assert_string_equal(id.serial, "SIMATA0001");
	assert_string_equal(id.model, "Simulated ATA Disk");
	assert_true(id.checksum_ok);
	assert_true(id.lba48);
	assert_int_equal(id.max_lba, 16383);
	assert_true(id.sec_supported);
	assert_true(id.sec_enhanced);
	assert_false(id.sec_frozen);
	assert_int_equal(id.erase_secs, 3 * 120);
	assert_int_equal(id.enhanced_erase_secs, 0x10 * 120);
	assert_true(id.san_supported);
	assert_true(id.san_crypto);
	assert_false(id.san_overwrite);
	assert_true(id.san_block);
	assert_true(id.hpa_supported);
	assert_true(id.ssd);
	buf[100] ^= 1;
	assert_int_equal(wp_ata_parse_identify(buf, 512, &id), 0);
	assert_false(id.checksum_ok);
	assert_int_equal(wp_ata_parse_identify(buf, 100, &id), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_ata),
		cmocka_unit_test(test_parse_identify),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
