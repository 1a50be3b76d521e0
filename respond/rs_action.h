/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The action interface: every playbook `action:` is one struct rs_action
 * in a registry (rs_actions()). The runner resolves `with:` (substitution
 * of ${inputs.x} / ${steps.ID.outputs.y}, data only) and calls the ops.
 */
#ifndef SANITAS_RS_ACTION_H
#define SANITAS_RS_ACTION_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cm_age.h"
#include "cm_err.h"
#include "cm_identity.h"
#include "cm_journal.h"

enum rs_ptype {
	RS_P_STRING,
	RS_P_INTEGER,
	RS_P_BOOLEAN,
	RS_P_DATETIME, /* RFC 3339 */
	RS_P_LIST,
	RS_P_MAP,
	RS_P_SIZE, /* "100M", "2G" or an integer */
	RS_P_ANY,
};

struct rs_param {
	const char *name;
	enum rs_ptype type;
	bool required;
	const char *description;
};

/* The run context an action sees. Owned by the runner. */
struct rs_ctx {
	const char *case_dir; /* absolute; 0700 */
	const char *root;     /* "/" or --root DIR (no trailing slash) */
	bool dead_box;	      /* --root given */
	bool plan_only;	      /* respond plan: describe, touch nothing */
	const json_t *inputs; /* resolved playbook inputs (object) */
	const struct cm_identity *identity; /* may be NULL in plan */
	struct cm_journal *journal;	    /* NULL in plan */
	const char *actor; /* operator name for journal entries */
	/* added after the first release of this header; zero is a default */
	double deadline; /* cm_time_mono() limit of this step, 0 = none */
	bool assume_yes; /* --yes: attest manual steps as the operator */
	/*
	 * Ask the operator (a TTY prompt in the verb; NULL when there is no
	 * terminal). Writes a NUL-terminated answer of at most @len bytes.
	 * Returns 0, or a negative errno (-ENOTTY: nobody to ask).
	 */
	int (*ask)(void *cookie, const char *question, char *answer,
		   size_t len);
	void *ask_cookie;
	const volatile int
		*interrupted; /* set by SIGINT/SIGTERM, may be NULL */
	/* --encrypt-to: evidence is written as age files to these (NULL or
	 * empty: plain); collected content never reaches a disk in plain */
	const struct cm_age_recipients *age;
};

struct rs_step; /* the loaded step (playbook/playbook.h) */

struct rs_action {
	const char *name; /* "collect.files" */
	const char *summary;
	bool state_changing;	       /* needs approval; runs after volatile */
	bool collects;		       /* writes evidence into the case */
	const struct rs_param *params; /* NULL-name terminated */
	/*
	 * Static checks of `with` beyond param types (called by validate,
	 * before any input value is known: strings may still hold ${...}).
	 * Return 0 or a negative errno with a message naming the key.
	 */
	int (*validate)(const json_t *with, struct cm_err *err);
	/*
	 * Describe exactly what run would read or change, touching nothing
	 * (for `respond plan`). *@plan is a new JSON value.
	 */
	int (*plan)(struct rs_ctx *ctx, const struct rs_step *step,
		    const json_t *with, json_t **plan, struct cm_err *err);
	/*
	 * Do it. State-changing actions journal their intent (through
	 * ctx->journal) before acting and return their outputs (*@outputs,
	 * a new JSON object) for the result entry.
	 */
	int (*run)(struct rs_ctx *ctx, const struct rs_step *step,
		   const json_t *with, json_t **outputs, struct cm_err *err);
	/*
	 * After a crash with an intent journaled and no result: inspect the
	 * real state, then finish or roll back. NULL: run again from scratch
	 * (collection actions redo their archive cleanly).
	 */
	int (*resume)(struct rs_ctx *ctx, const struct rs_step *step,
		      const json_t *with, const json_t *intent,
		      json_t **outputs, struct cm_err *err);
};

/*
 * run() may return this positive value instead of 0: the action does not
 * apply here (collect.volatile under --root); the reason is in err->msg
 * and the step is recorded as "not_applicable", not failed.
 */
#define RS_NOT_APPLICABLE 1

/* The registry, in `respond actions` order. */
const struct rs_action *const *rs_actions(size_t *count);
const struct rs_action *rs_action_find(const char *name);

#endif
