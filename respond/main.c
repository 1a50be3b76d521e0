// SPDX-License-Identifier: Apache-2.0
/* respond: run incident-response playbooks into sealed evidence cases. */
#include "cli_main.h"
#include "cmds.h"

static const struct cli_verb verbs[] = {
	{"validate", cmd_validate, "check a playbook (no input values needed)",
	 0},
	{"plan", cmd_plan, "dry run: what each step would touch", 0},
	{"run", cmd_run, "run a playbook into a sealed case",
	 CLI_VERB_STOPPABLE | CLI_VERB_NO_SIGPIPE},
	{"resume", cmd_resume, "finish an interrupted run",
	 CLI_VERB_STOPPABLE | CLI_VERB_NO_SIGPIPE},
	{"verify", cmd_verify, "re-check a sealed case", 0},
	{"decrypt", cmd_decrypt, "a plain copy of an encrypted case", 0},
	{"report", cmd_report, "the case report for counsel (PDF)", 0},
	{"actions", cmd_actions, "list the actions and their parameters", 0},
	{"deadlines", cmd_deadlines,
	 "the notification deadline table for given facts", 0},
};

static const struct cli_tool respond = {
	.name = "respond",
	.verbs = verbs,
	.nverbs = sizeof(verbs) / sizeof(verbs[0]),
	.flags = CLI_TOOL_HINT_VERB,
};

int main(int argc, char **argv)
{
	return cli_main(&respond, argc, argv);
}
