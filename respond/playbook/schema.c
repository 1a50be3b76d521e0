// SPDX-License-Identifier: Apache-2.0
/*
 * The schema of `sanitas.playbook/1`: top-level keys, inputs, steps and
 * their `with` parameters checked against each action's declaration.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "playbook/schema.h"
#include "playbook/yaml.h"
#include "rs_subst.h"
#include "rs_util.h"

static const char *const top_keys[] = {"schema",      "id",	"title",
				       "description", "inputs", "steps"};
static const char *const input_keys[] = {"type", "required", "default",
					 "description"};
static const char *const step_keys[] = {"id",	      "action",	  "with",
					"after",      "when",	  "timeout",
					"on_failure", "approval", "phase"};
static const char *const input_types[] = {"string",   "integer", "boolean",
					  "datetime", "list",	 "map"};
static const enum rs_ptype input_ptypes[] = {RS_P_STRING,  RS_P_INTEGER,
					     RS_P_BOOLEAN, RS_P_DATETIME,
					     RS_P_LIST,	   RS_P_MAP};
static const char *const phases[] = {"govern", "identify", "protect",
				     "detect", "respond",  "recover"};

static bool id_ok(const char *s)
{
	if (!*s || strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return false;
	return true;
}

static int load_input(struct rs_ld *ld, yaml_node_t *kn, yaml_node_t *vn,
		      struct rs_input *in)
{
	yaml_node_t *type_node = NULL, *def_node = NULL;
	int rc;

	in->name = strdup(rs_yaml_scalar(kn));
	in->pos = rs_yaml_pos(kn);
	if (!in->name)
		return -ENOMEM;
	if (!id_ok(in->name))
		return RS_YAML_FAIL(
			ld, kn,
			"input name '%s' may hold only letters, digits, '-' and '_'; rename it",
			in->name);
	if (vn->type != YAML_MAPPING_NODE)
		return RS_YAML_FAIL(
			ld, vn,
			"input '%s' must be a map like {type: string}, not %s",
			in->name, rs_yaml_type_str(vn));
	for (yaml_node_pair_t *pr = vn->data.mapping.pairs.start;
	     pr < vn->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = rs_yaml_node(ld, pr->key),
			    *v = rs_yaml_node(ld, pr->value);
		const char *ks;

		if ((rc = rs_yaml_check_key(ld, k, "an input", input_keys,
					    RS_N(input_keys))) ||
		    (rc = rs_yaml_dup_key(ld, vn, pr)))
			return rc;
		ks = rs_yaml_scalar(k);
		if (!strcmp(ks, "type")) {
			type_node = v;
		} else if (!strcmp(ks, "required")) {
			json_t *b = v->type == YAML_SCALAR_NODE
					    ? rs_yaml_scalar_json(v)
					    : NULL;

			if (!json_is_boolean(b)) {
				json_decref(b);
				return RS_YAML_FAIL(
					ld, v,
					"'required' must be true or false");
			}
			in->required = json_is_true(b);
			json_decref(b);
		} else if (!strcmp(ks, "default")) {
			def_node = v;
		} else if ((rc = rs_yaml_get_string(ld, v, "'description'",
						    &in->description))) {
			return rc;
		}
	}
	if (!type_node)
		return RS_YAML_FAIL(
			ld, vn,
			"input '%s' has no 'type'; add type: string (or integer, boolean, datetime, list, map)",
			in->name);
	{
		const char *t = rs_yaml_scalar(type_node);
		size_t i;

		for (i = 0; t && i < RS_N(input_types); i++)
			if (!strcmp(t, input_types[i]))
				break;
		if (!t || i == RS_N(input_types)) {
			const char *dym = t ? rs_did_you_mean(t, input_types,
							      RS_N(input_types))
					    : NULL;

			if (dym)
				return RS_YAML_FAIL(
					ld, type_node,
					"unknown type '%s'; did you mean '%s'?",
					t, dym);
			return RS_YAML_FAIL(
				ld, type_node,
				"unknown type '%s'; use string, integer, boolean, datetime, list or map",
				t ? t : "(not a string)");
		}
		in->type = input_ptypes[i];
	}
	if (def_node) {
		if ((rc = rs_yaml_to_json(ld, def_node, 2, &in->def)))
			return rc;
		if (json_is_null(in->def)) {
			json_decref(in->def);
			in->def = NULL;
		} else if (!rs_value_fits(in->def, in->type)) {
			return RS_YAML_FAIL(
				ld, def_node,
				"default of input '%s' is not %s %s; give %s %s value",
				in->name, rs_ptype_article(in->type),
				rs_ptype_name(in->type),
				rs_ptype_article(in->type),
				rs_ptype_name(in->type));
		}
	}
	return 0;
}

/* Check one `with` value against its declared type (references deferred). */
static int check_with_value(struct rs_ld *ld, yaml_node_t *vn, const json_t *v,
			    const struct rs_param *p, const char *step)
{
	struct rs_ref ref;

	if (json_is_string(v) && rs_ref_whole(json_string_value(v), &ref))
		return 0;
	/* a string with embedded references stays a string */
	if (json_is_string(v) && strstr(json_string_value(v), "${") &&
	    (p->type == RS_P_STRING || p->type == RS_P_DATETIME ||
	     p->type == RS_P_SIZE || p->type == RS_P_ANY))
		return 0;
	if (!rs_value_fits(v, p->type))
		return RS_YAML_FAIL(
			ld, vn,
			"step '%s': 'with.%s' must be %s %s; write %s %s value or a ${...} reference",
			step, p->name, rs_ptype_article(p->type),
			rs_ptype_name(p->type), rs_ptype_article(p->type),
			rs_ptype_name(p->type));
	return 0;
}

