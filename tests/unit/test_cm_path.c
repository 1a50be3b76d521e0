// SPDX-License-Identifier: Apache-2.0
/* Unit tests of the path joiner (common/cm_path.c): its edge cases. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "cm_path.h"

static void joins(const char *dir, const char *name, const char *want)
{
	char buf[64];
	char *p = cm_path_join(dir, name);

	assert_non_null(p);
	assert_string_equal(p, want);
	free(p);
	assert_int_equal(cm_path_join_buf(buf, sizeof(buf), dir, name), 0);
	assert_string_equal(buf, want);
}

static void test_plain(void **state)
{
	(void)state;
	joins("a", "b", "a/b");
	joins("/var/log", "syslog", "/var/log/syslog");
	joins("a/b", "c/d", "a/b/c/d");
}

static void test_root(void **state)
{
	(void)state;
	joins("/", "x", "/x");
	joins("//", "x", "/x");
	joins("/", "/x", "/x");
	joins("/", "", "/");
}

static void test_slashes(void **state)
{
	(void)state;
	joins("a/", "b", "a/b");
	joins("a///", "b", "a/b");
	joins("a", "/b", "a/b");
	joins("a/", "//b", "a/b");
	joins("a", "b/", "a/b/");
}

static void test_empty(void **state)
{
	(void)state;
	joins("", "x", "x");
	joins("a", "", "a/");
	joins("", "", "");
}

static void test_overflow(void **state)
{
	char buf[4];

	(void)state;
	assert_int_equal(cm_path_join_buf(buf, sizeof(buf), "a", "b"), 0);
	assert_string_equal(buf, "a/b");
	assert_int_equal(cm_path_join_buf(buf, sizeof(buf), "a", "bc"),
			 -ENAMETOOLONG);
	assert_string_equal(buf, "");
	assert_int_equal(cm_path_join_buf(buf, sizeof(buf), "/", "ab"), 0);
	assert_string_equal(buf, "/ab");
	assert_int_equal(cm_path_join_buf(buf, sizeof(buf), "/", "abc"),
			 -ENAMETOOLONG);
	assert_int_equal(cm_path_join_buf(buf, 0, "a", "b"), -ENAMETOOLONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),	 cmocka_unit_test(test_root),
		cmocka_unit_test(test_slashes),	 cmocka_unit_test(test_empty),
		cmocka_unit_test(test_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
