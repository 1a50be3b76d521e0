// SPDX-License-Identifier: Apache-2.0
/* Unit tests of cm_hash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cm_hash.h"

/* FIPS 180-2 test vector "abc" */
static void test_abc(void **state)
{
	uint8_t md[CM_SHA256_LEN];
	char hex[CM_SHA256_HEX];

	(void)state;
	assert_int_equal(cm_sha256_buf("abc", 3, md, NULL), 0);
	cm_hex(md, sizeof(md), hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
				 "b00361a396177a9cb410ff61f20015ad");
}

static void test_file_streamed_equals_buf(void **state)
{
	char path[] = "/tmp/cmhashXXXXXX";
	uint8_t a[CM_SHA256_LEN], b[CM_SHA256_LEN];
	size_t n = 1024 * 1024 + 17;
	char *buf = malloc(n);
	int fd = mkstemp(path);

	(void)state;
	assert_non_null(buf);
	assert_true(fd >= 0);
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)(i * 31);
	assert_int_equal(write(fd, buf, n), (ssize_t)n);
	close(fd);
	assert_int_equal(cm_sha256_file(path, a, NULL), 0);
	assert_int_equal(cm_sha256_buf(buf, n, b, NULL), 0);
	assert_memory_equal(a, b, sizeof(a));
	unlink(path);
	free(buf);
}

static void test_unhex(void **state)
{
	uint8_t out[2];

	(void)state;
	assert_int_equal(cm_unhex("a0Ff", out, 2), 0);
	assert_int_equal(out[0], 0xa0);
	assert_int_equal(out[1], 0xff);
	assert_int_not_equal(cm_unhex("a0F", out, 2), 0);
	assert_int_not_equal(cm_unhex("zz00", out, 2), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abc),
		cmocka_unit_test(test_file_streamed_equals_buf),
		cmocka_unit_test(test_unhex),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
