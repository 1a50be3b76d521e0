// SPDX-License-Identifier: Apache-2.0
/* wipe: find, guard, erase, verify and certify drives. */
#include <stdio.h>
#include <string.h>

#include "cli_exit.h"
#include "cm_err.h"
#include "cmds.h"

static const struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} cmds[] = {CMD_TABLE};

static void usage(FILE *f)
{
	fprintf(f, "usage: wipe VERB [options] ARGS\n\nverbs:\n");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\n'wipe VERB --help' describes each verb.\n");
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
		printf("wipe (sanitas) %s\n", SANITAS_VERSION);
		return CLI_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "wipe: unknown verb '%s'\nTry 'wipe --help'\n",
		argv[1]);
	return CLI_EXIT_USAGE;
}
