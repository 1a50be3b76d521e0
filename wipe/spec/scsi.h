/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SCSI (SPC-5, SBC-4) encoders and decoders: SANITIZE, REQUEST SENSE,
 * INQUIRY, REPORT SUPPORTED OPERATION CODES, fixed and descriptor sense
 * (with the SAT ATA Status Return descriptor).
 * Nothing here touches a device: executing is wp_scsi.h's job, so
 * unit tests can assert every bit against the specification.
 * Parsers take untrusted bytes with their length, never read past it, and
 * return 0 or -EINVAL (short or malformed input).
 */
#ifndef SANITAS_SPEC_SCSI_H
#define SANITAS_SPEC_SCSI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spec/ata.h"
#include "spec/command.h"

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

#endif
