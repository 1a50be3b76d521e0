// SPDX-License-Identifier: Apache-2.0
/*
 * ATA commands through SG_IO ATA PASS-THROUGH(16). The registers a drive
 * returns come back in sense data (CK_COND), descriptor or fixed format
 * depending on the translator; both are decoded by wp_sense_parse().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "spec/scsi.h"
#include "wp_ata.h"

int wp_ata_exec(struct wp_dev *d, struct wp_sg_cmd *c, struct wp_ata_regs *regs)
{
	struct wp_sense s;
	int rc;

	if (regs)
		memset(regs, 0, sizeof(*regs));
	rc = wp_dev_sg_io(d, c);
	if (rc < 0)
		return rc;
	if (c->sense_len && wp_sense_parse(c->sense, c->sense_len, &s) == 0) {
		/*
		 * A translator that does not know ATA PASS-THROUGH answers
		 * ILLEGAL REQUEST, invalid opcode (20h) or invalid field in
		 * CDB (24h), without ATA registers.
		 */
		if (s.key == WP_SK_ILLEGAL_REQUEST && !s.ata.valid &&
		    (s.asc == 0x20 || s.asc == 0x24))
			return -EOPNOTSUPP;
		if (s.ata.valid) {
			if (regs)
				*regs = s.ata;
			if (s.ata.status & (WP_ATA_ST_ERR | WP_ATA_ST_DF))
				return s.ata.status << 8 | s.ata.error;
			return 0;
		}
		if (s.key == WP_SK_NO_SENSE || s.key == WP_SK_RECOVERED)
			return c->dir == WP_SG_NONE ? -EIO : 0;
		/* an error without registers: the command did not run */
		return s.key == WP_SK_ABORTED
			       ? (WP_ATA_ST_ERR << 8 | WP_ATA_ERR_ABRT)
			       : -EIO;
	}
	if (rc > 0)
		return -EIO;
	/* GOOD without sense: fine for data commands, not for CK_COND ones */
	return c->dir == WP_SG_NONE ? -EIO : 0;
}

int wp_ata_dco_identify(struct wp_dev *d, uint64_t *max_lba)
{
	struct wp_sg_cmd c;
	uint8_t *buf;
	int rc;

	if (posix_memalign((void **)&buf, 512, 512))
		return -ENOMEM;
	memset(buf, 0, 512);
	wp_ata_build_dco_identify(&c, buf);
	rc = wp_ata_exec(d, &c, NULL);
	if (rc == 0)
		rc = wp_ata_parse_dco(buf, 512, max_lba);
	free(buf);
	return rc;
}

int wp_ata_identify(struct wp_dev *d, struct wp_ata_identify *out)
{
	struct wp_sg_cmd c;
	uint8_t *buf;
	int rc;

	if (posix_memalign((void **)&buf, 512, 512))
		return -ENOMEM;
	memset(buf, 0, 512);
	wp_ata_build_identify(&c, buf);
	rc = wp_ata_exec(d, &c, NULL);
	if (rc == 0)
		rc = wp_ata_parse_identify(buf, 512, out);
	free(buf);
	return rc;
}
