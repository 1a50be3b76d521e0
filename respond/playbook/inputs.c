// SPDX-License-Identifier: Apache-2.0
/*
 * Input values at run time: `--set KEY=VALUE` (YAML flow for maps and
 * lists), coerced to the declared types, defaults filled in, required
 * and unknown inputs refused.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "playbook/inputs.h"
#include "playbook/yaml.h"
#include "rs_util.h"

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
			if (n < RS_N(names))
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
