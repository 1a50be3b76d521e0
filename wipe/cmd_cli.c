// SPDX-License-Identifier: Apache-2.0
/*
 * What the verbs of wipe share: failure and usage messages, identity and
 * state paths.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

int cli_fail(const char *verb, const struct cm_err *err)
{
	fprintf(stderr, "wipe: %s: %s\n", verb,
		err && err->msg[0] ? err->msg : "failed");
	return cli_exit_code(err);
}

int cli_usage(const char *verb, const char *msg)
{
	fprintf(stderr, "wipe: %s: %s\nTry 'wipe --help'\n", verb, msg);
	return CLI_EXIT_USAGE;
}

const char *cli_default_identity(void)
{
	const char *e = getenv("SANITAS_IDENTITY");

	return e && *e ? e : "/etc/sanitas/identity";
}

const char *cli_default_state_dir(void)
{
	const char *e = getenv("SANITAS_STATE_DIR");

	return e && *e ? e : "/var/lib/sanitas/checkpoints";
}
