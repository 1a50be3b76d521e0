// SPDX-License-Identifier: Apache-2.0
/* Unit tests of the overwrite patterns: parsing, names, phase. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wp_pattern.h"

static void test_pattern_parse(void **state)
{
	struct wp_pattern p;
	struct cm_err err;
	char name[80];

	(void)state;
	assert_int_equal(wp_pattern_parse("pattern:a55A01", &p, &err), 0);
	assert_int_equal(p.kind, WP_PAT_BYTES);
	assert_int_equal(p.nbytes, 3);
	assert_int_equal(p.bytes[1], 0x5a);
	wp_pattern_name(&p, name, sizeof(name));
	assert_string_equal(name, "pattern:a55a01");
	assert_int_equal(wp_pattern_parse("pattern:a5g", &p, &err), -EINVAL);
	assert_int_equal(wp_pattern_parse("pattern:", &p, &err), -EINVAL);
	assert_int_equal(wp_pattern_parse("pattern:abc", &p, &err), -EINVAL);
	assert_int_equal(wp_pattern_parse("zeros", &p, &err), -EINVAL);
	assert_int_equal(err.kind, CM_ERR_USAGE);
}

static void test_pattern_phase(void **state)
{
	struct wp_pattern p;
	uint8_t buf[1000];

	(void)state;
	assert_int_equal(wp_pattern_parse("pattern:010203", &p, NULL), 0);
	/* byte at device offset o is bytes[o % 3] wherever the fill starts */
	assert_int_equal(
		wp_pattern_fill(&p, NULL, 0, 7, buf, sizeof(buf), NULL), 0);
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 1 + (7 + i) % 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pattern_parse),
		cmocka_unit_test(test_pattern_phase),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
