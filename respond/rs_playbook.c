// SPDX-License-Identifier: Apache-2.0
/*
 * The playbook loader. libyaml's document API gives every node a start
 * mark, which is how each error names its line and column. Aliases are
 * expanded by libyaml, so the conversion counts nodes to stop alias bombs.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "cm_hash.h"
#include "cm_time.h"
#include "rs_playbook.h"
#include "rs_subst.h"
#include "rs_util.h"

#define RS_YAML_MAX_NODES 100000
#define RS_YAML_MAX_DEPTH 64

struct rs_ld {
	const char *name;
	yaml_document_t *doc;
	struct cm_err *err;
	size_t nodes;
};

static struct rs_pos node_pos(const yaml_node_t *n)
{
	struct rs_pos p = {0, 0};

	if (n) {
		p.line = (unsigned)n->start_mark.line + 1;
		p.col = (unsigned)n->start_mark.column + 1;
	}
	return p;
}

static int fail_at(const char *name, struct rs_pos p, struct cm_err *err,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fail_at(const char *name, struct rs_pos p, struct cm_err *err,
		   const char *fmt, ...)
{
	char msg[CM_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR, "%s:%u:%u: %s", name,
			   p.line ? p.line : 1, p.col ? p.col : 1, msg);
}

#define FAIL(ld, node, ...)                                                    \
	fail_at((ld)->name, node_pos(node), (ld)->err, __VA_ARGS__)

static yaml_node_t *rs_node(struct rs_ld *ld, int id)
{
	return yaml_document_get_node(ld->doc, id);
}

static const char *rs_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE
		       ? (const char *)n->data.scalar.value
		       : NULL;
}

/* YAML 1.2 core schema for plain scalars; quoted ones are strings. */
static json_t *scalar_json(const yaml_node_t *n)
{
	const char *s = (const char *)n->data.scalar.value;
	size_t len = n->data.scalar.length;

	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return json_stringn(s, len);
	if (len == 0 || !strcmp(s, "~") || !strcmp(s, "null") ||
	    !strcmp(s, "Null") || !strcmp(s, "NULL"))
		return json_null();
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		return json_true();
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return json_false();
	{
		const char *p = s;
		char *end;
		long long v;

		if (*p == '-' || *p == '+')
			p++;
		if (isdigit((unsigned char)*p)) {
			errno = 0;
			v = strtoll(s, &end, 10);
			if (!*end && !errno &&
			    strspn(p, "0123456789") == strlen(p))
				return json_integer(v);
		}
	}
	return json_stringn(s, len);
}

static int to_json(struct rs_ld *ld, yaml_node_t *n, int depth, json_t **out)
{
	json_t *v = NULL;
	int rc;

	*out = NULL;
	if (++ld->nodes > RS_YAML_MAX_NODES)
		return FAIL(
			ld, n,
			"more than %d values (aliases expanded); write the playbook without alias bombs",
			RS_YAML_MAX_NODES);
	if (depth > RS_YAML_MAX_DEPTH)
		return FAIL(ld, n,
			    "nested more than %d levels deep; flatten it",
			    RS_YAML_MAX_DEPTH);
	switch (n->type) {
	case YAML_SCALAR_NODE:
		v = scalar_json(n);
		break;
	case YAML_SEQUENCE_NODE: {
		yaml_node_item_t *it;

		v = json_array();
		for (it = n->data.sequence.items.start;
		     v && it < n->data.sequence.items.top; it++) {
			json_t *c;

			if ((rc = to_json(ld, rs_node(ld, *it), depth + 1,
					  &c))) {
				json_decref(v);
				return rc;
			}
			json_array_append_new(v, c);
		}
		break;
	}
	case YAML_MAPPING_NODE: {
		yaml_node_pair_t *pr;

		v = json_object();
		for (pr = n->data.mapping.pairs.start;
		     v && pr < n->data.mapping.pairs.top; pr++) {
			yaml_node_t *k = rs_node(ld, pr->key);
			const char *ks = rs_scalar(k);
			json_t *c;

			if (!ks) {
				json_decref(v);
				return FAIL(
					ld, k,
					"a key must be a plain string; quote it or rename it");
			}
			if (json_object_get(v, ks)) {
				json_decref(v);
				return FAIL(ld, k,
					    "duplicate key '%s'; keep one", ks);
			}
			if ((rc = to_json(ld, rs_node(ld, pr->value), depth + 1,
					  &c))) {
				json_decref(v);
				return rc;
			}
			json_object_set_new(v, ks, c);
		}
		break;
	}
	default:
		return FAIL(ld, n, "empty node; give a value");
	}
	if (!v)
		return cm_err_set(ld->err, -ENOMEM, "out of memory");
	*out = v;
	return 0;
}

