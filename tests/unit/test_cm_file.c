// SPDX-License-Identifier: Apache-2.0
/* Unit tests of cm_file: whole-file reads with a maximum, mkdir -p, copy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cm_atomic.h"
#include "cm_file.h"

static char dir[64];

static void put(const char *name, const char *text, char *path, size_t size)
{
	snprintf(path, size, "%s/%s", dir, name);
	assert_int_equal(
		cm_atomic_write_file(path, text, strlen(text), 0644, NULL), 0);
}

static void test_read_cap(void **state)
{
	char path[128], *buf = NULL;
	struct cm_err err;

	(void)state;
	snprintf(path, sizeof(path), "%s/big", dir);
	assert_int_equal(
		cm_atomic_write_file(path, "0123456789", 10, 0600, NULL), 0);
	assert_int_equal(cm_read_file(path, 9, &buf, NULL, &err), -EFBIG);
	assert_null(buf);
	unlink(path);
}

static void test_read_exact_and_errors(void **state)
{
	char path[128], *buf = NULL;
	size_t len = 99;
	struct cm_err err;

	(void)state;
	put("ten", "0123456789", path, sizeof(path));
	/* exactly the maximum is allowed, and the result is NUL-terminated */
	assert_int_equal(cm_read_file(path, 10, &buf, &len, NULL), 0);
	assert_int_equal(len, 10);
	assert_string_equal(buf, "0123456789");
	free(buf);
	unlink(path);
	/* an empty file is an empty string */
	put("empty", "", path, sizeof(path));
	assert_int_equal(cm_read_file(path, 10, &buf, &len, NULL), 0);
	assert_int_equal(len, 0);
	assert_string_equal(buf, "");
	free(buf);
	unlink(path);
	assert_int_equal(cm_read_file(path, 10, &buf, &len, &err), -ENOENT);
	assert_null(buf);
	assert_int_equal(cm_read_file(dir, 10, &buf, NULL, &err), -EISDIR);
	assert_null(buf);
}

static void test_write_all(void **state)
{
	char path[128], *buf, big[70000];
	int fd;

	(void)state;
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 26);
	snprintf(path, sizeof(path), "%s/w", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(cm_write_all(fd, big, sizeof(big), NULL), 0);
	close(fd);
	assert_int_equal(cm_read_file(path, sizeof(big), &buf, NULL, NULL), 0);
	assert_memory_equal(buf, big, sizeof(big));
	free(buf);
	unlink(path);
	assert_int_equal(cm_write_all(-1, "x", 1, NULL), -EBADF);
}

static void test_mkdirs(void **state)
{
	char path[128];
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/a/b/c", dir);
	assert_int_equal(cm_mkdirs(path, 0700, NULL), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* existing directories are fine */
	assert_int_equal(cm_mkdirs(path, 0700, NULL), 0);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/a/b", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/a", dir);
	rmdir(path);
}

static void test_copy(void **state)
{
	char src[128], dst[128], *buf;
	struct stat st;
	struct cm_err err;

	(void)state;
	put("src", "key line\n", src, sizeof(src));
	snprintf(dst, sizeof(dst), "%s/dst", dir);
	assert_int_equal(cm_copy_file(src, dst, NULL), 0);
	assert_int_equal(cm_read_file(dst, 100, &buf, NULL, NULL), 0);
	assert_string_equal(buf, "key line\n");
	free(buf);
	/* a backup is private whatever the original's mode */
	assert_int_equal(stat(dst, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	unlink(dst);
	unlink(src);
	assert_int_equal(cm_copy_file(src, dst, &err), -ENOENT);
	assert_int_equal(access(dst, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_cap),
		cmocka_unit_test(test_read_exact_and_errors),
		cmocka_unit_test(test_write_all),
		cmocka_unit_test(test_mkdirs),
		cmocka_unit_test(test_copy),
	};
	snprintf(dir, sizeof(dir), "/tmp/cmfileXXXXXX");
	if (!mkdtemp(dir))
		return 1;
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(dir);
	return rc;
}
