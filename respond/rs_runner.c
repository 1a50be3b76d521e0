// SPDX-License-Identifier: Apache-2.0
/*
 * The runner's entry points: the order of the steps, the plan, a new run
 * into a new case, and the resume of an interrupted one from its journal.
 * The steps themselves are run by rs_exec.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cm_path.h"
#include "cm_file.h"
#include "cm_identity.h"
#include "cm_hook.h"
#include "cm_journal.h"
#include "cm_json.h"
#include "cm_time.h"
#include "rs_case.h"
#include "rs_exec.h"
#include "rs_runner.h"
#include "rs_subst.h"

#define RS_JOURNAL_MAX ((size_t)1 << 30)

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

static json_t *collector(void)
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
	if ((rc = rs_case_create(o->case_dir, pb_bytes, pb_len, err)))
		goto out;
	if ((rc = rs_case_write(o->case_dir, "playbook.yaml", pb_bytes, pb_len,
				err)))
		goto out;
	cm_hook_fault("run-before-journal");
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
	cm_hook_fault("run-before-start");
	for (size_t i = 0; i < o->n_approve; i++)
		json_array_append_new(approve, json_string(o->approve[i]));
	cm_time_rfc3339(cm_time_now(), x.started);
	x.start = json_pack(
		"{s:{s:s,s:o,s:s,s:s,s:s},s:O,s:s,s:b,s:o,s:o,s:s,s:{s:b,s:O,s:o}}",
		"playbook", "id", pb->id, "title",
		cm_json_str_or_null(pb->title), "sha256", pb->sha256, "file",
		"playbook.yaml", "source", pb->path, "inputs", inputs, "root",
		o->root, "dead_box", o->dead_box, "collector", collector(),
		"identity", identity_json(o->identity), "started", x.started,
		"options", "yes", o->assume_yes, "approve", approve,
		"identity_dir", cm_json_str_or_null(o->identity_dir));
	if (!x.start) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	if (o->age && o->age->n) {
		json_t *to = json_array();

		for (size_t i = 0; i < o->age->n; i++)
			json_array_append_new(to,
					      json_string(o->age->v[i].text));
		json_object_set_new(json_object_get(x.start, "options"),
				    "encrypt_to", to);
	}
	if ((rc = cm_journal_append(&x.j, o->actor, "run.start", x.start, err)))
		goto out;
	rc = rs_exec_steps(&x, err);
out:
	json_decref(approve);
	free(jpath);
	rs_exec_release(&x);
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
	/* killed before run.start: no inputs to resume with, nothing done */
	if (rs_case_start_state(o->case_dir, NULL, 0) == RS_CASE_UNSTARTED) {
		rc = cm_err_setk(
			err, -ENOENT, CM_ERR_NOINPUT,
			"case '%s' was stopped before its run started (no custody journal entry): nothing was collected or changed, and its inputs were never recorded; start it again with 'respond run PLAYBOOK --case %s' and the same inputs",
			o->case_dir, o->case_dir);
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
	{
		/* an encrypted case stays encrypted: the same recipients */
		json_t *to = json_object_get(
			json_object_get(x.start, "options"), "encrypt_to");
		struct cm_err e2;
		size_t i;
		json_t *v;

		cm_err_clear(&e2);
		json_array_foreach(to, i, v)
		{
			if (!json_is_string(v) ||
			    cm_age_recipients_add(&x.age, json_string_value(v),
						  &e2)) {
				rc = cm_err_setk(
					err, -EBADMSG, CM_ERR_DATAERR,
					"run.start: a bad encrypt_to recipient: %s",
					json_is_string(v) ? e2.msg
							  : "not a string");
				goto out;
			}
		}
	}
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
		rc = rs_exec_finish(&x, err);
		goto out;
	}
	if ((rc = rs_exec_journal(
		     &x, "run.resume",
		     json_pack("{s:O}", "interrupted", interrupted), err)))
		goto out;
	rc = rs_exec_steps(&x, err);
out:
	json_decref(interrupted);
	free(jpath);
	free(pbpath);
	rs_exec_release(&x);
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
