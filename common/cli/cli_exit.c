// SPDX-License-Identifier: Apache-2.0
/* The table from error kinds to sysexits codes. */
#include "cli_exit.h"

static const int exit_for[] = {
	[CM_ERR_NONE] = CLI_EXIT_OK,
	[CM_ERR_NEGATIVE] = CLI_EXIT_NEGATIVE,
	[CM_ERR_USAGE] = CLI_EXIT_USAGE,
	[CM_ERR_DATAERR] = CLI_EXIT_DATAERR,
	[CM_ERR_NOINPUT] = CLI_EXIT_NOINPUT,
	[CM_ERR_UNAVAILABLE] = CLI_EXIT_UNAVAILABLE,
	[CM_ERR_SOFTWARE] = CLI_EXIT_SOFTWARE,
	[CM_ERR_CANTCREAT] = CLI_EXIT_CANTCREAT,
	[CM_ERR_IOERR] = CLI_EXIT_IOERR,
	[CM_ERR_TEMPFAIL] = CLI_EXIT_TEMPFAIL,
	[CM_ERR_NOPERM] = CLI_EXIT_NOPERM,
	[CM_ERR_INTERRUPTED] = CLI_EXIT_INTERRUPTED,
	[CM_ERR_KEYLOCKED] = CLI_EXIT_KEYLOCKED,
};

int cli_exit_for_kind(enum cm_err_kind kind)
{
	if ((unsigned)kind >= sizeof(exit_for) / sizeof(exit_for[0]))
		return CLI_EXIT_SOFTWARE;
	return exit_for[kind];
}

int cli_exit_code(const struct cm_err *err)
{
	if (!err)
		return CLI_EXIT_OK;
	if (err->kind == CM_ERR_NONE && err->code == 0)
		return CLI_EXIT_OK;
	return cli_exit_for_kind(cm_err_kind(err));
}
