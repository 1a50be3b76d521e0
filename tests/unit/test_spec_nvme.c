// SPDX-License-Identifier: Apache-2.0
/*
 * NVMe command encoders (spec/nvme.c): every bit against NVM Express
 * Base 2.0.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "spec/nvme.h"

static void test_build_nvme(void **state)
{
	struct wp_nvme_cmd c;
	uint8_t buf[4096];

	(void)state;
	wp_nvme_build_sanitize(&c, WP_NVME_SANACT_CRYPTO, 0, 0);
	assert_int_equal(c.opcode, 0x84);
	assert_int_equal(c.nsid, 0);
	assert_int_equal(c.cdw10, 0x4); /* SANACT=4, AUSE=0, NDAS=0 */
	assert_int_equal(c.cdw11, 0);
	wp_nvme_build_sanitize(&c, WP_NVME_SANACT_BLOCK, 0, 0);
	assert_int_equal(c.cdw10, 0x2);
	wp_nvme_build_sanitize(&c, WP_NVME_SANACT_OVERWRITE, 1, 0xA5A5A5A5);
	assert_int_equal(c.cdw10, 0x3 | 1 << 4); /* OWPASS 7:4 */
	assert_int_equal(c.cdw11, 0xA5A5A5A5);

	wp_nvme_build_format(&c, 1, 0, WP_NVME_SES_USER_DATA);
	assert_int_equal(c.opcode, 0x80);
	assert_int_equal(c.nsid, 1);
	assert_int_equal(c.cdw10, 1 << 9); /* SES 11:9 = 1 */
	wp_nvme_build_format(&c, 1, 0x13, WP_NVME_SES_CRYPTO);
	/* LBAF 3:0 = 3, SES = 2, LBAFU 13:12 = 1 */
	assert_int_equal(c.cdw10, 0x3 | 2 << 9 | 1 << 12);

	wp_nvme_build_get_log_sanitize(&c, buf);
	assert_int_equal(c.opcode, 0x02);
	assert_int_equal(c.nsid, 0xFFFFFFFF);
	assert_int_equal(c.cdw10, 0x007F0081); /* LID 81h, NUMDL 127 */
	assert_int_equal(c.cdw11, 0);
	assert_int_equal(c.data_len, 512);

	wp_nvme_build_identify(&c, WP_NVME_CNS_CTRL, 0, buf);
	assert_int_equal(c.opcode, 0x06);
	assert_int_equal(c.cdw10, 1);
	assert_int_equal(c.data_len, 4096);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_nvme),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
