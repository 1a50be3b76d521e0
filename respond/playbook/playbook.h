/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The playbook (`sanitas.playbook/1`): loaded from YAML with libyaml into
 * plain structs plus jansson values for `with`, defaults and input values.
 * Every error names file:line:column, what is wrong and how to fix it, and
 * carries exit code 65 (CM_ERR_DATAERR). Input values given at run time
 * are checked by playbook/inputs.h.
 */
#ifndef SANITAS_PLAYBOOK_PLAYBOOK_H
#define SANITAS_PLAYBOOK_PLAYBOOK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "cm_err.h"
#include "rs_action.h"

#define RS_PLAYBOOK_SCHEMA "sanitas.playbook/1"
#define RS_PLAYBOOK_MAX	   (1024 * 1024) /* bytes; larger files are refused */

/* A source position, 1-based (0:0 = unknown). */
struct rs_pos {
	unsigned line;
	unsigned col;
};

struct rs_input {
	char *name;	    /* owned */
	enum rs_ptype type; /* STRING INTEGER BOOLEAN DATETIME LIST MAP */
	bool required;
	json_t *def;	   /* owned; NULL when no default */
	char *description; /* owned, may be NULL */
	struct rs_pos pos; /* of the input's name */
};

enum rs_on_failure {
	RS_ON_FAILURE_ABORT = 0,
	RS_ON_FAILURE_CONTINUE,
};

/* One `with:` key and where it was written (for error messages). */
struct rs_with_pos {
	char *key; /* owned */
	struct rs_pos pos;
};

struct rs_step {
	char *id;		     /* owned; [A-Za-z0-9_-]+, unique */
	char *action;		     /* owned; a registered action name */
	const struct rs_action *act; /* resolved by the loader */
	json_t *with;		     /* owned; an object, {} when absent */
	char **after;		     /* owned; step ids this step depends on */
	size_t n_after;
	char *when;	  /* owned, NULL = always; see rs_when_eval() */
	unsigned timeout; /* seconds, 0 = no limit */
	enum rs_on_failure on_failure;
	bool approval;	   /* `approval: required` */
	char *phase;	   /* owned, NULL or a NIST CSF 2.0 function */
	struct rs_pos pos; /* of the step's `id` value (or the item) */
	struct rs_with_pos *with_pos; /* owned, one per `with` key */
	size_t n_with_pos;
	size_t index; /* position in the file, 0-based */
};

struct rs_playbook {
	char *path;		 /* owned; as given, used in messages */
	char sha256[65];	 /* of the file bytes */
	char *schema;		 /* owned */
	char *id;		 /* owned */
	char *title;		 /* owned, may be NULL */
	char *description;	 /* owned, may be NULL */
	struct rs_input *inputs; /* owned */
	size_t n_inputs;
	struct rs_step *steps; /* owned, in file order */
	size_t n_steps;
};

/*
 * Load and statically validate the playbook at @path (at most
 * RS_PLAYBOOK_MAX bytes): syntax, schema, keys, types, actions, step
 * references, cycles and `${...}` references. No input values are needed.
 * On success @pb owns everything; release with rs_playbook_release().
 * Errors: -EBADMSG (exit 65) with "FILE:LINE:COL: what; how to fix".
 */
int rs_playbook_load(struct rs_playbook *pb, const char *path,
		     struct cm_err *err);
/* As rs_playbook_load() from memory; @name is used in messages. */
int rs_playbook_load_mem(struct rs_playbook *pb, const char *name,
			 const char *buf, size_t len, struct cm_err *err);
/* Free what @pb owns and empty it; accepts NULL and an empty @pb. */
void rs_playbook_release(struct rs_playbook *pb);

/* The step named @id (borrowed from @pb), or NULL. */
const struct rs_step *rs_playbook_step(const struct rs_playbook *pb,
				       const char *id);

/* The `with:` key position of @step, or the step's own position. */
struct rs_pos rs_step_with_pos(const struct rs_step *step, const char *key);

#endif
