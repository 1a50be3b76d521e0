// SPDX-License-Identifier: Apache-2.0
/*
 * NVMe admin commands through the seam. Commands are encoded in
 * cmd_build.c; here they are sent and their answers decoded.
 */
#include <errno.h>
#include <nvme/ioctl.h>
#include <stdlib.h>
#include <string.h>

#include "wp_nvme.h"

uint32_t wp_nvme_nsid(struct wp_dev *d)
{
	__u32 id = 0;

	if (d->fd < 0 || !d->is_block)
		return 1;
	/* libnvme: NVME_IOCTL_ID */
	if (nvme_get_nsid(d->fd, &id) < 0 || !id)
		return 1;
	return id;
}

int wp_nvme_exec(struct wp_dev *d, struct wp_nvme_cmd *c)
{
	return wp_dev_nvme_admin(d, c);
}

static int identify(struct wp_dev *d, uint8_t cns, uint32_t nsid, uint8_t **out)
{
	struct wp_nvme_cmd c;
	uint8_t *buf;
	int rc;

	*out = NULL;
	/* page-aligned: the kernel maps the buffer for DMA */
	if (posix_memalign((void **)&buf, 4096, WP_NVME_IDENTIFY_LEN))
		return -ENOMEM;
	memset(buf, 0, WP_NVME_IDENTIFY_LEN);
	wp_nvme_build_identify(&c, cns, nsid, buf);
	rc = wp_nvme_exec(d, &c);
	if (rc) {
		free(buf);
		return rc;
	}
	*out = buf;
	return 0;
}

int wp_nvme_identify_ctrl(struct wp_dev *d, struct wp_nvme_id_ctrl *out)
{
	uint8_t *buf;
	int rc = identify(d, WP_NVME_CNS_CTRL, 0, &buf);

	if (rc)
		return rc;
	rc = wp_nvme_parse_id_ctrl(buf, WP_NVME_IDENTIFY_LEN, out);
	free(buf);
	return rc;
}

int wp_nvme_identify_ns(struct wp_dev *d, uint32_t nsid,
			struct wp_nvme_id_ns *out)
{
	uint8_t *buf;
	int rc = identify(d, WP_NVME_CNS_NS, nsid, &buf);

	if (rc)
		return rc;
	rc = wp_nvme_parse_id_ns(buf, WP_NVME_IDENTIFY_LEN, out);
	free(buf);
	return rc;
}

int wp_nvme_sanitize_log(struct wp_dev *d, struct wp_nvme_sanitize_log *out)
{
	struct wp_nvme_cmd c;
	uint8_t buf[WP_NVME_SANITIZE_LOG_LEN] __attribute__((aligned(8)));
	int rc;

	memset(buf, 0, sizeof(buf));
	wp_nvme_build_get_log_sanitize(&c, buf);
	rc = wp_nvme_exec(d, &c);
	if (rc)
		return rc;
	return wp_nvme_parse_sanitize_log(buf, sizeof(buf), out);
}
