/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SCSI purge: probing and the SANITIZE runner.
 */
#ifndef SANITAS_PURGE_SCSI_H
#define SANITAS_PURGE_SCSI_H

#include "purge/run.h"
#include "wp_caps.h"
#include "wp_dev.h"
#include "wp_scsi.h"

/* Fill @c from REPORT SUPPORTED OPERATION CODES (SANITIZE). */
void wp_purge_scsi_probe(struct wp_dev *d, struct wp_caps *c);

/* SANITIZE service action @sa, polled to an observed completion. */
int wp_purge_scsi_sanitize(struct wp_purge_ctx *r, enum wp_scsi_sanitize_sa sa);

#endif
