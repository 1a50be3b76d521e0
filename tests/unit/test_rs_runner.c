// SPDX-License-Identifier: Apache-2.0
/*
 * The runner: dependency order, volatile state before any state-changing
 * step, and the custody journal (intent before a change, result after,
 * a hash chain that verifies), using fake actions swapped into a loaded
 * playbook.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cm_file.h"
#include "cm_journal.h"
#include "cm_time.h"
#include "rs_runner.h"

static char tmp[64];
static int fake_runs;
static char last_event_seen[64];

/* What the journal's last line says at the moment the action runs. */
static void last_event(const char *case_dir, char *out, size_t len)
{
	char path[256], *buf = NULL, *last;
	size_t n;

	snprintf(path, sizeof(path), "%s/custody.jsonl", case_dir);
	out[0] = '\0';
	if (cm_read_file(path, 1 << 20, &buf, &n, NULL))
		return;
	while (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	last = strrchr(buf, '\n');
	{
		json_t *e = json_loads(last ? last + 1 : buf, 0, NULL);

		snprintf(out, len, "%s",
			 json_string_value(json_object_get(e, "event")));
		json_decref(e);
	}
	free(buf);
}

static int fake_run(struct rs_ctx *ctx, const struct rs_step *step,
		    const json_t *with, json_t **outputs, struct cm_err *err)
{
	(void)with;
	(void)err;
	fake_runs++;
	last_event(ctx->case_dir, last_event_seen, sizeof(last_event_seen));
	*outputs = json_pack("{s:s}", "did", step->id);
	return 0;
}

static int fake_fail(struct rs_ctx *ctx, const struct rs_step *step,
		     const json_t *with, json_t **outputs, struct cm_err *err)
{
	(void)ctx;
	(void)step;
	(void)with;
	(void)outputs;
	return cm_err_set(err, -EIO, "simulated failure");
}

static const struct rs_action fake_change = {
	.name = "fake.change",
	.summary = "test",
	.state_changing = true,
	.run = fake_run,
};
static const struct rs_action fake_broken = {
	.name = "fake.broken",
	.summary = "test",
	.run = fake_fail,
};

static const char pbtext[] =
	"schema: sanitas.playbook/1\n"
	"id: order\n"
	"steps:\n"
	"  - {id: contain, action: manual, approval: required, with: {prompt: "
	"a}}\n"
	"  - {id: notes, action: manual, after: [contain], with: {prompt: b}}\n"
	"  - {id: early, action: manual, with: {prompt: c}}\n"
	"  - {id: volatile, action: collect.volatile}\n"
	"  - {id: late, action: manual, after: [volatile, early], with: "
	"{prompt: d}}\n";

static void load(struct rs_playbook *pb)
{
	struct cm_err err;

	cm_err_clear(&err);
	assert_int_equal(rs_playbook_load_mem(pb, "o.yaml", pbtext,
					      strlen(pbtext), &err),
			 0);
}

static size_t pos_of(const struct rs_playbook *pb, const size_t *order,
		     const char *id)
{
	for (size_t i = 0; i < pb->n_steps; i++)
		if (!strcmp(pb->steps[order[i]].id, id))
			return i;
	fail();
	return 0;
}

static void dependency_order_and_volatile_first(void **state)
{
	struct rs_playbook pb;
	struct cm_err err;
	size_t order[5];

	(void)state;
	load(&pb);
	/* without a state-changing step: file order among ready steps */
	assert_int_equal(rs_order(&pb, order, &err), 0);
	assert_int_equal(pos_of(&pb, order, "contain"), 0);
	assert_int_equal(pos_of(&pb, order, "notes"), 1);
	assert_true(pos_of(&pb, order, "late") >
		    pos_of(&pb, order, "volatile"));
	assert_true(pos_of(&pb, order, "late") > pos_of(&pb, order, "early"));
	/* make 'contain' change state: it must wait for volatile */
	pb.steps[0].act = &fake_change;
	assert_int_equal(rs_order(&pb, order, &err), 0);
	assert_true(pos_of(&pb, order, "contain") >
		    pos_of(&pb, order, "volatile"));
	assert_true(pos_of(&pb, order, "notes") >
		    pos_of(&pb, order, "contain"));
	assert_int_equal(pos_of(&pb, order, "early"), 0);
	rs_playbook_release(&pb);
}

static int count_events(const char *case_dir, const char *event,
			const char *step)
{
	char path[256], *buf = NULL, *line, *save = NULL;
	size_t n;
	int count = 0;

	snprintf(path, sizeof(path), "%s/custody.jsonl", case_dir);
	assert_int_equal(cm_read_file(path, 1 << 20, &buf, &n, NULL), 0);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		json_t *e = json_loads(line, 0, NULL);
		const char *ev = json_string_value(json_object_get(e, "event"));
		const char *st = json_string_value(
			json_object_get(json_object_get(e, "details"), "step"));

		if (ev && !strcmp(ev, event) &&
		    (!step || (st && !strcmp(st, step))))
			count++;
		json_decref(e);
	}
	free(buf);
	return count;
}

