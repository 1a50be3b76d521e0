// SPDX-License-Identifier: Apache-2.0
/* Unit tests of the playbook loader and its checks. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "playbook/inputs.h"
#include "playbook/playbook.h"
#include "rs_util.h"

static const char good[] =
	"schema: sanitas.playbook/1\n"
	"id: portal-triage\n"
	"title: Patient-portal triage\n"
	"inputs:\n"
	"  incident_id: {type: string, required: true}\n"
	"  discovered_at: {type: datetime, required: true}\n"
	"  limit: {type: integer, default: 5}\n"
	"  by_state: {type: map, default: {}}\n"
	"  extra: {type: list}\n"
	"steps:\n"
	"  - id: volatile\n"
	"    action: collect.volatile\n"
	"  - id: logs\n"
	"    action: collect.files\n"
	"    after: [volatile]\n"
	"    timeout: 10m\n"
	"    on_failure: continue\n"
	"    phase: Detect\n"
	"    with: {paths: [\"/var/log/**\"], max_file_size: 100M}\n"
	"  - id: attest\n"
	"    action: manual\n"
	"    after: logs\n"
	"    approval: required\n"
	"    when: \"${inputs.limit} == 5\"\n"
	"    with: {prompt: \"logs at ${steps.logs.outputs.archive}\"}\n";

static void loads_design_example(void **state)
{
	struct rs_playbook pb;
	struct cm_err err;
	const struct rs_step *s;

	(void)state;
	cm_err_clear(&err);
	assert_int_equal(
		rs_playbook_load_mem(&pb, "p.yaml", good, strlen(good), &err),
		0);
	assert_string_equal(pb.id, "portal-triage");
	assert_string_equal(pb.title, "Patient-portal triage");
	assert_int_equal(pb.n_inputs, 5);
	assert_int_equal(pb.inputs[0].type, RS_P_STRING);
	assert_true(pb.inputs[0].required);
	assert_int_equal(pb.inputs[1].type, RS_P_DATETIME);
	assert_int_equal(json_integer_value(pb.inputs[2].def), 5);
	assert_int_equal(pb.n_steps, 3);
	s = rs_playbook_step(&pb, "logs");
	assert_non_null(s);
	assert_ptr_equal(s->act, rs_action_find("collect.files"));
	assert_int_equal(s->timeout, 600);
	assert_int_equal(s->on_failure, RS_ON_FAILURE_CONTINUE);
	assert_string_equal(s->phase, "detect");
	assert_int_equal(s->n_after, 1);
	assert_string_equal(s->after[0], "volatile");
	assert_int_equal(s->pos.line, 13);
	assert_int_equal(s->pos.col, 9);
	assert_int_equal(rs_step_with_pos(s, "max_file_size").line, 19);
	s = rs_playbook_step(&pb, "attest");
	assert_true(s->approval);
	assert_string_equal(s->after[0], "logs");
	assert_string_equal(s->when, "${inputs.limit} == 5");
	assert_int_equal(strlen(pb.sha256), 64);
	rs_playbook_release(&pb);
}

static void input_values(void **state)
{
	struct rs_playbook pb;
	struct cm_err err;
	json_t *sets = json_object(), *in = NULL;

	(void)state;
	cm_err_clear(&err);
	assert_int_equal(
		rs_playbook_load_mem(&pb, "p.yaml", good, strlen(good), &err),
		0);
	/* required input missing: named with its position */
	assert_int_equal(rs_playbook_inputs(&pb, sets, &in, &err), -EINVAL);
	assert_int_equal(cm_err_kind(&err), CM_ERR_DATAERR);
	assert_non_null(strstr(err.msg, "p.yaml:5:3: input 'incident_id' is "
					"required"));
	assert_int_equal(rs_set_parse(sets, "incident_id=IR-1", &err), 0);
	assert_int_equal(
		rs_set_parse(sets, "discovered_at=2027-01-15T09:00:00Z", &err),
		0);
	assert_int_equal(rs_set_parse(sets, "limit=12", &err), 0);
	assert_int_equal(
		rs_set_parse(sets, "by_state={US-CA: 812, TX: 3}", &err), 0);
	assert_int_equal(rs_set_parse(sets, "extra=[a, 2, true]", &err), 0);
	assert_int_equal(rs_playbook_inputs(&pb, sets, &in, &err), 0);
	assert_int_equal(json_integer_value(json_object_get(in, "limit")), 12);
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(in, "by_state"), "US-CA")),
			 812);
	assert_true(
		json_is_true(json_array_get(json_object_get(in, "extra"), 2)));
	json_decref(in);
	in = NULL;
	assert_int_equal(rs_set_parse(sets, "limit=lots", &err), 0);
	assert_int_equal(rs_playbook_inputs(&pb, sets, &in, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "must be an integer"));
	assert_int_equal(rs_set_parse(sets, "limit=1", &err), 0);
	assert_int_equal(rs_set_parse(sets, "discovered_at=soon", &err), 0);
	assert_int_equal(rs_playbook_inputs(&pb, sets, &in, &err), -EINVAL);
	assert_int_equal(rs_set_parse(sets, "discovered_at=2027-01-15", &err),
			 0);
	assert_int_equal(rs_set_parse(sets, "incidnet_id=x", &err), 0);
	assert_int_equal(rs_playbook_inputs(&pb, sets, &in, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "did you mean 'incident_id'?"));
	assert_int_equal(rs_set_parse(sets, "novalue", &err), -EINVAL);
	assert_int_equal(cm_err_kind(&err), CM_ERR_USAGE);
	json_decref(sets);
	rs_playbook_release(&pb);
}

