/* SPDX-License-Identifier: Apache-2.0 */
/* A verb's one JSON document on standard output, with its write checked. */
#ifndef SANITAS_CLI_JSON_H
#define SANITAS_CLI_JSON_H

#include <jansson.h>

#include "cm_err.h"

/*
 * Write @j to stdout (CM_JSON_FLAGS, then a newline), flush, and check that
 * every byte was written. Returns 0, or a negative errno with @err set:
 * "cannot write to standard output: REASON" (a full disk; a closed pipe
 * where SIGPIPE is ignored) with kind CM_ERR_IOERR, so the verb exits 74;
 * -ENOMEM (kind CM_ERR_SOFTWARE) when @j is NULL or cannot be serialised.
 * Does not take @j's reference.
 */
int cli_json_print(const json_t *j, struct cm_err *err);

#endif
