// SPDX-License-Identifier: Apache-2.0
/*
 * The YAML layer of the playbook loader. libyaml's document API gives
 * every node a start mark, which is how each error names its line and
 * column. Aliases are expanded by libyaml, so the conversion counts nodes
 * to stop alias bombs.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "playbook/yaml.h"
#include "rs_util.h"

struct rs_pos rs_yaml_pos(const yaml_node_t *n)
{
	struct rs_pos p = {0, 0};

	if (n) {
		p.line = (unsigned)n->start_mark.line + 1;
		p.col = (unsigned)n->start_mark.column + 1;
	}
	return p;
}

int rs_yaml_fail_at(const char *name, struct rs_pos p, struct cm_err *err,
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

yaml_node_t *rs_yaml_node(struct rs_ld *ld, int id)
{
	return yaml_document_get_node(ld->doc, id);
}

const char *rs_yaml_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE
		       ? (const char *)n->data.scalar.value
		       : NULL;
}

json_t *rs_yaml_scalar_json(const yaml_node_t *n)
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

int rs_yaml_to_json(struct rs_ld *ld, yaml_node_t *n, int depth, json_t **out)
{
	json_t *v = NULL;
	int rc;

	*out = NULL;
	if (++ld->nodes > RS_YAML_MAX_NODES)
		return RS_YAML_FAIL(
			ld, n,
			"more than %d values (aliases expanded); write the playbook without alias bombs",
			RS_YAML_MAX_NODES);
	if (depth > RS_YAML_MAX_DEPTH)
		return RS_YAML_FAIL(
			ld, n, "nested more than %d levels deep; flatten it",
			RS_YAML_MAX_DEPTH);
	switch (n->type) {
	case YAML_SCALAR_NODE:
		v = rs_yaml_scalar_json(n);
		break;
	case YAML_SEQUENCE_NODE: {
		yaml_node_item_t *it;

		v = json_array();
		for (it = n->data.sequence.items.start;
		     v && it < n->data.sequence.items.top; it++) {
			json_t *c;

			if ((rc = rs_yaml_to_json(ld, rs_yaml_node(ld, *it),
						  depth + 1, &c))) {
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
			yaml_node_t *k = rs_yaml_node(ld, pr->key);
			const char *ks = rs_yaml_scalar(k);
			json_t *c;

			if (!ks) {
				json_decref(v);
				return RS_YAML_FAIL(
					ld, k,
					"a key must be a plain string; quote it or rename it");
			}
			if (json_object_get(v, ks)) {
				json_decref(v);
				return RS_YAML_FAIL(
					ld, k, "duplicate key '%s'; keep one",
					ks);
			}
			if ((rc = rs_yaml_to_json(ld,
						  rs_yaml_node(ld, pr->value),
						  depth + 1, &c))) {
				json_decref(v);
				return rc;
			}
			json_object_set_new(v, ks, c);
		}
		break;
	}
	default:
		return RS_YAML_FAIL(ld, n, "empty node; give a value");
	}
	if (!v)
		return cm_err_set(ld->err, -ENOMEM, "out of memory");
	*out = v;
	return 0;
}

const char *rs_yaml_type_str(const yaml_node_t *n)
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

int rs_yaml_get_string(struct rs_ld *ld, yaml_node_t *n, const char *what,
		       char **out)
{
	const char *s = rs_yaml_scalar(n);

	if (!s || (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		   n->data.scalar.length == 0))
		return RS_YAML_FAIL(
			ld, n, "%s must be a string, not %s; write it as text",
			what, s ? "empty" : rs_yaml_type_str(n));
	*out = strdup(s);
	return *out ? 0 : cm_err_set(ld->err, -ENOMEM, "out of memory");
}

int rs_yaml_check_key(struct rs_ld *ld, yaml_node_t *k, const char *where,
		      const char *const *known, size_t n)
{
	const char *ks = rs_yaml_scalar(k);
	const char *dym;
	char list[512] = "";
	size_t off = 0;

	if (!ks)
		return RS_YAML_FAIL(ld, k, "a key in %s must be a string",
				    where);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ks, known[i]))
			return 0;
	dym = rs_did_you_mean(ks, known, n);
	if (dym)
		return RS_YAML_FAIL(
			ld, k, "unknown key '%s' in %s; did you mean '%s'?", ks,
			where, dym);
	for (size_t i = 0; i < n && off < sizeof(list) - 1; i++)
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s",
					i ? ", " : "", known[i]);
	return RS_YAML_FAIL(ld, k, "unknown key '%s' in %s; known keys: %s", ks,
			    where, list);
}

int rs_yaml_dup_key(struct rs_ld *ld, yaml_node_t *map, yaml_node_pair_t *pr)
{
	const char *ks = rs_yaml_scalar(rs_yaml_node(ld, pr->key));

	for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < pr; q++) {
		const char *qs = rs_yaml_scalar(rs_yaml_node(ld, q->key));

		if (ks && qs && !strcmp(ks, qs))
			return RS_YAML_FAIL(ld, rs_yaml_node(ld, pr->key),
					    "duplicate key '%s'; keep one", ks);
	}
	return 0;
}

int rs_yaml_check_depth(const char *name, const char *buf, size_t len,
			struct cm_err *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int depth = 0, rc = 0;
	unsigned long nodes = 0;
	bool done = false;

	if (!yaml_parser_initialize(&parser))
		return cm_err_set(err, -ENOMEM, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done && !rc) {
		struct rs_pos at;
		bool open;

		if (!yaml_parser_parse(&parser, &ev))
			break; /* the loader reports the syntax error */
		at = (struct rs_pos){(unsigned)ev.start_mark.line + 1,
				     (unsigned)ev.start_mark.column + 1};
		open = ev.type == YAML_SEQUENCE_START_EVENT ||
		       ev.type == YAML_MAPPING_START_EVENT;
		if (ev.type == YAML_SEQUENCE_END_EVENT ||
		    ev.type == YAML_MAPPING_END_EVENT)
			depth--;
		done = ev.type == YAML_STREAM_END_EVENT;
		/* the same limits as rs_yaml_to_json(): the root is level 0 */
		if ((open && ++depth > RS_YAML_MAX_DEPTH + 1) ||
		    (!open && ev.type == YAML_SCALAR_EVENT &&
		     depth > RS_YAML_MAX_DEPTH))
			rc = rs_yaml_fail_at(
				name, at, err,
				"nested more than %d levels deep; flatten it",
				RS_YAML_MAX_DEPTH);
		else if ((open || ev.type == YAML_SCALAR_EVENT ||
			  ev.type == YAML_ALIAS_EVENT) &&
			 ++nodes > RS_YAML_MAX_NODES)
			rc = rs_yaml_fail_at(
				name, at, err,
				"more than %d values; split the document",
				RS_YAML_MAX_NODES);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return rc;
}

json_t *rs_yaml_value(const char *s, struct cm_err *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct rs_ld ld = {"value", &doc, err, 0};
	json_t *v = NULL;
	yaml_node_t *root;

	if (rs_yaml_check_depth("value", s, strlen(s), err))
		return NULL;
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
	else if (rs_yaml_to_json(&ld, root, 0, &v))
		v = NULL;
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return v;
}
