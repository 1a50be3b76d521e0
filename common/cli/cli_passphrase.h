/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The passphrase of an encrypted signing key, for every verb that signs:
 * the first line of --passphrase-file FILE, else asked on the terminal
 * (echo off) when stdin and stderr are one, else none (the key stays
 * locked). Never from the command line or the environment.
 */
#ifndef SANITAS_CLI_PASSPHRASE_H
#define SANITAS_CLI_PASSPHRASE_H

#include "cm_identity.h"

/*
 * A source reading @file (borrowed, NULL: the terminal). @pp is filled;
 * it borrows @file.
 */
void cli_passphrase_init(struct cm_passphrase *pp, const char *file);

/* cm_identity_unlock() with a passphrase from @file (NULL: the terminal). */
int cli_identity_unlock(struct cm_identity *id, const char *dir,
			const char *file, struct cm_err *err);

#endif