static int load_with(struct rs_ld *ld, yaml_node_t *vn, struct rs_step *st)
{
	const struct rs_param *params = st->act ? st->act->params : NULL;
	size_t np = 0, n = 0;
	const char *names[64];
	int rc;

	if (vn->type != YAML_MAPPING_NODE)
		return RS_YAML_FAIL(
			ld, vn, "'with' must be a map of parameters, not %s",
			rs_yaml_type_str(vn));
	for (const struct rs_param *p = params;
	     p && p->name && np < RS_N(names); p++)
		names[np++] = p->name;
	if ((rc = rs_yaml_to_json(ld, vn, 2, &st->with)))
		return rc;
	st->with_pos = calloc(vn->data.mapping.pairs.top -
				      vn->data.mapping.pairs.start + 1,
			      sizeof(*st->with_pos));
	if (!st->with_pos)
		return -ENOMEM;
	for (yaml_node_pair_t *pr = vn->data.mapping.pairs.start;
	     pr < vn->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = rs_yaml_node(ld, pr->key),
			    *v = rs_yaml_node(ld, pr->value);
		const char *ks = rs_yaml_scalar(k);
		const struct rs_param *p = NULL;
		char where[160];

		st->with_pos[n].key = strdup(ks);
		st->with_pos[n++].pos = rs_yaml_pos(k);
		st->n_with_pos = n;
		snprintf(where, sizeof(where), "'with' of action '%s'",
			 st->action);
		if ((rc = rs_yaml_check_key(ld, k, where, names, np)))
			return rc;
		for (p = params; strcmp(p->name, ks); p++)
			;
		if ((rc = check_with_value(ld, v, json_object_get(st->with, ks),
					   p, st->id)))
			return rc;
	}
	return 0;
}

static int load_after(struct rs_ld *ld, yaml_node_t *vn, struct rs_step *st)
{
	if (vn->type == YAML_SCALAR_NODE) {
		st->after = calloc(1, sizeof(char *));
		if (!st->after)
			return -ENOMEM;
		st->n_after = 1;
		return rs_yaml_get_string(ld, vn, "'after'", &st->after[0]);
	}
	if (vn->type != YAML_SEQUENCE_NODE)
		return RS_YAML_FAIL(ld, vn,
				    "'after' must be a list of step ids");
	st->after = calloc((size_t)(vn->data.sequence.items.top -
				    vn->data.sequence.items.start) +
				   1,
			   sizeof(char *));
	if (!st->after)
		return -ENOMEM;
	for (yaml_node_item_t *it = vn->data.sequence.items.start;
	     it < vn->data.sequence.items.top; it++) {
		int rc = rs_yaml_get_string(ld, rs_yaml_node(ld, *it),
					    "a step id in 'after'",
					    &st->after[st->n_after]);

		if (rc)
			return rc;
		st->n_after++;
	}
	return 0;
}

