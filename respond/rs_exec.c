// SPDX-License-Identifier: Apache-2.0
/*
 * Running the steps: dependencies and conditions, approval, the action
 * (or its resume), each result journaled; then case.json, report.md and
 * the seal.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cm_path.h"
#include "cm_journal.h"
#include "cm_hook.h"
#include "cm_json.h"
#include "cm_time.h"
#include "rs_case.h"
#include "rs_exec.h"
#include "rs_report.h"
#include "rs_runner.h"
#include "rs_subst.h"

static void now(char *buf)
{
	cm_time_rfc3339(cm_time_now(), buf);
}

int rs_exec_journal(struct rs_exec *x, const char *event, json_t *details,
		    struct cm_err *err)
{
	int rc = cm_journal_append(&x->j, x->o->actor, event, details, err);

	json_decref(details);
	return rc;
}

static void note(struct rs_exec *x, const char *step, const char *status,
		 const char *detail)
{
	if (x->o->note)
		x->o->note(x->o->note_cookie, step, status, detail);
}

static bool listed(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

/* 0 approved (*via set), 1 not approved. */
static int approve(struct rs_exec *x, const struct rs_step *s, const char **via)
{
	char q[512], a[64];

	if (listed(x->o->approve, x->o->n_approve, s->id)) {
		*via = "--approve";
		return 0;
	}
	if (x->o->assume_yes) {
		*via = "--yes";
		return 0;
	}
	if (!x->o->ask)
		return 1;
	snprintf(q, sizeof(q), "approve step '%s' (%s)? [y/N] ", s->id,
		 s->action);
	if (x->o->ask(x->o->ask_cookie, q, a, sizeof(a)))
		return 1;
	if (!strcasecmp(a, "y") || !strcasecmp(a, "yes")) {
		*via = "terminal";
		return 0;
	}
	return 1;
}

/*
 * Remove what an interrupted collection of @id may have left: the .part
 * files, and with @all the finished archive and manifest too (a step about
 * to run again).
 */
static void clear_evidence(const char *case_dir, const char *id, bool all)
{
	static const char *const suffixes[] = {
		".tar.zst",	  ".manifest",	  ".tar.zst.part",
		".manifest.part", ".stdout.part", ".stderr.part"};

	for (size_t i = all ? 0 : 2; i < sizeof(suffixes) / sizeof(suffixes[0]);
	     i++) {
		char rel[PATH_MAX];
		char *p;

		snprintf(rel, sizeof(rel), "evidence/%s%s", id, suffixes[i]);
		p = cm_path_join(case_dir, rel);
		if (p)
			unlink(p);
		free(p);
	}
}

static int record_result(struct rs_exec *x, const struct rs_step *s,
			 struct rs_st *st, const char *status, json_t *outputs,
			 const char *error, struct cm_err *err)
{
	json_t *d;

	st->status = status;
	now(st->finished);
	if (!st->started[0])
		memcpy(st->started, st->finished, sizeof(st->started));
	json_decref(st->outputs);
	st->outputs = outputs ? outputs : json_object();
	free(st->error);
	st->error = error ? strdup(error) : NULL;
	if (!strcmp(status, "ok"))
		json_object_set(x->outputs, s->id, st->outputs);
	d = json_pack("{s:s,s:s,s:s,s:s,s:s,s:O,s:o}", "step", s->id, "action",
		      s->action, "status", status, "started", st->started,
		      "finished", st->finished, "outputs", st->outputs, "error",
		      cm_json_str_or_null(error));
	note(x, s->id, status, error);
	return rs_exec_journal(x, "step.result", d, err);
}

static bool succeeded(const char *status)
{
	return status && (!strcmp(status, "ok") || !strcmp(status, "skipped") ||
			  !strcmp(status, "not_applicable"));
}

/*
 * Run one step. Returns 0 when the run may go on, 1 when it must stop
 * (failure with on_failure: abort), <0 on journal or interruption errors.
 */
static int run_step(struct rs_exec *x, const struct rs_step *s,
		    struct cm_err *err)
{
	struct rs_st *st = &x->st[s->index];
	struct rs_ctx ctx = {0};
	json_t *with = NULL, *outputs = NULL;
	struct cm_err se;
	const char *via;
	char msg[CM_ERR_MSG_MAX + 64];
	int rc;

