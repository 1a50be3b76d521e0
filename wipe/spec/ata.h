/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ATA (ACS-3) encoders and decoders, carried in ATA PASS-THROUGH(16)
 * (SAT-3): IDENTIFY DEVICE, SANITIZE, SECURITY, SET MAX / READ NATIVE
 * MAX (HPA), DEVICE CONFIGURATION IDENTIFY (DCO).
 * Nothing here touches a device: executing is wp_ata.h's job, so
 * unit tests can assert every bit against the specification.
 * Parsers take untrusted bytes with their length, never read past it, and
 * return 0 or -EINVAL (short or malformed input).
 */
#ifndef SANITAS_SPEC_ATA_H
#define SANITAS_SPEC_ATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spec/command.h"

enum {
	WP_ATA_READ_NATIVE_MAX_EXT = 0x27,
	WP_ATA_SET_MAX_ADDRESS_EXT = 0x37,
	WP_ATA_DEVICE_CONFIG = 0xB1, /* DCO; feature 0xC2 = IDENTIFY */
	WP_ATA_SANITIZE = 0xB4,
	WP_ATA_IDENTIFY = 0xEC,
	WP_ATA_SEC_SET_PASSWORD = 0xF1,
	WP_ATA_SEC_UNLOCK = 0xF2,
	WP_ATA_SEC_ERASE_PREPARE = 0xF3,
	WP_ATA_SEC_ERASE_UNIT = 0xF4,
	WP_ATA_SEC_DISABLE_PASSWORD = 0xF6,
};

enum wp_ata_sanitize_fn {
	WP_ATA_SAN_STATUS = 0x0000,
	WP_ATA_SAN_CRYPTO = 0x0011,
	WP_ATA_SAN_BLOCK = 0x0012,
	WP_ATA_SAN_OVERWRITE = 0x0014,
};

#define WP_ATA_SAN_KEY_CRYPTO	 0x43727970u /* "Cryp" */
#define WP_ATA_SAN_KEY_BLOCK	 0x426B4572u /* "BkEr" */
#define WP_ATA_SAN_KEY_OVERWRITE 0x4F57u     /* "OW", LBA 47:32 */

/* SANITIZE STATUS EXT output COUNT bits */
#define WP_ATA_SAN_ST_DONE	  (1u << 15) /* completed without error */
#define WP_ATA_SAN_ST_IN_PROGRESS (1u << 14)
#define WP_ATA_SAN_ST_FROZEN	  (1u << 13)
#define WP_ATA_SAN_ST_ANTIFREEZE  (1u << 12)
/* STATUS EXT input COUNT bit 0: clear the "sanitize failed" state */
#define WP_ATA_SAN_CLEAR_FAILED 0x0001

/* ATA status register bits */
#define WP_ATA_ST_ERR	0x01
#define WP_ATA_ST_DF	0x20
#define WP_ATA_ST_BSY	0x80
#define WP_ATA_ERR_ABRT 0x04

enum wp_ata_proto {
	WP_ATA_PROTO_NON_DATA = 3,
	WP_ATA_PROTO_PIO_IN = 4,
	WP_ATA_PROTO_PIO_OUT = 5,
};

/* The ATA taskfile a command is sent with (48-bit fields). */
struct wp_ata_tf {
	uint16_t feature;
	uint16_t count;
	uint64_t lba; /* 48 bits */
	uint8_t device;
	uint8_t command;
};

/* Registers returned in the ATA Status Return sense descriptor. */
struct wp_ata_regs {
	bool valid;
	bool extend;
	uint8_t error, status, device;
	uint16_t count;
	uint64_t lba;
};

/*
 * Encode @tf as ATA PASS-THROUGH(16) into @c with @proto and @data
 * (@len bytes, a multiple of 512 for PIO). Non-data commands set CK_COND
 * so the drive's registers come back in descriptor sense.
 */
void wp_ata_build(struct wp_sg_cmd *c, const struct wp_ata_tf *tf,
		  enum wp_ata_proto proto, void *data, uint32_t len,
		  uint32_t timeout_ms);
void wp_ata_build_identify(struct wp_sg_cmd *c, void *buf512);
/* DEVICE CONFIGURATION IDENTIFY (B1h/C2h): the DCO data, 512 bytes. */
void wp_ata_build_dco_identify(struct wp_sg_cmd *c, void *buf512);
void wp_ata_build_sanitize(struct wp_sg_cmd *c, enum wp_ata_sanitize_fn fn,
			   uint32_t pattern, uint16_t status_count);
void wp_ata_build_read_native_max(struct wp_sg_cmd *c);
/* SET MAX ADDRESS EXT to @max_lba; volatile (COUNT bit 0 "VV" clear). */
void wp_ata_build_set_max(struct wp_sg_cmd *c, uint64_t max_lba);
/*
 * A security command (SET PASSWORD, UNLOCK, ERASE UNIT, DISABLE PASSWORD)
 * with its 512-byte data block in @blk, filled by
 * wp_ata_security_block(): user password, high security level, and for
 * ERASE UNIT the enhanced bit.
 */
void wp_ata_build_security(struct wp_sg_cmd *c, uint8_t opcode, void *blk,
			   uint32_t timeout_ms);
void wp_ata_build_erase_prepare(struct wp_sg_cmd *c);
void wp_ata_security_block(uint8_t blk[512], bool enhanced,
			   const uint8_t pwd[32]);

struct wp_ata_identify {
	char serial[21], model[41], firmware[9];
	bool lba48;
	uint64_t max_lba;	 /* last user-addressable LBA (current max) */
	uint32_t logical_sector; /* bytes */
	bool checksum_present, checksum_ok;
	bool ssd; /* word 217 == 1 */
	/* security (word 82 bit 1, word 128) */
	bool sec_supported, sec_enabled, sec_locked, sec_frozen,
		sec_count_expired, sec_enhanced;
	uint32_t erase_secs, enhanced_erase_secs; /* 0 unknown */
	/* sanitize (word 59) */
	bool san_supported, san_crypto, san_overwrite, san_block,
		san_antifreeze;
	bool hpa_supported;	/* word 82 bit 10 */
	bool dco_supported;	/* word 83 bit 11 */
	bool trusted_computing; /* word 48 bit 0: TCG (e.g. Opal) */
	uint16_t w[256];	/* raw words, host order */
};

int wp_ata_parse_identify(const uint8_t *buf, size_t len,
			  struct wp_ata_identify *out);
/*
 * DCO IDENTIFY data: *@max_lba is the largest LBA the drive can be
 * configured to (words 3-6), i.e. the capacity before any overlay.
 * -EINVAL when short, -EBADMSG when the revision is 0 or the integrity
 * word (A5h signature) does not sum to zero.
 */
int wp_ata_parse_dco(const uint8_t *buf, size_t len, uint64_t *max_lba);
/* Erase time word (89/90) in seconds, 0 when not reported. */
uint32_t wp_ata_erase_time_secs(uint16_t word);

#endif
