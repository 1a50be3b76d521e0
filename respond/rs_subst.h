/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `${inputs.NAME}` and `${steps.ID.outputs.KEY}` substitution. Data only:
 * the text is copied, never interpreted by a shell. A string that is
 * exactly one reference takes the referenced JSON value (its type kept);
 * references embedded in longer strings are stringified (strings as is,
 * numbers and booleans in JSON spelling, lists and maps as compact JSON).
 * `$${` is a literal `${`.
 */
#ifndef SANITAS_RS_SUBST_H
#define SANITAS_RS_SUBST_H

#include <jansson.h>
#include <stddef.h>

#include "cm_err.h"

enum rs_ref_kind {
	RS_REF_INPUT,
	RS_REF_STEP_OUTPUT,
};

struct rs_ref {
	enum rs_ref_kind kind;
	char name[128]; /* input name, or step id */
	char key[128];	/* output key (steps only) */
};

/*
 * Call @fn for each reference in @s. Returns 0, the first non-zero value
 * of @fn, or -EINVAL for a malformed reference (message in @err).
 */
int rs_refs_each(const char *s, int (*fn)(const struct rs_ref *ref, void *arg),
		 void *arg, struct cm_err *err);

/* Does @s consist of exactly one reference (then *@ref holds it)? */
int rs_ref_whole(const char *s, struct rs_ref *ref);

/*
 * Deep-copy @v with every reference in its strings resolved against
 * @inputs (object) and @outputs (object: step id -> outputs object).
 * *@out is a new reference. -ENOENT when a reference has no value.
 */
int rs_subst(const json_t *v, const json_t *inputs, const json_t *outputs,
	     json_t **out, struct cm_err *err);

/*
 * Evaluate a `when:` condition: after substitution, a boolean, the strings
 * "true"/"false", or "A == B" / "A != B" comparing text. 0 with *@result
 * set, or -EINVAL when the condition is not one of these.
 */
int rs_when_eval(const char *when, const json_t *inputs, const json_t *outputs,
		 bool *result, struct cm_err *err);

#endif
