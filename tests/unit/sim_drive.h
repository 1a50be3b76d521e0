/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A simulated drive behind the seam: memory-backed media, and a script of
 * expected passthrough commands. Each command the code under test sends is
 * checked, bit for bit, against the next expectation (cmocka assertion on
 * mismatch); the expectation's canned answer is returned and its effect
 * applied to the media (scramble, zero, fill). Failure injection is an
 * expectation whose answer is an error.
 */
#ifndef SANITAS_SIM_DRIVE_H
#define SANITAS_SIM_DRIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wp_dev.h"

struct sim_drive;

enum sim_kind {
	SIM_NVME,
	SIM_SG,
};

enum sim_effect {
	SIM_FX_NONE,
	SIM_FX_SCRAMBLE, /* media becomes pseudo-random (crypto erase) */
	SIM_FX_ZERO,	 /* media becomes 0x00 */
	SIM_FX_STOP,	 /* set the run's stop flag (an interrupt) */
};

struct sim_expect {
	const char *what;
	enum sim_kind kind;
	/* NVMe: opcode, nsid, cdw10, cdw11 must match */
	uint8_t opcode;
	uint32_t nsid, cdw10, cdw11;
	/* SG: the whole CDB must match; data direction too */
	uint8_t cdb[16];
	uint8_t cdb_len;
	enum wp_sg_dir dir;
	/* optional: the bytes the command must carry to the device */
	const uint8_t *data_out;
	size_t data_out_len;
	/* the answer */
	int rc;
	const void *data_in;
	size_t data_in_len;
	uint8_t sense[32];
	uint8_t sense_len;
	enum sim_effect effect;
	unsigned repeat; /* answer this many times (0 = once) */
};

/* @size bytes of media filled with pseudo-random data from @seed. */
struct sim_drive *sim_drive_new(enum sim_kind kind, uint64_t size,
				uint32_t seed);
void sim_drive_free(struct sim_drive *s);
struct wp_dev *sim_drive_dev(struct sim_drive *s);
/* Append expectations (the array must outlive the run). */
void sim_drive_expect(struct sim_drive *s, const struct sim_expect *e,
		      size_t n);
/* Assert that every expectation was consumed. */
void sim_drive_done(struct sim_drive *s);
unsigned sim_drive_commands(const struct sim_drive *s);
uint8_t *sim_drive_media(struct sim_drive *s);
/* the flag SIM_FX_STOP sets */
void sim_drive_set_stop(struct sim_drive *s, volatile int *flag);

/* virtual clock for wp_purge_opts */
uint64_t sim_now_ms(void *ctx);
void sim_sleep_ms(void *ctx, uint32_t ms);

/* canned answers */
void sim_nvme_id_ctrl(uint8_t buf[4096], uint32_t sanicap, uint8_t fna,
		      uint16_t oacs);
void sim_nvme_id_ns(uint8_t buf[4096], uint64_t nsze, uint8_t lbads);
void sim_nvme_sanlog(uint8_t buf[512], uint16_t sprog, uint16_t sstat,
		     uint32_t scdw10, uint32_t etce);
/* IDENTIFY DEVICE with a valid checksum; @w lists (word, value) pairs. */
void sim_ata_identify(uint8_t buf[512], const uint16_t (*w)[2], size_t n,
		      uint64_t sectors);
/* descriptor sense with an ATA Status Return descriptor */
uint8_t sim_ata_sense(uint8_t sense[32], uint8_t status, uint8_t error,
		      uint16_t count, uint64_t lba);

#endif
