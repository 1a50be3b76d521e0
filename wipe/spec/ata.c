// SPDX-License-Identifier: Apache-2.0
/*
 * ATA encoders and decoders; field positions cite ACS-3 (IDENTIFY
 * DEVICE, SANITIZE, SECURITY, SET MAX, DCO) and SAT-3 (ATA
 * PASS-THROUGH(16)).
 */
#include <errno.h>
#include <string.h>

#include "spec/ata.h"
#include "spec/bytes.h"

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
		w[i] = wp_le16(buf + 2 * i);
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
