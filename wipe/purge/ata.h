/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ATA purge: probing, SANITIZE and SECURITY ERASE runners. The hidden
 * areas entry point, wp_purge_hidden_areas(), is declared in wp_purge.h.
 */
#ifndef SANITAS_PURGE_ATA_H
#define SANITAS_PURGE_ATA_H

#include <stdbool.h>

#include "purge/run.h"
#include "wp_caps.h"
#include "wp_dev.h"
#include "wp_ata.h"

/* Fill @c from IDENTIFY DEVICE; -ENODEV when the device is not ATA. */
int wp_purge_ata_probe(struct wp_dev *d, struct wp_caps *c);

/* SANITIZE function @fn, polled to an observed completion. */
int wp_purge_ata_sanitize(struct wp_purge_ctx *r, enum wp_ata_sanitize_fn fn);

/* SECURITY ERASE UNIT (@enhanced), the password removed afterwards. */
int wp_purge_ata_secure_erase(struct wp_purge_ctx *r, bool enhanced);

#endif
