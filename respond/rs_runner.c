// SPDX-License-Identifier: Apache-2.0
/*
 * The runner: orders the steps, runs them into a case with the custody
 * journal, seals the case.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cm_path.h"
#include "cm_file.h"
#include "cm_journal.h"
#include "cm_json.h"
#include "cm_time.h"
#include "rs_case.h"
#include "rs_evidence.h"
#include "rs_report.h"
#include "rs_runner.h"
#include "rs_subst.h"
#include "rs_util.h"

#define RS_JOURNAL_MAX ((size_t)1 << 30)

struct rs_st {
	const char *status; /* NULL: not yet run; else a static string */
	json_t *outputs;
	json_t *params;
	char *error;
	char started[CM_RFC3339_LEN], finished[CM_RFC3339_LEN];
	bool interrupted;
	json_t *intent;
	unsigned attempts;
};

struct rs_exec {
	const struct rs_playbook *pb;
	const json_t *inputs;
	const struct rs_run_opts *o;
	struct cm_journal j;
	bool j_open;
	struct rs_st *st;
	json_t *outputs; /* step id -> outputs */
	json_t *start;	 /* details of run.start */
	bool ended;	 /* the journal already holds run.end */
	char started[CM_RFC3339_LEN];
};

static bool is_volatile(const struct rs_step *s)
{
	return s->act && !strcmp(s->act->name, "collect.volatile");
}

