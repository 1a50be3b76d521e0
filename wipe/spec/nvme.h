/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NVMe (NVM Express Base Specification 2.0) encoders and decoders:
 * Identify, Get Log Page (Sanitize Status), Format NVM, Sanitize.
 * Nothing here touches a device: executing is wp_nvme.h's job, so
 * unit tests can assert every bit against the specification.
 * Parsers take untrusted bytes with their length, never read past it, and
 * return 0 or -EINVAL (short or malformed input).
 */
#ifndef SANITAS_SPEC_NVME_H
#define SANITAS_SPEC_NVME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spec/command.h"

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

#endif
