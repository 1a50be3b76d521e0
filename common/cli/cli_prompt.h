/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Asking the operator: a question on stderr, one line read from stdin.
 * Typed confirmations of destructive verbs and the approvals core code
 * asks for through a callback.
 */
#ifndef SANITAS_CLI_PROMPT_H
#define SANITAS_CLI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

/* True when stdin and stderr are terminals: someone is there to answer. */
bool cli_prompt_can_ask(void);

/*
 * @question on stderr, then one line from stdin into @answer (@len bytes,
 * line end removed). Returns 0, or -EIO at end of input or on an error.
 */
int cli_prompt_line(const char *question, char *answer, size_t len);

/*
 * The prompt callback core code takes (struct rs_opts.ask): -ENOTTY when
 * nobody is at a terminal (cli_prompt_can_ask()), else cli_prompt_line().
 * @cookie is unused.
 */
int cli_prompt_ask(void *cookie, const char *question, char *answer,
		   size_t len);

/*
 * A typed confirmation: the question formatted from @fmt on stderr, then
 * one line from stdin (a terminal or not: automation may pipe it). True
 * only when the line is exactly @want; end of input is a no.
 */
bool cli_prompt_confirm(const char *want, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