/* `phase`: a NIST CSF 2.0 function, any case, stored in lower case. */
static int load_phase(struct rs_ld *ld, yaml_node_t *v, struct rs_step *st)
{
	const char *t = rs_yaml_scalar(v);
	size_t i;

	for (i = 0; t && i < RS_N(phases); i++)
		if (!strcasecmp(t, phases[i]))
			break;
	if (!t || i == RS_N(phases)) {
		const char *dym =
			t ? rs_did_you_mean(t, phases, RS_N(phases)) : NULL;

		if (dym)
			return RS_YAML_FAIL(
				ld, v, "unknown phase '%s'; did you mean '%s'?",
				t, dym);
		return RS_YAML_FAIL(
			ld, v,
			"unknown phase; use a NIST CSF 2.0 function: govern, identify, protect, detect, respond, recover");
	}
	st->phase = strdup(phases[i]);
	return 0;
}

/*
 * The registered action named by st->action (written at @action_node),
 * and the approval a state-changing one needs.
 */
static int resolve_action(struct rs_ld *ld, yaml_node_t *action_node,
			  struct rs_step *st)
{
	st->act = rs_action_find(st->action);
	if (!st->act) {
		size_t n;
		const struct rs_action *const *all = rs_actions(&n);
		const char *names[64];
		const char *dym;

		for (size_t i = 0; i < n && i < RS_N(names); i++)
			names[i] = all[i]->name;
		dym = rs_did_you_mean(st->action, names, n < 64 ? n : 64);
		if (dym)
			return RS_YAML_FAIL(
				ld, action_node,
				"unknown action '%s'; did you mean '%s'?",
				st->action, dym);
		return RS_YAML_FAIL(
			ld, action_node,
			"unknown action '%s'; 'respond actions' lists them",
			st->action);
	}
	if (st->act->state_changing && !st->approval)
		return RS_YAML_FAIL(
			ld, action_node,
			"step '%s' runs the state-changing action '%s'; add 'approval: required'",
			st->id, st->action);
	return 0;
}

static int load_step(struct rs_ld *ld, yaml_node_t *sn, struct rs_step *st,
		     yaml_node_t **with_node, yaml_node_t **after_node,
		     yaml_node_t **when_node)
{
	yaml_node_t *action_node = NULL, *id_node = NULL;
	int rc;

	st->pos = rs_yaml_pos(sn);
	if (sn->type != YAML_MAPPING_NODE)
		return RS_YAML_FAIL(
			ld, sn,
			"a step must be a map with 'id' and 'action', not %s",
			rs_yaml_type_str(sn));
	for (yaml_node_pair_t *pr = sn->data.mapping.pairs.start;
	     pr < sn->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = rs_yaml_node(ld, pr->key),
			    *v = rs_yaml_node(ld, pr->value);
		const char *ks;

		if ((rc = rs_yaml_check_key(ld, k, "a step", step_keys,
					    RS_N(step_keys))) ||
		    (rc = rs_yaml_dup_key(ld, sn, pr)))
			return rc;
		ks = rs_yaml_scalar(k);
		if (!strcmp(ks, "id")) {
			id_node = v;
			if ((rc = rs_yaml_get_string(ld, v, "'id'", &st->id)))
				return rc;
			if (!id_ok(st->id))
				return RS_YAML_FAIL(
					ld, v,
					"step id '%s' may hold only letters, digits, '-' and '_' (at most 64); rename it",
					st->id);
			st->pos = rs_yaml_pos(v);
		} else if (!strcmp(ks, "action")) {
			action_node = v;
			if ((rc = rs_yaml_get_string(ld, v, "'action'",
						     &st->action)))
				return rc;
		} else if (!strcmp(ks, "with")) {
			*with_node = v;
		} else if (!strcmp(ks, "after")) {
			*after_node = v;
		} else if (!strcmp(ks, "when")) {
			json_t *w = NULL;

			*when_node = v;
			if (v->type == YAML_SCALAR_NODE)
				w = rs_yaml_scalar_json(v);
			if (json_is_boolean(w))
				st->when = strdup(json_is_true(w) ? "true"
								  : "false");
			else if (json_is_string(w))
				st->when = strdup(json_string_value(w));
			json_decref(w);
			if (!st->when)
				return RS_YAML_FAIL(
					ld, v,
					"'when' must be a condition: a boolean, ${inputs.x} or 'A == B'");
		} else if (!strcmp(ks, "timeout")) {
			const char *t = rs_yaml_scalar(v);

			if (!t || rs_parse_duration(t, &st->timeout) ||
			    !st->timeout)
				return RS_YAML_FAIL(
					ld, v,
					"'timeout' must be a duration like 30s, 10m or 2h");
		} else if (!strcmp(ks, "on_failure")) {
			const char *t = rs_yaml_scalar(v);

			if (t && !strcmp(t, "abort"))
				st->on_failure = RS_ON_FAILURE_ABORT;
			else if (t && !strcmp(t, "continue"))
				st->on_failure = RS_ON_FAILURE_CONTINUE;
			else
				return RS_YAML_FAIL(
					ld, v,
					"'on_failure' must be abort or continue");
		} else if (!strcmp(ks, "approval")) {
			const char *t = rs_yaml_scalar(v);

			if (t && !strcmp(t, "required"))
				st->approval = true;
			else if (t && !strcmp(t, "none"))
				st->approval = false;
			else
				return RS_YAML_FAIL(
					ld, v,
					"'approval' must be 'required' or 'none'");
		} else if (!strcmp(ks, "phase") &&
			   (rc = load_phase(ld, v, st))) {
			return rc;
		}
	}
	if (!id_node)
		return RS_YAML_FAIL(ld, sn, "step has no 'id'; add id: NAME");
	if (!action_node)
		return RS_YAML_FAIL(
			ld, sn,
			"step '%s' has no 'action'; add one (see 'respond actions')",
			st->id);
	return resolve_action(ld, action_node, st);
}

