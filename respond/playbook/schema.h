/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The schema of `sanitas.playbook/1`: the top-level keys, the inputs and
 * each step (keys, types, the action and its `with` parameters). The
 * checks across steps are in playbook/graph.h.
 */
#ifndef SANITAS_PLAYBOOK_SCHEMA_H
#define SANITAS_PLAYBOOK_SCHEMA_H

#include <yaml.h>

#include "playbook/playbook.h"
#include "playbook/yaml.h"

/* Where the parts of one step were written (borrowed from the document). */
struct rs_step_nodes {
	yaml_node_t *item; /* the step itself */
	yaml_node_t *with; /* NULL when absent, as are the next two */
	yaml_node_t *after;
	yaml_node_t *when;
};

/*
 * Check the document @root (NULL: an empty file) is a map and load its
 * schema, id, title and description into @pb. *@inputs and *@steps get
 * the nodes of those keys, NULL when absent.
 */
int rs_schema_top(struct rs_ld *ld, yaml_node_t *root, struct rs_playbook *pb,
		  yaml_node_t **inputs, yaml_node_t **steps);

/* Load the `inputs` map @inputs into pb->inputs. */
int rs_schema_inputs(struct rs_ld *ld, yaml_node_t *inputs,
		     struct rs_playbook *pb);

/*
 * Load the `steps` list @steps (NULL when the playbook has none; @root is
 * then named in the error) into pb->steps, each with its action resolved,
 * its `with` checked against the action's parameters and its `after` ids.
 * On success *@nodes is a new array of pb->n_steps entries (caller frees).
 */
int rs_schema_steps(struct rs_ld *ld, yaml_node_t *root, yaml_node_t *steps,
		    struct rs_playbook *pb, struct rs_step_nodes **nodes);

#endif
