/* SPDX-License-Identifier: Apache-2.0 */
/* JSON helpers on top of jansson. */
#ifndef SANITAS_CM_JSON_H
#define SANITAS_CM_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cm_err.h"

/* Flags for every JSON document sanitas writes: keys in insertion order. */
#define CM_JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII)

/*
 * A string value, or JSON null when @s is NULL. New reference. Bytes that
 * are not valid UTF-8 (an error message naming a file) are shown as
 * U+FFFD, so that a record is never lost to one byte.
 */
json_t *cm_json_str_or_null(const char *s);

/* Whether @s is valid UTF-8 (no overlong forms, surrogates, > U+10FFFF). */
bool cm_utf8_valid(const char *s);

/*
 * Text for a terminal: @s with every byte that is not part of valid UTF-8,
 * and every control character but tab and newline (C0, DEL, C1), written
 * as "\xHH" per byte, and a backslash as "\\", so that nothing in an
 * error message (a file name) is lost or reaches the terminal raw.
 * malloc'd (the caller frees it); NULL when out of memory.
 */
char *cm_utf8_escape(const char *s);

/*
 * Text for display: @s with every byte that is not part of valid UTF-8
 * replaced by U+FFFD. malloc'd (the caller frees it); NULL when out of
 * memory.
 */
char *cm_utf8_display(const char *s);

/*
 * Names are bytes: set @key of @o to @bytes when it is valid UTF-8; else
 * to its display form (cm_utf8_display()) and "@key_b64" to the raw bytes
 * in base64 (RFC 4648), which is what a reader compares. Returns 0 or
 * -ENOMEM.
 */
int cm_json_set_bytes(json_t *o, const char *key, const char *bytes);

/*
 * The raw bytes of @key in @o as cm_json_set_bytes() wrote them:
 * malloc'd, NUL-terminated; NULL when absent, malformed or out of memory.
 */
char *cm_json_get_bytes(const json_t *o, const char *key);

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
