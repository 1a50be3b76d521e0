/* SPDX-License-Identifier: Apache-2.0 */
/* wipe erase: its command line (cmd_erase_opts.c), as cmd_erase.c uses it. */
#ifndef SANITAS_WIPE_CMD_ERASE_H
#define SANITAS_WIPE_CMD_ERASE_H

#include <stdbool.h>

#include "wp_erase.h"

/* The command line, parsed. */
struct erase_cli {
	struct wp_erase_opts o;
	const char *identity_dir;
	const char *pass_file;	/* --passphrase-file */
	const char *tsa;	/* --tsa URL, else the identity's profile */
	const char *tsa_ca;	/* --tsa-ca PEM: the probe's token checked */
	const char *ledger;	/* --ledger */
	const char *method_arg; /* as typed: the prompt names it */
	bool yes, dry, json, json_prog, quiet, pdf;
	bool method_given, params_given;
};

/*
 * The options of `wipe erase` into @a (its defaults set by the caller):
 * -1 to go on (optind at the first target), else the exit code (--help 0,
 * misuse 64).
 */
int cmd_erase_parse(int argc, char **argv, struct erase_cli *a);

#endif
