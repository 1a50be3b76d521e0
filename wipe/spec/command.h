/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The command descriptors a drive command is encoded into and executed
 * from: an NVMe admin command and a SCSI command (SG_IO, also ATA
 * PASS-THROUGH(16)). Plain data: no operating system types.
 */
#ifndef SANITAS_SPEC_COMMAND_H
#define SANITAS_SPEC_COMMAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An NVMe admin command, mirroring struct nvme_passthru_cmd. */
struct wp_nvme_cmd {
	uint8_t opcode;
	uint8_t flags;
	uint32_t nsid;
	uint32_t cdw2, cdw3;
	uint32_t cdw10, cdw11, cdw12, cdw13, cdw14, cdw15;
	void *data; /* borrowed; in or out depending on opcode */
	uint32_t data_len;
	uint32_t timeout_ms;
	uint32_t result; /* out: completion dword 0 */
};

enum wp_sg_dir {
	WP_SG_NONE,
	WP_SG_TO_DEV,
	WP_SG_FROM_DEV,
};

/* A SCSI command through SG_IO (also ATA PASS-THROUGH(16)). */
struct wp_sg_cmd {
	uint8_t cdb[32];
	uint8_t cdb_len;
	enum wp_sg_dir dir;
	void *data; /* borrowed */
	uint32_t data_len;
	uint32_t timeout_ms;
	uint8_t sense[64];	/* out */
	uint8_t sense_len;	/* out: bytes of sense returned */
	uint8_t status;		/* out: SCSI status */
	uint16_t host_status;	/* out */
	uint16_t driver_status; /* out */
	int32_t resid;		/* out */
};

#endif
