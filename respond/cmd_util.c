// SPDX-License-Identifier: Apache-2.0
/* What the verbs of respond share: messages, prompts, signals, paths. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cm_path.h"
#include "cmd_util.h"

volatile int rs_cmd_interrupted;

int rs_cmd_fail(const char *verb, const struct cm_err *err)
{
	fprintf(stderr, "respond: %s: %s\n", verb,
		err->msg[0] ? err->msg : strerror(-err->code));
	return cli_exit_code(err);
}

int rs_cmd_usage(const char *verb, const char *msg)
{
	fprintf(stderr, "respond: %s: %s\nTry 'respond %s --help'\n", verb, msg,
		verb);
	return CLI_EXIT_USAGE;
}

static void on_signal(int sig)
{
	(void)sig;
	rs_cmd_interrupted = 1;
}

void rs_cmd_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

bool rs_cmd_can_ask(void)
{
	return isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
}

int rs_cmd_ask(void *cookie, const char *question, char *answer, size_t len)
{
	size_t n;

	(void)cookie;
	if (!rs_cmd_can_ask())
		return -ENOTTY;
	fputs(question, stderr);
	fflush(stderr);
	if (!fgets(answer, (int)len, stdin))
		return -EIO;
	n = strlen(answer);
	while (n && (answer[n - 1] == '\n' || answer[n - 1] == '\r'))
		answer[--n] = '\0';
	return 0;
}

void rs_cmd_note(void *cookie, const char *step, const char *status,
		 const char *detail)
{
	if (cookie)
		return;
	if (!strcmp(status, "start"))
		fprintf(stderr, "respond: step '%s' (%s) ...\n", step, detail);
	else
		fprintf(stderr, "respond: step '%s': %s%s%s\n", step, status,
			detail ? ": " : "", detail ? detail : "");
}

char *rs_cmd_abspath(const char *path)
{
	char cwd[PATH_MAX];
	char *p;

	if (path[0] == '/')
		return strdup(path);
	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	p = cm_path_join(cwd, path);
	/* no trailing slash: paths are joined and compared as given */
	while (p && strlen(p) > 1 && p[strlen(p) - 1] == '/')
		p[strlen(p) - 1] = '\0';
	return p;
}
