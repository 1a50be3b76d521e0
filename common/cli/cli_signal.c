// SPDX-License-Identifier: Apache-2.0
/* SIGINT/SIGTERM to a flag, SIGPIPE ignored, as the verb table says. */
#include <signal.h>
#include <string.h>

#include "cli_main.h"
#include "cli_signal.h"

volatile sig_atomic_t cli_interrupted;

static void on_signal(int sig)
{
	(void)sig;
	cli_interrupted = 1;
}

void cli_signal_catch(void)
{
	const struct cli_verb *v = cli_running_verb();
	struct sigaction sa;

	if (!v)
		return;
	if (v->flags & CLI_VERB_STOPPABLE) {
		/* no SA_RESTART: a blocking read returns and the loop looks */
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}
	if (v->flags & CLI_VERB_NO_SIGPIPE)
		signal(SIGPIPE, SIG_IGN);
}
