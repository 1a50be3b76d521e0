// SPDX-License-Identifier: Apache-2.0
/* The OpenSSH KRL format (respond/revoke/krl.c): write, read, query, refuse. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rs_krl.h"

static void test_krl_roundtrip(void **state)
{
	struct rs_krl k = {0}, k2;
	struct cm_err err = {0};
	uint8_t a[32], b[32], *buf;
	size_t len;

	(void)state;
	memset(a, 0xAA, 32);
	memset(b, 0x01, 32);
	k.version = 6;
	k.date = 1800000000;
	k.comment = strdup("c");
	assert_int_equal(rs_krl_add(&k, a), 1);
	assert_int_equal(rs_krl_add(&k, b), 1);
	assert_int_equal(rs_krl_add(&k, a), 0);
	assert_int_equal(rs_krl_write(&k, &buf, &len), 0);
	/* header: magic, format 1, version 6 */
	assert_memory_equal(buf, "SSHKRL\n\0", 8);
	assert_int_equal(buf[11], 1);
	assert_int_equal(buf[19], 6);
	assert_true(rs_krl_is_krl(buf, len));
	assert_int_equal(rs_krl_parse(buf, len, &k2, &err), 0);
	assert_int_equal(k2.version, 6);
	assert_int_equal(k2.n_sha256, 2);
	/* sorted as big-endian integers */
	assert_memory_equal(k2.sha256[0], b, 32);
	assert_true(rs_krl_has(&k2, a));
	rs_krl_release(&k2);
	/* truncation is refused, except at the end of the header (a KRL
	 * with no sections is valid) */
	for (size_t cut = 0; cut < len; cut++) {
		if (rs_krl_parse(buf, cut, &k2, &err) != 0)
			continue;
		if (cut != 8 + 4 + 8 + 8 + 8 + 4 + 4 + 1 || k2.n_sha256)
			fail_msg("truncated KRL of %zu bytes accepted", cut);
		rs_krl_release(&k2);
	}
	/* a signature section is refused */
	{
		uint8_t *s = malloc(len + 5);

		memcpy(s, buf, len);
		memcpy(s + len, "\x04\0\0\0\0", 5);
		assert_int_equal(rs_krl_parse(s, len + 5, &k2, &err), -ENOTSUP);
		free(s);
	}
	free(buf);
	rs_krl_release(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_krl_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