int rs_order(const struct rs_playbook *pb, size_t *order, struct cm_err *err)
{
	size_t n = pb->n_steps, done = 0;
	char *placed = calloc(n ? n : 1, 1);
	bool any_volatile = false;

	if (!placed)
		return cm_err_set(err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		any_volatile |= is_volatile(&pb->steps[i]);
	while (done < n) {
		size_t pick = n;

		for (size_t i = 0; i < n && pick == n; i++) {
			const struct rs_step *s = &pb->steps[i];
			bool ready = !placed[i];

			for (size_t a = 0; ready && a < s->n_after; a++) {
				const struct rs_step *d =
					rs_playbook_step(pb, s->after[a]);

				if (d && !placed[d->index])
					ready = false;
			}
			/* evidence first: volatile state before any change */
			if (ready && any_volatile && s->act &&
			    s->act->state_changing)
				for (size_t k = 0; ready && k < n; k++)
					if (is_volatile(&pb->steps[k]) &&
					    !placed[k])
						ready = false;
			if (ready)
				pick = i;
		}
		if (pick == n) {
			free(placed);
			return cm_err_setk(
				err, -EINVAL, CM_ERR_DATAERR,
				"%s: the steps have a dependency cycle",
				pb->path);
		}
		placed[pick] = 1;
		order[done++] = pick;
	}
	free(placed);
	return 0;
}

static void now(char *buf)
{
	cm_time_rfc3339(cm_time_now(), buf);
}

static json_t *rs_collector(void)
{
	struct utsname u;

	if (uname(&u))
		return json_object();
	return json_pack("{s:s,s:s,s:s}", "hostname", u.nodename, "kernel",
			 u.release, "machine", u.machine);
}

/* One runner per case: a second run or resume of it is refused. */
static int lock_case(struct rs_exec *x, struct cm_err *err)
{
	if (flock(x->j.fd, LOCK_EX | LOCK_NB))
		return cm_err_setk(
			err, -errno, CM_ERR_TEMPFAIL,
			"case '%s' is in use by another respond process",
			x->o->case_dir);
	return 0;
}

static int jappend(struct rs_exec *x, const char *event, json_t *details,
		   struct cm_err *err)
{
	int rc = cm_journal_append(&x->j, x->o->actor, event, details, err);

	json_decref(details);
	return rc;
}

static void rs_note(struct rs_exec *x, const char *step, const char *status,
		    const char *detail)
{
	if (x->o->note)
		x->o->note(x->o->note_cookie, step, status, detail);
}

static bool rs_listed(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

/* 0 approved (*via set), 1 not approved. */
static int rs_approve(struct rs_exec *x, const struct rs_step *s,
		      const char **via)
{
	char q[512], a[64];

	if (rs_listed(x->o->approve, x->o->n_approve, s->id)) {
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

static int rs_result(struct rs_exec *x, const struct rs_step *s,
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
	rs_note(x, s->id, status, error);
	return jappend(x, "step.result", d, err);
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
static int rs_step(struct rs_exec *x, const struct rs_step *s,
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
			return rs_result(x, s, st, "not_run", NULL, msg, err);
		}
	}
	if (s->when) {
		bool yes = false;

		if (rs_when_eval(s->when, x->inputs, x->outputs, &yes, &se)) {
			rc = rs_result(x, s, st, "failed", NULL, se.msg, err);
			return rc ? rc : s->on_failure == RS_ON_FAILURE_ABORT;
		}
		if (!yes) {
			snprintf(msg, sizeof(msg), "condition '%s' is false",
				 s->when);
			return rs_result(x, s, st, "skipped", NULL, msg, err);
		}
	}
	if (rs_subst(s->with, x->inputs, x->outputs, &with, &se)) {
		rc = rs_result(x, s, st, "failed", NULL, se.msg, err);
		return rc ? rc : s->on_failure == RS_ON_FAILURE_ABORT;
	}
	if (s->approval || (s->act && s->act->state_changing)) {
		if (rs_approve(x, s, &via)) {
			json_decref(with);
			rc = rs_result(
				x, s, st, "not_approved", NULL,
				"approval required and not given (use --approve STEP, --yes or a terminal)",
				err);
			return rc ? rc : s->on_failure == RS_ON_FAILURE_ABORT;
		}
		if ((rc = jappend(x, "step.approval",
				  json_pack("{s:s,s:s,s:s}", "step", s->id,
					    "approved_by", x->o->actor, "via",
					    via),
				  err)))
			goto out;
	}
	st->attempts++;
	now(st->started);
	json_decref(st->params);
	st->params = json_incref(with);
	rs_note(x, s->id, "start", s->action);
	if ((rc = jappend(x, "step.start",
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
	if (s->act->collects)
		clear_evidence(x->o->case_dir, s->id, true);
	if (st->interrupted && st->intent && s->act->resume) {
		rc = s->act->resume(&ctx, s, with, st->intent, &outputs, &se);
	} else {
		if (s->act->state_changing &&
		    (rc = jappend(x, "step.intent",
				  json_pack("{s:s,s:s,s:O}", "step", s->id,
					    "action", s->action, "params",
					    with),
				  err)))
			goto out;
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
		rc = rs_result(x, s, st, "not_applicable", outputs, se.msg,
			       err);
	} else if (rc) {
		json_decref(outputs);
		if (rc == -ETIMEDOUT)
			snprintf(msg, sizeof(msg), "timed out: %s", se.msg);
		else
			snprintf(msg, sizeof(msg), "%s", se.msg);
		/* a finished archive of a failed step stays, listed and
		 * sealed: it is what was collected before the failure */
		if (s->act->collects)
			clear_evidence(x->o->case_dir, s->id, false);
		rc = rs_result(x, s, st, "failed", NULL, msg, err);
		if (!rc)
			rc = s->on_failure == RS_ON_FAILURE_ABORT;
	} else {
		rc = rs_result(x, s, st, "ok", outputs, NULL, err);
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

static int rs_finish(struct rs_exec *x, struct cm_err *err)
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
	if (!x->ended && (rc = jappend(x, "run.end",
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

static int execute(struct rs_exec *x, struct cm_err *err)
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
			rc = rs_result(
				x, s, st, "not_run", NULL,
				"an earlier step failed with on_failure: abort",
				err);
		} else {
			rc = rs_step(x, s, err);
			if (rc == 1) {
				stop = true;
				rc = 0;
			}
		}
		if (rc)
			goto out;
	}
	rc = rs_finish(x, err);
out:
	free(order);
	return rc;
}

static void exec_release(struct rs_exec *x)
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
}

static json_t *identity_json(const struct cm_identity *id)
{
	char fp[65], subj[512];

	if (!id)
		return json_null();
	cm_identity_fingerprint(id, fp);
	X509_NAME_oneline(X509_get_subject_name(id->cert), subj, sizeof(subj));
	return json_pack("{s:s,s:s,s:o}", "subject", subj, "fingerprint", fp,
			 "operator", cm_json_str_or_null(id->operator_name));
}

int rs_run(const struct rs_playbook *pb, const char *pb_bytes, size_t pb_len,
	   const json_t *inputs, const struct rs_run_opts *o,
	   struct cm_err *err)
{
	struct rs_exec x = {0};
	char *jpath = NULL;
	json_t *approve = json_array();
	int rc;

	x.pb = pb;
	x.inputs = inputs;
	x.o = o;
	x.st = calloc(pb->n_steps, sizeof(*x.st));
	x.outputs = json_object();
	if (!x.st || !x.outputs || !approve) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = rs_case_create(o->case_dir, err)))
		goto out;
	if ((rc = rs_case_write(o->case_dir, "playbook.yaml", pb_bytes, pb_len,
				err)))
		goto out;
	jpath = cm_path_join(o->case_dir, "custody.jsonl");
	if (!jpath) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = cm_journal_open(&x.j, jpath, NULL, err)))
		goto out;
	x.j_open = true;
	if ((rc = lock_case(&x, err)))
		goto out;
	for (size_t i = 0; i < o->n_approve; i++)
		json_array_append_new(approve, json_string(o->approve[i]));
	now(x.started);
	x.start = json_pack(
		"{s:{s:s,s:o,s:s,s:s,s:s},s:O,s:s,s:b,s:o,s:o,s:s,s:{s:b,s:O,s:o}}",
		"playbook", "id", pb->id, "title",
		cm_json_str_or_null(pb->title), "sha256", pb->sha256, "file",
		"playbook.yaml", "source", pb->path, "inputs", inputs, "root",
		o->root, "dead_box", o->dead_box, "collector", rs_collector(),
		"identity", identity_json(o->identity), "started", x.started,
		"options", "yes", o->assume_yes, "approve", approve,
		"identity_dir", cm_json_str_or_null(o->identity_dir));
	if (!x.start) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = cm_journal_append(&x.j, o->actor, "run.start", x.start, err)))
		goto out;
	rc = execute(&x, err);
out:
	json_decref(approve);
	free(jpath);
	exec_release(&x);
	return rc;
}

/* Replay the journal into the step states. */
static int replay(struct rs_exec *x, const char *jpath, struct cm_err *err)
{
	char *buf = NULL, *line, *save = NULL;
	size_t len;
	int rc;

	if ((rc = cm_read_file(jpath, RS_JOURNAL_MAX, &buf, &len, err)))
		return rc;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		json_t *e = json_loads(line, 0, NULL), *d;
		const char *ev = cm_json_get_str(e, "event"), *id;
		const struct rs_step *s;
		struct rs_st *st;

		d = json_object_get(e, "details");
		id = cm_json_get_str(d, "step");
		s = id && x->pb ? rs_playbook_step(x->pb, id) : NULL;
		st = s ? &x->st[s->index] : NULL;
		if (!ev) {
			json_decref(e);
			continue;
		}
		if (!strcmp(ev, "run.end")) {
			x->ended = true;
		} else if (!strcmp(ev, "run.start") && !x->start) {
			x->start = json_incref(d);
		} else if (st && !strcmp(ev, "step.start")) {
			st->interrupted = true;
			st->attempts = (unsigned)json_integer_value(
				json_object_get(d, "attempt"));
			json_decref(st->intent);
			st->intent = NULL;
			st->started[0] = '\0';
		} else if (st && strlen(ev) > 7 &&
			   !strcmp(ev + strlen(ev) - 7, ".intent")) {
			json_decref(st->intent);
			st->intent = json_incref(d);
		} else if (st && !strcmp(ev, "step.result")) {
			const char *status = cm_json_get_str(d, "status");
			static const char *const known[] = {
				"ok",		"failed",
				"skipped",	"not_applicable",
				"not_approved", "not_run"};

			st->interrupted = false;
			st->status = NULL;
			for (size_t k = 0; status && k < 6; k++)
				if (!strcmp(status, known[k]))
					st->status = known[k];
			json_decref(st->outputs);
			st->outputs =
				json_incref(json_object_get(d, "outputs"));
			free(st->error);
			st->error =
				cm_json_get_str(d, "error")
					? strdup(cm_json_get_str(d, "error"))
					: NULL;
			snprintf(st->started, sizeof(st->started), "%s",
				 cm_json_get_str(d, "started")
					 ? cm_json_get_str(d, "started")
					 : "");
			snprintf(st->finished, sizeof(st->finished), "%s",
				 cm_json_get_str(d, "finished")
					 ? cm_json_get_str(d, "finished")
					 : "");
			if (st->status && !strcmp(st->status, "ok"))
				json_object_set(x->outputs, id, st->outputs);
		}
		json_decref(e);
	}
	free(buf);
	return 0;
}

