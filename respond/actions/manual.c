// SPDX-License-Identifier: Apache-2.0
/*
 * manual: a checklist item the operator attests to. On a terminal the
 * operator types a name (empty refuses) and a note; with --yes the step is
 * attested by the signing identity's operator, and says so.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cm_json.h"
#include "cm_time.h"
#include "rs_action.h"
#include "rs_actions_list.h"
#include "playbook/playbook.h"

static const struct rs_param mn_params[] = {
	{"prompt", RS_P_STRING, true, "what the operator attests was done"},
	{NULL, 0, false, NULL},
};

static int mn_plan(struct rs_ctx *ctx, const struct rs_step *step,
		   const json_t *with, json_t **plan, struct cm_err *err)
{
	(void)ctx;
	(void)step;
	(void)err;
	*plan = json_pack("{s:O,s:s}", "asks", json_object_get(with, "prompt"),
			  "changes", "nothing (an attestation in the journal)");
	return *plan ? 0 : -ENOMEM;
}

static int mn_run(struct rs_ctx *ctx, const struct rs_step *step,
		  const json_t *with, json_t **outputs, struct cm_err *err)
{
	const char *prompt = cm_json_get_str(with, "prompt");
	char who[128] = "", note[512] = "", q[1024], when[CM_RFC3339_LEN];
	const char *via;

	(void)step;
	if (!prompt)
		return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
				   "'with.prompt' must be a string");
	if (ctx->assume_yes) {
		snprintf(who, sizeof(who), "%s",
			 ctx->identity && ctx->identity->operator_name
				 ? ctx->identity->operator_name
				 : ctx->actor);
		snprintf(note, sizeof(note), "attested with --yes");
		via = "--yes";
	} else if (ctx->ask) {
		snprintf(
			q, sizeof(q),
			"manual step: %s\ntype your name to attest it was done (empty refuses): ",
			prompt);
		if (ctx->ask(ctx->ask_cookie, q, who, sizeof(who)) || !who[0])
			return cm_err_set(err, -ECANCELED,
					  "the operator did not attest '%s'",
					  prompt);
		ctx->ask(ctx->ask_cookie, "note (optional): ", note,
			 sizeof(note));
		via = "terminal";
	} else {
		return cm_err_set(
			err, -ENOTTY,
			"manual step needs an operator: run on a terminal or pass --yes");
	}
	cm_time_rfc3339(cm_time_now(), when);
	*outputs = json_pack("{s:s,s:s,s:s,s:s,s:s}", "prompt", prompt,
			     "attested_by", who, "attested_at", when, "note",
			     note, "via", via);
	return *outputs ? 0 : cm_err_set(err, -ENOMEM, "out of memory");
}

const struct rs_action rs_action_manual = {
	.name = "manual",
	.summary =
		"a checklist item the operator attests to (name, time, note); --yes attests as the identity's operator",
	.state_changing = false,
	.collects = false,
	.params = mn_params,
	.plan = mn_plan,
	.run = mn_run,
};
