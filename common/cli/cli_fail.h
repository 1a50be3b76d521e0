/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The messages a verb ends with: a failure ("TOOL: VERB: message") or a
 * misuse (the same, then the hint). Both name the tool cli_main() runs.
 */
#ifndef SANITAS_CLI_FAIL_H
#define SANITAS_CLI_FAIL_H

#include "cli_exit.h"
#include "cm_err.h"

/*
 * "TOOL: VERB: message" on stderr (without a message: the errno's text,
 * else "failed"); returns the exit code for @err. @err may be NULL.
 */
int cli_fail(const char *verb, const struct cm_err *err);

/*
 * "TOOL: VERB: @msg", then "Try 'TOOL --help'" (or 'TOOL VERB --help'
 * where the tool says CLI_TOOL_HINT_VERB) on stderr; returns 64.
 */
int cli_usage(const char *verb, const char *msg);

#endif
