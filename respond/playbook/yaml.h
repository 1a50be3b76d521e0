/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The YAML layer of the playbook loader: libyaml nodes to JSON values, the
 * node accessors and key checks the schema uses, and the one error form
 * ("FILE:LINE:COL: what; how to fix", -EBADMSG, exit 65).
 */
#ifndef SANITAS_PLAYBOOK_YAML_H
#define SANITAS_PLAYBOOK_YAML_H

#include <jansson.h>
#include <stddef.h>
#include <yaml.h>

#include "cm_err.h"
#include "playbook/playbook.h"

#define RS_YAML_MAX_NODES 100000
#define RS_YAML_MAX_DEPTH 64

#define RS_N(a) (sizeof(a) / sizeof((a)[0]))

/* The loading of one document: all pointers borrowed. */
struct rs_ld {
	const char *name; /* the file name in messages */
	yaml_document_t *doc;
	struct cm_err *err;
	size_t nodes; /* converted so far, against alias bombs */
};

/* The 1-based position of @n (0:0 when @n is NULL). */
struct rs_pos rs_yaml_pos(const yaml_node_t *n);

/*
 * Set "@name:LINE:COL: message" in @err with kind CM_ERR_DATAERR (an
 * unknown position is written 1:1). Returns -EBADMSG.
 */
int rs_yaml_fail_at(const char *name, struct rs_pos p, struct cm_err *err,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#define RS_YAML_FAIL(ld, node, ...)                                            \
	rs_yaml_fail_at((ld)->name, rs_yaml_pos(node), (ld)->err, __VA_ARGS__)

/* The node @id of the document (borrowed), or NULL. */
yaml_node_t *rs_yaml_node(struct rs_ld *ld, int id);
/* The text of a scalar node (borrowed), or NULL for any other node. */
const char *rs_yaml_scalar(const yaml_node_t *n);
/* "a scalar", "a list", "a map" or "nothing", for messages. */
const char *rs_yaml_type_str(const yaml_node_t *n);

/*
 * The scalar @n as JSON (new reference): YAML 1.2 core schema for plain
 * scalars (null, booleans, integers), strings for quoted ones.
 */
json_t *rs_yaml_scalar_json(const yaml_node_t *n);
/*
 * @n and everything under it as JSON into *@out (new reference), at most
 * RS_YAML_MAX_NODES values in the document and RS_YAML_MAX_DEPTH levels.
 */
int rs_yaml_to_json(struct rs_ld *ld, yaml_node_t *n, int depth, json_t **out);

/* The non-empty string scalar @n into *@out (malloc'd, caller frees). */
int rs_yaml_get_string(struct rs_ld *ld, yaml_node_t *n, const char *what,
		       char **out);
/* Refuse the key @k of @where unless it is one of @known (with a hint). */
int rs_yaml_check_key(struct rs_ld *ld, yaml_node_t *k, const char *where,
		      const char *const *known, size_t n);
/* Refuse the key of @pr when an earlier pair of @map has the same key. */
int rs_yaml_dup_key(struct rs_ld *ld, yaml_node_t *map, yaml_node_pair_t *pr);

/*
 * Nesting and size checked while parsing, before any document is built:
 * the events of @buf (@len bytes) are streamed, and deeper than
 * RS_YAML_MAX_DEPTH collections or more than RS_YAML_MAX_NODES nodes stop
 * the pass at once (the document loader would spend quadratic time on a
 * deep one first). Returns 0, or -EINVAL with "@name:LINE:COLUMN: ..."
 * in @err; a syntax error is left to the loader, which reports it.
 */
int rs_yaml_check_depth(const char *name, const char *buf, size_t len,
			struct cm_err *err);

/*
 * Parse the YAML text @s (one flow or block value) into a new JSON value.
 * Plain scalars follow the YAML 1.2 core schema (null, booleans, integers);
 * quoted scalars are strings.
 */
json_t *rs_yaml_value(const char *s, struct cm_err *err);

#endif
