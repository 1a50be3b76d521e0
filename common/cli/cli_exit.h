/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Process exit codes: the one place where an error kind becomes a number.
 * Linked only by the two binaries; core code never sees these values.
 */
#ifndef SANITAS_CLI_EXIT_H
#define SANITAS_CLI_EXIT_H

#include "cm_err.h"

/* exit codes are interface: tests pin them (values from <sysexits.h>) */
enum cli_exit {
	CLI_EXIT_OK = 0,
	CLI_EXIT_NEGATIVE = 1, /* verification found data, bad signature */
	CLI_EXIT_USAGE = 64,
	CLI_EXIT_DATAERR = 65,	   /* malformed input: playbook, certificate */
	CLI_EXIT_NOINPUT = 66,	   /* no such device or file */
	CLI_EXIT_UNAVAILABLE = 69, /* unsupported by the device */
	CLI_EXIT_SOFTWARE = 70,	   /* internal bug */
	CLI_EXIT_CANTCREAT = 73,   /* cannot create output */
	CLI_EXIT_IOERR = 74,
	CLI_EXIT_TEMPFAIL = 75,	 /* busy, in use, refused target */
	CLI_EXIT_NOPERM = 77,	 /* permission denied or read-only */
	CLI_EXIT_KEYLOCKED = 78, /* the signing key stays locked (EX_CONFIG) */
	CLI_EXIT_INTERRUPTED = 130,
};

/* The exit code for an error kind (CM_ERR_NONE -> 0). */
int cli_exit_for_kind(enum cm_err_kind kind);

/* The exit code for @err (its kind, else the kind its errno means). */
int cli_exit_code(const struct cm_err *err);

#endif
