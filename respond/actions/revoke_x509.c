// SPDX-License-Identifier: Apache-2.0
/*
 * revoke.x509: maps `with:` and the run context onto rs_x509.h and
 * records what it revoked in CASE/revocations/.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actions/act_util.h"
#include "cm_hash.h"
#include "cm_json.h"
#include "cm_journal.h"
#include "cm_time.h"
#include "rs_action.h"
#include "rs_actions_list.h"
#include "playbook/playbook.h"
#include "revoke/rs_x509.h"

static const struct rs_param x509_params[] = {
	{"ca_dir", RS_P_STRING, true,
	 "the openssl ca directory (index.txt, crlnumber, CA key and certificate, optional openssl.cnf), under --root"},
	{"serials", RS_P_LIST, true,
	 "certificate serials in hex, as `openssl x509 -serial` prints them"},
	{"reason", RS_P_STRING, false,
	 "RFC 5280 CRL reason (default keyCompromise): unspecified, keyCompromise, CACompromise, affiliationChanged, superseded, cessationOfOperation, certificateHold, privilegeWithdrawn, AACompromise"},
	{"compromised_at", RS_P_DATETIME, false,
	 "when the key was compromised (CRL invalidityDate), RFC 3339"},
	{NULL, 0, false, NULL},
};

static int x509_validate(const json_t *with, struct cm_err *err)
{
	const char *list[RS_ACT_MAX_LIST];
	const json_t *reason = json_object_get(with, "reason");
	const json_t *ca = json_object_get(with, "ca_dir");
	size_t n;
	int rc;

	if (!json_is_string(ca))
		return cm_err_setk(
			err, -EINVAL, CM_ERR_DATAERR,
			"'with.ca_dir' is required: the CA directory");
	rc = rs_act_str_list(with, "serials", true, list, &n, err);
	if (rc)
		return rc;
	if (reason && !rs_act_is_ref(reason) &&
	    (!json_is_string(reason) ||
	     rs_crl_reason_code(json_string_value(reason)) < 0))
		return cm_err_setk(
			err, -EINVAL, CM_ERR_DATAERR,
			"'with.reason' is not an RFC 5280 reason (e.g. keyCompromise, superseded)");
	return 0;
}

struct x509_args {
	struct rs_x509_req req;
	const char *serials[RS_ACT_MAX_LIST];
	char *ca_dir;
	char *backup;
	char *crl_copy;
};

static int x509_args(struct rs_ctx *ctx, const struct rs_step *step,
		     const json_t *with, bool plan, struct x509_args *a,
		     struct cm_err *err)
{
	const char *ca = cm_json_get_str(with, "ca_dir");
	const char *comp = cm_json_get_str(with, "compromised_at");
	int rc;

	memset(a, 0, sizeof(*a));
	rc = x509_validate(with, err);
	if (rc)
		return rc;
	rc = rs_act_str_list(with, "serials", true, a->serials,
			     &a->req.n_serials, err);
	if (rc)
		return rc;
	a->req.serials = a->serials;
	if (ca[0] != '/')
		return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
				   "'with.ca_dir' must be an absolute path");
	rc = rs_act_rooted(ctx, ca, &a->ca_dir, err);
	if (rc)
		return rc;
	a->req.ca_dir = a->ca_dir;
	a->req.root = ctx->root;
	a->req.reason = cm_json_get_str(with, "reason");
	if (comp && *comp) {
		if (cm_time_parse(comp, &a->req.compromised_at))
			return cm_err_setk(
				err, -EINVAL, CM_ERR_DATAERR,
				"'with.compromised_at': '%s' is not RFC 3339",
				comp);
		a->req.has_compromise = true;
	}
	a->req.now = cm_time_now();
	if (!plan) {
		a->backup = rs_act_case_path(ctx, "revocations", step->id);
		a->crl_copy = rs_act_case_path(ctx, "revocations", "crl.pem");
		if (!a->backup || !a->crl_copy)
			return cm_err_set(err, -ENOMEM, "out of memory");
		a->req.backup_dir = a->backup;
		a->req.crl_copy = a->crl_copy;
	}
	return 0;
}

static void x509_args_release(struct x509_args *a)
{
	free(a->ca_dir);
	free(a->backup);
	free(a->crl_copy);
}

static int x509_plan(struct rs_ctx *ctx, const struct rs_step *step,
		     const json_t *with, json_t **plan, struct cm_err *err)
{
	struct x509_args a;
	int rc = x509_args(ctx, step, with, true, &a, err);

	if (!rc)
		rc = rs_x509_plan(&a.req, plan, err);
	x509_args_release(&a);
	return rc;
}

static int x509_do(struct rs_ctx *ctx, const struct rs_step *step,
		   const json_t *with, bool resuming, json_t **outputs,
		   struct cm_err *err)
{
	struct x509_args a;
	json_t *plan = NULL;
	int rc;

	*outputs = NULL;
	rc = x509_args(ctx, step, with, false, &a, err);
	if (rc)
		goto out;
	/* everything is checked before the intent is written */
	rc = rs_x509_plan(&a.req, &plan, err);
	if (rc)
		goto out;
	rc = rs_act_journal_intent(ctx, "revoke.x509", step, plan, resuming,
				   err);
	if (rc)
		goto out;
	rc = rs_x509_revoke(&a.req, outputs, err);
	if (rc)
		goto out;
	json_object_set_new(*outputs, "backup",
			    json_string(a.backup + strlen(ctx->case_dir) + 1));
	rc = rs_act_record_result(ctx, "revoke.x509", step, resuming, *outputs,
				  err);
out:
	if (rc) {
		json_decref(*outputs);
		*outputs = NULL;
	}
	json_decref(plan);
	x509_args_release(&a);
	return rc;
}

static int x509_run(struct rs_ctx *ctx, const struct rs_step *step,
		    const json_t *with, json_t **outputs, struct cm_err *err)
{
	return x509_do(ctx, step, with, false, outputs, err);
}

/*
 * After a crash: rs_x509_revoke() inspects index.txt, crlnumber and the
 * published CRL and converges (a serial already marked is not marked
 * again; a missing CRL is issued with the next number).
 */
static int x509_resume(struct rs_ctx *ctx, const struct rs_step *step,
		       const json_t *with, const json_t *intent,
		       json_t **outputs, struct cm_err *err)
{
	(void)intent;
	return x509_do(ctx, step, with, true, outputs, err);
}

const struct rs_action rs_action_revoke_x509 = {
	.name = "revoke.x509",
	.summary =
		"revoke certificates in an OpenSSL CA directory and issue a new CRL (RFC 5280 reasons, compromise time)",
	.state_changing = true,
	.collects = false,
	.params = x509_params,
	.validate = x509_validate,
	.plan = x509_plan,
	.run = x509_run,
	.resume = x509_resume,
};
