// SPDX-License-Identifier: Apache-2.0
/* The openssl ca text database (index.txt) and CRL reason names. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rs_x509.h"

static const char idx[] =
	"V\t271122184421Z\t\t1000\tunknown\t/CN=portal.example\n"
	"R\t271122184421Z\t261122184421Z,keyTime,20260921141320Z\t1001\t"
	"unknown\t/CN=a b/O=c\n"
	"E\t20510101000000Z\t\t0A\tcert.pem\t/CN=old\n";

static void test_roundtrip(void **state)
{
	struct rs_ca_db db;
	struct cm_err err = {0};
	char *out;

	(void)state;
	assert_int_equal(rs_ca_db_parse(idx, strlen(idx), &db, &err), 0);
	assert_int_equal(db.n, 3);
	assert_int_equal(db.rows[1].status, 'R');
	assert_string_equal(db.rows[1].subject, "/CN=a b/O=c");
	out = rs_ca_db_format(&db);
	assert_string_equal(out, idx);
	free(out);
	assert_int_equal(rs_ca_db_find(&db, "1000"), 0);
	assert_int_equal(rs_ca_db_find(&db, "0x1001"), 1);
	assert_int_equal(rs_ca_db_find(&db, "a"), 2);
	assert_int_equal(rs_ca_db_find(&db, "000A"), 2);
	assert_int_equal(rs_ca_db_find(&db, "1002"), -1);
	assert_int_equal(rs_ca_db_find(&db, "xyz"), -1);
	rs_ca_db_release(&db);
}

static void test_corrupt(void **state)
{
	static const char *const bad[] = {
		"V\tgarbage\n",
		"V\t271122184421Z\t\t1000\tunknown\n",
		"X\t271122184421Z\t\t1000\tunknown\t/CN=x\n",
		"R\t271122184421Z\t\t1000\tunknown\t/CN=x\n",
		"V\t271122184421Z\t261122184421Z\t1000\tunknown\t/CN=x\n",
		"V\t271122184421Z\t\tZZ\tunknown\t/CN=x\n",
		/* RFC 5280 serials are at most 20 octets; 80 hex digits cap */
		"V\t271122184421Z\t\t"
		"222222222222222222222222222222222222222222222222222222222222"
		"222222222222222222222\tunknown\t/CN=x\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct rs_ca_db db;
		struct cm_err err = {0};

		assert_int_equal(
			rs_ca_db_parse(bad[i], strlen(bad[i]), &db, &err),
			-EBADMSG);
		assert_non_null(strstr(err.msg, "line 1"));
	}
}

/* one serial in two rows (V then R, or 0A and 000a): refused, naming both */
static void test_duplicate_serial(void **state)
{
	static const char dup[] =
		"V\t271122184421Z\t\t1000\tunknown\t/CN=portal.example\n"
		"V\t271122184421Z\t\t1001\tunknown\t/CN=other\n"
		"R\t271122184421Z\t261122184421Z,keyCompromise\t1000\t"
		"unknown\t/CN=portal.example\n";
	static const char dup0[] = "V\t271122184421Z\t\t0A\tunknown\t/CN=a\n"
				   "V\t271122184421Z\t\t000a\tunknown\t/CN=b\n";
	struct rs_ca_db db;
	struct cm_err err = {0};

	(void)state;
	assert_int_equal(rs_ca_db_parse(dup, strlen(dup), &db, &err), -EBADMSG);
	assert_non_null(
		strstr(err.msg, "rows 1 and 3: serial 1000 appears twice"));
	assert_int_equal(db.n, 0);
	cm_err_clear(&err);
	assert_int_equal(rs_ca_db_parse(dup0, strlen(dup0), &db, &err),
			 -EBADMSG);
	assert_non_null(strstr(err.msg, "rows 1 and 2"));
}

static void test_reasons(void **state)
{
	(void)state;
	assert_int_equal(rs_crl_reason_code("keyCompromise"), 1);
	assert_int_equal(rs_crl_reason_code("cacompromise"), 2);
	assert_int_equal(rs_crl_reason_code("removeFromCRL"), 8);
	assert_int_equal(rs_crl_reason_code("AACompromise"), 10);
	assert_int_equal(rs_crl_reason_code("nope"), -1);
	assert_null(rs_crl_reason_name(7)); /* RFC 5280: 7 is not used */
	assert_string_equal(rs_crl_reason_name(5), "cessationOfOperation");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_duplicate_serial),
		cmocka_unit_test(test_reasons),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
