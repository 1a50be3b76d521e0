/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Pure encoders and decoders for drive commands: NVMe admin commands, ATA
 * commands carried in ATA PASS-THROUGH(16), SCSI CDBs, and the structures
 * drives answer with (ATA IDENTIFY DEVICE, NVMe Identify Controller and
 * Namespace, the NVMe Sanitize Status log page, SCSI fixed and descriptor
 * sense). Nothing here touches a device: executing is wp_drive.h's job, so
 * unit tests can assert every bit against the specifications.
 *
 * Parsers take untrusted bytes with their length, never read past it, and
 * return 0 or -EINVAL (short or malformed input).
 */
#ifndef SANITAS_WP_CMD_H
#define SANITAS_WP_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wp_dev.h"

/* ---- NVMe (NVM Express Base Specification 2.0) ---- */

enum {
	WP_NVME_ADMIN_GET_LOG_PAGE = 0x02,
	WP_NVME_ADMIN_IDENTIFY = 0x06,
	WP_NVME_ADMIN_FORMAT_NVM = 0x80,
	WP_NVME_ADMIN_SANITIZE = 0x84,
};

enum {
	WP_NVME_CNS_NS = 0x00,
	WP_NVME_CNS_CTRL = 0x01,
};

#define WP_NVME_LID_SANITIZE	 0x81
#define WP_NVME_NSID_ALL	 0xFFFFFFFFu
#define WP_NVME_IDENTIFY_LEN	 4096
#define WP_NVME_SANITIZE_LOG_LEN 512

enum wp_nvme_sanact {
	WP_NVME_SANACT_EXIT_FAILURE = 1,
	WP_NVME_SANACT_BLOCK = 2,
	WP_NVME_SANACT_OVERWRITE = 3,
	WP_NVME_SANACT_CRYPTO = 4,
};

enum wp_nvme_ses {
	WP_NVME_SES_NONE = 0,
	WP_NVME_SES_USER_DATA = 1,
	WP_NVME_SES_CRYPTO = 2,
};

/* Sanitize Status (SSTAT bits 2:0) */
enum wp_nvme_sstat {
	WP_NVME_SSTAT_NEVER = 0,
	WP_NVME_SSTAT_SUCCESS = 1,
	WP_NVME_SSTAT_IN_PROGRESS = 2,
	WP_NVME_SSTAT_FAILED = 3,
	WP_NVME_SSTAT_SUCCESS_NDAS = 4,
};

/* SANICAP bits (Identify Controller bytes 331:328) */
#define WP_NVME_SANICAP_CES (1u << 0)
#define WP_NVME_SANICAP_BES (1u << 1)
#define WP_NVME_SANICAP_OWS (1u << 2)
/* FNA bits (Identify Controller byte 524) */
#define WP_NVME_FNA_FORMAT_ALL (1u << 0)
#define WP_NVME_FNA_SES_ALL    (1u << 1)
#define WP_NVME_FNA_CRYPTO     (1u << 2)
/* OACS bits (Identify Controller bytes 257:256) */
#define WP_NVME_OACS_SECURITY (1u << 0) /* Security Send/Receive (TCG) */
#define WP_NVME_OACS_FORMAT   (1u << 1)

/* Identify (CNS @cns) of @nsid into @buf (WP_NVME_IDENTIFY_LEN bytes). */
void wp_nvme_build_identify(struct wp_nvme_cmd *c, uint8_t cns, uint32_t nsid,
			    void *buf);
/* Get Log Page, Sanitize Status (LID 81h, 512 bytes) into @buf. */
void wp_nvme_build_get_log_sanitize(struct wp_nvme_cmd *c, void *buf);
/* Format NVM of @nsid keeping LBA format @lbaf, secure erase @ses. */
void wp_nvme_build_format(struct wp_nvme_cmd *c, uint32_t nsid, uint8_t lbaf,
			  enum wp_nvme_ses ses);
/*
 * Sanitize with action @sanact. For the overwrite action, @owpass passes
 * (1..15; 0 means 16) of the 32-bit @ovrpat. AUSE is clear (restricted
 * completion mode: after a failure only a successful sanitize leaves the
 * failed state, so user data never becomes readable again half-erased)
 * and NDAS is clear (the media is deallocated afterwards).
 */
void wp_nvme_build_sanitize(struct wp_nvme_cmd *c, enum wp_nvme_sanact sanact,
			    uint8_t owpass, uint32_t ovrpat);