/* Load @text; expect failure at @pos with @text2 in the message. */
static void bad(const char *text, const char *pos, const char *want)
{
	struct rs_playbook pb;
	struct cm_err err;
	char prefix[64];

	cm_err_clear(&err);
	assert_int_equal(
		rs_playbook_load_mem(&pb, "b.yaml", text, strlen(text), &err),
		-EBADMSG);
	assert_int_equal(cm_err_kind(&err), CM_ERR_DATAERR);
	snprintf(prefix, sizeof(prefix), "b.yaml:%s: ", pos);
	if (strncmp(err.msg, prefix, strlen(prefix)) || !strstr(err.msg, want))
		fail_msg("got '%s', want '%s' + '%s'", err.msg, prefix, want);
}

#define HEAD "schema: sanitas.playbook/1\nid: t\n"

static void errors_name_position_and_fix(void **state)
{
	(void)state;
	bad(HEAD "stesp: []\n", "3:1", "did you mean 'steps'?");
	bad(HEAD "steps:\n  - {id: a, action: manul}\n", "4:21",
	    "did you mean 'manual'?");
	bad(HEAD "steps:\n  - {id: a, action: manual, with: {promt: x}}\n",
	    "4:36", "did you mean 'prompt'?");
	bad(HEAD "steps:\n  - {id: a, action: manual, after: [b], with: "
		 "{prompt: x}}\n  - {id: b, action: manual, after: [a], with: "
		 "{prompt: x}}\n",
	    "4:36", "cycle a -> b -> a");
	bad(HEAD "steps:\n  - {id: a, action: collect.files, with: {paths: "
		 "[/x], max_depth: deep}}\n",
	    "4:67", "'with.max_depth' must be an integer");
	bad(HEAD "steps:\n  - {id: a, action: manual, with: {prompt: "
		 "\"${inputs.x}\"}}\n",
	    "4:35", "unknown input 'x'");
	bad(HEAD "inputs: {n: {type: integer, default: x}}\nsteps: [{id: a, "
		 "action: manual, with: {prompt: p}}]\n",
	    "3:38", "not an integer");
	bad("a: [b\n", "2:1", "YAML syntax");
	bad("", "1:1", "empty playbook");
}

static void caps_and_bombs(void **state)
{
	struct rs_playbook pb;
	struct cm_err err;
	size_t big = RS_PLAYBOOK_MAX + 1;
	char *buf = malloc(big + 1);
	char deep[400];

	(void)state;
	memset(buf, '#', big);
	buf[big] = '\0';
	assert_int_equal(rs_playbook_load_mem(&pb, "big.yaml", buf, big, &err),
			 -EBADMSG);
	assert_non_null(strstr(err.msg, "split the playbook"));
	free(buf);
	/* expanded while converting 'with': stopped at the node cap */
	bad(HEAD "steps:\n- id: s\n  action: manual\n  with:\n"
		 "    prompt: x\n"
		 "    a: &a [x, x, x, x, x, x, x, x, x, x]\n"
		 "    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		 "    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		 "    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		 "    e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
		 "    f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
	    "8:36", "alias bombs");
	memset(deep, '[', 100);
	deep[100] = '\0';
	{
		char text[600];

		snprintf(text, sizeof(text),
			 HEAD "steps: [{id: a, action: manual, with: {prompt: "
			      "x, more: %s}}]\n",
			 deep);
		cm_err_clear(&err);
		assert_int_equal(rs_playbook_load_mem(&pb, "d.yaml", text,
						      strlen(text), &err),
				 -EBADMSG);
	}
}

static void helpers(void **state)
{
	uint64_t sz;
	unsigned secs;
	const char *c[] = {"paths", "exclude", "max_depth"};

	(void)state;
	assert_int_equal(rs_parse_size("100M", &sz), 0);
	assert_true(sz == 100ULL << 20);
	assert_int_equal(rs_parse_size("2G", &sz), 0);
	assert_true(sz == 2ULL << 30);
	assert_int_equal(rs_parse_size("1KiB", &sz), 0);
	assert_true(sz == 1024);
	assert_int_equal(rs_parse_size("12", &sz), 0);
	assert_int_equal(rs_parse_size("huge", &sz), -EINVAL);
	assert_int_equal(rs_parse_size("1Q", &sz), -EINVAL);
	assert_int_equal(rs_parse_size("99999999999T", &sz), -EINVAL);
	assert_int_equal(rs_parse_duration("90s", &secs), 0);
	assert_int_equal(secs, 90);
	assert_int_equal(rs_parse_duration("2h", &secs), 0);
	assert_int_equal(secs, 7200);
	assert_int_equal(rs_parse_duration("soon", &secs), -EINVAL);
	assert_string_equal(rs_did_you_mean("pahts", c, 3), "paths");
	assert_string_equal(rs_did_you_mean("max_dept", c, 3), "max_depth");
	assert_null(rs_did_you_mean("colour", c, 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loads_design_example),
		cmocka_unit_test(input_values),
		cmocka_unit_test(errors_name_position_and_fix),
		cmocka_unit_test(caps_and_bombs),
		cmocka_unit_test(helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
