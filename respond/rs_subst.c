// SPDX-License-Identifier: Apache-2.0
/* Substitution of ${inputs.X} and ${steps.S.outputs.K} in playbook values. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cm_buf.h"
#include "rs_subst.h"

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/*
 * Parse the reference starting at @s ("${"), filling @ref; *@len is its
 * length through the closing brace.
 */
static int ref_parse(const char *s, struct rs_ref *ref, size_t *len,
		     struct cm_err *err)
{
	const char *p = s + 2, *close = strchr(p, '}');
	const char *parts[4];
	size_t plen[4], n = 0;

	if (!close)
		return cm_err_set(
			err, -EINVAL,
			"unterminated reference '%.40s'; close it with '}'", s);
	while (p < close && n < 4) {
		const char *q = p;

		while (q < close && ident_char(*q))
			q++;
		parts[n] = p;
		plen[n++] = (size_t)(q - p);
		if (q == p || (q < close && *q != '.'))
			goto bad;
		p = q < close ? q + 1 : q;
		if (q < close && p == close)
			goto bad;
	}
	if (p < close)
		goto bad;
	memset(ref, 0, sizeof(*ref));
	if (n == 2 && plen[0] == 6 && !memcmp(parts[0], "inputs", 6) &&
	    plen[1] < sizeof(ref->name)) {
		ref->kind = RS_REF_INPUT;
		memcpy(ref->name, parts[1], plen[1]);
	} else if (n == 4 && plen[0] == 5 && !memcmp(parts[0], "steps", 5) &&
		   plen[2] == 7 && !memcmp(parts[2], "outputs", 7) &&
		   plen[1] < sizeof(ref->name) && plen[3] < sizeof(ref->key)) {
		ref->kind = RS_REF_STEP_OUTPUT;
		memcpy(ref->name, parts[1], plen[1]);
		memcpy(ref->key, parts[3], plen[3]);
	} else {
		goto bad;
	}
	*len = (size_t)(close - s) + 1;
	return 0;
bad:
	return cm_err_set(
		err, -EINVAL,
		"malformed reference '%.*s'; write ${inputs.NAME} or ${steps.ID.outputs.KEY}",
		(int)(close - s + 1 > 80 ? 80 : close - s + 1), s);
}

int rs_refs_each(const char *s, int (*fn)(const struct rs_ref *ref, void *arg),
		 void *arg, struct cm_err *err)
{
	while ((s = strchr(s, '$'))) {
		struct rs_ref ref;
		size_t len;
		int rc;

		if (s[1] == '$' && s[2] == '{') {
			s += 3;
			continue;
		}
		if (s[1] != '{') {
			s++;
			continue;
		}
		rc = ref_parse(s, &ref, &len, err);
		if (rc)
			return rc;
		rc = fn(&ref, arg);
		if (rc)
			return rc;
		s += len;
	}
	return 0;
}

int rs_ref_whole(const char *s, struct rs_ref *ref)
{
	size_t len;

	if (s[0] != '$' || s[1] != '{')
		return 0;
	if (ref_parse(s, ref, &len, NULL))
		return 0;
	return s[len] == '\0';
}

static const json_t *ref_value(const struct rs_ref *ref, const json_t *inputs,
			       const json_t *outputs, struct cm_err *err)
{
	const json_t *v;

	if (ref->kind == RS_REF_INPUT) {
		v = inputs ? json_object_get(inputs, ref->name) : NULL;
		if (!v || json_is_null(v))
			cm_err_setk(
				err, -ENOENT, CM_ERR_DATAERR,
				"input '%s' has no value; give it with --set %s=VALUE",
				ref->name, ref->name);
		return v && !json_is_null(v) ? v : NULL;
	}
	v = outputs ? json_object_get(outputs, ref->name) : NULL;
	v = v ? json_object_get(v, ref->key) : NULL;
	if (!v)
		cm_err_setk(
			err, -ENOENT, CM_ERR_DATAERR,
			"step '%s' has no output '%s' (it did not run or does not produce it); check the step's outputs in 'respond actions'",
			ref->name, ref->key);
	return v;
}

