// SPDX-License-Identifier: Apache-2.0
/* collect.command (being implemented) */
#include "rs_action.h"
#include "rs_actions_list.h"

const struct rs_action rs_action_collect_command = {
	.name = "collect.command",
	.summary = "",
};
