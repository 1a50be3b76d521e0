/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NVMe purge: probing and the Sanitize / Format NVM runners.
 */
#ifndef SANITAS_PURGE_NVME_H
#define SANITAS_PURGE_NVME_H

#include "purge/run.h"
#include "wp_caps.h"
#include "wp_dev.h"
#include "wp_nvme.h"

/* Fill @c from Identify Controller/Namespace and the sanitize log. */
void wp_purge_nvme_probe(struct wp_dev *d, struct wp_caps *c);

/* Format NVM with secure erase setting @ses, to an observed completion. */
int wp_purge_nvme_format(struct wp_purge_ctx *r, enum wp_nvme_ses ses);

/* Sanitize with action @act, polled to an observed completion. */
int wp_purge_nvme_sanitize(struct wp_purge_ctx *r, enum wp_nvme_sanact act);

#endif
