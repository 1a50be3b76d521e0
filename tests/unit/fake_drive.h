/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one fake of the drive seam (struct wp_dev) the unit tests use:
 * memory-backed media with failure injection for host I/O (a bad range
 * that fails writes, a flipped byte on reads, counters), and for drive
 * commands a script of expected passthrough commands. Each command the
 * code under test sends is checked, bit for bit, against the next
 * expectation (cmocka assertion on mismatch); the expectation's canned
 * answer is returned and its effect applied to the media (scramble, zero,
 * stop). Failure injection there is an expectation whose answer is an
 * error.
 */
#ifndef SANITAS_TEST_FAKE_DRIVE_H
#define SANITAS_TEST_FAKE_DRIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wp_dev.h"

/* What sits behind the seam. */
enum fake_kind {
	FAKE_NVME, /* an NVMe namespace: admin commands, no SG */
	FAKE_SG,   /* a SCSI/ATA disk: SG_IO, no NVMe */
	FAKE_MEM,  /* host I/O only (flush, cache drop, LUKS erase) */
};

enum fake_effect {
	FAKE_FX_NONE,
	FAKE_FX_SCRAMBLE, /* media becomes pseudo-random (crypto erase) */
	FAKE_FX_ZERO,	  /* media becomes 0x00 */
	FAKE_FX_STOP,	  /* set the run's stop flag (an interrupt) */
};

struct fake_expect {
	const char *what;
	enum fake_kind kind; /* FAKE_NVME or FAKE_SG */
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
	const uint8_t *sense; /* sense_len bytes of sense data, or NULL */
	uint8_t sense_len;
	enum fake_effect effect;
	unsigned repeat; /* answer this many times (0 = once) */
};

struct fake_drive {
	struct wp_dev dev;
	uint8_t *mem;
	/* writes touching [bad_off, bad_off+bad_len) fail with -EIO */
	uint64_t bad_off, bad_len;
	/* reads return this byte flipped at flip_off (if flip) */
	int flip;
	uint64_t flip_off;
	unsigned writes, reads, flushes, drops;
	uint64_t max_write; /* largest single write seen */
	int luks_keyslots;  /* active keyslots ops.luks_erase destroys */
	unsigned luks_erases;
	/* the passthrough script (FAKE_NVME, FAKE_SG) */
	const struct fake_expect **ex;
	size_t nex, cap, pos;
	unsigned used; /* answers given by ex[pos] */
	unsigned ncmds;
	uint64_t now_ms; /* the virtual clock */
	volatile int *stop;
};

/* FAKE_MEM: a device of @size bytes, @lbs logical blocks, filled with @fill. */
struct fake_drive *fake_drive_new(uint64_t size, uint32_t lbs, uint8_t fill);
/*
 * FAKE_NVME or FAKE_SG: @size bytes of 512-byte blocks, filled with
 * pseudo-random data from @seed, driven by a script.
 */
struct fake_drive *fake_drive_new_scripted(enum fake_kind kind, uint64_t size,
					   uint32_t seed);
void fake_drive_free(struct fake_drive *f);

/* Append expectations (the array must outlive the run). */
void fake_drive_expect(struct fake_drive *f, const struct fake_expect *e,
		       size_t n);
/* Assert that every expectation was consumed. */
void fake_drive_done(const struct fake_drive *f);

/* virtual clock for wp_purge_opts (@ctx is the fake_drive) */
uint64_t fake_now_ms(void *ctx);
void fake_sleep_ms(void *ctx, uint32_t ms);

/* canned answers */
void fake_nvme_id_ctrl(uint8_t buf[4096], uint32_t sanicap, uint8_t fna,
		       uint16_t oacs);
void fake_nvme_id_ns(uint8_t buf[4096], uint64_t nsze, uint8_t lbads);
void fake_nvme_sanlog(uint8_t buf[512], uint16_t sprog, uint16_t sstat,
		      uint32_t scdw10, uint32_t etce);
/* IDENTIFY DEVICE with a valid checksum; @w lists (word, value) pairs. */
void fake_ata_identify(uint8_t buf[512], const uint16_t (*w)[2], size_t n,
		       uint64_t sectors);
/* descriptor sense with an ATA Status Return descriptor */
uint8_t fake_ata_sense(uint8_t sense[32], uint8_t status, uint8_t error,
		       uint16_t count, uint64_t lba);

#endif