int rs_resume(struct rs_run_opts *o, struct cm_err *err)
{
	struct rs_exec x = {0};
	struct rs_playbook pb;
	char *jpath = cm_path_join(o->case_dir, "custody.jsonl");
	char *pbpath = cm_path_join(o->case_dir, "playbook.yaml");
	json_t *interrupted = json_array(), *approve;
	const char *root;
	int rc;

	memset(&pb, 0, sizeof(pb));
	if (!jpath || !pbpath || !interrupted) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	if (access(jpath, F_OK)) {
		rc = cm_err_setk(err, -ENOENT, CM_ERR_NOINPUT,
				 "'%s' holds no custody journal; is it a case?",
				 o->case_dir);
		goto out;
	}
	/* opening first drops a line torn by the crash */
	if ((rc = cm_journal_open(&x.j, jpath, NULL, err)))
		goto out;
	x.j_open = true;
	x.o = o;
	if ((rc = lock_case(&x, err)))
		goto out;
	if ((rc = rs_playbook_load(&pb, pbpath, err)))
		goto out;
	x.pb = &pb;
	x.o = o;
	x.st = calloc(pb.n_steps, sizeof(*x.st));
	x.outputs = json_object();
	if (!x.st || !x.outputs) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = replay(&x, jpath, err)))
		goto out;
	if (!x.start) {
		rc = cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				 "%s has no run.start entry", jpath);
		goto out;
	}
	if (strcmp(cm_json_get_str(json_object_get(x.start, "playbook"),
				   "sha256")
			   ? cm_json_get_str(
				     json_object_get(x.start, "playbook"),
				     "sha256")
			   : "",
		   pb.sha256)) {
		rc = cm_err_setk(
			err, -EBADMSG, CM_ERR_NEGATIVE,
			"playbook.yaml in the case differs from the one the run started with");
		goto out;
	}
	x.inputs = json_object_get(x.start, "inputs");
	root = cm_json_get_str(x.start, "root");
	if (!o->root)
		o->root = root ? root : "/";
	o->dead_box = json_is_true(json_object_get(x.start, "dead_box"));
	approve =
		json_object_get(json_object_get(x.start, "options"), "approve");
	if (json_is_true(json_object_get(json_object_get(x.start, "options"),
					 "yes")))
		o->assume_yes = true;
	if (!o->n_approve && json_array_size(approve)) {
		static const char *ids[64];
		size_t i;
		json_t *v;

		json_array_foreach(approve, i,
				   v) if (i < 64 && json_string_value(v))
			ids[o->n_approve++] = json_string_value(v);
		o->approve = ids;
	}
	for (size_t i = 0; i < pb.n_steps; i++)
		if (x.st[i].interrupted)
			json_array_append_new(interrupted,
					      json_string(pb.steps[i].id));
	/* killed while sealing: only the seal is left to do */
	if (x.ended) {
		rc = rs_finish(&x, err);
		goto out;
	}
	if ((rc = jappend(&x, "run.resume",
			  json_pack("{s:O}", "interrupted", interrupted), err)))
		goto out;
	rc = execute(&x, err);