static void journal_intent_result_and_chain(void **state)
{
	struct rs_playbook pb;
	struct rs_run_opts o = {0};
	struct cm_err err;
	char case_dir[128], jpath[160];
	const char *approve[] = {"contain"};
	json_t *inputs = json_object();
	uint64_t bad = 0;

	(void)state;
	load(&pb);
	pb.steps[0].act = &fake_change;
	snprintf(case_dir, sizeof(case_dir), "%s/case1", tmp);
	o.case_dir = case_dir;
	o.root = "/";
	o.actor = "tester";
	o.assume_yes = true; /* the manual steps */
	o.approve = approve;
	o.n_approve = 1;
	fake_runs = 0;
	cm_err_clear(&err);
	assert_int_equal(rs_run(&pb, pbtext, strlen(pbtext), inputs, &o, &err),
			 0);
	assert_int_equal(fake_runs, 1);
	/* the intent was on disk before the action acted */
	assert_string_equal(last_event_seen, "step.intent");
	assert_int_equal(count_events(case_dir, "step.intent", "contain"), 1);
	assert_int_equal(count_events(case_dir, "step.approval", "contain"), 1);
	assert_int_equal(count_events(case_dir, "step.intent", "notes"), 0);
	assert_int_equal(count_events(case_dir, "step.start", NULL), 5);
	assert_int_equal(count_events(case_dir, "step.result", NULL), 5);
	assert_int_equal(count_events(case_dir, "run.start", NULL), 1);
	assert_int_equal(count_events(case_dir, "run.end", NULL), 1);
	snprintf(jpath, sizeof(jpath), "%s/custody.jsonl", case_dir);
	assert_int_equal(cm_journal_verify(jpath, &bad, &err), 0);
	{
		struct stat st;
		char sums[200];

		snprintf(sums, sizeof(sums), "%s/SHA256SUMS", case_dir);
		assert_int_equal(stat(sums, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
		assert_int_equal(stat(case_dir, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0700);
	}
	/* a case directory is never reused */
	assert_int_equal(rs_run(&pb, pbtext, strlen(pbtext), inputs, &o, &err),
			 -EEXIST);
	json_decref(inputs);
	rs_playbook_release(&pb);
}

static void failure_policy(void **state)
{
	struct rs_playbook pb;
	struct rs_run_opts o = {0};
	struct cm_err err;
	char case_dir[128];
	json_t *inputs = json_object();

	(void)state;
	load(&pb);
	/* 'early' fails with on_failure abort: the rest is not run */
	pb.steps[2].act = &fake_broken;
	snprintf(case_dir, sizeof(case_dir), "%s/case2", tmp);
	o.case_dir = case_dir;
	o.root = "/";
	o.actor = "tester";
	o.assume_yes = true;
	assert_int_equal(rs_run(&pb, pbtext, strlen(pbtext), inputs, &o, &err),
			 1);
	assert_int_equal(count_events(case_dir, "step.start", NULL), 3);
	assert_int_equal(count_events(case_dir, "step.result", "late"), 1);
	rs_playbook_release(&pb);
	/* with on_failure: continue, independent steps still run */
	load(&pb);
	pb.steps[2].act = &fake_broken;
	pb.steps[2].on_failure = RS_ON_FAILURE_CONTINUE;
	snprintf(case_dir, sizeof(case_dir), "%s/case3", tmp);
	o.case_dir = case_dir;
	assert_int_equal(rs_run(&pb, pbtext, strlen(pbtext), inputs, &o, &err),
			 1);
	/* contain, notes, early, volatile start; late depends on early */
	assert_int_equal(count_events(case_dir, "step.start", NULL), 4);
	json_decref(inputs);
	rs_playbook_release(&pb);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmp, sizeof(tmp), "/tmp/rs-runner-XXXXXX");
	assert_non_null(mkdtemp(tmp));
	return 0;
}

static int rm_one(const char *path, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	(void)state;
	nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dependency_order_and_volatile_first),
		cmocka_unit_test(journal_intent_result_and_chain),
		cmocka_unit_test(failure_policy),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
