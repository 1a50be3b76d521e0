// SPDX-License-Identifier: Apache-2.0
/*
 * Encoders and decoders for drive commands (see wp_cmd.h). Field positions
 * are cited from the specifications each struct mirrors: NVM Express Base
 * 2.0 (Identify, Get Log Page, Format NVM, Sanitize), ACS-3 (IDENTIFY
 * DEVICE, SANITIZE, SECURITY, SET MAX), SAT-3 (ATA PASS-THROUGH(16), ATA
 * Status Return descriptor) and SPC-5 (sense data, REPORT SUPPORTED
 * OPERATION CODES).
 */
#include <errno.h>
#include <string.h>

#include "wp_cmd.h"

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

void wp_ascii_trim(const uint8_t *in, size_t n, char *out)
{
	size_t i, end = 0;

	for (i = 0; i < n; i++) {
		unsigned char ch = in[i];

		out[i] = (ch >= 0x20 && ch < 0x7f) ? (char)ch : '?';
		if (ch != ' ' && ch != 0)
			end = i + 1;
	}
	out[end] = '\0';
	/* leading blanks, as model strings are sometimes right-aligned */
	i = 0;
	while (out[i] == ' ')
		i++;
	if (i)
		memmove(out, out + i, end - i + 1);
}

/* ---- NVMe ---- */

void wp_nvme_build_identify(struct wp_nvme_cmd *c, uint8_t cns, uint32_t nsid,
			    void *buf)
{
	memset(c, 0, sizeof(*c));
	c->opcode = WP_NVME_ADMIN_IDENTIFY;
	c->nsid = nsid;
	c->cdw10 = cns; /* CDW10 bits 7:0 CNS */
	c->data = buf;
	c->data_len = WP_NVME_IDENTIFY_LEN;
	c->timeout_ms = 10000;
}

void wp_nvme_build_get_log_sanitize(struct wp_nvme_cmd *c, void *buf)
{
	uint32_t numd = WP_NVME_SANITIZE_LOG_LEN / 4 - 1; /* 0-based dwords */

	memset(c, 0, sizeof(*c));
	c->opcode = WP_NVME_ADMIN_GET_LOG_PAGE;
	c->nsid = WP_NVME_NSID_ALL;
	/* CDW10: LID 7:0, LSP 14:8, RAE 15, NUMDL 31:16; CDW11: NUMDU */
	c->cdw10 = WP_NVME_LID_SANITIZE | (numd & 0xFFFF) << 16;
	c->cdw11 = numd >> 16;
	c->data = buf;
	c->data_len = WP_NVME_SANITIZE_LOG_LEN;
	c->timeout_ms = 10000;
}

void wp_nvme_build_format(struct wp_nvme_cmd *c, uint32_t nsid, uint8_t lbaf,
			  enum wp_nvme_ses ses)
{
	memset(c, 0, sizeof(*c));
	c->opcode = WP_NVME_ADMIN_FORMAT_NVM;
	c->nsid = nsid;
	/*
	 * CDW10: LBAF 3:0, MSET 4, PI 7:5, PIL 8, SES 11:9, LBAFU 13:12.
	 * Keep the current format (low and upper bits) and no protection
	 * information change.
	 */
	c->cdw10 = (uint32_t)(lbaf & 0xF) | ((uint32_t)ses & 0x7) << 9 |
		   (uint32_t)((lbaf >> 4) & 0x3) << 12;
	/* the command completes only when the format has: synchronous */
	c->timeout_ms = 0;
}

void wp_nvme_build_sanitize(struct wp_nvme_cmd *c, enum wp_nvme_sanact sanact,
			    uint8_t owpass, uint32_t ovrpat)
{
	memset(c, 0, sizeof(*c));
	c->opcode = WP_NVME_ADMIN_SANITIZE;
	c->nsid = 0; /* Sanitize acts on the whole NVM subsystem */
	/* CDW10: SANACT 2:0, AUSE 3, OWPASS 7:4, OIPBP 8, NDAS 9 */
	c->cdw10 = (uint32_t)sanact & 0x7;
	if (sanact == WP_NVME_SANACT_OVERWRITE) {
		c->cdw10 |= (uint32_t)(owpass & 0xF) << 4;
		c->cdw11 = ovrpat;
	}
	c->timeout_ms = 30000; /* returns once started; progress is polled */
}

