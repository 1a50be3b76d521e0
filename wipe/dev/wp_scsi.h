/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Executing SCSI commands through the seam (struct wp_dev), decoded by
 * spec/scsi.
 *
 * Return convention: 0 ok; >0 the SCSI status (sense in @s); <0 a
 * negative errno. Device status and OS errors never mix.
 */
#ifndef SANITAS_WP_SCSI_H
#define SANITAS_WP_SCSI_H

#include <stdint.h>

#include "spec/scsi.h"
#include "wp_dev.h"

int wp_scsi_exec(struct wp_dev *d, struct wp_sg_cmd *c, struct wp_sense *s);
/* 1 supported, 0 not (or unknown), <0 error: REPORT SUPPORTED OPCODES */
int wp_scsi_supports(struct wp_dev *d, uint8_t op, uint16_t sa);
/* ASC/ASCQ text from libsgutils2 into @buf. */
void wp_scsi_asc_str(uint8_t asc, uint8_t ascq, char *buf, int len);

#endif