struct wp_nvme_id_ctrl {
	uint16_t vid;
	char sn[21], mn[41], fr[9]; /* trimmed ASCII */
	uint16_t oacs;
	uint32_t sanicap;
	uint8_t fna;
	uint32_t nn;
};

struct wp_nvme_id_ns {
	uint64_t nsze, ncap, nuse;
	uint8_t flbas_index; /* current LBA format (FLBAS bits 3:0, 6:5) */
	uint8_t nlbaf;	     /* number of formats, 0-based */
	uint32_t lba_bytes;  /* data size of the current format */
	uint16_t ms;	     /* metadata bytes of the current format */
};

struct wp_nvme_sanitize_log {
	uint16_t sprog;
	uint16_t sstat;
	uint32_t scdw10;
	uint32_t eto, etbe, etce; /* seconds; 0xFFFFFFFF: no estimate */
};

int wp_nvme_parse_id_ctrl(const uint8_t *buf, size_t len,
			  struct wp_nvme_id_ctrl *out);
int wp_nvme_parse_id_ns(const uint8_t *buf, size_t len,
			struct wp_nvme_id_ns *out);
int wp_nvme_parse_sanitize_log(const uint8_t *buf, size_t len,
			       struct wp_nvme_sanitize_log *out);
static inline unsigned wp_nvme_sstat_status(uint16_t sstat)
{
	return sstat & 0x7;
}

/* ---- ATA (ACS-3) through ATA PASS-THROUGH(16) (SAT-3) ---- */

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

/* ---- SCSI (SPC-5, SBC-4) ---- */

enum wp_scsi_sanitize_sa {
	WP_SCSI_SAN_OVERWRITE = 0x01,
	WP_SCSI_SAN_BLOCK = 0x02,
	WP_SCSI_SAN_CRYPTO = 0x03,
	WP_SCSI_SAN_EXIT_FAILURE = 0x1F,
};

#define WP_SCSI_SANITIZE      0x48
#define WP_SCSI_REQUEST_SENSE 0x03
#define WP_SCSI_INQUIRY	      0x12
#define WP_SCSI_MAINT_IN      0xA3
#define WP_SCSI_RSOC_SA	      0x0C

/*
 * SANITIZE (10) with IMMED set, AUSE clear. For OVERWRITE, @param (8
 * bytes) receives the parameter list: one pass of the 4-byte @pattern
 * (four bytes is what SAT translates to ATA OVERWRITE EXT).
 */
void wp_scsi_build_sanitize(struct wp_sg_cmd *c, enum wp_scsi_sanitize_sa sa,
			    uint8_t param[8], uint32_t pattern);
void wp_scsi_build_request_sense(struct wp_sg_cmd *c, void *buf, uint8_t len);
/* REPORT SUPPORTED OPERATION CODES, one command (@op, @sa). */
void wp_scsi_build_rsoc(struct wp_sg_cmd *c, uint8_t op, uint16_t sa, void *buf,
			uint16_t len);
void wp_scsi_build_inquiry(struct wp_sg_cmd *c, void *buf, uint8_t len);
/* The SUPPORT field (0 unknown, 1 no, 3 yes, 5 vendor) of an RSOC answer */
int wp_scsi_parse_rsoc_support(const uint8_t *buf, size_t len);

enum {
	WP_SK_NO_SENSE = 0x0,
	WP_SK_RECOVERED = 0x1,
	WP_SK_NOT_READY = 0x2,
	WP_SK_MEDIUM_ERROR = 0x3,
	WP_SK_ILLEGAL_REQUEST = 0x5,
	WP_SK_UNIT_ATTENTION = 0x6,
	WP_SK_ABORTED = 0xB,
};

struct wp_sense {
	uint8_t response; /* 0x70/0x71 fixed, 0x72/0x73 descriptor */
	uint8_t key, asc, ascq;
	bool progress_valid;
	uint16_t progress;	/* of 65536 */
	struct wp_ata_regs ata; /* ATA Status Return descriptor or fixed */
};

int wp_sense_parse(const uint8_t *sense, size_t len, struct wp_sense *out);
static inline bool wp_sense_is_sanitize_in_progress(const struct wp_sense *s)
{
	return s->key == WP_SK_NOT_READY && s->asc == 0x04 && s->ascq == 0x1B;
}
static inline bool wp_sense_is_sanitize_failed(const struct wp_sense *s)
{
	return s->asc == 0x31 && s->ascq == 0x03;
}

/* Copy @n bytes of space-padded ASCII into @out (n+1 bytes), trimmed. */
void wp_ascii_trim(const uint8_t *in, size_t n, char *out);

#endif
