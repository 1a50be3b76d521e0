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

/* what a crash leaves is recognised and swept, nothing else */
static void test_sweep(void **state)
{
	const char *names[] = {"g.tmpAbC123", "g.tmpzzzzz9",  "g.tmpXXXX",
			       "g.tmp-bad-1", "gg.tmpAbC123", "g.tmpAbC123x"};
	char p[160];
	int before;

	(void)state;
	assert_true(cm_atomic_is_tmp_name("authorized_keys.tmpQ1w2E3"));
	assert_false(cm_atomic_is_tmp_name("authorized_keys"));
	assert_false(cm_atomic_is_tmp_name(".tmpAbC12"));
	assert_false(cm_atomic_is_tmp_name("x.tmpAb-123"));
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		assert_int_equal(cm_atomic_write_file(p, "x", 1, 0600, NULL),
				 0);
	}
	snprintf(p, sizeof(p), "%s/g.tmpLnK000", dir);
	assert_int_equal(symlink("/etc/passwd", p), 0);
	before = count_entries();
	snprintf(p, sizeof(p), "%s/g", dir);
	assert_int_equal(cm_atomic_sweep(p), 2);
	assert_int_equal(count_entries(), before - 2);
	snprintf(p, sizeof(p), "%s/g.tmpAbC123", dir);
	assert_int_equal(access(p, F_OK), -1);
	snprintf(p, sizeof(p), "%s/g.tmpLnK000", dir);
	assert_int_equal(access("/etc/passwd", F_OK), 0);
	assert_int_equal(unlink(p), 0);
	for (size_t i = 2; i < sizeof(names) / sizeof(*names); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		assert_int_equal(unlink(p), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replace_and_mode),
		cmocka_unit_test(test_abort_leaves_old),
		cmocka_unit_test(test_replace_keeps_mode),
		cmocka_unit_test(test_sweep),
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
