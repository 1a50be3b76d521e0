// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests of the method table and of the parsing of --method and
 * --verify into the types the core takes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>

#include <cmocka.h>

#include "wp_method.h"
#include "wp_verify.h"

static void test_method_parse(void **state)
{
	struct wp_method_req r;
	struct cm_err err;

	(void)state;
	assert_int_equal(wp_method_parse("auto", &r, &err), 0);
	assert_int_equal(r.id, WP_M_AUTO);
	assert_int_equal(wp_method_parse("one", &r, &err), 0);
	assert_int_equal(r.id, WP_M_ONE);
	assert_int_equal(r.pattern.kind, WP_PAT_ONE);
	assert_int_equal(wp_method_parse("random", &r, &err), 0);
	assert_int_equal(r.pattern.kind, WP_PAT_RANDOM);
	assert_int_equal(wp_method_parse("pattern:c0ffee", &r, &err), 0);
	assert_int_equal(r.id, WP_M_PATTERN);
	assert_int_equal(r.pattern.kind, WP_PAT_BYTES);
	assert_int_equal(r.pattern.nbytes, 3);
	assert_int_equal(r.pattern.bytes[2], 0xee);
	assert_int_equal(wp_method_parse("nvme-sanitize-crypto", &r, &err), 0);
	assert_int_equal(r.id, WP_M_NVME_SANITIZE_CRYPTO);
	assert_int_equal(wp_method_parse("shred", &r, &err), -EINVAL);
	assert_int_equal(err.kind, CM_ERR_USAGE);
	assert_string_equal(err.msg,
			    "unknown method 'shred' (see 'wipe methods')");
	/* the table's "pattern" row needs its bytes */
	assert_int_equal(wp_method_parse("pattern", &r, &err), -EINVAL);
	assert_int_equal(wp_method_parse("pattern:0", &r, &err), -EINVAL);
	assert_int_equal(err.kind, CM_ERR_USAGE);
}

static void test_every_method_by_name(void **state)
{
	const struct wp_method *m;
	struct wp_method_req r;
	size_t n;

	(void)state;
	m = wp_methods(&n);
	assert_int_equal(n, WP_M_COUNT);
	for (size_t i = 0; i < n; i++) {
		if (m[i].id == WP_M_PATTERN)
			continue;
		assert_int_equal(wp_method_parse(m[i].name, &r, NULL), 0);
		assert_int_equal(r.id, m[i].id);
		assert_ptr_equal(wp_method_get(r.id), &m[i]);
	}
}

static void test_verify_mode_parse(void **state)
{
	enum wp_verify_mode v = WP_VERIFY_NONE;

	(void)state;
	for (int i = WP_VERIFY_NONE; i <= WP_VERIFY_FULL; i++) {
		assert_int_equal(
			wp_verify_mode_parse(
				wp_verify_mode_name((enum wp_verify_mode)i),
				&v),
			0);
		assert_int_equal(v, i);
	}
	assert_int_equal(wp_verify_mode_parse("sometimes", &v), -EINVAL);
	assert_int_equal(wp_verify_mode_parse(NULL, &v), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_method_parse),
		cmocka_unit_test(test_every_method_by_name),
		cmocka_unit_test(test_verify_mode_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