int rs_schema_top(struct rs_ld *ld, yaml_node_t *root, struct rs_playbook *pb,
		  yaml_node_t **inputs, yaml_node_t **steps)
{
	int rc;

	*inputs = *steps = NULL;
	if (!root)
		return rs_yaml_fail_at(
			ld->name, (struct rs_pos){1, 1}, ld->err,
			"empty playbook; start with 'schema: %s'",
			RS_PLAYBOOK_SCHEMA);
	if (root->type != YAML_MAPPING_NODE)
		return RS_YAML_FAIL(
			ld, root,
			"a playbook is a map (schema, id, steps...), not %s",
			rs_yaml_type_str(root));
	for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
	     pr < root->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = rs_yaml_node(ld, pr->key),
			    *v = rs_yaml_node(ld, pr->value);
		const char *ks;

		if ((rc = rs_yaml_check_key(ld, k, "the playbook", top_keys,
					    RS_N(top_keys))) ||
		    (rc = rs_yaml_dup_key(ld, root, pr)))
			return rc;
		ks = rs_yaml_scalar(k);
		if (!strcmp(ks, "schema")) {
			if ((rc = rs_yaml_get_string(ld, v, "'schema'",
						     &pb->schema)))
				return rc;
			if (strcmp(pb->schema, RS_PLAYBOOK_SCHEMA))
				return RS_YAML_FAIL(
					ld, v,
					"unsupported schema '%s'; this respond reads '%s'",
					pb->schema, RS_PLAYBOOK_SCHEMA);
		} else if (!strcmp(ks, "id")) {
			if ((rc = rs_yaml_get_string(ld, v, "'id'", &pb->id)))
				return rc;
			if (!id_ok(pb->id))
				return RS_YAML_FAIL(
					ld, v,
					"playbook id '%s' may hold only letters, digits, '-' and '_'",
					pb->id);
		} else if (!strcmp(ks, "title")) {
			if ((rc = rs_yaml_get_string(ld, v, "'title'",
						     &pb->title)))
				return rc;
		} else if (!strcmp(ks, "description")) {
			if ((rc = rs_yaml_get_string(ld, v, "'description'",
						     &pb->description)))
				return rc;
		} else if (!strcmp(ks, "inputs")) {
			*inputs = v;
		} else {
			*steps = v;
		}
	}
	if (!pb->schema)
		return RS_YAML_FAIL(ld, root, "no 'schema'; add 'schema: %s'",
				    RS_PLAYBOOK_SCHEMA);
	if (!pb->id)
		return RS_YAML_FAIL(ld, root, "no 'id'; add 'id: NAME'");
	return 0;
}

