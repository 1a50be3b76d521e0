/* SPDX-License-Identifier: Apache-2.0 */
/* JSON helpers on top of jansson. */
#ifndef SANITAS_CM_JSON_H
#define SANITAS_CM_JSON_H

#include <jansson.h>
#include <stddef.h>
#include <sys/types.h>

#include "cm_err.h"

/* Flags for every JSON document sanitas writes: keys in insertion order. */
#define CM_JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII)

/* A string value, or JSON null when @s is NULL. New reference. */
json_t *cm_json_str_or_null(const char *s);

/* Serialize @j (CM_JSON_FLAGS, trailing newline) to a malloc'd string. */
char *cm_json_dumps(const json_t *j);

/* Write @j atomically to @path with @mode. */
int cm_json_write_file(const json_t *j, const char *path, mode_t mode,
		       struct cm_err *err);

/*
 * Load a JSON file of at most @max bytes. Returns a new reference or NULL
 * with @err set (-EBADMSG with line:column for malformed JSON).
 */
json_t *cm_json_load_file(const char *path, size_t max, struct cm_err *err);

/* Object member as string, or NULL when absent or not a string. */
const char *cm_json_get_str(const json_t *obj, const char *key);

#endif
