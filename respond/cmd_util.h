/* SPDX-License-Identifier: Apache-2.0 */
/* What the verbs of respond share: messages, prompts, signals, paths. */
#ifndef SANITAS_RESPOND_CMD_UTIL_H
#define SANITAS_RESPOND_CMD_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "cli_exit.h"
#include "cm_err.h"

extern volatile int rs_cmd_interrupted;

/* "respond: VERB: MSG" on stderr; returns the exit code for @err. */
int rs_cmd_fail(const char *verb, const struct cm_err *err);
/* Misuse: one line and the hint, exit 64. */
int rs_cmd_usage(const char *verb, const char *msg);
/* SIGINT/SIGTERM set rs_cmd_interrupted. */
void rs_cmd_signals(void);
/* A terminal prompt (stdin and stderr are TTYs), for struct rs_ctx.ask. */
int rs_cmd_ask(void *cookie, const char *question, char *answer, size_t len);
bool rs_cmd_can_ask(void);
/* Progress notes on stderr (cookie: non-NULL = quiet). */
void rs_cmd_note(void *cookie, const char *step, const char *status,
		 const char *detail);
/* An absolute version of @path (malloc'd); the path need not exist. */
char *rs_cmd_abspath(const char *path);

#endif
