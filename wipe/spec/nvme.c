// SPDX-License-Identifier: Apache-2.0
/*
 * NVMe encoders and decoders; field positions cite NVM Express Base 2.0
 * (Identify, Get Log Page, Format NVM, Sanitize).
 */
#include <errno.h>
#include <string.h>

#include "spec/bytes.h"
#include "spec/nvme.h"

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
	out->vid = wp_le16(buf + 0);
	wp_ascii_trim(buf + 4, 20, out->sn);  /* SN 23:4 */
	wp_ascii_trim(buf + 24, 40, out->mn); /* MN 63:24 */
	wp_ascii_trim(buf + 64, 8, out->fr);  /* FR 71:64 */
	out->oacs = wp_le16(buf + 256);
	out->sanicap = wp_le32(buf + 328);
	out->nn = wp_le32(buf + 516);
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
	out->nsze = wp_le64(buf + 0);
	out->ncap = wp_le64(buf + 8);
	out->nuse = wp_le64(buf + 16);
	out->nlbaf = buf[25];
	/* FLBAS (byte 26): format index bits 3:0, upper bits 6:5 */
	out->flbas_index =
		(uint8_t)((buf[26] & 0xF) | ((buf[26] >> 5) & 0x3) << 4);
	if (out->flbas_index > 63)
		return -EINVAL;
	/* LBA Format n at 128 + 4n: MS 15:0, LBADS 23:16, RP 25:24 */
	lbaf = wp_le32(buf + 128 + 4 * (size_t)out->flbas_index);
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
	out->sprog = wp_le16(buf + 0);
	out->sstat = wp_le16(buf + 2);
	out->scdw10 = wp_le32(buf + 4);
	out->eto = wp_le32(buf + 8);
	out->etbe = wp_le32(buf + 12);
	out->etce = wp_le32(buf + 16);
	return 0;
}
