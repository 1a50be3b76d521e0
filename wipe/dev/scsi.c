// SPDX-License-Identifier: Apache-2.0
/* SCSI commands through SG_IO, with sense decoded by wp_sense_parse(). */
#include <errno.h>
#include <scsi/sg_lib.h>
#include <stdio.h>
#include <string.h>

#include "wp_scsi.h"

int wp_scsi_exec(struct wp_dev *d, struct wp_sg_cmd *c, struct wp_sense *s)
{
	int rc;

	memset(s, 0, sizeof(*s));
	rc = wp_dev_sg_io(d, c);
	if (rc < 0)
		return rc;
	if (c->sense_len)
		wp_sense_parse(c->sense, c->sense_len, s);
	if (rc > 0 && s->key == WP_SK_RECOVERED)
		return 0;
	return rc;
}

int wp_scsi_supports(struct wp_dev *d, uint8_t op, uint16_t sa)
{
	struct wp_sg_cmd c;
	struct wp_sense s;
	uint8_t buf[64];
	int rc;

	memset(buf, 0, sizeof(buf));
	wp_scsi_build_rsoc(&c, op, sa, buf, sizeof(buf));
	rc = wp_scsi_exec(d, &c, &s);
	if (rc < 0)
		return rc;
	if (rc > 0)
		return 0; /* RSOC itself unsupported: cannot tell, say no */
	return wp_scsi_parse_rsoc_support(buf, sizeof(buf)) == 3;
}

void wp_scsi_asc_str(uint8_t asc, uint8_t ascq, char *buf, int len)
{
	if (len <= 0)
		return;
	buf[0] = '\0';
	sg_get_asc_ascq_str(asc, ascq, len, buf);
}
