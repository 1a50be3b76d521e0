// SPDX-License-Identifier: Apache-2.0
/* Failure and misuse messages, worded the same for every verb. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_fail.h"
#include "cli_main.h"
#include "cm_json.h"

/* the tool's name; outside cli_main() (unit tests) the program's */
static const char *tool_name(void)
{
	const struct cli_tool *t = cli_running_tool();

	return t ? t->name : program_invocation_short_name;
}

int cli_fail(const char *verb, const struct cm_err *err)
{
	const char *msg = "failed";
	char *esc;

	if (err && err->msg[0])
		msg = err->msg;
	else if (err && err->code < 0)
		msg = strerror(-err->code);
	/* a file name's bytes never reach the terminal raw */
	esc = cm_utf8_escape(msg);
	fprintf(stderr, "%s: %s: %s\n", tool_name(), verb, esc ? esc : msg);
	free(esc);
	return cli_exit_code(err);
}

int cli_usage(const char *verb, const char *msg)
{
	const struct cli_tool *t = cli_running_tool();
	const char *name = tool_name();

	if (t && (t->flags & CLI_TOOL_HINT_VERB))
		fprintf(stderr, "%s: %s: %s\nTry '%s %s --help'\n", name, verb,
			msg, name, verb);
	else
		fprintf(stderr, "%s: %s: %s\nTry '%s --help'\n", name, verb,
			msg, name);
	return CLI_EXIT_USAGE;
}