int wp_nvme_parse_id_ctrl(const uint8_t *buf, size_t len,
			  struct wp_nvme_id_ctrl *out)
{
	memset(out, 0, sizeof(*out));
	if (!buf || len < WP_NVME_IDENTIFY_LEN)
		return -EINVAL;
	out->vid = le16(buf + 0);
	wp_ascii_trim(buf + 4, 20, out->sn);  /* SN 23:4 */
	wp_ascii_trim(buf + 24, 40, out->mn); /* MN 63:24 */
	wp_ascii_trim(buf + 64, 8, out->fr);  /* FR 71:64 */
	out->oacs = le16(buf + 256);
	out->sanicap = le32(buf + 328);
	out->nn = le32(buf + 516);
	out->fna = buf[524];
	return 0;
}

int wp_nvme_parse_id_ns(const uint8_t *buf, size_t len,
			struct wp_nvme_id_ns *out)
{
	uint32_t lbaf;
	uint8_t lbads;

	memset(out, 0, sizeof(*out));
	if (!buf || len < WP_NVME_IDENTIFY_LEN)
		return -EINVAL;
	out->nsze = le64(buf + 0);
	out->ncap = le64(buf + 8);
	out->nuse = le64(buf + 16);
	out->nlbaf = buf[25];
	/* FLBAS (byte 26): format index bits 3:0, upper bits 6:5 */
	out->flbas_index =
		(uint8_t)((buf[26] & 0xF) | ((buf[26] >> 5) & 0x3) << 4);
	if (out->flbas_index > 63)
		return -EINVAL;
	/* LBA Format n at 128 + 4n: MS 15:0, LBADS 23:16, RP 25:24 */
	lbaf = le32(buf + 128 + 4 * (size_t)out->flbas_index);
	out->ms = (uint16_t)(lbaf & 0xFFFF);
	lbads = (uint8_t)(lbaf >> 16);
	if (lbads < 9 || lbads > 31)
		return -EINVAL; /* the spec requires at least 512 bytes */
	out->lba_bytes = 1u << lbads;
	return 0;
}

int wp_nvme_parse_sanitize_log(const uint8_t *buf, size_t len,
			       struct wp_nvme_sanitize_log *out)
{
	memset(out, 0, sizeof(*out));
	if (!buf || len < 20)
		return -EINVAL;
	out->sprog = le16(buf + 0);
	out->sstat = le16(buf + 2);
	out->scdw10 = le32(buf + 4);
	out->eto = le32(buf + 8);
	out->etbe = le32(buf + 12);
	out->etce = le32(buf + 16);
	return 0;
}

/* ---- ATA ---- */

void wp_ata_build(struct wp_sg_cmd *c, const struct wp_ata_tf *tf,
		  enum wp_ata_proto proto, void *data, uint32_t len,
		  uint32_t timeout_ms)
{
	uint8_t *b = c->cdb;

	memset(c, 0, sizeof(*c));
	b[0] = 0x85;
	b[1] = (uint8_t)(proto << 1) | 0x01; /* EXTEND: 48-bit registers */
	if (proto == WP_ATA_PROTO_NON_DATA) {
		b[2] = 0x20; /* CK_COND: return the registers */
		c->dir = WP_SG_NONE;
	} else {
		/*
		 * T_LENGTH=2 (length in COUNT), BYT_BLOK=1 (in blocks);
		 * T_DIR=1 for data from the device. No CK_COND: libata
		 * fails data-in commands that demand it on some AHCI hosts.
		 */
		b[2] = 0x02 | 0x04 | (proto == WP_ATA_PROTO_PIO_IN ? 0x08 : 0);
		c->dir = proto == WP_ATA_PROTO_PIO_IN ? WP_SG_FROM_DEV
						      : WP_SG_TO_DEV;
	}
	b[3] = (uint8_t)(tf->feature >> 8);
	b[4] = (uint8_t)tf->feature;
	b[5] = (uint8_t)(tf->count >> 8);
	b[6] = (uint8_t)tf->count;
	b[7] = (uint8_t)(tf->lba >> 24);
	b[8] = (uint8_t)tf->lba;
	b[9] = (uint8_t)(tf->lba >> 32);
	b[10] = (uint8_t)(tf->lba >> 8);
	b[11] = (uint8_t)(tf->lba >> 40);
	b[12] = (uint8_t)(tf->lba >> 16);
	b[13] = tf->device;
	b[14] = tf->command;
	b[15] = 0;
	c->cdb_len = 16;
	c->data = data;
	c->data_len = len;
	c->timeout_ms = timeout_ms;
}

void wp_ata_build_identify(struct wp_sg_cmd *c, void *buf512)
{
	struct wp_ata_tf tf = {.count = 1, .command = WP_ATA_IDENTIFY};

	wp_ata_build(c, &tf, WP_ATA_PROTO_PIO_IN, buf512, 512, 15000);
	c->cdb[1] &= (uint8_t)~0x01; /* a 28-bit command: EXTEND off */
}

