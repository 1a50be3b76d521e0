/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a device can do beyond read and write: the Purge methods it really
 * supports, the drive's own time estimates, frozen/locked state and hidden
 * areas. Filled by wp_caps_probe() (wp_purge.h).
 */
#ifndef SANITAS_WP_CAPS_H
#define SANITAS_WP_CAPS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "wp_method.h"

enum wp_dev_type {
	WP_TYPE_HDD,
	WP_TYPE_SSD,
	WP_TYPE_NVME,
	WP_TYPE_USB_FLASH,
	WP_TYPE_FILE,
	WP_TYPE_OTHER,
};

const char *wp_dev_type_name(enum wp_dev_type t);

struct wp_caps {
	enum wp_dev_type type;
	bool supported[WP_M_COUNT];	      /* per method id */
	char *unsupported_reason[WP_M_COUNT]; /* owned, why not, or NULL */
	uint32_t estimate_secs[WP_M_COUNT];   /* drive's estimate, 0 unknown */
	bool frozen;
	bool locked;
	bool luks; /* a LUKS header at offset 0 */
	bool opal; /* TCG Opal reported (informational) */
	uint64_t visible_bytes;
	uint64_t native_bytes; /* 0 when unknown; > visible: HPA/DCO */
	uint64_t dco_bytes;    /* capacity before a DCO, when it hides more
				  than the HPA (0: none or unknown) */
	char *advice;	       /* owned: what to do (frozen, locked) */
	json_t *raw;	       /* owned: decoded identify fields */
};

void wp_caps_init(struct wp_caps *c);
void wp_caps_release(struct wp_caps *c);

#endif
