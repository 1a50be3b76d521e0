// SPDX-License-Identifier: Apache-2.0
/* Unit tests of the growable buffer with a maximum (common/cm_buf.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cm_buf.h"

static void test_append(void **state)
{
	struct cm_buf b = CM_BUF_INIT(1024);
	char *s;

	(void)state;
	assert_int_equal(cm_buf_appends(&b, "ab"), 0);
	assert_int_equal(cm_buf_append(&b, "cdef", 2), 0);
	assert_int_equal(cm_buf_appendf(&b, "-%d-%s", 42, "x"), 0);
	assert_string_equal(b.p, "abcd-42-x");
	assert_int_equal(b.len, 9);
	assert_int_equal(cm_buf_check(&b, "t", NULL), 0);
	s = cm_buf_take(&b);
	assert_string_equal(s, "abcd-42-x");
	assert_null(b.p);
	assert_int_equal(b.max, 1024);
	free(s);
}

static void test_empty_take(void **state)
{
	struct cm_buf b;
	char *s;

	(void)state;
	cm_buf_init(&b, 16);
	s = cm_buf_take(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	cm_buf_release(&b);
}

static void test_grows(void **state)
{
	struct cm_buf b = CM_BUF_INIT(1 << 20);

	(void)state;
	for (int i = 0; i < 10000; i++)
		assert_int_equal(cm_buf_appendf(&b, "%04d", i % 10000), 0);
	assert_int_equal(b.len, 40000);
	assert_memory_equal(b.p + 39996, "9999", 5);
	cm_buf_release(&b);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
}

static void test_max(void **state)
{
	struct cm_buf b = CM_BUF_INIT(8);
	struct cm_err err;

	(void)state;
	cm_err_clear(&err);
	assert_int_equal(cm_buf_appends(&b, "12345678"), 0);
	assert_int_equal(cm_buf_reserve(&b, 0), 0);
	assert_int_equal(cm_buf_appends(&b, "9"), -E2BIG);
	/* sticky: later appends that would fit are refused too */
	assert_int_equal(cm_buf_append(&b, "", 0), -E2BIG);
	assert_int_equal(cm_buf_appendf(&b, "%s", ""), -E2BIG);
	assert_string_equal(b.p, "12345678");
	assert_int_equal(cm_buf_check(&b, "'x'", &err), -E2BIG);
	assert_int_equal(cm_err_kind(&err), CM_ERR_DATAERR);
	assert_string_equal(err.msg, "'x' would exceed 8 bytes");
	assert_null(cm_buf_take(&b));
	assert_null(b.p);
	assert_int_equal(b.err, 0);
}

static void test_overflow_size(void **state)
{
	struct cm_buf b = CM_BUF_INIT(SIZE_MAX);

	(void)state;
	assert_int_equal(cm_buf_appends(&b, "a"), 0);
	assert_int_equal(cm_buf_reserve(&b, SIZE_MAX), -E2BIG);
	cm_buf_release(&b);
}

static void test_binary(void **state)
{
	struct cm_buf b = CM_BUF_INIT(4);
	static const uint8_t z[3] = {0, 1, 0};

	(void)state;
	assert_int_equal(cm_buf_append(&b, z, 3), 0);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.p, z, 3);
	cm_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_empty_take),
		cmocka_unit_test(test_grows),
		cmocka_unit_test(test_max),
		cmocka_unit_test(test_overflow_size),
		cmocka_unit_test(test_binary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
