/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The checks across the steps of a loaded playbook: `after` names known
 * steps and not the step itself, the dependencies have no cycle, and every
 * `${inputs.x}` / `${steps.ID.outputs.y}` reference in `with` and `when`
 * names a declared input or a step the referring step follows.
 */
#ifndef SANITAS_PLAYBOOK_GRAPH_H
#define SANITAS_PLAYBOOK_GRAPH_H

#include "playbook/playbook.h"
#include "playbook/schema.h"
#include "playbook/yaml.h"

/*
 * Check the steps of @pb, loaded from the document of @ld; @nodes (one
 * per step, borrowed) place the errors. 0 or the error of the first check
 * that fails.
 */
int rs_graph_check(struct rs_ld *ld, const struct rs_playbook *pb,
		   const struct rs_step_nodes *nodes);

#endif
