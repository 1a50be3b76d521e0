// SPDX-License-Identifier: Apache-2.0
/*
 * The checks across steps: unknown or self `after` entries, dependency
 * cycles (named step by step), and `${...}` references to undeclared
 * inputs or to steps the referring step does not follow.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "playbook/graph.h"
#include "playbook/yaml.h"
#include "rs_subst.h"
#include "rs_util.h"

struct refck {
	struct rs_ld *ld;
	const struct rs_playbook *pb;
	const struct rs_step *st;
	yaml_node_t *node;
	const char *depmark; /* 1 = transitive dependency, by step index */
};

static int refck_fn(const struct rs_ref *ref, void *arg)
{
	struct refck *c = arg;
	const char *names[256];
	size_t n = 0;

	if (ref->kind == RS_REF_INPUT) {
		for (size_t i = 0; i < c->pb->n_inputs; i++) {
			if (!strcmp(c->pb->inputs[i].name, ref->name))
				return 0;
			if (n < RS_N(names))
				names[n++] = c->pb->inputs[i].name;
		}
		const char *dym = rs_did_you_mean(ref->name, names, n);

		if (dym)
			return RS_YAML_FAIL(
				c->ld, c->node,
				"step '%s': unknown input '%s'; did you mean '%s'?",
				c->st->id, ref->name, dym);
		return RS_YAML_FAIL(
			c->ld, c->node,
			"step '%s': unknown input '%s'; declare it under 'inputs'",
			c->st->id, ref->name);
	}
	for (size_t i = 0; i < c->pb->n_steps; i++) {
		if (!strcmp(c->pb->steps[i].id, ref->name)) {
			if (!c->depmark[i])
				return RS_YAML_FAIL(
					c->ld, c->node,
					"step '%s' uses outputs of step '%s', which it does not follow; add '%s' to its 'after'",
					c->st->id, ref->name, ref->name);
			return 0;
		}
		if (n < RS_N(names))
			names[n++] = c->pb->steps[i].id;
	}
	const char *dym = rs_did_you_mean(ref->name, names, n);

	return RS_YAML_FAIL(c->ld, c->node,
			    "step '%s': unknown step '%s'%s%s%s", c->st->id,
			    ref->name, dym ? "; did you mean '" : "",
			    dym ? dym : "", dym ? "'?" : "");
}

static int refs_in(struct refck *c, const json_t *v, struct cm_err *err)
{
	int rc = 0;

	if (json_is_string(v)) {
		struct cm_err e2;

		cm_err_clear(&e2);
		rc = rs_refs_each(json_string_value(v), refck_fn, c, &e2);
		if (rc == -EINVAL)
			return rs_yaml_fail_at(
				c->ld->name, rs_yaml_pos(c->node), err,
				"step '%s': %s", c->st->id, e2.msg);
		if (rc)
			return rc;
	} else if (json_is_array(v)) {
		size_t i;
		json_t *e;

		json_array_foreach(v, i, e)
		{
			if ((rc = refs_in(c, e, err)))
				return rc;
		}
	} else if (json_is_object(v)) {
		const char *k;
		json_t *e;

		json_object_foreach((json_t *)v, k, e)
		{
			if ((rc = refs_in(c, e, err)))
				return rc;
		}
	}
	return 0;
}

/* Mark all transitive dependencies of step @i in @mark. */
static void mark_deps(const struct rs_playbook *pb, size_t i, char *mark,
		      int depth)
{
	if (depth > (int)pb->n_steps)
		return;
	for (size_t a = 0; a < pb->steps[i].n_after; a++)
		for (size_t j = 0; j < pb->n_steps; j++)
			if (!strcmp(pb->steps[j].id, pb->steps[i].after[a]) &&
			    !mark[j]) {
				mark[j] = 1;
				mark_deps(pb, j, mark, depth + 1);
			}
}