static const char *type_str(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return "a scalar";
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a map";
	default:
		return "nothing";
	}
}

/* A string scalar (quoted or plain, not null/bool/number when @strict). */
static int get_string(struct rs_ld *ld, yaml_node_t *n, const char *what,
		      char **out)
{
	const char *s = rs_scalar(n);

	if (!s || (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		   n->data.scalar.length == 0))
		return FAIL(ld, n,
			    "%s must be a string, not %s; write it as text",
			    what, s ? "empty" : type_str(n));
	*out = strdup(s);
	return *out ? 0 : cm_err_set(ld->err, -ENOMEM, "out of memory");
}

/* Unknown-key check with a suggestion. */
static int check_key(struct rs_ld *ld, yaml_node_t *k, const char *where,
		     const char *const *known, size_t n)
{
	const char *ks = rs_scalar(k);
	const char *dym;
	char list[512] = "";
	size_t off = 0;

	if (!ks)
		return FAIL(ld, k, "a key in %s must be a string", where);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ks, known[i]))
			return 0;
	dym = rs_did_you_mean(ks, known, n);
	if (dym)
		return FAIL(ld, k, "unknown key '%s' in %s; did you mean '%s'?",
			    ks, where, dym);
	for (size_t i = 0; i < n && off < sizeof(list) - 1; i++)
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s",
					i ? ", " : "", known[i]);
	return FAIL(ld, k, "unknown key '%s' in %s; known keys: %s", ks, where,
		    list);
}

static int dup_key(struct rs_ld *ld, yaml_node_t *map, yaml_node_pair_t *pr)
{
	const char *ks = rs_scalar(rs_node(ld, pr->key));

	for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < pr; q++) {
		const char *qs = rs_scalar(rs_node(ld, q->key));

		if (ks && qs && !strcmp(ks, qs))
			return FAIL(ld, rs_node(ld, pr->key),
				    "duplicate key '%s'; keep one", ks);
	}
	return 0;
}

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

