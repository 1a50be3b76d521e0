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
/*
 * 0 when @path, the value of @what (e.g. "--root"), is valid UTF-8; else
 * -EINVAL with a usage error (exit 64) in @err: the case records these
 * paths as JSON text, and a name that is not UTF-8 would not survive.
 */
int rs_cmd_utf8_path(const char *what, const char *path, struct cm_err *err);

#endif
