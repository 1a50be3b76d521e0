/* SPDX-License-Identifier: Apache-2.0 */
/*
 * LUKS purge: the keyslot and header erase runner.
 */
#ifndef SANITAS_PURGE_LUKS_H
#define SANITAS_PURGE_LUKS_H

#include "purge/run.h"

/* Wipe every keyslot and the header of r->d, then check nothing remains. */
int wp_purge_luks_erase(struct wp_purge_ctx *r);

#endif
