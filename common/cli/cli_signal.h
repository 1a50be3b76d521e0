/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interrupts: SIGINT and SIGTERM set a flag the core polls, so a long loop
 * stops at a safe point, records "interrupted" and the verb exits 130.
 */
#ifndef SANITAS_CLI_SIGNAL_H
#define SANITAS_CLI_SIGNAL_H

#include <signal.h>

/* Set (to 1) by SIGINT or SIGTERM once cli_signal_catch() ran. */
extern volatile sig_atomic_t cli_interrupted;

/*
 * Install what the running verb's flags ask for (enum cli_verb_flags):
 * CLI_VERB_STOPPABLE, SIGINT and SIGTERM set cli_interrupted;
 * CLI_VERB_NO_SIGPIPE, SIGPIPE is ignored. A verb calls it when its long
 * work begins: before that (option parsing, a confirmation prompt) a
 * signal still ends the process. Without a running verb, nothing changes.
 */
void cli_signal_catch(void);

#endif
