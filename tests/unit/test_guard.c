// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests of the guard: one device under two names, the refusals from
 * what inspection found, and a target that changed between inspection and
 * the open for writing (image files stand in for drives).
 */
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

#include "wp_guard.h"

static char dir[] = "/tmp/test_guard.XXXXXX";

static void path_of(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

static void make_file(const char *name, off_t size)
{
	char p[256];
	int fd;

	path_of(p, sizeof(p), name);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, size), 0);
	assert_int_equal(close(fd), 0);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	const char *names[] = {"a.img", "b.img", "c.img", "new.img", NULL};
	char p[256];

	(void)state;
	for (int i = 0; names[i]; i++) {
		path_of(p, sizeof(p), names[i]);
		unlink(p);
	}
	return rmdir(dir);
}

/* wp_guard_distinct over two names */
static int distinct(const char *x, const char *y, struct cm_err *err)
{
	char a[256], b[256];
	char *names[2] = {a, b};

	path_of(a, sizeof(a), x);
	path_of(b, sizeof(b), y);
	cm_err_clear(err);
	return wp_guard_distinct(names, 2, err);
}

static void test_same_target_under_two_names(void **state)
{
	struct cm_err err;
	char a[256], b[256];

	(void)state;
	make_file("a.img", 4096);
	make_file("c.img", 4096);
	path_of(a, sizeof(a), "a.img");
	path_of(b, sizeof(b), "b.img");
	assert_int_equal(link(a, b), 0);
	/* the same name twice */
	assert_int_equal(distinct("a.img", "a.img", &err), -EINVAL);
	assert_int_equal(err.kind, CM_ERR_USAGE);
	assert_string_equal(err.msg, "a device is named twice");
	/* another spelling of the same path */
	assert_int_equal(distinct("a.img", "./a.img", &err), -EINVAL);
	assert_int_equal(err.kind, CM_ERR_USAGE);
	/* a hard link: the same inode */
	assert_int_equal(distinct("a.img", "b.img", &err), -EINVAL);
	/* two files, and names that do not exist (checked later, each) */
	assert_int_equal(distinct("a.img", "c.img", &err), 0);
	assert_int_equal(distinct("x.img", "y.img", &err), 0);
	assert_int_equal(distinct("x.img", "x.img", &err), -EINVAL);
	/* one target alone, and none */
	{
		char *one[1] = {a};

		assert_int_equal(wp_guard_distinct(one, 1, &err), 0);
		assert_int_equal(wp_guard_distinct(NULL, 0, &err), 0);
	}
}

static void test_refusals_from_inspection(void **state)
{
	struct wp_devinfo info;
	struct cm_err err;

	(void)state;
	memset(&info, 0, sizeof(info));
	assert_int_equal(wp_guard_refuse("/dev/x", &info, false, &err), 0);
	/* the running system: no override */
	info.unsafe = WP_UNSAFE_SYSTEM | WP_UNSAFE_MOUNTED;
	snprintf(info.unsafe_detail, sizeof(info.unsafe_detail),
		 "mounted at /");
	assert_int_equal(wp_guard_refuse("/dev/x", &info, true, &err), -EBUSY);
	assert_int_equal(err.kind, CM_ERR_TEMPFAIL);
	assert_non_null(strstr(err.msg, "holds the running system"));
	assert_non_null(strstr(err.msg, "mounted at /"));
	info.unsafe = WP_UNSAFE_BACKS_SYSTEM;
	assert_int_equal(wp_guard_refuse("/x.img", &info, true, &err), -EBUSY);
	assert_int_equal(err.kind, CM_ERR_TEMPFAIL);
	/* read-only: no override either */
	info.unsafe = WP_UNSAFE_READONLY;
	assert_int_equal(wp_guard_refuse("/dev/x", &info, true, &err), -EROFS);
	assert_int_equal(err.kind, CM_ERR_NOPERM);
	/* in use: refused unless --force-unsafe */
	for (unsigned u = WP_UNSAFE_MOUNTED; u <= WP_UNSAFE_HOLDERS; u <<= 1) {
		info.unsafe = u;
		assert_int_equal(wp_guard_refuse("/dev/x", &info, false, &err),
				 -EBUSY);
		assert_int_equal(err.kind, CM_ERR_TEMPFAIL);
		assert_non_null(strstr(err.msg, "--force-unsafe overrides"));
		assert_int_equal(wp_guard_refuse("/dev/x", &info, true, &err),
				 0);
	}
	/* no detail: still a reason */
	info.unsafe = WP_UNSAFE_SWAP;
	info.unsafe_detail[0] = '\0';
	wp_guard_refuse("/dev/x", &info, false, &err);
	assert_non_null(strstr(err.msg, "in use: unsafe"));
}

static void test_check_missing_and_read_only(void **state)
{
	struct wp_job job = {0};
	char p[256];

	(void)state;
	path_of(p, sizeof(p), "missing.img");
	job.target = p;
	cm_err_clear(&job.err);
	assert_true(wp_guard_check(&job, false, &job.err) < 0);
	assert_int_equal(cm_err_kind(&job.err), CM_ERR_NOINPUT);
	assert_false(job.probed);
	make_file("c.img", 1 << 20);
	path_of(p, sizeof(p), "c.img");
	assert_int_equal(chmod(p, 0444), 0);
	job.target = p;
	cm_err_clear(&job.err);
	assert_int_equal(wp_guard_check(&job, true, &job.err), -EROFS);
	assert_int_equal(job.err.kind, CM_ERR_NOPERM);
	assert_int_equal(chmod(p, 0600), 0);
}

static void test_open_refuses_a_changed_target(void **state)
{
	struct wp_job job = {0};
	struct wp_dev *d = NULL, *d2 = NULL;
	char a[256], n[256];

	(void)state;
	make_file("a.img", 1 << 20);
	path_of(a, sizeof(a), "a.img");
	path_of(n, sizeof(n), "new.img");
	job.target = a;
	assert_int_equal(wp_guard_check(&job, false, &job.err), 0);
	assert_true(job.info.is_file);
	assert_int_equal(wp_guard_open(&job, &d, &job.err), 0);
	assert_non_null(d);
	assert_int_equal(d->size, 1 << 20);
	/* held by one job: another open is refused as in use */
	assert_int_equal(wp_guard_open(&job, &d2, &job.err), -EBUSY);
	assert_int_equal(job.err.kind, CM_ERR_TEMPFAIL);
	assert_null(d2);
	wp_dev_release(d);
	/* another file took the name after inspection */
	make_file("new.img", 1 << 20);
	assert_int_equal(rename(n, a), 0);
	assert_int_equal(wp_guard_open(&job, &d, &job.err), -ESTALE);
	assert_int_equal(job.err.kind, CM_ERR_TEMPFAIL);
	assert_non_null(strstr(job.err.msg, "no longer the device"));
	assert_null(d);
	/* the same file, but its size changed */
	assert_int_equal(wp_guard_check(&job, false, &job.err), 0);
	assert_int_equal(truncate(a, 2 << 20), 0);
	assert_int_equal(wp_guard_open(&job, &d, &job.err), -ESTALE);
	assert_int_equal(job.err.kind, CM_ERR_TEMPFAIL);
	assert_non_null(strstr(job.err.msg, "identity changed"));
	assert_null(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_target_under_two_names),
		cmocka_unit_test(test_refusals_from_inspection),
		cmocka_unit_test(test_check_missing_and_read_only),
		cmocka_unit_test(test_open_refuses_a_changed_target),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
