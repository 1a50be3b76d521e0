// SPDX-License-Identifier: Apache-2.0
/* Unit tests of cm_atomic: atomic replacement and its failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cm_atomic.h"
#include "cm_file.h"

static char dir[64];

static int count_entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void test_replace_and_mode(void **state)
{
	char path[128], *buf;
	size_t len;
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/f", dir);
	assert_int_equal(cm_atomic_write_file(path, "one", 3, 0600, NULL), 0);
	assert_int_equal(cm_atomic_write_file(path, "two!", 4, 0640, NULL), 0);
	assert_int_equal(cm_read_file(path, 100, &buf, &len, NULL), 0);
	assert_int_equal(len, 4);
	assert_string_equal(buf, "two!");
	free(buf);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(count_entries(), 1); /* no temporary left */
}

static void test_abort_leaves_old(void **state)
{
	char path[128], *buf;
	struct cm_atomic a;

	(void)state;
	snprintf(path, sizeof(path), "%s/g", dir);
	assert_int_equal(cm_atomic_write_file(path, "old", 3, 0600, NULL), 0);
	assert_int_equal(cm_atomic_open(&a, path, 0600, NULL), 0);
	assert_int_equal(cm_write_all(a.fd, "half", 4, NULL), 0);
	cm_atomic_abort(&a);
	assert_int_equal(cm_read_file(path, 100, &buf, NULL, NULL), 0);
	assert_string_equal(buf, "old");
	free(buf);
	unlink(path);
}

static void test_replace_keeps_mode(void **state)
{
	char path[128], *buf;
	struct stat st;
	int before = count_entries();

	(void)state;
	snprintf(path, sizeof(path), "%s/r", dir);
	/* a new file gets the default mode */
	assert_int_equal(cm_atomic_replace_file(path, "a", 1, 0640, NULL), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	/* an existing one keeps its own */
	assert_int_equal(chmod(path, 0604), 0);
	assert_int_equal(cm_atomic_replace_file(path, "bc", 2, 0600, NULL), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0604);
	assert_int_equal(st.st_uid, getuid());
	assert_int_equal(cm_read_file(path, 100, &buf, NULL, NULL), 0);
	assert_string_equal(buf, "bc");
	free(buf);
	assert_int_equal(count_entries(), before + 1); /* no temporary left */
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replace_and_mode),
		cmocka_unit_test(test_abort_leaves_old),
		cmocka_unit_test(test_replace_keeps_mode),
	};
	snprintf(dir, sizeof(dir), "/tmp/cmatomicXXXXXX");
	if (!mkdtemp(dir))
		return 1;
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	char path[128];
	snprintf(path, sizeof(path), "%s/f", dir);
	unlink(path);
	rmdir(dir);
	return rc;
}
