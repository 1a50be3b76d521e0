// SPDX-License-Identifier: Apache-2.0
/* collect.volatile (being implemented) */
#include <errno.h>

#include "rs_action.h"
#include "rs_actions_list.h"

static int cv_run(struct rs_ctx *ctx, const struct rs_step *step,
		  const json_t *with, json_t **outputs, struct cm_err *err)
{
	(void)step;
	(void)with;
	(void)outputs;
	if (ctx->dead_box)
		return cm_err_set(err, RS_NOT_APPLICABLE,
				  "dead-box collection (--root): there is no "
				  "running system to capture"),
		       RS_NOT_APPLICABLE;
	return cm_err_set(err, -ENOSYS, "not implemented");
}

const struct rs_action rs_action_collect_volatile = {
	.name = "collect.volatile",
	.summary = "",
	.collects = true,
	.run = cv_run,
};
