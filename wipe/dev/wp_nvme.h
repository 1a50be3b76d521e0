/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Executing NVMe admin commands through the seam (struct wp_dev): Identify
 * Controller/Namespace and the Sanitize Status log, decoded by spec/nvme.
 *
 * Return convention: 0 ok; >0 the NVMe status field; <0 a negative errno.
 * Device status and OS errors never mix.
 */
#ifndef SANITAS_WP_NVME_H
#define SANITAS_WP_NVME_H

#include <stdint.h>

#include "spec/nvme.h"
#include "wp_dev.h"

/* The namespace id behind @d (NVME_IOCTL_ID), 1 for simulated devices. */
uint32_t wp_nvme_nsid(struct wp_dev *d);
int wp_nvme_identify_ctrl(struct wp_dev *d, struct wp_nvme_id_ctrl *out);
int wp_nvme_identify_ns(struct wp_dev *d, uint32_t nsid,
			struct wp_nvme_id_ns *out);
int wp_nvme_sanitize_log(struct wp_dev *d, struct wp_nvme_sanitize_log *out);
int wp_nvme_exec(struct wp_dev *d, struct wp_nvme_cmd *c);

#endif
