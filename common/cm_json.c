// SPDX-License-Identifier: Apache-2.0
/* JSON helpers on top of jansson. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cm_atomic.h"
#include "cm_json.h"
#include "cm_file.h"

json_t *cm_json_str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

char *cm_json_dumps(const json_t *j)
{
	char *s = json_dumps(j, CM_JSON_FLAGS);
	char *t;
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s);
	t = realloc(s, n + 2);
	if (!t) {
		free(s);
		return NULL;
	}
	t[n] = '\n';
	t[n + 1] = '\0';
	return t;
}

int cm_json_write_file(const json_t *j, const char *path, mode_t mode,
		       struct cm_err *err)
{
	char *s = cm_json_dumps(j);
	int rc;

	if (!s)
		return cm_err_set(err, -ENOMEM, "cannot serialise JSON");
	rc = cm_atomic_write_file(path, s, strlen(s), mode, err);
	free(s);
	return rc;
}

json_t *cm_json_load_file(const char *path, size_t max, struct cm_err *err)
{
	json_error_t je;
	json_t *j;
	char *buf;
	size_t len;

	if (cm_read_file(path, max, &buf, &len, err) < 0)
		return NULL;
	j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	free(buf);
	if (!j)
		cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
			    "%s:%d:%d: malformed JSON: %s", path, je.line,
			    je.column, je.text);
	return j;
}

const char *cm_json_get_str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}
