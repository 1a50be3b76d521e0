/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The dispatcher both binaries share: a tool is a name and a verb table;
 * cli_main() picks the verb, answers --help and --version, and checks that
 * standard output was really written.
 */
#ifndef SANITAS_CLI_MAIN_H
#define SANITAS_CLI_MAIN_H

#include <stddef.h>

/* What a verb needs from the layer around it (struct cli_verb.flags). */
enum cli_verb_flags {
	/*
	 * Stops at a safe point when interrupted: once the verb calls
	 * cli_signal_catch(), SIGINT and SIGTERM set cli_interrupted instead
	 * of killing the process, and the verb exits 130.
	 */
	CLI_VERB_STOPPABLE = 1 << 0,
	/*
	 * From cli_signal_catch() on, SIGPIPE is ignored: a closed pipe is a
	 * write error the verb records, not a death in the middle of a step.
	 */
	CLI_VERB_NO_SIGPIPE = 1 << 1,
};

/* How a tool words its messages (struct cli_tool.flags). */
enum cli_tool_flags {
	/* the misuse hint names the verb: "Try 'respond run --help'" */
	CLI_TOOL_HINT_VERB = 1 << 0,
};

struct cli_verb {
	const char *name;
	int (*fn)(int argc, char **argv); /* argv[0] is the verb */
	const char *summary;		  /* one line in 'TOOL --help' */
	unsigned flags;			  /* enum cli_verb_flags */
};

struct cli_tool {
	const char *name; /* "wipe": the first word of every message */
	const struct cli_verb *verbs;
	size_t nverbs;
	unsigned flags; /* enum cli_tool_flags */
};

/*
 * Run the verb argv[1] of @tool with argv + 1. No verb: the usage on
 * stderr, 64; --help or -h: the usage on stdout, 0; --version: 0; an
 * unknown verb: one line and the hint, 64. Then standard output is flushed
 * and closed: if that fails and the verb had succeeded, "TOOL: VERB: cannot
 * write to standard output: REASON" (no VERB for --help, --version) goes
 * to stderr and the result is 74. Returns the process exit code. @tool
 * must outlive the call (the messages of cli_fail() name it).
 */
int cli_main(const struct cli_tool *tool, int argc, char **argv);

/* The tool and the verb cli_main() is running (NULL outside of it). */
const struct cli_tool *cli_running_tool(void);
const struct cli_verb *cli_running_verb(void);

#endif