int rs_schema_inputs(struct rs_ld *ld, yaml_node_t *inputs,
		     struct rs_playbook *pb)
{
	size_t n;
	int rc;

	if (inputs->type != YAML_MAPPING_NODE)
		return RS_YAML_FAIL(
			ld, inputs,
			"'inputs' must be a map from name to {type, required, default, description}");
	n = (size_t)(inputs->data.mapping.pairs.top -
		     inputs->data.mapping.pairs.start);
	pb->inputs = calloc(n + 1, sizeof(*pb->inputs));
	if (!pb->inputs)
		return -ENOMEM;
	for (yaml_node_pair_t *pr = inputs->data.mapping.pairs.start;
	     pr < inputs->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = rs_yaml_node(ld, pr->key);

		if (!rs_yaml_scalar(k))
			return RS_YAML_FAIL(ld, k,
					    "an input name must be a string");
		if ((rc = rs_yaml_dup_key(ld, inputs, pr)))
			return rc;
		pb->n_inputs++;
		if ((rc = load_input(ld, k, rs_yaml_node(ld, pr->value),
				     &pb->inputs[pb->n_inputs - 1])))
			return rc;
	}
	return 0;
}

/* The parameters of a loaded step: required ones given, action's check. */
static int check_params(struct rs_ld *ld, const struct rs_step *st,
			const struct rs_step_nodes *nd)
{
	yaml_node_t *at = nd->with ? nd->with : nd->item;

	for (const struct rs_param *p = st->act->params; p && p->name; p++)
		if (p->required && !json_object_get(st->with, p->name))
			return RS_YAML_FAIL(
				ld, at,
				"step '%s': action '%s' needs 'with.%s' (%s); add it",
				st->id, st->action, p->name,
				rs_ptype_name(p->type));
	if (st->act->validate) {
		struct cm_err e2;

		cm_err_clear(&e2);
		if (st->act->validate(st->with, &e2))
			return RS_YAML_FAIL(ld, at, "step '%s': %s", st->id,
					    e2.msg);
	}
	return 0;
}

int rs_schema_steps(struct rs_ld *ld, yaml_node_t *root, yaml_node_t *steps,
		    struct rs_playbook *pb, struct rs_step_nodes **nodes)
{
	struct rs_step_nodes *nd = NULL;
	size_t n;
	int rc = 0;

	*nodes = NULL;
	if (!steps)
		return RS_YAML_FAIL(ld, root,
				    "no 'steps'; add a list of steps");
	if (steps->type != YAML_SEQUENCE_NODE ||
	    steps->data.sequence.items.top == steps->data.sequence.items.start)
		return RS_YAML_FAIL(
			ld, steps, "'steps' must be a non-empty list of steps");
	n = (size_t)(steps->data.sequence.items.top -
		     steps->data.sequence.items.start);
	if (n > 1000)
		return RS_YAML_FAIL(ld, steps,
				    "more than 1000 steps; split the playbook");
	pb->steps = calloc(n, sizeof(*pb->steps));
	nd = calloc(n, sizeof(*nd));
	if (!pb->steps || !nd) {
		rc = -ENOMEM;
		goto out;
	}
	for (yaml_node_item_t *it = steps->data.sequence.items.start;
	     it < steps->data.sequence.items.top; it++) {
		size_t i = pb->n_steps++;
		struct rs_step *st = &pb->steps[i];

		st->index = i;
		nd[i].item = rs_yaml_node(ld, *it);
		if ((rc = load_step(ld, nd[i].item, st, &nd[i].with,
				    &nd[i].after, &nd[i].when)))
			goto out;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(pb->steps[j].id, st->id)) {
				rc = rs_yaml_fail_at(
					ld->name, st->pos, ld->err,
					"duplicate step id '%s' (first at line %u); rename one",
					st->id, pb->steps[j].pos.line);
				goto out;
			}
		if (nd[i].with) {
			if ((rc = load_with(ld, nd[i].with, st)))
				goto out;
		} else {
			st->with = json_object();
		}
		if ((rc = check_params(ld, st, &nd[i])))
			goto out;
		if (nd[i].after && (rc = load_after(ld, nd[i].after, st)))
			goto out;
	}
out:
	if (rc)
		free(nd);
	else
		*nodes = nd;
	return rc;
}
