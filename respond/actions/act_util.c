// SPDX-License-Identifier: Apache-2.0
/*
 * Helpers the revoke.x509, revoke.ssh and notify.draft actions share:
 * `with:` string lists, case paths, the revocations record, the journal.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actions/act_util.h"
#include "cm_path.h"
#include "cm_root.h"
#include "cm_hash.h"
#include "cm_json.h"
#include "cm_journal.h"
#include "cm_time.h"
#include "rs_action.h"
#include "rs_actions_list.h"
#include "playbook/playbook.h"

bool rs_act_is_ref(const json_t *v)
{
	return json_is_string(v) && strstr(json_string_value(v), "${");
}

/* A list of strings from `with` (borrowed). -EINVAL names the key. */
int rs_act_str_list(const json_t *with, const char *key, bool required,
		    const char **out, size_t *n, struct cm_err *err)
{
	const json_t *v = json_object_get(with, key), *it;
	size_t i;

	*n = 0;
	if (!v || json_is_null(v)) {
		if (required)
			return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
					   "'with.%s' is required", key);
		return 0;
	}
	if (json_is_string(v)) {
		out[(*n)++] = json_string_value(v);
		return 0;
	}
	if (!json_is_array(v) || json_array_size(v) > RS_ACT_MAX_LIST)
		return cm_err_setk(
			err, -EINVAL, CM_ERR_DATAERR,
			"'with.%s' must be a list of at most %d strings", key,
			RS_ACT_MAX_LIST);
	json_array_foreach(v, i, it)
	{
		if (!json_is_string(it) || !*json_string_value(it))
			return cm_err_setk(
				err, -EINVAL, CM_ERR_DATAERR,
				"'with.%s' item %zu is not a non-empty string",
				key, i + 1);
		out[(*n)++] = json_string_value(it);
	}
	if (required && !*n)
		return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
				   "'with.%s' must not be empty", key);
	return 0;
}

char *rs_act_case_path(const struct rs_ctx *ctx, const char *a, const char *b)
{
	char *p = cm_path_join(ctx->case_dir, a), *q;

	if (!p || !b)
		return p;
	q = cm_path_join(p, b);
	free(p);
	return q;
}

int rs_act_rooted(const struct rs_ctx *ctx, const char *path, char **out,
		  struct cm_err *err)
{
	return cm_root_resolve(ctx->root, path, 0, out, err);
}

/* Append @entry (borrowed) to CASE/revocations/revocations.json. */
static int record_revocation(const struct rs_ctx *ctx, json_t *entry,
			     struct cm_err *err)
{
	char *path = rs_act_case_path(ctx, "revocations", "revocations.json");
	json_t *doc = NULL, *list;
	struct cm_err e2 = {0};
	int rc;

	if (!path)
		return cm_err_set(err, -ENOMEM, "out of memory");
	doc = cm_json_load_file(path, 16 * 1024 * 1024, &e2);
	if (!doc)
		doc = json_pack("{s:s,s:[]}", "schema", "sanitas.revocations/1",
				"revocations");
	list = json_object_get(doc, "revocations");
	if (!json_is_array(list)) {
		rc = cm_err_set(err, -EBADMSG, "'%s' is malformed", path);
		goto out;
	}
	json_array_append(list, entry);
	rc = cm_json_write_file(doc, path, 0600, err);
out:
	json_decref(doc);
	free(path);
	return rc;
}

/* Append @d (taken) to the run's journal as @event, if there is one. */
static int journal(const struct rs_ctx *ctx, const char *event, json_t *d,
		   struct cm_err *err)
{
	int rc = 0;

	if (ctx->journal && d)
		rc = cm_journal_append(ctx->journal, ctx->actor, event, d, err);
	json_decref(d);
	return rc;
}

int rs_act_journal_intent(const struct rs_ctx *ctx, const char *action,
			  const struct rs_step *step, const json_t *plan,
			  bool resuming, struct cm_err *err)
{
	char event[64];
	json_t *d;

	snprintf(event, sizeof(event), "%s.intent", action);
	d = json_pack("{s:s,s:O,s:b}", "step", step->id, "plan", plan,
		      "resuming", resuming);
	return journal(ctx, event, d, err);
}

int rs_act_record_result(const struct rs_ctx *ctx, const char *action,
			 const struct rs_step *step, bool resuming,
			 json_t *outputs, struct cm_err *err)
{
	json_t *d;
	int rc;

	json_object_set_new(outputs, "resumed", json_boolean(resuming));
	d = json_pack("{s:s,s:s,s:O}", "action", action, "step", step->id,
		      "result", outputs);
	rc = d ? record_revocation(ctx, d, err)
	       : cm_err_set(err, -ENOMEM, "out of memory");
	json_decref(d);
	return rc;
}
