// SPDX-License-Identifier: Apache-2.0
/*
 * SCSI encoders and decoders; field positions cite SPC-5 (sense data,
 * REPORT SUPPORTED OPERATION CODES), SBC-4 (SANITIZE) and SAT-3 (ATA
 * Status Return descriptor).
 */
#include <errno.h>
#include <string.h>

#include "spec/bytes.h"
#include "spec/scsi.h"

void wp_scsi_build_sanitize(struct wp_sg_cmd *c, enum wp_scsi_sanitize_sa sa,
			    uint8_t param[8], uint32_t pattern)
{
	memset(c, 0, sizeof(*c));
	c->cdb[0] = WP_SCSI_SANITIZE;
	/* byte 1: IMMED 7, ZNR 6, AUSE 5, SERVICE ACTION 4:0 */
	c->cdb[1] = 0x80 | ((uint8_t)sa & 0x1F);
	c->cdb_len = 10;
	c->dir = WP_SG_NONE;
	c->timeout_ms = 60000;
	if (sa == WP_SCSI_SAN_OVERWRITE) {
		/*
		 * Parameter list (SBC-4 5.30.3): byte 0 INVERT 7, TEST 6:5,
		 * OVERWRITE COUNT 4:0; bytes 2-3 pattern length; then the
		 * pattern.
		 */
		memset(param, 0, 8);
		param[0] = 1;
		param[3] = 4;
		param[4] = (uint8_t)(pattern >> 24);
		param[5] = (uint8_t)(pattern >> 16);
		param[6] = (uint8_t)(pattern >> 8);
		param[7] = (uint8_t)pattern;
		c->cdb[8] = 8; /* PARAMETER LIST LENGTH (bytes 7-8) */
		c->dir = WP_SG_TO_DEV;
		c->data = param;
		c->data_len = 8;
	}
}

void wp_scsi_build_request_sense(struct wp_sg_cmd *c, void *buf, uint8_t len)
{
	memset(c, 0, sizeof(*c));
	c->cdb[0] = WP_SCSI_REQUEST_SENSE;
	c->cdb[1] = 0x01; /* DESC: descriptor format if supported */
	c->cdb[4] = len;
	c->cdb_len = 6;
	c->dir = WP_SG_FROM_DEV;
	c->data = buf;
	c->data_len = len;
	c->timeout_ms = 20000;
}

void wp_scsi_build_rsoc(struct wp_sg_cmd *c, uint8_t op, uint16_t sa, void *buf,
			uint16_t len)
{
	memset(c, 0, sizeof(*c));
	c->cdb[0] = WP_SCSI_MAINT_IN;
	c->cdb[1] = WP_SCSI_RSOC_SA;
	c->cdb[2] = 0x02; /* REPORTING OPTIONS 010b: opcode + service action */
	c->cdb[3] = op;
	c->cdb[4] = (uint8_t)(sa >> 8);
	c->cdb[5] = (uint8_t)sa;
	c->cdb[8] = (uint8_t)(len >> 8); /* ALLOCATION LENGTH bytes 6-9 */
	c->cdb[9] = (uint8_t)len;
	c->cdb_len = 12;
	c->dir = WP_SG_FROM_DEV;
	c->data = buf;
	c->data_len = len;
	c->timeout_ms = 20000;
}

void wp_scsi_build_inquiry(struct wp_sg_cmd *c, void *buf, uint8_t len)
{
	memset(c, 0, sizeof(*c));
	c->cdb[0] = WP_SCSI_INQUIRY;
	c->cdb[4] = len;
	c->cdb_len = 6;
	c->dir = WP_SG_FROM_DEV;
	c->data = buf;
	c->data_len = len;
	c->timeout_ms = 20000;
}

int wp_scsi_parse_rsoc_support(const uint8_t *buf, size_t len)
{
	if (!buf || len < 2)
		return -EINVAL;
	return buf[1] & 0x7; /* SUPPORT, byte 1 bits 2:0 */
}

static void ata_regs_from_desc(const uint8_t *d, struct wp_ata_regs *r)
{
	/* SAT-3 ATA Status Return descriptor (code 09h, length 0Ch) */
	r->valid = true;
	r->extend = d[2] & 0x01;
	r->error = d[3];
	r->count = (uint16_t)(d[4] << 8 | d[5]);
	r->lba = (uint64_t)d[7] | (uint64_t)d[9] << 8 | (uint64_t)d[11] << 16 |
		 (uint64_t)d[6] << 24 | (uint64_t)d[8] << 32 |
		 (uint64_t)d[10] << 40;
	if (!r->extend) {
		r->count &= 0xFF;
		r->lba &= 0xFFFFFF;
	}
	r->device = d[12];
	r->status = d[13];
}

int wp_sense_parse(const uint8_t *s, size_t len, struct wp_sense *out)
{
	memset(out, 0, sizeof(*out));
	if (!s || len < 2)
		return -EINVAL;
	out->response = s[0] & 0x7F;
	if (out->response == 0x72 || out->response == 0x73) {
		size_t total, off;

		if (len < 8)
			return -EINVAL;
		out->key = s[1] & 0xF;
		out->asc = s[2];
		out->ascq = s[3];
		total = 8 + (size_t)s[7];
		if (total > len)
			total = len;
		for (off = 8; off + 2 <= total;) {
			const uint8_t *d = s + off;
			size_t dlen = 2 + (size_t)d[1];

			if (off + dlen > total)
				break;
			if (d[0] == 0x09 && dlen >= 14)
				ata_regs_from_desc(d, &out->ata);
			else if (d[0] == 0x02 && dlen >= 8 && (d[4] & 0x80)) {
				out->progress_valid = true;
				out->progress = (uint16_t)(d[5] << 8 | d[6]);
			}
			off += dlen;
		}
		return 0;
	}
	if (out->response == 0x70 || out->response == 0x71) {
		if (len < 14)
			return len >= 3 ? (out->key = s[2] & 0xF, 0) : -EINVAL;
		out->key = s[2] & 0xF;
		out->asc = s[12];
		out->ascq = s[13];
		if (len >= 18 && (s[15] & 0x80) &&
		    (out->key == WP_SK_NO_SENSE ||
		     out->key == WP_SK_NOT_READY)) {
			out->progress_valid = true;
			out->progress = (uint16_t)(s[16] << 8 | s[17]);
		}
		/*
		 * For ATA PASS-THROUGH in fixed format (SAT-3 12.2.2.6):
		 * INFORMATION holds error, status, device, count 7:0;
		 * COMMAND-SPECIFIC byte 8 flags and LBA 23:0. Only 24 LBA
		 * bits survive this format. Meaningless for other commands;
		 * callers read it only after an ATA command.
		 */
		if (len >= 12) {
			out->ata.valid = true;
			out->ata.error = s[3];
			out->ata.status = s[4];
			out->ata.device = s[5];
			out->ata.count = s[6];
			out->ata.extend = s[8] & 0x80;
			out->ata.lba = (uint64_t)s[9] | (uint64_t)s[10] << 8 |
				       (uint64_t)s[11] << 16;
		}
		return 0;
	}
	return -EINVAL;
}