out:
	json_decref(interrupted);
	free(jpath);
	free(pbpath);
	exec_release(&x);
	rs_playbook_release(&pb);
	return rc;
}

int rs_plan(const struct rs_playbook *pb, const json_t *inputs,
	    const struct rs_run_opts *o, json_t **plan, struct cm_err *err)
{
	size_t *order = calloc(pb->n_steps ? pb->n_steps : 1, sizeof(*order));
	json_t *steps = json_array(), *outputs = json_object();
	int rc;

	*plan = NULL;
	if (!order || !steps || !outputs) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = rs_order(pb, order, err)))
		goto out;
	for (size_t k = 0; k < pb->n_steps; k++) {
		const struct rs_step *s = &pb->steps[order[k]];
		struct rs_ctx ctx = {0};
		json_t *with = NULL, *what = NULL, *e;
		struct cm_err se;

		cm_err_clear(&se);
		ctx.case_dir = o->case_dir ? o->case_dir : "CASE";
		ctx.root = o->root;
		ctx.dead_box = o->dead_box;
		ctx.plan_only = true;
		ctx.inputs = inputs;
		ctx.actor = o->actor;
		/* outputs of earlier steps are unknown until they run */
		if (rs_subst(s->with, inputs, outputs, &with, &se)) {
			with = json_deep_copy(s->with);
			what = json_pack(
				"{s:s}", "note",
				"parameters depend on earlier steps' outputs, resolved at run time");
		} else if (s->act->plan &&
			   s->act->plan(&ctx, s, with, &what, &se)) {
			json_decref(with);
			rc = cm_err_setk(err, se.code ? se.code : -EINVAL,
					 CM_ERR_DATAERR, "step '%s': %s", s->id,
					 se.msg);
			goto out;
		}
		e = json_pack("{s:s,s:s,s:o,s:b,s:b,s:o,s:o,s:o}", "id", s->id,
			      "action", s->action, "phase",
			      cm_json_str_or_null(s->phase), "approval",
			      s->approval || s->act->state_changing,
			      "state_changing", s->act->state_changing, "when",
			      cm_json_str_or_null(s->when), "params", with,
			      "plan", what ? what : json_null());
		json_array_append_new(steps, e);
	}
	*plan = json_pack("{s:s,s:s,s:s,s:O,s:s,s:b,s:O}", "schema",
			  "sanitas.plan/1", "playbook", pb->id, "sha256",
			  pb->sha256, "inputs", inputs, "root", o->root,
			  "dead_box", o->dead_box, "steps", steps);
	rc = *plan ? 0 : cm_err_set(err, -ENOMEM, "out of memory");
out:
	free(order);
	json_decref(steps);
	json_decref(outputs);
	return rc;
}
