/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every action the registry (rs_action.c) lists, one extern per action.
 * An action defined in its own file is added with one line here and one
 * line in RS_ACTIONS_TABLE; nothing else needs to change.
 */
#ifndef SANITAS_RS_ACTIONS_LIST_H
#define SANITAS_RS_ACTIONS_LIST_H

#include "rs_action.h"

/* collection (respond/actions/) */
extern const struct rs_action rs_action_collect_volatile;
extern const struct rs_action rs_action_collect_files;
extern const struct rs_action rs_action_collect_command;
extern const struct rs_action rs_action_manual;
/* containment and notification (cores: respond/revoke/, respond/notify/) */
extern const struct rs_action rs_action_revoke_x509;
extern const struct rs_action rs_action_revoke_ssh;
extern const struct rs_action rs_action_notify_draft;

/* The registry, in `respond actions` order: one line per action. */
/* clang-format off */
#define RS_ACTIONS_TABLE \
	&rs_action_collect_volatile, \
	&rs_action_collect_files, \
	&rs_action_collect_command, \
	&rs_action_manual, \
	/* containment and notification */ \
	&rs_action_revoke_x509, \
	&rs_action_revoke_ssh, \
	&rs_action_notify_draft, \
/* clang-format on */

#endif