static int subst_string(const char *s, const json_t *inputs,
			const json_t *outputs, json_t **out, struct cm_err *err)
{
	struct cm_buf b = CM_BUF_INIT(CM_BUF_TEXT_MAX);
	struct rs_ref ref;
	int rc = 0;

	if (rs_ref_whole(s, &ref)) {
		const json_t *v = ref_value(&ref, inputs, outputs, err);

		if (!v)
			return -ENOENT;
		*out = json_deep_copy(v);
		return *out ? 0 : -ENOMEM;
	}
	if (cm_buf_append(&b, "", 0))
		return -ENOMEM;
	while (*s) {
		const char *d = strchr(s, '$');
		const json_t *v;
		size_t len;
		char *txt = NULL;

		if (!d) {
			rc = cm_buf_append(&b, s, strlen(s));
			break;
		}
		if ((rc = cm_buf_append(&b, s, (size_t)(d - s))))
			break;
		if (d[1] == '$' && d[2] == '{') {
			rc = cm_buf_append(&b, "${", 2);
			s = d + 3;
			continue;
		}
		if (d[1] != '{') {
			rc = cm_buf_append(&b, "$", 1);
			s = d + 1;
			continue;
		}
		if ((rc = ref_parse(d, &ref, &len, err)))
			break;
		if (!(v = ref_value(&ref, inputs, outputs, err))) {
			rc = -ENOENT;
			break;
		}
		if (json_is_string(v)) {
			rc = cm_buf_append(&b, json_string_value(v),
					   json_string_length(v));
		} else {
			txt = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
						    JSON_PRESERVE_ORDER);
			rc = txt ? cm_buf_append(&b, txt, strlen(txt))
				 : -ENOMEM;
			free(txt);
		}
		if (rc)
			break;
		s = d + len;
	}
	if (rc == -E2BIG)
		rc = cm_buf_check(&b, "substituted string", err);
	if (!rc) {
		*out = json_stringn(b.p, b.len);
		if (!*out)
			rc = -ENOMEM;
	}
	cm_buf_release(&b);
	return rc;
}

int rs_subst(const json_t *v, const json_t *inputs, const json_t *outputs,
	     json_t **out, struct cm_err *err)
{
	json_t *res = NULL, *c;
	int rc;

	*out = NULL;
	if (json_is_string(v))
		return subst_string(json_string_value(v), inputs, outputs, out,
				    err);
	if (json_is_array(v)) {
		size_t i;
		json_t *e;

		res = json_array();
		json_array_foreach(v, i, e)
		{
			if ((rc = rs_subst(e, inputs, outputs, &c, err)))
				goto fail;
			json_array_append_new(res, c);
		}
	} else if (json_is_object(v)) {
		const char *k;
		json_t *e;

		res = json_object();
		json_object_foreach((json_t *)v, k, e)
		{
			if ((rc = rs_subst(e, inputs, outputs, &c, err)))
				goto fail;
			json_object_set_new(res, k, c);
		}
	} else {
		res = json_deep_copy(v);
	}
	if (!res)
		return -ENOMEM;
	*out = res;
	return 0;
fail:
	json_decref(res);
	return rc;
}

static void trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (isspace((unsigned char)s[i]))
		i++;
	memmove(s, s + i, n - i + 1);
}

int rs_when_eval(const char *when, const json_t *inputs, const json_t *outputs,
		 bool *result, struct cm_err *err)
{
	json_t *src = json_string(when), *v = NULL;
	char *txt = NULL, *op;
	int rc;

	if (!src)
		return -ENOMEM;
	rc = rs_subst(src, inputs, outputs, &v, err);
	json_decref(src);
	if (rc)
		return rc;
	if (json_is_boolean(v)) {
		*result = json_is_true(v);
		goto out;
	}
	if (!json_is_string(v)) {
		rc = cm_err_setk(
			err, -EINVAL, CM_ERR_DATAERR,
			"condition '%s' is not a boolean; write a boolean input, 'A == B' or 'A != B'",
			when);
		goto out;
	}
	txt = strdup(json_string_value(v));
	if (!txt) {
		rc = -ENOMEM;
		goto out;
	}
	trim(txt);
	if (!strcmp(txt, "true") || !strcmp(txt, "false")) {
		*result = txt[0] == 't';
	} else if ((op = strstr(txt, "==")) || (op = strstr(txt, "!="))) {
		bool neq = op[0] == '!';
		char *rhs = op + 2;

		*op = '\0';
		trim(txt);
		trim(rhs);
		*result = (strcmp(txt, rhs) == 0) != neq;
	} else {
		rc = cm_err_setk(
			err, -EINVAL, CM_ERR_DATAERR,
			"condition '%s' is not a boolean; write a boolean input, 'A == B' or 'A != B'",
			when);
	}
out:
	free(txt);
	json_decref(v);
	return rc;
}
