// SPDX-License-Identifier: Apache-2.0
/*
 * revoke.ssh: maps `with:` and the run context onto rs_sshrev.h and
 * records what it revoked in CASE/revocations/.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actions/act_util.h"
#include "cm_file.h"
#include "cm_path.h"
#include "cm_hash.h"
#include "cm_json.h"
#include "cm_journal.h"
#include "cm_time.h"
#include "rs_action.h"
#include "rs_actions_list.h"
#include "playbook/playbook.h"
#include "revoke/rs_sshrev.h"

static const struct rs_param ssh_params[] = {
	{"keys", RS_P_LIST, true,
	 "SHA256:... fingerprints or public key files (paths on the responder's machine)"},
	{"authorized_keys", RS_P_LIST, false,
	 "globs of authorized_keys files under --root (default: AuthorizedKeysFile of sshd_config for every user in /etc/passwd)"},
	{"krl", RS_P_STRING, false,
	 "the KRL path under --root (default: RevokedKeys of sshd_config); created if absent"},
	{"allow_lockout", RS_P_BOOLEAN, false,
	 "remove a user's last authorized key (default false: kept in that user's file, removed everywhere else and added to the KRL)"},
	{"sshd_check", RS_P_STRING, false,
	 "run `sshd -t` after the change and roll back on failure: auto (live host only, default), always, never"},
	{NULL, 0, false, NULL},
};

static int ssh_validate(const json_t *with, struct cm_err *err)
{
	const char *list[RS_ACT_MAX_LIST];
	const json_t *lock = json_object_get(with, "allow_lockout");
	const char *chk = cm_json_get_str(with, "sshd_check");
	size_t n;
	int rc;

	rc = rs_act_str_list(with, "keys", true, list, &n, err);
	if (!rc)
		rc = rs_act_str_list(with, "authorized_keys", false, list, &n,
				     err);
	if (rc)
		return rc;
	if (lock && !json_is_boolean(lock) && !rs_act_is_ref(lock))
		return cm_err_setk(
			err, -EINVAL, CM_ERR_DATAERR,
			"'with.allow_lockout' must be true or false");
	if (chk && !strstr(chk, "${") && strcmp(chk, "auto") &&
	    strcmp(chk, "always") && strcmp(chk, "never"))
		return cm_err_setk(
			err, -EINVAL, CM_ERR_DATAERR,
			"'with.sshd_check' must be auto, always or never");
	return 0;
}

struct ssh_args {
	struct rs_sshrev_req req;
	const char *keys[RS_ACT_MAX_LIST];
	const char *ak[RS_ACT_MAX_LIST];
	char *backup;
};

static int ssh_args(struct rs_ctx *ctx, const struct rs_step *step,
		    const json_t *with, bool plan, struct ssh_args *a,
		    struct cm_err *err)
{
	const json_t *lock = json_object_get(with, "allow_lockout");
	int rc;

	memset(a, 0, sizeof(*a));
	rc = ssh_validate(with, err);
	if (!rc)
		rc = rs_act_str_list(with, "keys", true, a->keys,
				     &a->req.n_keys, err);
	if (!rc)
		rc = rs_act_str_list(with, "authorized_keys", false, a->ak,
				     &a->req.n_authorized_keys, err);
	if (rc)
		return rc;
	a->req.keys = a->keys;
	a->req.authorized_keys = a->ak;
	a->req.root = ctx->root;
	a->req.krl = cm_json_get_str(with, "krl");
	a->req.allow_lockout = json_is_true(lock) ||
			       (json_is_string(lock) &&
				!strcmp(json_string_value(lock), "true"));
	a->req.sshd_check = cm_json_get_str(with, "sshd_check");
	a->req.dead_box = ctx->dead_box;
	a->req.now = cm_time_now();
	a->req.plan_only = plan;
	if (!plan) {
		a->backup = rs_act_case_path(ctx, "revocations", step->id);
		if (!a->backup)
			return cm_err_set(err, -ENOMEM, "out of memory");
		a->req.backup_dir = a->backup;
	}
	return 0;
}

static int ssh_plan(struct rs_ctx *ctx, const struct rs_step *step,
		    const json_t *with, json_t **plan, struct cm_err *err)
{
	struct ssh_args a;
	int rc = ssh_args(ctx, step, with, true, &a, err);

	if (!rc)
		rc = rs_sshrev(&a.req, plan, err);
	free(a.backup);
	return rc;
}

static int ssh_do(struct rs_ctx *ctx, const struct rs_step *step,
		  const json_t *with, bool resuming, json_t **outputs,
		  struct cm_err *err)
{
	struct ssh_args a;
	json_t *plan = NULL;
	int rc;

	*outputs = NULL;
	rc = ssh_args(ctx, step, with, true, &a, err);
	if (rc)
		goto out;
	/* the exact change (with its diff) is journaled before it is made */
	rc = rs_sshrev(&a.req, &plan, err);
	if (rc)
		goto out;
	rc = rs_act_journal_intent(ctx, "revoke.ssh", step, plan, resuming,
				   err);
	if (rc)
		goto out;
	free(a.backup);
	rc = ssh_args(ctx, step, with, false, &a, err);
	if (!rc)
		rc = rs_sshrev(&a.req, outputs, err);
	if (rc)
		goto out;
	{
		const json_t *krl = json_object_get(*outputs, "krl");
		const char *kp = cm_json_get_str(krl, "path");
		char *src = NULL;
		char *dst = rs_act_case_path(ctx, "revocations", step->id);
		char *dst2 = dst ? cm_path_join(dst, "krl") : NULL;

		if (kp && (rc = rs_act_rooted(ctx, kp, &src, err)))
			;
		else if (kp && !dst2)
			rc = cm_err_set(err, -ENOMEM, "out of memory");
		else if (kp && access(src, F_OK) == 0 &&
			 !(rc = cm_mkdirs(dst, 0700, err)))
			rc = cm_copy_file(src, dst2, err);
		free(src);
		free(dst);
		free(dst2);
		if (rc)
			goto out;
	}
	rc = rs_act_record_result(ctx, "revoke.ssh", step, resuming, *outputs,
				  err);
out:
	if (rc) {
		json_decref(*outputs);
		*outputs = NULL;
	}
	json_decref(plan);
	free(a.backup);
	return rc;
}

static int ssh_run(struct rs_ctx *ctx, const struct rs_step *step,
		   const json_t *with, json_t **outputs, struct cm_err *err)
{
	return ssh_do(ctx, step, with, false, outputs, err);
}

/*
 * After a crash: the files are re-read; lines already removed are not
 * found again, a KRL already holding the keys is left alone, so running
 * again finishes the change and never half-writes (every write is
 * temp + rename).
 */
static int ssh_resume(struct rs_ctx *ctx, const struct rs_step *step,
		      const json_t *with, const json_t *intent,
		      json_t **outputs, struct cm_err *err)
{
	(void)intent;
	return ssh_do(ctx, step, with, true, outputs, err);
}

const struct rs_action rs_action_revoke_ssh = {
	.name = "revoke.ssh",
	.summary =
		"remove SSH keys from authorized_keys atomically and add them to the OpenSSH KRL, refusing to lock users out",
	.state_changing = true,
	.collects = false,
	.params = ssh_params,
	.validate = ssh_validate,
	.plan = ssh_plan,
	.run = ssh_run,
	.resume = ssh_resume,
};
