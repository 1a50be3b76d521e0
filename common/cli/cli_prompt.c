// SPDX-License-Identifier: Apache-2.0
/* Prompts: typed confirmations and answers to the core's questions. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli_prompt.h"

bool cli_prompt_can_ask(void)
{
	return isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
}

static int read_line(char *answer, size_t len)
{
	size_t n;

	/* the question must be on the screen before we wait */
	fflush(stderr);
	if (!fgets(answer, (int)len, stdin))
		return -EIO;
	n = strlen(answer);
	while (n && (answer[n - 1] == '\n' || answer[n - 1] == '\r'))
		answer[--n] = '\0';
	return 0;
}

int cli_prompt_line(const char *question, char *answer, size_t len)
{
	fputs(question, stderr);
	return read_line(answer, len);
}

int cli_prompt_ask(void *cookie, const char *question, char *answer, size_t len)
{
	(void)cookie;
	if (!cli_prompt_can_ask())
		return -ENOTTY;
	return cli_prompt_line(question, answer, len);
}

bool cli_prompt_confirm(const char *want, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (read_line(line, sizeof(line)) < 0)
		return false;
	return !strcmp(line, want);
}