#define N(a) (sizeof(a) / sizeof((a)[0]))

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

	in->name = strdup(rs_scalar(kn));
	in->pos = node_pos(kn);
	if (!in->name)
		return -ENOMEM;
	if (!id_ok(in->name))
		return FAIL(
			ld, kn,
			"input name '%s' may hold only letters, digits, '-' and '_'; rename it",
			in->name);
	if (vn->type != YAML_MAPPING_NODE)
		return FAIL(
			ld, vn,
			"input '%s' must be a map like {type: string}, not %s",
			in->name, type_str(vn));
	for (yaml_node_pair_t *pr = vn->data.mapping.pairs.start;
	     pr < vn->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = rs_node(ld, pr->key),
			    *v = rs_node(ld, pr->value);
		const char *ks;

		if ((rc = check_key(ld, k, "an input", input_keys,
				    N(input_keys))) ||
		    (rc = dup_key(ld, vn, pr)))
			return rc;
		ks = rs_scalar(k);
		if (!strcmp(ks, "type")) {
			type_node = v;
		} else if (!strcmp(ks, "required")) {
			json_t *b = v->type == YAML_SCALAR_NODE ? scalar_json(v)
								: NULL;

			if (!json_is_boolean(b)) {
				json_decref(b);
				return FAIL(ld, v,
					    "'required' must be true or false");
			}
			in->required = json_is_true(b);
			json_decref(b);
		} else if (!strcmp(ks, "default")) {
			def_node = v;
		} else if ((rc = get_string(ld, v, "'description'",
					    &in->description))) {
			return rc;
		}
	}
	if (!type_node)
		return FAIL(
			ld, vn,
			"input '%s' has no 'type'; add type: string (or integer, boolean, datetime, list, map)",
			in->name);
	{
		const char *t = rs_scalar(type_node);
		size_t i;

		for (i = 0; t && i < N(input_types); i++)
			if (!strcmp(t, input_types[i]))
				break;
		if (!t || i == N(input_types)) {
			const char *dym = t ? rs_did_you_mean(t, input_types,
							      N(input_types))
					    : NULL;

			if (dym)
				return FAIL(
					ld, type_node,
					"unknown type '%s'; did you mean '%s'?",
					t, dym);
			return FAIL(
				ld, type_node,
				"unknown type '%s'; use string, integer, boolean, datetime, list or map",
				t ? t : "(not a string)");
		}
		in->type = input_ptypes[i];
	}
	if (def_node) {
		if ((rc = to_json(ld, def_node, 2, &in->def)))
			return rc;
		if (json_is_null(in->def)) {
			json_decref(in->def);
			in->def = NULL;
		} else if (!rs_value_fits(in->def, in->type)) {
			return FAIL(
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
		return FAIL(
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
		return FAIL(ld, vn,
			    "'with' must be a map of parameters, not %s",
			    type_str(vn));
	for (const struct rs_param *p = params; p && p->name && np < N(names);
	     p++)
		names[np++] = p->name;
	if ((rc = to_json(ld, vn, 2, &st->with)))
		return rc;
	st->with_pos = calloc(vn->data.mapping.pairs.top -
				      vn->data.mapping.pairs.start + 1,
			      sizeof(*st->with_pos));
	if (!st->with_pos)
		return -ENOMEM;
	for (yaml_node_pair_t *pr = vn->data.mapping.pairs.start;
	     pr < vn->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = rs_node(ld, pr->key),
			    *v = rs_node(ld, pr->value);
		const char *ks = rs_scalar(k);
		const struct rs_param *p = NULL;
		char where[160];

		st->with_pos[n].key = strdup(ks);
		st->with_pos[n++].pos = node_pos(k);
		st->n_with_pos = n;
		snprintf(where, sizeof(where), "'with' of action '%s'",
			 st->action);
		if ((rc = check_key(ld, k, where, names, np)))
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
		return get_string(ld, vn, "'after'", &st->after[0]);
	}
	if (vn->type != YAML_SEQUENCE_NODE)
		return FAIL(ld, vn, "'after' must be a list of step ids");
	st->after = calloc((size_t)(vn->data.sequence.items.top -
				    vn->data.sequence.items.start) +
				   1,
			   sizeof(char *));
	if (!st->after)
		return -ENOMEM;
	for (yaml_node_item_t *it = vn->data.sequence.items.start;
	     it < vn->data.sequence.items.top; it++) {
		int rc =
			get_string(ld, rs_node(ld, *it), "a step id in 'after'",
				   &st->after[st->n_after]);

		if (rc)
			return rc;
		st->n_after++;
	}
	return 0;
}

static int load_step(struct rs_ld *ld, yaml_node_t *sn, struct rs_step *st,
		     yaml_node_t **with_node, yaml_node_t **after_node,
		     yaml_node_t **when_node)
{
	yaml_node_t *action_node = NULL, *id_node = NULL;
	int rc;

	st->pos = node_pos(sn);
	if (sn->type != YAML_MAPPING_NODE)
		return FAIL(
			ld, sn,
			"a step must be a map with 'id' and 'action', not %s",
			type_str(sn));
	for (yaml_node_pair_t *pr = sn->data.mapping.pairs.start;
	     pr < sn->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = rs_node(ld, pr->key),
			    *v = rs_node(ld, pr->value);
		const char *ks;

		if ((rc = check_key(ld, k, "a step", step_keys,
				    N(step_keys))) ||
		    (rc = dup_key(ld, sn, pr)))
			return rc;
		ks = rs_scalar(k);
		if (!strcmp(ks, "id")) {
			id_node = v;
			if ((rc = get_string(ld, v, "'id'", &st->id)))
				return rc;
			if (!id_ok(st->id))
				return FAIL(
					ld, v,
					"step id '%s' may hold only letters, digits, '-' and '_' (at most 64); rename it",
					st->id);
			st->pos = node_pos(v);
		} else if (!strcmp(ks, "action")) {
			action_node = v;
			if ((rc = get_string(ld, v, "'action'", &st->action)))
				return rc;
		} else if (!strcmp(ks, "with")) {
			*with_node = v;
		} else if (!strcmp(ks, "after")) {
			*after_node = v;
		} else if (!strcmp(ks, "when")) {
			json_t *w = NULL;

			*when_node = v;
			if (v->type == YAML_SCALAR_NODE)
				w = scalar_json(v);
			if (json_is_boolean(w))
				st->when = strdup(json_is_true(w) ? "true"
								  : "false");
			else if (json_is_string(w))
				st->when = strdup(json_string_value(w));
			json_decref(w);
			if (!st->when)
				return FAIL(
					ld, v,
					"'when' must be a condition: a boolean, ${inputs.x} or 'A == B'");
		} else if (!strcmp(ks, "timeout")) {
			const char *t = rs_scalar(v);

			if (!t || rs_parse_duration(t, &st->timeout) ||
			    !st->timeout)
				return FAIL(
					ld, v,
					"'timeout' must be a duration like 30s, 10m or 2h");
		} else if (!strcmp(ks, "on_failure")) {
			const char *t = rs_scalar(v);

			if (t && !strcmp(t, "abort"))
				st->on_failure = RS_ON_FAILURE_ABORT;
			else if (t && !strcmp(t, "continue"))
				st->on_failure = RS_ON_FAILURE_CONTINUE;
			else
				return FAIL(
					ld, v,
					"'on_failure' must be abort or continue");
		} else if (!strcmp(ks, "approval")) {
			const char *t = rs_scalar(v);

			if (t && !strcmp(t, "required"))
				st->approval = true;
			else if (t && !strcmp(t, "none"))
				st->approval = false;
			else
				return FAIL(
					ld, v,
					"'approval' must be 'required' or 'none'");
		} else if (!strcmp(ks, "phase")) {
			const char *t = rs_scalar(v);
			size_t i;

			for (i = 0; t && i < N(phases); i++)
				if (!strcasecmp(t, phases[i]))
					break;
			if (!t || i == N(phases)) {
				const char *dym = t ? rs_did_you_mean(t, phases,
								      N(phases))
						    : NULL;

				if (dym)
					return FAIL(
						ld, v,
						"unknown phase '%s'; did you mean '%s'?",
						t, dym);
				return FAIL(
					ld, v,
					"unknown phase; use a NIST CSF 2.0 function: govern, identify, protect, detect, respond, recover");
			}
			st->phase = strdup(phases[i]);
		}
	}
	if (!id_node)
		return FAIL(ld, sn, "step has no 'id'; add id: NAME");
	if (!action_node)
		return FAIL(
			ld, sn,
			"step '%s' has no 'action'; add one (see 'respond actions')",
			st->id);
	st->act = rs_action_find(st->action);
	if (!st->act) {
		size_t n;
		const struct rs_action *const *all = rs_actions(&n);
		const char *names[64];
		const char *dym;

		for (size_t i = 0; i < n && i < N(names); i++)
			names[i] = all[i]->name;
		dym = rs_did_you_mean(st->action, names, n < 64 ? n : 64);
		if (dym)
			return FAIL(ld, action_node,
				    "unknown action '%s'; did you mean '%s'?",
				    st->action, dym);
		return FAIL(ld, action_node,
			    "unknown action '%s'; 'respond actions' lists them",
			    st->action);
	}
	if (st->act->state_changing && !st->approval)
		return FAIL(
			ld, action_node,
			"step '%s' runs the state-changing action '%s'; add 'approval: required'",
			st->id, st->action);
	return 0;
}

struct rs_refck {
	struct rs_ld *ld;
	const struct rs_playbook *pb;
	const struct rs_step *st;
	yaml_node_t *node;
	const char *const *dep; /* 1 = transitive dependency, by step index */
	const char *depmark;
};

static int refck_fn(const struct rs_ref *ref, void *arg)
{
	struct rs_refck *c = arg;
	const char *names[256];
	size_t n = 0;

	if (ref->kind == RS_REF_INPUT) {
		for (size_t i = 0; i < c->pb->n_inputs; i++) {
			if (!strcmp(c->pb->inputs[i].name, ref->name))
				return 0;
			if (n < N(names))
				names[n++] = c->pb->inputs[i].name;
		}
		const char *dym = rs_did_you_mean(ref->name, names, n);

		if (dym)
			return FAIL(
				c->ld, c->node,
				"step '%s': unknown input '%s'; did you mean '%s'?",
				c->st->id, ref->name, dym);
		return FAIL(
			c->ld, c->node,
			"step '%s': unknown input '%s'; declare it under 'inputs'",
			c->st->id, ref->name);
	}
	for (size_t i = 0; i < c->pb->n_steps; i++) {
		if (!strcmp(c->pb->steps[i].id, ref->name)) {
			if (!c->depmark[i])
				return FAIL(
					c->ld, c->node,
					"step '%s' uses outputs of step '%s', which it does not follow; add '%s' to its 'after'",
					c->st->id, ref->name, ref->name);
			return 0;
		}
		if (n < N(names))
			names[n++] = c->pb->steps[i].id;
	}
	const char *dym = rs_did_you_mean(ref->name, names, n);

	return FAIL(c->ld, c->node, "step '%s': unknown step '%s'%s%s%s",
		    c->st->id, ref->name, dym ? "; did you mean '" : "",
		    dym ? dym : "", dym ? "'?" : "");
}

static int refs_in(struct rs_refck *c, const json_t *v, struct cm_err *err)
{
	int rc = 0;

	if (json_is_string(v)) {
		struct cm_err e2;

		cm_err_clear(&e2);
		rc = rs_refs_each(json_string_value(v), refck_fn, c, &e2);
		if (rc == -EINVAL)
			return fail_at(c->ld->name, node_pos(c->node), err,
				       "step '%s': %s", c->st->id, e2.msg);
		if (rc)
			return rc;
	} else if (json_is_array(v)) {
		size_t i;
		json_t *e;

		json_array_foreach(v, i,
				   e) if ((rc = refs_in(c, e, err))) return rc;
	} else if (json_is_object(v)) {
		const char *k;
		json_t *e;

		json_object_foreach((json_t *)v, k,
				    e) if ((rc = refs_in(c, e, err))) return rc;
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

static int load_doc(struct rs_ld *ld, struct rs_playbook *pb)
{
	yaml_node_t *root = yaml_document_get_root_node(ld->doc);
	yaml_node_t *steps_node = NULL, *inputs_node = NULL;
	yaml_node_t **with_nodes = NULL, **after_nodes = NULL,
		    **when_nodes = NULL, **item_nodes = NULL;
	char *colour = NULL, *mark = NULL;
	size_t *stack = NULL;
	int rc = 0;

	if (!root)
		return fail_at(ld->name, (struct rs_pos){1, 1}, ld->err,
			       "empty playbook; start with 'schema: %s'",
			       RS_PLAYBOOK_SCHEMA);
	if (root->type != YAML_MAPPING_NODE)
		return FAIL(
			ld, root,
			"a playbook is a map (schema, id, steps...), not %s",
			type_str(root));
	for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
	     pr < root->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = rs_node(ld, pr->key),
			    *v = rs_node(ld, pr->value);
		const char *ks;

		if ((rc = check_key(ld, k, "the playbook", top_keys,
				    N(top_keys))) ||
		    (rc = dup_key(ld, root, pr)))
			return rc;
		ks = rs_scalar(k);
		if (!strcmp(ks, "schema")) {
			if ((rc = get_string(ld, v, "'schema'", &pb->schema)))
				return rc;
			if (strcmp(pb->schema, RS_PLAYBOOK_SCHEMA))
				return FAIL(
					ld, v,
					"unsupported schema '%s'; this respond reads '%s'",
					pb->schema, RS_PLAYBOOK_SCHEMA);
		} else if (!strcmp(ks, "id")) {
			if ((rc = get_string(ld, v, "'id'", &pb->id)))
				return rc;
			if (!id_ok(pb->id))
				return FAIL(
					ld, v,
					"playbook id '%s' may hold only letters, digits, '-' and '_'",
					pb->id);
		} else if (!strcmp(ks, "title")) {
			if ((rc = get_string(ld, v, "'title'", &pb->title)))
				return rc;
		} else if (!strcmp(ks, "description")) {
			if ((rc = get_string(ld, v, "'description'",
					     &pb->description)))
				return rc;
		} else if (!strcmp(ks, "inputs")) {
			inputs_node = v;
		} else {
			steps_node = v;
		}
	}
	if (!pb->schema)
		return FAIL(ld, root, "no 'schema'; add 'schema: %s'",
			    RS_PLAYBOOK_SCHEMA);
	if (!pb->id)
		return FAIL(ld, root, "no 'id'; add 'id: NAME'");
	if (inputs_node) {
		size_t n;

		if (inputs_node->type != YAML_MAPPING_NODE)
			return FAIL(
				ld, inputs_node,
				"'inputs' must be a map from name to {type, required, default, description}");
		n = (size_t)(inputs_node->data.mapping.pairs.top -
			     inputs_node->data.mapping.pairs.start);
		pb->inputs = calloc(n + 1, sizeof(*pb->inputs));
		if (!pb->inputs)
			return -ENOMEM;
		for (yaml_node_pair_t *pr =
			     inputs_node->data.mapping.pairs.start;
		     pr < inputs_node->data.mapping.pairs.top; pr++) {
			yaml_node_t *k = rs_node(ld, pr->key);

			if (!rs_scalar(k))
				return FAIL(ld, k,
					    "an input name must be a string");
			if ((rc = dup_key(ld, inputs_node, pr)))
				return rc;
			pb->n_inputs++;
			if ((rc = load_input(ld, k, rs_node(ld, pr->value),
					     &pb->inputs[pb->n_inputs - 1])))
				return rc;
		}
	}
	if (!steps_node)
		return FAIL(ld, root, "no 'steps'; add a list of steps");
	if (steps_node->type != YAML_SEQUENCE_NODE ||
	    steps_node->data.sequence.items.top ==
		    steps_node->data.sequence.items.start)
		return FAIL(ld, steps_node,
			    "'steps' must be a non-empty list of steps");
	{
		size_t n = (size_t)(steps_node->data.sequence.items.top -
				    steps_node->data.sequence.items.start);

		if (n > 1000)
			return FAIL(ld, steps_node,
				    "more than 1000 steps; split the playbook");
		pb->steps = calloc(n, sizeof(*pb->steps));
		with_nodes = calloc(n, sizeof(*with_nodes));
		after_nodes = calloc(n, sizeof(*after_nodes));
		when_nodes = calloc(n, sizeof(*when_nodes));
		item_nodes = calloc(n, sizeof(*item_nodes));
		colour = calloc(n, 1);
		mark = calloc(n, 1);
		stack = calloc(n + 1, sizeof(*stack));
		if (!pb->steps || !with_nodes || !after_nodes || !when_nodes ||
		    !item_nodes || !colour || !mark || !stack) {
			rc = -ENOMEM;
			goto out;
		}
	}
	for (yaml_node_item_t *it = steps_node->data.sequence.items.start;
	     it < steps_node->data.sequence.items.top; it++) {
		size_t i = pb->n_steps++;
		struct rs_step *st = &pb->steps[i];

		st->index = i;
		item_nodes[i] = rs_node(ld, *it);
		if ((rc = load_step(ld, item_nodes[i], st, &with_nodes[i],
				    &after_nodes[i], &when_nodes[i])))
			goto out;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(pb->steps[j].id, st->id)) {
				rc = fail_at(
					ld->name, st->pos, ld->err,
					"duplicate step id '%s' (first at line %u); rename one",
					st->id, pb->steps[j].pos.line);
				goto out;
			}
		if (with_nodes[i]) {
			if ((rc = load_with(ld, with_nodes[i], st)))
				goto out;
		} else {
			st->with = json_object();
		}
		for (const struct rs_param *p = st->act->params; p && p->name;
		     p++)
			if (p->required &&
			    !json_object_get(st->with, p->name)) {
				rc = FAIL(
					ld,
					with_nodes[i] ? with_nodes[i]
						      : item_nodes[i],
					"step '%s': action '%s' needs 'with.%s' (%s); add it",
					st->id, st->action, p->name,
					rs_ptype_name(p->type));
				goto out;
			}
		if (st->act->validate) {
			struct cm_err e2;

			cm_err_clear(&e2);
			if (st->act->validate(st->with, &e2)) {
				rc = FAIL(ld,
					  with_nodes[i] ? with_nodes[i]
							: item_nodes[i],
					  "step '%s': %s", st->id, e2.msg);
				goto out;
			}
		}
		if (after_nodes[i] && (rc = load_after(ld, after_nodes[i], st)))
			goto out;
	}
	/* after: known ids, not self */
	for (size_t i = 0; i < pb->n_steps; i++) {
		struct rs_step *st = &pb->steps[i];

		for (size_t a = 0; a < st->n_after; a++) {
			const char *names[1000];

			if (!strcmp(st->after[a], st->id)) {
				rc = FAIL(
					ld, after_nodes[i],
					"step '%s' lists itself in 'after'; remove it",
					st->id);
				goto out;
			}
			if (rs_playbook_step(pb, st->after[a]))
				continue;
			for (size_t j = 0; j < pb->n_steps; j++)
				names[j] = pb->steps[j].id;
			const char *dym = rs_did_you_mean(st->after[a], names,
							  pb->n_steps);
			rc = FAIL(
				ld, after_nodes[i],
				"step '%s': 'after' names unknown step '%s'%s%s%s",
				st->id, st->after[a],
				dym ? "; did you mean '" : "; use a step id",
				dym ? dym : "", dym ? "'?" : "");
			goto out;
		}
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
		rc = FAIL(
			ld,
			after_nodes[stack[from]] ? after_nodes[stack[from]]
						 : item_nodes[stack[from]],
			"dependency cycle %s; remove one of these 'after' entries",
			path);
		goto out;
	}
	for (size_t i = 0; i < pb->n_steps; i++) {
		struct rs_refck c = {ld, pb, &pb->steps[i], NULL, NULL, mark};

		memset(mark, 0, pb->n_steps);
		mark_deps(pb, i, mark, 0);
		c.node = with_nodes[i] ? with_nodes[i] : item_nodes[i];
		if ((rc = refs_in(&c, pb->steps[i].with, ld->err)))
			goto out;
		if (pb->steps[i].when) {
			json_t *w = json_string(pb->steps[i].when);

			c.node = when_nodes[i];
			rc = refs_in(&c, w, ld->err);
			json_decref(w);
			if (rc)
				goto out;
		}
	}
out:
	free(with_nodes);
	free(after_nodes);
	free(when_nodes);
	free(item_nodes);
	free(colour);
	free(mark);
	free(stack);
	return rc;
}

int rs_playbook_load_mem(struct rs_playbook *pb, const char *name,
			 const char *buf, size_t len, struct cm_err *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct rs_ld ld = {name, &doc, err, 0};
	uint8_t md[CM_SHA256_LEN];
	int rc;

	memset(pb, 0, sizeof(*pb));
	pb->path = strdup(name);
	if (!pb->path)
		return cm_err_set(err, -ENOMEM, "out of memory");
	if (len > RS_PLAYBOOK_MAX) {
		rc = fail_at(
			name, (struct rs_pos){1, 1}, err,
			"file is %zu bytes, more than the %d limit; split the playbook",
			len, RS_PLAYBOOK_MAX);
		goto fail;
	}
	if ((rc = cm_sha256_buf(buf, len, md, err)))
		goto fail;
	cm_hex(md, sizeof(md), pb->sha256);
	if (!yaml_parser_initialize(&parser)) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto fail;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		struct rs_pos p = {(unsigned)parser.problem_mark.line + 1,
				   (unsigned)parser.problem_mark.column + 1};

		if (parser.error == YAML_MEMORY_ERROR)
			rc = cm_err_set(err, -ENOMEM, "out of memory");
		else
			rc = fail_at(name, p, err,
				     "YAML syntax: %s%s%s; fix the syntax here",
				     parser.problem ? parser.problem
						    : "malformed",
				     parser.context ? " " : "",
				     parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		goto fail;
	}
	rc = load_doc(&ld, pb);
	yaml_document_delete(&doc);
	/* a second document in the same file is not a playbook */
	if (!rc) {
		yaml_document_t doc2;

		if (yaml_parser_load(&parser, &doc2)) {
			if (yaml_document_get_root_node(&doc2))
				rc = fail_at(
					name,
					(struct rs_pos){
						(unsigned)doc2.start_mark.line +
							1,
						1},
					err,
					"a second YAML document; a playbook file holds one");
			yaml_document_delete(&doc2);
		}
	}
	yaml_parser_delete(&parser);
	if (rc == -ENOMEM)
		cm_err_set(err, rc, "out of memory");
	if (!rc)
		return 0;
fail:
	rs_playbook_release(pb);
	return rc;
}

int rs_playbook_load(struct rs_playbook *pb, const char *path,
		     struct cm_err *err)
{
	char *buf = NULL;
	ssize_t n;
	size_t len = 0;
	struct stat sb;
	int fd, rc;

	memset(pb, 0, sizeof(*pb));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cm_err_set(err, -errno, "cannot open '%s': %s", path,
				  strerror(errno));
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		return cm_err_setk(err, -EINVAL, CM_ERR_NOINPUT,
				   "'%s' is not a regular file", path);
	}
	if (sb.st_size > RS_PLAYBOOK_MAX) {
		close(fd);
		return fail_at(
			path, (struct rs_pos){1, 1}, err,
			"file is %jd bytes, more than the %d limit; split the playbook",
			(intmax_t)sb.st_size, RS_PLAYBOOK_MAX);
	}
	buf = malloc(RS_PLAYBOOK_MAX + 1);
	if (!buf) {
		close(fd);
		return cm_err_set(err, -ENOMEM, "out of memory");
	}
	/* read to the cap even if the file grew after fstat */
	while (len <= RS_PLAYBOOK_MAX &&
	       (n = read(fd, buf + len, RS_PLAYBOOK_MAX + 1 - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = cm_err_set(err, -errno, "cannot read '%s': %s",
					path, strerror(errno));
			close(fd);
			free(buf);
			return rc;
		}
		len += (size_t)n;
	}
	close(fd);
	rc = rs_playbook_load_mem(pb, path, buf, len, err);
	free(buf);
	return rc;
}

void rs_playbook_release(struct rs_playbook *pb)
{
	if (!pb)
		return;
	for (size_t i = 0; i < pb->n_inputs; i++) {
		free(pb->inputs[i].name);
		json_decref(pb->inputs[i].def);
		free(pb->inputs[i].description);
	}
	for (size_t i = 0; i < pb->n_steps; i++) {
		struct rs_step *st = &pb->steps[i];

		free(st->id);
		free(st->action);
		json_decref(st->with);
		for (size_t a = 0; a < st->n_after; a++)
			free(st->after[a]);
		free(st->after);
		free(st->when);
		free(st->phase);
		for (size_t w = 0; w < st->n_with_pos; w++)
			free(st->with_pos[w].key);
		free(st->with_pos);
	}
	free(pb->inputs);
	free(pb->steps);
	free(pb->path);
	free(pb->schema);
	free(pb->id);
	free(pb->title);
	free(pb->description);
	memset(pb, 0, sizeof(*pb));
}

const struct rs_step *rs_playbook_step(const struct rs_playbook *pb,
				       const char *id)
{
	for (size_t i = 0; i < pb->n_steps; i++)
		if (pb->steps[i].id && !strcmp(pb->steps[i].id, id))
			return &pb->steps[i];
	return NULL;
}

struct rs_pos rs_step_with_pos(const struct rs_step *step, const char *key)
{
	for (size_t i = 0; i < step->n_with_pos; i++)
		if (step->with_pos[i].key &&
		    !strcmp(step->with_pos[i].key, key))
			return step->with_pos[i].pos;
	return step->pos;
}

json_t *rs_yaml_value(const char *s, struct cm_err *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct rs_ld ld = {"value", &doc, err, 0};
	json_t *v = NULL;
	yaml_node_t *root;

	if (!yaml_parser_initialize(&parser))
		return NULL;
	yaml_parser_set_input_string(&parser, (const unsigned char *)s,
				     strlen(s));
	if (!yaml_parser_load(&parser, &doc)) {
		cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
			    "'%s' is not valid YAML: %s", s,
			    parser.problem ? parser.problem : "malformed");
		yaml_parser_delete(&parser);
		return NULL;
	}
	root = yaml_document_get_root_node(&doc);
	if (!root)
		v = json_null();
	else if (to_json(&ld, root, 0, &v))
		v = NULL;
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return v;
}

int rs_set_parse(json_t *sets, const char *arg, struct cm_err *err)
{
	const char *eq = strchr(arg, '=');
	char key[128];
	json_t *v;

	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(key))
		return cm_err_setk(err, -EINVAL, CM_ERR_USAGE,
				   "--set '%s': write KEY=VALUE", arg);
	memcpy(key, arg, (size_t)(eq - arg));
	key[eq - arg] = '\0';
	if (eq[1] == '{' || eq[1] == '[') {
		v = rs_yaml_value(eq + 1, err);
		if (!v)
			return cm_err_wrap(err, "--set %s", key);
	} else {
		v = json_string(eq + 1);
	}
	if (!v)
		return cm_err_set(err, -ENOMEM, "out of memory");
	json_object_set_new(sets, key, v);
	return 0;
}

/* Coerce a --set string to the declared type. New reference or NULL. */
static json_t *coerce(const json_t *v, enum rs_ptype t)
{
	const char *s;

	if (rs_value_fits(v, t))
		return json_deep_copy(v);
	if (!json_is_string(v))
		return NULL;
	s = json_string_value(v);
	if (t == RS_P_INTEGER || t == RS_P_BOOLEAN || t == RS_P_LIST ||
	    t == RS_P_MAP) {
		json_t *p = rs_yaml_value(s, NULL);

		if (p && rs_value_fits(p, t))
			return p;
		json_decref(p);
	}
	return NULL;
}

int rs_playbook_inputs(const struct rs_playbook *pb, const json_t *sets,
		       json_t **out, struct cm_err *err)
{
	json_t *res = json_object();
	const char *k;
	json_t *v;
	int rc = 0;

	*out = NULL;
	if (!res)
		return cm_err_set(err, -ENOMEM, "out of memory");
	json_object_foreach((json_t *)sets, k, v)
	{
		const char *names[256];
		size_t n = 0;
		bool known = false;

		for (size_t i = 0; i < pb->n_inputs; i++) {
			if (!strcmp(pb->inputs[i].name, k))
				known = true;
			if (n < N(names))
				names[n++] = pb->inputs[i].name;
		}
		if (!known) {
			const char *dym = rs_did_you_mean(k, names, n);

			rc = cm_err_setk(
				err, -EINVAL, CM_ERR_DATAERR,
				"--set %s: playbook '%s' has no input '%s'%s%s%s",
				k, pb->id, k, dym ? "; did you mean '" : "",
				dym ? dym : "", dym ? "'?" : "");
			goto out;
		}
	}
	for (size_t i = 0; i < pb->n_inputs; i++) {
		const struct rs_input *in = &pb->inputs[i];
		const json_t *given = json_object_get(sets, in->name);
		json_t *c;

		if (!given)
			given = in->def;
		if (!given) {
			if (in->required) {
				rc = cm_err_setk(
					err, -EINVAL, CM_ERR_DATAERR,
					"%s:%u:%u: input '%s' is required; give it with --set %s=VALUE",
					pb->path, in->pos.line, in->pos.col,
					in->name, in->name);
				goto out;
			}
			json_object_set_new(res, in->name, json_null());
			continue;
		}
		c = coerce(given, in->type);
		if (!c) {
			rc = cm_err_setk(
				err, -EINVAL, CM_ERR_DATAERR,
				"input '%s' must be %s %s; give %s %s value with --set %s=VALUE",
				in->name, rs_ptype_article(in->type),
				rs_ptype_name(in->type),
				rs_ptype_article(in->type),
				rs_ptype_name(in->type), in->name);
			goto out;
		}
		json_object_set_new(res, in->name, c);
	}
out:
	if (rc)
		json_decref(res);
	else
		*out = res;
	return rc;
}
