// SPDX-License-Identifier: Apache-2.0
/* respond: run incident-response playbooks into sealed evidence cases. */
#include <stdio.h>
#include <string.h>

#include "cli_exit.h"
#include "cm_err.h"
#include "cmds.h"

static const struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} cmds[] = {
	{"validate", cmd_validate, "check a playbook (no input values needed)"},
	{"plan", cmd_plan, "dry run: what each step would touch"},
	{"run", cmd_run, "run a playbook into a sealed case"},
	{"resume", cmd_resume, "finish an interrupted run"},
	{"verify", cmd_verify, "re-check a sealed case"},
	{"actions", cmd_actions, "list the actions and their parameters"},
	/* the deadlines verb (cmd_deadlines.c) is listed on the next line */
	{"deadlines", cmd_deadlines,
	 "the notification deadline table for given facts"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: respond VERB [options] ARGS\n\nverbs:\n");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\n'respond VERB --help' describes each verb.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("respond (sanitas) %s\n", SANITAS_VERSION);
		return CLI_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "respond: unknown verb '%s'\nTry 'respond --help'\n",
		argv[1]);
	return CLI_EXIT_USAGE;
}
