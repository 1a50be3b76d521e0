/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the verb files (they may print; the core may not). */
#ifndef SANITAS_WIPE_CLI_H
#define SANITAS_WIPE_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli_exit.h"
#include "cli_fail.h"
#include "cli_trust.h" /* cli_default_identity() */
#include "cm_err.h"

struct wp_job;

/* The default checkpoint directory ($SANITAS_STATE_DIR or system). */
const char *cli_default_state_dir(void);
/*
 * Ask the operator to type the serial of @job's drive (the path of an
 * image file) before it is erased with @method; true only if they did.
 */
bool cli_confirm_erase(const struct wp_job *job, const char *method);

#endif
