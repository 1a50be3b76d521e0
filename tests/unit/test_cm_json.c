// SPDX-License-Identifier: Apache-2.0
/* Unit tests of names as bytes in JSON (common/cm_json.c): the display
 * form, the base64 round trip, and error text that is not UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cm_json.h"

static void test_display(void **state)
{
	char *d;

	(void)state;
	d = cm_utf8_display("caf\xc3\xa9");
	assert_string_equal(d, "caf\xc3\xa9");
	free(d);
	d = cm_utf8_display("a\xff"
			    "b\xc0\xaf"
			    "c\xed\xa0\x80");
	/* a lone byte, an overlong "/" and a surrogate: one U+FFFD a byte */
	assert_string_equal(d, "a\xef\xbf\xbd"
			       "b\xef\xbf\xbd\xef\xbf\xbd"
			       "c\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	free(d);
}

static void test_escape(void **state)
{
	char *d;

	(void)state;
	d = cm_utf8_escape("caf\xc3\xa9 tab\tline\n");
	assert_string_equal(d, "caf\xc3\xa9 tab\tline\n");
	free(d);
	/* a lone byte, ESC, DEL, C1 CSI (two bytes), an overlong "/" */
	d = cm_utf8_escape("a\xff"
			   "b\x1b[2J"
			   "c\x7f"
			   "d\xc2\x9b"
			   "e\xc0\xaf");
	assert_string_equal(d, "a\\xff"
			       "b\\x1b[2J"
			       "c\\x7f"
			       "d\\xc2\\x9b"
			       "e\\xc0\\xaf");
	free(d);
	/* a backslash is told apart from an escaped byte */
	d = cm_utf8_escape("x\\xff");
	assert_string_equal(d, "x\\\\xff");
	free(d);
	assert_true(cm_utf8_valid("caf\xc3\xa9"));
	assert_false(cm_utf8_valid("a\xff"));
}

static void test_str_or_null(void **state)
{
	json_t *v;

	(void)state;
	v = cm_json_str_or_null("cannot read '/tmp/\xff': denied");
	assert_non_null(v);
	assert_string_equal(json_string_value(v),
			    "cannot read '/tmp/\xef\xbf\xbd': denied");
	json_decref(v);
	v = cm_json_str_or_null(NULL);
	assert_true(json_is_null(v));
	json_decref(v);
}

static void roundtrip(const char *bytes, bool b64)
{
	json_t *o = json_object();
	char *back;

	assert_int_equal(cm_json_set_bytes(o, "member", bytes), 0);
	assert_int_equal(json_object_get(o, "member_b64") != NULL, b64);
	assert_non_null(cm_json_get_str(o, "member"));
	back = cm_json_get_bytes(o, "member");
	assert_non_null(back);
	assert_string_equal(back, bytes);
	free(back);
	json_decref(o);
}

static void test_bytes(void **state)
{
	json_t *o;

	(void)state;
	roundtrip("tmp/plain.txt", false);
	roundtrip("tmp/caf\xe9-\xff.txt", true);
	roundtrip("\xff", true);
	roundtrip("\xfe\xff", true);
	roundtrip("\x80\x81\x82", true);
	/* malformed base64 or an embedded NUL is refused */
	o = json_pack("{s:s,s:s}", "member", "x", "member_b64", "AAA");
	assert_null(cm_json_get_bytes(o, "member"));
	json_decref(o);
	o = json_pack("{s:s,s:s}", "member", "x", "member_b64", "YQBi");
	assert_null(cm_json_get_bytes(o, "member"));
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_display),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_str_or_null),
		cmocka_unit_test(test_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
