/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The values of a playbook's inputs at run time: `--set KEY=VALUE`
 * parsed, then checked against the declared inputs and their defaults.
 */
#ifndef SANITAS_PLAYBOOK_INPUTS_H
#define SANITAS_PLAYBOOK_INPUTS_H

#include <jansson.h>

#include "cm_err.h"
#include "playbook/playbook.h"

/*
 * Resolve input values: defaults, then @sets (an object of name -> value
 * already parsed from `--set`, borrowed). Checks that every required input
 * has a value, that no unknown input is set and that each value has the
 * declared type (a string given for an integer, boolean, list or map is
 * parsed as YAML flow). *@out is a new object. -EINVAL, exit 65.
 */
int rs_playbook_inputs(const struct rs_playbook *pb, const json_t *sets,
		       json_t **out, struct cm_err *err);

/*
 * Parse one `--set KEY=VALUE` into @sets (an object): VALUE is kept as a
 * string unless it is YAML flow (`{...}` / `[...]`), which is parsed.
 */
int rs_set_parse(json_t *sets, const char *arg, struct cm_err *err);

#endif