void wp_ata_build_dco_identify(struct wp_sg_cmd *c, void *buf512)
{
	struct wp_ata_tf tf = {
		.feature = 0xC2, .count = 1, .command = WP_ATA_DEVICE_CONFIG};

	wp_ata_build(c, &tf, WP_ATA_PROTO_PIO_IN, buf512, 512, 15000);
	c->cdb[1] &= (uint8_t)~0x01; /* a 28-bit command: EXTEND off */
}

int wp_ata_parse_dco(const uint8_t *buf, size_t len, uint64_t *max_lba)
{
	uint64_t m = 0;
	uint8_t sum = 0;

	if (len < 512)
		return -EINVAL;
	/* word 255: low byte A5h means the high byte is a checksum */
	if (buf[510] == 0xA5) {
		for (size_t i = 0; i < 512; i++)
			sum = (uint8_t)(sum + buf[i]);
		if (sum)
			return -EBADMSG;
	}
	if (!(buf[0] | buf[1]))
		return -EBADMSG; /* revision 0: no DCO data */
	for (int i = 3; i >= 0; i--)
		m = m << 16 |
		    (uint64_t)(buf[2 * (3 + i)] | buf[2 * (3 + i) + 1] << 8);
	*max_lba = m & 0xFFFFFFFFFFFFull;
	return 0;
}

void wp_ata_build_sanitize(struct wp_sg_cmd *c, enum wp_ata_sanitize_fn fn,
			   uint32_t pattern, uint16_t status_count)
{
	struct wp_ata_tf tf = {.feature = (uint16_t)fn,
			       .device = 0x40, /* LBA */
			       .command = WP_ATA_SANITIZE};

	switch (fn) {
	case WP_ATA_SAN_CRYPTO:
		tf.lba = WP_ATA_SAN_KEY_CRYPTO;
		break;
	case WP_ATA_SAN_BLOCK:
		tf.lba = WP_ATA_SAN_KEY_BLOCK;
		break;
	case WP_ATA_SAN_OVERWRITE:
		tf.lba = (uint64_t)WP_ATA_SAN_KEY_OVERWRITE << 32 | pattern;
		/* COUNT 3:0 OVERWRITE LOOP COUNT = 1, INVERT (7) clear */
		tf.count = 1;
		break;
	case WP_ATA_SAN_STATUS:
		tf.count = status_count;
		break;
	}
	/*
	 * FAILURE MODE (COUNT bit 4) stays clear: a failed sanitize leaves
	 * the drive in the Sanitize Operation Failed state, refusing media
	 * access until a sanitize succeeds, instead of exposing user data.
	 */
	wp_ata_build(c, &tf, WP_ATA_PROTO_NON_DATA, NULL, 0, 30000);
}

void wp_ata_build_read_native_max(struct wp_sg_cmd *c)
{
	struct wp_ata_tf tf = {.device = 0x40,
			       .command = WP_ATA_READ_NATIVE_MAX_EXT};

	wp_ata_build(c, &tf, WP_ATA_PROTO_NON_DATA, NULL, 0, 15000);
}

void wp_ata_build_set_max(struct wp_sg_cmd *c, uint64_t max_lba)
{
	struct wp_ata_tf tf = {.lba = max_lba & 0xFFFFFFFFFFFFull,
			       .count = 0, /* VV clear: volatile */
			       .device = 0x40,
			       .command = WP_ATA_SET_MAX_ADDRESS_EXT};

	wp_ata_build(c, &tf, WP_ATA_PROTO_NON_DATA, NULL, 0, 15000);
}

void wp_ata_build_security(struct wp_sg_cmd *c, uint8_t opcode, void *blk,
			   uint32_t timeout_ms)
{
	struct wp_ata_tf tf = {.count = 1, .command = opcode};

	wp_ata_build(c, &tf, WP_ATA_PROTO_PIO_OUT, blk, 512, timeout_ms);
	/* 28-bit commands: EXTEND off */
	c->cdb[1] &= (uint8_t)~0x01;
}

void wp_ata_build_erase_prepare(struct wp_sg_cmd *c)
{
	struct wp_ata_tf tf = {.command = WP_ATA_SEC_ERASE_PREPARE};

	wp_ata_build(c, &tf, WP_ATA_PROTO_NON_DATA, NULL, 0, 15000);
	c->cdb[1] &= (uint8_t)~0x01;
}

void wp_ata_security_block(uint8_t blk[512], bool enhanced,
			   const uint8_t pwd[32])
{
	memset(blk, 0, 512);
	/*
	 * Word 0: bit 0 identifier (0 = user password), bit 1 erase mode
	 * (ERASE UNIT: 1 = enhanced), bit 8 security level (SET PASSWORD:
	 * 0 = high). Words 1-16: the password, in byte order as sent.
	 */
	if (enhanced)
		blk[0] |= 0x02;
	memcpy(blk + 2, pwd, 32);
}

