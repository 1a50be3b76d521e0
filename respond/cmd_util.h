/* SPDX-License-Identifier: Apache-2.0 */
/* What the verbs of respond share: step notes, absolute paths. */
#ifndef SANITAS_RESPOND_CMD_UTIL_H
#define SANITAS_RESPOND_CMD_UTIL_H

#include "cli_exit.h"
#include "cli_fail.h"
#include "cm_err.h"

/* Progress notes on stderr (cookie: non-NULL = quiet). */
void rs_cmd_note(void *cookie, const char *step, const char *status,
		 const char *detail);
/* An absolute version of @path (malloc'd); the path need not exist. */
char *rs_cmd_abspath(const char *path);

#endif
