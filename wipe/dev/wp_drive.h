/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Executing drive commands through the seam (struct wp_dev): NVMe admin
 * commands, ATA commands in ATA PASS-THROUGH(16), SCSI commands, plus the
 * LUKS (libcryptsetup) and signature (libblkid) helpers Purge needs.
 *
 * Return convention: 0 ok; >0 a device status (NVMe status field; for ATA
 * (status << 8 | error) when the drive set ERR; for SCSI the SCSI status);
 * <0 a negative errno. Device status and OS errors never mix.
 */
#ifndef SANITAS_WP_DRIVE_H
#define SANITAS_WP_DRIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "cm_err.h"
#include "spec/ata.h"
#include "spec/nvme.h"
#include "spec/scsi.h"
#include "wp_dev.h"

/* NVMe (nvme.c) */
/* The namespace id behind @d (NVME_IOCTL_ID), 1 for simulated devices. */
uint32_t wp_nvme_nsid(struct wp_dev *d);
int wp_nvme_identify_ctrl(struct wp_dev *d, struct wp_nvme_id_ctrl *out);
int wp_nvme_identify_ns(struct wp_dev *d, uint32_t nsid,
			struct wp_nvme_id_ns *out);
int wp_nvme_sanitize_log(struct wp_dev *d, struct wp_nvme_sanitize_log *out);
int wp_nvme_exec(struct wp_dev *d, struct wp_nvme_cmd *c);

/* ATA (ata.c) */
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

/* SCSI (scsi.c) */
int wp_scsi_exec(struct wp_dev *d, struct wp_sg_cmd *c, struct wp_sense *s);
/* 1 supported, 0 not (or unknown), <0 error: REPORT SUPPORTED OPCODES */
int wp_scsi_supports(struct wp_dev *d, uint8_t op, uint16_t sa);
/* ASC/ASCQ text from libsgutils2 into @buf. */
void wp_scsi_asc_str(uint8_t asc, uint8_t ascq, char *buf, int len);

/* LUKS (luks.c) */
struct wp_luks_info {
	char type[16]; /* "LUKS1" / "LUKS2" */
	char uuid[40];
	int active_keyslots;
	uint64_t metadata_bytes; /* header + keyslot areas (data offset) */
};
/* 1 LUKS found and @info filled, 0 not LUKS, <0 error. */
int wp_luks_probe(const char *path, struct wp_luks_info *info);
/* Destroy every keyslot of @d; *@destroyed counts them (ops.luks_erase). */
int wp_luks_destroy_keyslots(struct wp_dev *d, int *destroyed,
			     struct cm_err *err);

/* Signatures (luks.c): 1 found (name in @name), 0 none, <0 error. */
int wp_blkid_find_signature(struct wp_dev *d, char *name, size_t len);

#endif
