// SPDX-License-Identifier: Apache-2.0
/* Unit tests of ${...} substitution. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rs_subst.h"

static json_t *inputs, *outputs;

static int setup(void **state)
{
	(void)state;
	inputs = json_pack("{s:s,s:i,s:b,s:[s,s],s:{s:i},s:n}", "id", "IR-7",
			   "n", 42, "deep", 1, "paths", "/a", "/b", "m", "k", 1,
			   "none");
	outputs = json_pack("{s:{s:s,s:i}}", "logs", "archive",
			    "evidence/logs.tar.zst", "files", 3);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	json_decref(inputs);
	json_decref(outputs);
	return 0;
}

static json_t *sub(const char *s, int *rc)
{
	json_t *in = json_string(s), *out = NULL;
	struct cm_err err;

	cm_err_clear(&err);
	*rc = rs_subst(in, inputs, outputs, &out, &err);
	json_decref(in);
	return out;
}

static void whole_reference_keeps_type(void **state)
{
	int rc;
	json_t *v;

	(void)state;
	v = sub("${inputs.n}", &rc);
	assert_int_equal(rc, 0);
	assert_true(json_is_integer(v) && json_integer_value(v) == 42);
	json_decref(v);
	v = sub("${inputs.paths}", &rc);
	assert_true(json_is_array(v) && json_array_size(v) == 2);
	json_decref(v);
	v = sub("${inputs.deep}", &rc);
	assert_true(json_is_true(v));
	json_decref(v);
	v = sub("${steps.logs.outputs.files}", &rc);
	assert_int_equal(json_integer_value(v), 3);
	json_decref(v);
}

static void embedded_references_stringify(void **state)
{
	int rc;
	json_t *v;

	(void)state;
	v = sub("case ${inputs.id}: ${inputs.n} ${inputs.deep} "
		"${inputs.paths} ${inputs.m} at ${steps.logs.outputs.archive}",
		&rc);
	assert_int_equal(rc, 0);
	assert_string_equal(json_string_value(v),
			    "case IR-7: 42 true [\"/a\",\"/b\"] {\"k\":1} at "
			    "evidence/logs.tar.zst");
	json_decref(v);
}

static void data_only_never_reinterpreted(void **state)
{
	int rc;
	json_t *v, *in2 = json_pack("{s:s}", "x", "${inputs.id}; rm -rf /");

	(void)state;
	/* a value that itself looks like a reference is not expanded again */
	json_decref(inputs);
	inputs = json_pack("{s:s,s:i}", "id", "${inputs.n}", "n", 1);
	v = sub("${inputs.id}", &rc);
	assert_string_equal(json_string_value(v), "${inputs.n}");
	json_decref(v);
	v = sub("$${inputs.id} and $5", &rc);
	assert_string_equal(json_string_value(v), "${inputs.id} and $5");
	json_decref(v);
	json_decref(in2);
}

static void errors(void **state)
{
	int rc;
	json_t *v;

	(void)state;
	v = sub("${inputs.missing}", &rc);
	assert_int_equal(rc, -ENOENT);
	assert_null(v);
	v = sub("x ${inputs.none} y", &rc);
	assert_int_equal(rc, -ENOENT);
	v = sub("${steps.logs.outputs.nope}", &rc);
	assert_int_equal(rc, -ENOENT);
	v = sub("${inputs}", &rc);
	assert_int_equal(rc, -EINVAL);
	v = sub("${inputs.id", &rc);
	assert_int_equal(rc, -EINVAL);
	v = sub("${steps.a.b.c}", &rc);
	assert_int_equal(rc, -EINVAL);
}

static void nested_values(void **state)
{
	json_t *in = json_pack("{s:[s,s],s:{s:s}}", "paths", "${inputs.id}",
			       "/x/${inputs.n}", "m", "k", "${inputs.deep}");
	json_t *out = NULL;
	struct cm_err err;

	(void)state;
	assert_int_equal(rs_subst(in, inputs, outputs, &out, &err), 0);
	assert_string_equal(json_string_value(json_array_get(
				    json_object_get(out, "paths"), 1)),
			    "/x/42");
	assert_true(
		json_is_true(json_object_get(json_object_get(out, "m"), "k")));
	json_decref(in);
	json_decref(out);
}

static bool when(const char *w, int *rc)
{
	bool r = false;
	struct cm_err err;

	*rc = rs_when_eval(w, inputs, outputs, &r, &err);
	return r;
}

static void conditions(void **state)
{
	int rc;

	(void)state;
	assert_true(when("${inputs.deep}", &rc));
	assert_int_equal(rc, 0);
	assert_true(when("${inputs.id} == IR-7", &rc));
	assert_false(when("${inputs.id} != IR-7", &rc));
	assert_true(when("${inputs.n} == 42", &rc));
	assert_false(when("false", &rc));
	when("${inputs.n}", &rc);
	assert_int_equal(rc, -EINVAL);
	when("maybe", &rc);
	assert_int_equal(rc, -EINVAL);
}

static int count_ref(const struct rs_ref *r, void *arg)
{
	(void)r;
	(*(int *)arg)++;
	return 0;
}

static void reference_scan(void **state)
{
	struct rs_ref r;
	int n = 0;

	(void)state;
	assert_int_equal(
		rs_refs_each("a ${inputs.x} $${y} ${steps.s.outputs.k}",
			     count_ref, &n, NULL),
		0);
	assert_int_equal(n, 2);
	assert_true(rs_ref_whole("${steps.s-1.outputs.k_2}", &r));
	assert_int_equal(r.kind, RS_REF_STEP_OUTPUT);
	assert_string_equal(r.name, "s-1");
	assert_string_equal(r.key, "k_2");
	assert_false(rs_ref_whole("${inputs.x} ", &r));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_reference_keeps_type),
		cmocka_unit_test(embedded_references_stringify),
		cmocka_unit_test(nested_values),
		cmocka_unit_test(conditions),
		cmocka_unit_test(reference_scan),
		cmocka_unit_test(errors),
		cmocka_unit_test(data_only_never_reinterpreted),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
