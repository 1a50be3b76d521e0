/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fixture of the notification unit tests (test_notify.c,
 * test_notify_rules.c): facts parsed from JSON text and assessed, a
 * decision by rule id, and the check of one decision's applicability and
 * due date. Included after cmocka.h and the notify headers.
 */
#ifndef SANITAS_TEST_NOTIFY_FIXTURE_H
#define SANITAS_TEST_NOTIFY_FIXTURE_H

struct fixture {
	json_t *in;
	struct rs_facts f;
	struct rs_assessment a;
};

static inline void load(struct fixture *x, const char *text)
{
	struct cm_err err = {0};
	json_error_t je;

	x->in = json_loads(text, 0, &je);
	assert_non_null(x->in);
	assert_int_equal(rs_facts_init(&x->f, x->in, &err), 0);
	assert_int_equal(rs_assess(&x->f, NULL, &x->a, &err), 0);
}

static inline void unload(struct fixture *x)
{
	rs_assessment_release(&x->a);
	rs_facts_release(&x->f);
	json_decref(x->in);
}

static inline const struct rs_decision *dec(const struct fixture *x,
					    const char *id)
{
	for (size_t i = 0; i < x->a.n; i++)
		if (!strcmp(x->a.d[i].rule->id, id))
			return &x->a.d[i];
	fail_msg("no decision %s", id);
	return NULL;
}

static inline void expect(const struct fixture *x, const char *id,
			  enum rs_app app, const char *due)
{
	const struct rs_decision *d = dec(x, id);

	print_message("%s: %s (%s) %s\n", id, rs_app_name(d->app),
		      d->dl.due_str, d->reason);
	assert_int_equal(d->app, app);
	assert_true(strlen(d->reason) > 20);
	if (due)
		assert_string_equal(d->dl.due_str, due);
}

#endif