uint32_t wp_ata_erase_time_secs(uint16_t word)
{
	uint32_t v;

	/* ACS-3: bit 15 set → bits 14:0, else bits 7:0; units of 2 min */
	v = (word & 0x8000) ? (word & 0x7FFFu) : (word & 0xFFu);
	return v * 120;
}

int wp_ata_parse_identify(const uint8_t *buf, size_t len,
			  struct wp_ata_identify *out)
{
	uint8_t swapped[40];
	uint16_t *w = out->w;
	uint8_t sum = 0;

	memset(out, 0, sizeof(*out));
	if (!buf || len < 512)
		return -EINVAL;
	for (int i = 0; i < 256; i++)
		w[i] = le16(buf + 2 * i);
	/* word 255: 0xA5 signature in 7:0, checksum making the sum zero */
	if ((w[255] & 0xFF) == 0xA5) {
		out->checksum_present = true;
		for (int i = 0; i < 512; i++)
			sum = (uint8_t)(sum + buf[i]);
		out->checksum_ok = sum == 0;
	}
	/* word 0 bit 15: 0 for ATA devices (1 is ATAPI) */
	if (w[0] & 0x8000)
		return -EINVAL;
	/* ATA strings are byte-swapped within each word */
	for (int i = 0; i < 10; i++) {
		swapped[2 * i] = (uint8_t)(w[10 + i] >> 8);
		swapped[2 * i + 1] = (uint8_t)w[10 + i];
	}
	wp_ascii_trim(swapped, 20, out->serial);
	for (int i = 0; i < 4; i++) {
		swapped[2 * i] = (uint8_t)(w[23 + i] >> 8);
		swapped[2 * i + 1] = (uint8_t)w[23 + i];
	}
	wp_ascii_trim(swapped, 8, out->firmware);
	for (int i = 0; i < 20; i++) {
		swapped[2 * i] = (uint8_t)(w[27 + i] >> 8);
		swapped[2 * i + 1] = (uint8_t)w[27 + i];
	}
	wp_ascii_trim(swapped, 40, out->model);

	/* words 82-83 are valid only if bit 14 set and bit 15 clear */
	bool w82_valid = (w[83] & 0xC000) == 0x4000;

	out->lba48 = w82_valid && (w[83] & (1u << 10));
	if (out->lba48) {
		uint64_t n = (uint64_t)w[100] | (uint64_t)w[101] << 16 |
			     (uint64_t)w[102] << 32 | (uint64_t)w[103] << 48;
		out->max_lba = n ? n - 1 : 0;
	} else {
		uint32_t n = (uint32_t)w[60] | (uint32_t)w[61] << 16;
		out->max_lba = n ? n - 1 : 0;
	}
	out->logical_sector = 512;
	/* word 106: bit 14 set, 15 clear = valid; bit 12 = long sectors */
	if ((w[106] & 0xC000) == 0x4000 && (w[106] & (1u << 12))) {
		uint32_t words = (uint32_t)w[117] | (uint32_t)w[118] << 16;

		if (words >= 256 && words <= 32768)
			out->logical_sector = words * 2;
	}
	out->ssd = w[217] == 1;
	/* word 48: valid when bit 14 set and 15 clear */
	out->trusted_computing = (w[48] & 0xC000) == 0x4000 && (w[48] & 1);
	out->sec_supported = w82_valid && (w[82] & (1u << 1));
	out->hpa_supported = w82_valid && (w[82] & (1u << 10));
	out->dco_supported = w82_valid && (w[83] & (1u << 11));
	if (w[128] & 1) {
		out->sec_supported = true;
		out->sec_enabled = w[128] & (1u << 1);
		out->sec_locked = w[128] & (1u << 2);
		out->sec_frozen = w[128] & (1u << 3);
		out->sec_count_expired = w[128] & (1u << 4);
		out->sec_enhanced = w[128] & (1u << 5);
	}
	out->erase_secs = wp_ata_erase_time_secs(w[89]);
	out->enhanced_erase_secs = wp_ata_erase_time_secs(w[90]);
	out->san_supported = w[59] & (1u << 12);
	if (out->san_supported) {
		out->san_crypto = w[59] & (1u << 13);
		out->san_overwrite = w[59] & (1u << 14);
		out->san_block = w[59] & (1u << 15);
		out->san_antifreeze = w[59] & (1u << 10);
	}
	return 0;
}

/* ---- SCSI ---- */

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
