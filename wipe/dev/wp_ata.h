/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Executing ATA commands in ATA PASS-THROUGH(16) through the seam
 * (struct wp_dev), decoded by spec/ata.
 *
 * Return convention: 0 ok; >0 (status << 8 | error) when the drive set
 * ERR; <0 a negative errno. Device status and OS errors never mix.
 */
#ifndef SANITAS_WP_ATA_H
#define SANITAS_WP_ATA_H

#include <stdint.h>

#include "spec/ata.h"
#include "wp_dev.h"

/*
 * Send @c (built by wp_ata_build*) and decode the returned registers into
 * @regs (may be NULL). -EOPNOTSUPP when the path has no ATA translation;
 * -EIO when a non-data command came back without its registers.
 */
int wp_ata_exec(struct wp_dev *d, struct wp_sg_cmd *c,
		struct wp_ata_regs *regs);
/*
 * DEVICE CONFIGURATION IDENTIFY: the largest LBA the drive can be set to,
 * above any Device Configuration Overlay. 0, or a device status / errno.
 */
int wp_ata_dco_identify(struct wp_dev *d, uint64_t *max_lba);
int wp_ata_identify(struct wp_dev *d, struct wp_ata_identify *out);

#endif