/* DFS colours: 0 white, 1 grey, 2 black. */
static int cycle_dfs(const struct rs_playbook *pb, size_t i, char *colour,
		     size_t *stack, size_t depth, size_t *cyc_from,
		     size_t *cyc_len)
{
	colour[i] = 1;
	stack[depth] = i;
	for (size_t a = 0; a < pb->steps[i].n_after; a++) {
		const struct rs_step *d =
			rs_playbook_step(pb, pb->steps[i].after[a]);
		size_t j = d ? d->index : 0;

		if (!d)
			continue;
		if (colour[j] == 1) {
			for (size_t k = 0; k <= depth; k++)
				if (stack[k] == j) {
					*cyc_from = k;
					*cyc_len = depth - k + 1;
				}
			return 1;
		}
		if (colour[j] == 0 && cycle_dfs(pb, j, colour, stack, depth + 1,
						cyc_from, cyc_len))
			return 1;
	}
	colour[i] = 2;
	return 0;
}

/* Every `after` entry names another step of the playbook. */
static int check_after(struct rs_ld *ld, const struct rs_playbook *pb,
		       const struct rs_step_nodes *nodes)
{
	for (size_t i = 0; i < pb->n_steps; i++) {
		const struct rs_step *st = &pb->steps[i];

		for (size_t a = 0; a < st->n_after; a++) {
			const char *names[1000];

			if (!strcmp(st->after[a], st->id))
				return RS_YAML_FAIL(
					ld, nodes[i].after,
					"step '%s' lists itself in 'after'; remove it",
					st->id);
			if (rs_playbook_step(pb, st->after[a]))
				continue;
			for (size_t j = 0; j < pb->n_steps; j++)
				names[j] = pb->steps[j].id;
			const char *dym = rs_did_you_mean(st->after[a], names,
							  pb->n_steps);
			return RS_YAML_FAIL(
				ld, nodes[i].after,
				"step '%s': 'after' names unknown step '%s'%s%s%s",
				st->id, st->after[a],
				dym ? "; did you mean '" : "; use a step id",
				dym ? dym : "", dym ? "'?" : "");
		}
	}
	return 0;
}

static int check_cycles(struct rs_ld *ld, const struct rs_playbook *pb,
			const struct rs_step_nodes *nodes)
{
	char *colour = calloc(pb->n_steps, 1);
	size_t *stack = calloc(pb->n_steps + 1, sizeof(*stack));
	int rc = 0;

	if (!colour || !stack) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < pb->n_steps; i++) {
		size_t from = 0, len = 0;
		char path[512];
		size_t off = 0;

		if (colour[i] ||
		    !cycle_dfs(pb, i, colour, stack, 0, &from, &len))
			continue;
		for (size_t k = 0; k < len && off < sizeof(path) - 70; k++)
			off += (size_t)snprintf(path + off, sizeof(path) - off,
						"%s -> ",
						pb->steps[stack[from + k]].id);
		snprintf(path + off, sizeof(path) - off, "%s",
			 pb->steps[stack[from]].id);
		rc = RS_YAML_FAIL(
			ld,
			nodes[stack[from]].after ? nodes[stack[from]].after
						 : nodes[stack[from]].item,
			"dependency cycle %s; remove one of these 'after' entries",
			path);
		goto out;
	}
out:
	free(colour);
	free(stack);
	return rc;
}

static int check_refs(struct rs_ld *ld, const struct rs_playbook *pb,
		      const struct rs_step_nodes *nodes)
{
	char *mark = calloc(pb->n_steps, 1);
	int rc = 0;

	if (!mark)
		return -ENOMEM;
	for (size_t i = 0; i < pb->n_steps; i++) {
		struct refck c = {.ld = ld,
				  .pb = pb,
				  .st = &pb->steps[i],
				  .depmark = mark};

		memset(mark, 0, pb->n_steps);
		mark_deps(pb, i, mark, 0);
		c.node = nodes[i].with ? nodes[i].with : nodes[i].item;
		if ((rc = refs_in(&c, pb->steps[i].with, ld->err)))
			break;
		if (pb->steps[i].when) {
			json_t *w = json_string(pb->steps[i].when);

			c.node = nodes[i].when;
			rc = refs_in(&c, w, ld->err);
			json_decref(w);
			if (rc)
				break;
		}
	}
	free(mark);
	return rc;
}

int rs_graph_check(struct rs_ld *ld, const struct rs_playbook *pb,
		   const struct rs_step_nodes *nodes)
{
	int rc;

	if ((rc = check_after(ld, pb, nodes)) ||
	    (rc = check_cycles(ld, pb, nodes)))
		return rc;
	return check_refs(ld, pb, nodes);
}
