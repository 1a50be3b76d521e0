/* SPDX-License-Identifier: Apache-2.0 */
/* What the verbs of respond share: step notes, absolute paths. */
#ifndef SANITAS_RESPOND_CMD_UTIL_H
#define SANITAS_RESPOND_CMD_UTIL_H

#include <stdbool.h>

#include "cli_exit.h"
#include "cli_fail.h"
#include "cm_err.h"
#include "cm_tsa.h"

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

/*
 * --tsa after a seal: a token over @case_dir's SHA256SUMS.p7s beside it.
 * Returns @ex, or 69 (when @ex is 0) with a warning when none could be had
 * (the case stays sealed, its time the signer's claim).
 */
int rs_cmd_stamp_case(const char *verb, const char *case_dir, const char *url,
		      bool quiet, int ex);

/*
 * The end of run or resume: @rc from rs_run()/rs_resume() (@err its
 * error) to the exit code, the case's outcome on stderr (unless @quiet),
 * and the seal time-stamped by @tsa when not NULL.
 */
int rs_cmd_finished(const char *verb, const char *case_dir, int rc,
		    const struct cm_err *err, const char *tsa, bool quiet);

/*
 * Whether @dir is to be verified as one case: it holds case.json,
 * SHA256SUMS or custody.jsonl, or it is not surely a directory of cases
 * (missing, not a directory, a path too long to look into).
 */
bool rs_cmd_is_case_dir(const char *dir);

/*
 * respond verify DIR for a directory of cases: each case under @dir (to a
 * depth of 4, links not followed) verified against @tr (borrowed), one
 * row each (case, host, status, seal, signer, files, archives) and a
 * total, or with @json one document. Returns the exit code: 0 all
 * intact, 1 any is not, 66 no case found.
 */
int rs_cmd_verify_dir(const char *dir, const struct cm_verify_trust *tr,
		      bool json);

#endif
