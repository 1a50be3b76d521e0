// SPDX-License-Identifier: Apache-2.0
/* Unit tests of path confinement (common/cm_root.c): "..", absolute and
 * relative symlinks, loops and dangling links stay under the root, with
 * openat2 and with the fallback walk alike. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cm_root.h"

static char base[64];
static char root[128];

static void mk(const char *rel)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	assert_int_equal(mkdir(p, 0755), 0);
}

static void ln(const char *target, const char *rel)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	assert_int_equal(symlink(target, p), 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(base, sizeof(base), "/tmp/cm_root.XXXXXX");
	assert_non_null(mkdtemp(base));
	snprintf(root, sizeof(root), "%s/root", base);
	assert_int_equal(mkdir(root, 0755), 0);
	mk("etc");
	mk("etc/ssh");
	mk("home");
	mk("home/u");
	mk("home/u/.ssh");
	ln("/etc", "abs");
	ln("../../../../../etc", "rel");
	ln("/etc/ssh/../../home/u", "home/v");
	ln("loop2", "loop1");
	ln("loop1", "loop2");
	ln("/etc/ssh/../passwd-new", "etc/dangling");
	ln("/etc/passwd", "etc/ssh/pw");
	return 0;
}

static int rm(const char *p, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	(void)type;
	(void)f;
	return remove(p);
}

static int teardown(void **state)
{
	(void)state;
	return nftw(base, rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* @path resolves to root + @want, both ways, with @flags. */
static void resolves(const char *path, unsigned flags, const char *want)
{
	char exp[256];

	snprintf(exp, sizeof(exp), "%s%s", root, want);
	for (unsigned fb = 0; fb <= CM_ROOT_FALLBACK; fb += CM_ROOT_FALLBACK) {
		struct cm_err err = {0};
		char *out = NULL;

		assert_int_equal(
			cm_root_resolve(root, path, flags | fb, &out, &err), 0);
		assert_string_equal(out, exp);
		assert_string_equal(cm_root_inside(root, out),
				    want[0] ? want : "/");
		free(out);
	}
}

static void fails(const char *path, int code)
{
	for (unsigned fb = 0; fb <= CM_ROOT_FALLBACK; fb += CM_ROOT_FALLBACK) {
		struct cm_err err = {0};
		char *out = NULL;

		assert_int_equal(cm_root_resolve(root, path, fb, &out, &err),
				 code);
		assert_null(out);
		assert_non_null(strstr(err.msg, path));
	}
}

static void test_dotdot(void **state)
{
	(void)state;
	resolves("/etc/ssh/sshd_config", 0, "/etc/ssh/sshd_config");
	resolves("/../../../etc/passwd", 0, "/etc/passwd");
	resolves("/home/u/../../../../../../etc", 0, "/etc");
	resolves("etc/./ssh//", 0, "/etc/ssh");
	resolves("/..", 0, "");
}

static void test_symlinks(void **state)
{
	(void)state;
	resolves("/abs/passwd", 0, "/etc/passwd");
	resolves("/rel/ssh", 0, "/etc/ssh");
	resolves("/home/v/.ssh/authorized_keys", 0,
		 "/home/u/.ssh/authorized_keys");
	resolves("/etc/ssh/pw", 0, "/etc/passwd");
	resolves("/etc/ssh/pw", CM_ROOT_NOFOLLOW, "/etc/ssh/pw");
	/* a dangling link is followed inside the root, never outside */
	resolves("/etc/dangling", 0, "/etc/passwd-new");
	resolves("/etc/dangling", CM_ROOT_NOFOLLOW, "/etc/dangling");
}

static void test_refused(void **state)
{
	(void)state;
	fails("/loop1", -ELOOP);
	fails("/missing/dir/file", -ENOENT);
}

static void test_rebase_live(void **state)
{
	struct cm_err err = {0};
	char host[256], *out = NULL;

	(void)state;
	snprintf(host, sizeof(host), "%s/home/u/../../../../x", root);
	assert_int_equal(cm_root_rebase(root, host, 0, &out, &err), 0);
	snprintf(host, sizeof(host), "%s/x", root);
	assert_string_equal(out, host);
	free(out);
	assert_int_equal(cm_root_rebase(root, "/etc/passwd", 0, &out, &err),
			 -EXDEV);
	assert_int_equal(cm_root_resolve("/", "/a/../b", 0, &out, &err), 0);
	assert_string_equal(out, "/a/../b");
	free(out);
	assert_true(cm_root_is_live(NULL) && cm_root_is_live("") &&
		    !cm_root_is_live(root));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dotdot),
		cmocka_unit_test(test_symlinks),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_rebase_live),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
