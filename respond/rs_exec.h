/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The execution of a run, shared by a new run and a resumed one
 * (rs_runner.c): the state of each step, the steps run in order with
 * their approval, start, intent and result journaled, then case.json,
 * report.md and the seal.
 */
#ifndef SANITAS_RS_EXEC_H
#define SANITAS_RS_EXEC_H

#include <jansson.h>
#include <stdbool.h>

#include "cm_age.h"
#include "cm_err.h"
#include "cm_journal.h"
#include "cm_time.h"
#include "playbook/playbook.h"
#include "rs_runner.h"

/* The state of one step, from this run or replayed from the journal. */
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

/* One run of a playbook into its case; all pointers owned unless noted. */
struct rs_exec {
	const struct rs_playbook *pb; /* borrowed */
	const json_t *inputs;	      /* borrowed */
	const struct rs_run_opts *o;  /* borrowed */
	struct cm_journal j;
	bool j_open;
	struct rs_st *st; /* one per step, by index */
	json_t *outputs;  /* step id -> outputs */
	json_t *start;	  /* details of run.start */
	bool ended;	  /* the journal already holds run.end */
	char started[CM_RFC3339_LEN];
	struct cm_age_recipients age; /* resume: run.start's encrypt_to */
};

/* Append @event with @details (a new reference, taken) to the journal. */
int rs_exec_journal(struct rs_exec *x, const char *event, json_t *details,
		    struct cm_err *err);

/*
 * Run, in rs_order() order, every step that has no status yet, then
 * rs_exec_finish(). Returns as rs_run().
 */
int rs_exec_steps(struct rs_exec *x, struct cm_err *err);

/*
 * Journal run.end (unless the journal holds it), close the journal, write
 * case.json and report.md and seal the case. 0 complete, 1 a step failed,
 * <0 error.
 */
int rs_exec_finish(struct rs_exec *x, struct cm_err *err);

/* Close the journal if open and free what @x owns. Accepts empty. */
void rs_exec_release(struct rs_exec *x);

#endif