	cm_err_clear(&se);
	st->started[0] = '\0';
	for (size_t a = 0; a < s->n_after; a++) {
		const struct rs_step *d = rs_playbook_step(x->pb, s->after[a]);

		if (d && !succeeded(x->st[d->index].status)) {
			snprintf(msg, sizeof(msg),
				 "dependency '%s' did not succeed (%s)", d->id,
				 x->st[d->index].status ? x->st[d->index].status
							: "not run");
			return record_result(x, s, st, "not_run", NULL, msg,
					     err);
		}
	}
	if (s->when) {
		bool yes = false;

		if (rs_when_eval(s->when, x->inputs, x->outputs, &yes, &se)) {
			rc = record_result(x, s, st, "failed", NULL, se.msg,
					   err);
			return rc ? rc : s->on_failure == RS_ON_FAILURE_ABORT;
		}
		if (!yes) {
			snprintf(msg, sizeof(msg), "condition '%s' is false",
				 s->when);
			return record_result(x, s, st, "skipped", NULL, msg,
					     err);
		}
	}
	if (rs_subst(s->with, x->inputs, x->outputs, &with, &se)) {
		rc = record_result(x, s, st, "failed", NULL, se.msg, err);
		return rc ? rc : s->on_failure == RS_ON_FAILURE_ABORT;
	}
	if (s->approval || (s->act && s->act->state_changing)) {
		if (approve(x, s, &via)) {
			json_decref(with);
			rc = record_result(
				x, s, st, "not_approved", NULL,
				"approval required and not given (use --approve STEP, --yes or a terminal)",
				err);
			return rc ? rc : s->on_failure == RS_ON_FAILURE_ABORT;
		}
		if ((rc = rs_exec_journal(x, "step.approval",
					  json_pack("{s:s,s:s,s:s}", "step",
						    s->id, "approved_by",
						    x->o->actor, "via", via),
					  err)))
			goto out;
	}
	st->attempts++;
	now(st->started);
	json_decref(st->params);
	st->params = json_incref(with);
	note(x, s->id, "start", s->action);
	if ((rc = rs_exec_journal(x, "step.start",
				  json_pack("{s:s,s:s,s:O,s:i}", "step", s->id,
					    "action", s->action, "params", with,
					    "attempt", (int)st->attempts),
				  err)))
		goto out;
	ctx.case_dir = x->o->case_dir;
	ctx.root = x->o->root;
	ctx.dead_box = x->o->dead_box;
	ctx.inputs = x->inputs;
	ctx.identity = x->o->identity;
	ctx.journal = &x->j;
	ctx.actor = x->o->actor;
	ctx.deadline = s->timeout ? cm_time_mono() + s->timeout : 0;
	ctx.assume_yes = x->o->assume_yes;
	ctx.ask = x->o->ask;
	ctx.ask_cookie = x->o->ask_cookie;
	ctx.interrupted = x->o->interrupted;
	ctx.age = x->o->age && x->o->age->n ? x->o->age
		  : x->age.n		    ? &x->age
					    : NULL;
	if (s->act->collects)
		clear_evidence(x->o->case_dir, s->id, true);
	if (st->interrupted && st->intent && s->act->resume) {
		rc = s->act->resume(&ctx, s, with, st->intent, &outputs, &se);
	} else {
		if (s->act->state_changing &&
		    (rc = rs_exec_journal(x, "step.intent",
					  json_pack("{s:s,s:s,s:O}", "step",
						    s->id, "action", s->action,
						    "params", with),
					  err)))
			goto out;
		/* test hooks: the action fails and says nothing */
		if (cm_hook_fail(s->id))
			rc = -EIO;
		else
			rc = s->act->run(&ctx, s, with, &outputs, &se);
	}
	if (rc == -EINTR || (x->o->interrupted && *x->o->interrupted)) {
		/* leave the step open in the journal: resume redoes it */
		json_decref(outputs);
		rc = cm_err_setk(
			err, -EINTR, CM_ERR_INTERRUPTED,
			"interrupted during step '%s'; finish with 'respond resume --case %s'",
			s->id, x->o->case_dir);
		goto out;
	}
	if (rc == RS_NOT_APPLICABLE) {
		rc = record_result(x, s, st, "not_applicable", outputs, se.msg,
				   err);
	} else if (rc) {
		json_decref(outputs);
		if (rc == -ETIMEDOUT)
			snprintf(msg, sizeof(msg), "timed out: %s", se.msg);
		else if (se.msg[0])
			snprintf(msg, sizeof(msg), "%s", se.msg);
		else /* never an empty reason in the journal and report */
			snprintf(msg, sizeof(msg), "%s failed: %s", s->action,
				 rc < 0 ? strerror(-rc) : "no reason given");
		/* a finished archive of a failed step stays, listed and
		 * sealed: it is what was collected before the failure */
		if (s->act->collects)
			clear_evidence(x->o->case_dir, s->id, false);
		rc = record_result(x, s, st, "failed", NULL, msg, err);
		if (!rc)
			rc = s->on_failure == RS_ON_FAILURE_ABORT;
	} else {
		rc = record_result(x, s, st, "ok", outputs, NULL, err);
	}
out:
	json_decref(with);
	return rc;
}

