/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the verb files (they may print; the core may not). */
#ifndef SANITAS_WIPE_CLI_H
#define SANITAS_WIPE_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "cli_exit.h"
#include "cm_err.h"

/* "wipe: VERB: message" on stderr; returns the exit code for @err. */
int cli_fail(const char *verb, const struct cm_err *err);
/* One usage line + "Try 'wipe VERB --help'"; returns 64. */
int cli_usage(const char *verb, const char *msg);
/* The default identity directory ($SANITAS_IDENTITY or the system one). */
const char *cli_default_identity(void);
/* The default checkpoint directory ($SANITAS_STATE_DIR or system). */
const char *cli_default_state_dir(void);

#endif
