// SPDX-License-Identifier: Apache-2.0
/* The one dispatcher: verb lookup, --help, --version, checked stdout. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <string.h>

#include "cli_exit.h"
#include "cli_main.h"

static const struct cli_tool *running_tool;
static const struct cli_verb *running_verb;

const struct cli_tool *cli_running_tool(void)
{
	return running_tool;
}

const struct cli_verb *cli_running_verb(void)
{
	return running_verb;
}

static void usage(const struct cli_tool *tool, FILE *f)
{
	fprintf(f, "usage: %s VERB [options] ARGS\n\nverbs:\n", tool->name);
	for (size_t i = 0; i < tool->nverbs; i++)
		fprintf(f, "  %-10s %s\n", tool->verbs[i].name,
			tool->verbs[i].summary);
	fprintf(f, "\n'%s VERB --help' describes each verb.\n", tool->name);
}

/*
 * As gnulib's close_stdout: output still buffered, or an error seen on an
 * earlier write, is a failure; closing an already closed stdout with
 * nothing to write is not.
 */
static int close_stdout(void)
{
	bool pending = __fpending(stdout) != 0;
	bool failed = ferror(stdout) != 0;
	int saved;

	errno = 0;
	if (fclose(stdout) != 0) {
		saved = errno;
		if (failed || pending || saved != EBADF)
			return saved ? -saved : -EIO;
		return 0;
	}
	/* an earlier write failed and its errno is gone */
	return failed ? -EIO : 0;
}

static int dispatch(const struct cli_tool *tool, int argc, char **argv)
{
	if (argc < 2) {
		usage(tool, stderr);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(tool, stdout);
		return CLI_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("%s (sanitas) %s\n", tool->name, SANITAS_VERSION);
		return CLI_EXIT_OK;
	}
	for (size_t i = 0; i < tool->nverbs; i++)
		if (!strcmp(argv[1], tool->verbs[i].name)) {
			running_verb = &tool->verbs[i];
			return tool->verbs[i].fn(argc - 1, argv + 1);
		}
	fprintf(stderr, "%s: unknown verb '%s'\nTry '%s --help'\n", tool->name,
		argv[1], tool->name);
	return CLI_EXIT_USAGE;
}

int cli_main(const struct cli_tool *tool, int argc, char **argv)
{
	int rc, wrc;

	running_tool = tool;
	running_verb = NULL;
	rc = dispatch(tool, argc, argv);
	wrc = close_stdout();
	/* a verb that failed has said why: its code stands */
	if (wrc < 0 && rc == CLI_EXIT_OK) {
		if (running_verb)
			fprintf(stderr,
				"%s: %s: cannot write to standard output: %s\n",
				tool->name, running_verb->name, strerror(-wrc));
		else
			fprintf(stderr,
				"%s: cannot write to standard output: %s\n",
				tool->name, strerror(-wrc));
		rc = CLI_EXIT_IOERR;
	}
	running_verb = NULL;
	running_tool = NULL;
	return rc;
}