static json_t *case_json(struct rs_exec *x, const char *status)
{
	json_t *steps = json_array(), *c;
	char fin[CM_RFC3339_LEN];

	now(fin);
	for (size_t i = 0; i < x->pb->n_steps; i++) {
		const struct rs_step *s = &x->pb->steps[i];
		const struct rs_st *st = &x->st[i];

		json_array_append_new(
			steps,
			json_pack(
				"{s:s,s:s,s:o,s:s,s:o,s:o,s:O,s:o}", "id",
				s->id, "action", s->action, "phase",
				cm_json_str_or_null(s->phase), "status",
				st->status ? st->status : "not_run", "started",
				cm_json_str_or_null(st->started[0] ? st->started
								   : NULL),
				"finished",
				cm_json_str_or_null(
					st->finished[0] ? st->finished : NULL),
				"outputs",
				st->outputs ? st->outputs : json_null(),
				"error", cm_json_str_or_null(st->error)));
	}
	c = json_pack(
		"{s:s,s:O,s:O,s:{s:O,s:O,s:O,s:O},s:s,s:O,s:O,s:s,s:s,s:o}",
		"schema", RS_CASE_SCHEMA, "playbook",
		json_object_get(x->start, "playbook"), "inputs", x->inputs,
		"host", "root", json_object_get(x->start, "root"), "dead_box",
		json_object_get(x->start, "dead_box"), "collector",
		json_object_get(x->start, "collector"), "started",
		json_object_get(x->start, "started"), "operator", x->o->actor,
		"identity", json_object_get(x->start, "identity"), "options",
		json_object_get(x->start, "options"), "finished", fin, "status",
		status, "steps", steps);
	return c;
}

int rs_exec_finish(struct rs_exec *x, struct cm_err *err)
{
	json_t *summary = json_object(), *cj = NULL;
	bool failed = false;
	char *txt = NULL;
	int rc;

	for (size_t i = 0; i < x->pb->n_steps; i++) {
		const char *s = x->st[i].status ? x->st[i].status : "not_run";

		json_object_set_new(summary, x->pb->steps[i].id,
				    json_string(s));
		if (!succeeded(s))
			failed = true;
	}
	if (!x->ended &&
	    (rc = rs_exec_journal(x, "run.end",
				  json_pack("{s:s,s:o}", "status",
					    failed ? "failed" : "complete",
					    "steps", summary),
				  err)))
		return rc;
	cm_journal_close(&x->j);
	x->j_open = false;
	cj = case_json(x, failed ? "failed" : "complete");
	if (!cj)
		return cm_err_set(err, -ENOMEM, "out of memory");
	txt = cm_json_dumps(cj);
	rc = txt ? rs_case_write(x->o->case_dir, "case.json", txt, strlen(txt),
				 err)
		 : cm_err_set(err, -ENOMEM, "out of memory");
	free(txt);
	txt = NULL;
	if (!rc) {
		txt = rs_report_md(cj);
		rc = txt ? rs_case_write(x->o->case_dir, "report.md", txt,
					 strlen(txt), err)
			 : cm_err_set(err, -ENOMEM, "out of memory");
	}
	free(txt);
	json_decref(cj);
	if (!rc) {
		/* archives were hashed as they were written: not read again */
		json_t *known = json_object();

		for (size_t i = 0; known && i < x->pb->n_steps; i++) {
			const char *a =
				cm_json_get_str(x->st[i].outputs, "archive");
			const char *h = cm_json_get_str(x->st[i].outputs,
							"archive_sha256");

			if (a && h)
				json_object_set_new(known, a, json_string(h));
		}
		rc = rs_case_seal(x->o->case_dir, x->o->identity, known, err);
		json_decref(known);
	}
	return rc ? rc : failed ? 1 : 0;
}

int rs_exec_steps(struct rs_exec *x, struct cm_err *err)
{
	size_t *order = calloc(x->pb->n_steps, sizeof(*order));
	bool stop = false;
	int rc;

	if (!order)
		return cm_err_set(err, -ENOMEM, "out of memory");
	if ((rc = rs_order(x->pb, order, err)))
		goto out;
	for (size_t k = 0; k < x->pb->n_steps; k++) {
		const struct rs_step *s = &x->pb->steps[order[k]];
		struct rs_st *st = &x->st[s->index];

		if (st->status)
			continue; /* completed before an interruption */
		if (stop) {
			rc = record_result(
				x, s, st, "not_run", NULL,
				"an earlier step failed with on_failure: abort",
				err);
		} else {
			rc = run_step(x, s, err);
			if (rc == 1) {
				stop = true;
				rc = 0;
			}
		}
		if (rc)
			goto out;
	}
	rc = rs_exec_finish(x, err);
out:
	free(order);
	return rc;
}

void rs_exec_release(struct rs_exec *x)
{
	if (x->j_open)
		cm_journal_close(&x->j);
	for (size_t i = 0; x->st && i < x->pb->n_steps; i++) {
		json_decref(x->st[i].outputs);
		json_decref(x->st[i].params);
		json_decref(x->st[i].intent);
		free(x->st[i].error);
	}
	free(x->st);
	json_decref(x->outputs);
	json_decref(x->start);
	cm_age_recipients_release(&x->age);
}
