/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The runner: orders the steps, runs them into a case with the custody
 * journal, and seals the case. Journal events (custody.jsonl), in order:
 *   run.start     {playbook, inputs, root, dead_box, collector, options}
 *   run.resume    {interrupted: [step ids]}
 *   step.approval {step, approved_by, via: "--yes"|"--approve"|"terminal"}
 *   step.start    {step, action, params, attempt}
 *   step.intent   {step, action, params}     (state-changing steps only,
 *                  before acting; actions may journal more detail)
 *   step.result   {step, action, status, started, finished, outputs,
 *                  error}; status: ok, failed, skipped, not_applicable,
 *                  not_approved, not_run
 *   run.end       {status: complete|failed, steps: {id: status}}
 */
#ifndef SANITAS_RS_RUNNER_H
#define SANITAS_RS_RUNNER_H

#include <jansson.h>
#include <stdbool.h>

#include "cm_age.h"
#include "cm_err.h"
#include "cm_identity.h"
#include "playbook/playbook.h"

struct rs_run_opts {
	const char *case_dir; /* absolute */
	const char *root;     /* "/" or --root (absolute, no trailing /) */
	bool dead_box;
	bool assume_yes;
	const char *const *approve; /* --approve STEP ids */
	size_t n_approve;
	const struct cm_identity *identity; /* NULL: the seal is unsigned */
	const char *identity_dir;	    /* absolute, recorded for resume */
	const char *actor;
	int (*ask)(void *cookie, const char *question, char *answer,
		   size_t len);
	void *ask_cookie;
	/* progress for the operator: a step starts or ends (may be NULL) */
	void (*note)(void *cookie, const char *step, const char *status,
		     const char *detail);
	void *note_cookie;
	const volatile int *interrupted;
	/* --encrypt-to (borrowed, NULL: plain); recorded in run.start, so
	 * that resume encrypts to the same recipients */
	const struct cm_age_recipients *age;
};

/*
 * The execution order: dependencies first, file order among ready steps,
 * and every state-changing step after every collect.volatile step.
 * @order receives pb->n_steps indexes. 0 or -EINVAL (cycle).
 */
int rs_order(const struct rs_playbook *pb, size_t *order, struct cm_err *err);

/*
 * Describe what run would do, touching nothing: a new JSON object with
 * the order, each step's resolved parameters and the action's plan.
 */
int rs_plan(const struct rs_playbook *pb, const json_t *inputs,
	    const struct rs_run_opts *o, json_t **plan, struct cm_err *err);

/*
 * Run @pb (loaded from @pb_bytes of @pb_len, copied into the case) with
 * @inputs into the new case o->case_dir, then seal it. Returns 0 when all
 * steps succeeded (or were skipped / not applicable), 1 when the run
 * finished with a failed step (sealed all the same), <0 on an error that
 * stopped the run (interrupted: -EINTR; the case can be resumed).
 */
int rs_run(const struct rs_playbook *pb, const char *pb_bytes, size_t pb_len,
	   const json_t *inputs, const struct rs_run_opts *o,
	   struct cm_err *err);

/*
 * Finish the interrupted run in o->case_dir: completed steps are not
 * repeated, an interrupted collection is redone from scratch, an
 * interrupted state-changing step is handed to its action's resume().
 * Options not given in @o (root, inputs, identity) come from run.start.
 * Returns as rs_run().
 */
int rs_resume(struct rs_run_opts *o, struct cm_err *err);

#endif
