/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Discovery and identity: probing one target and enumerating them all
 * (the record itself is wp_devinfo.h, its signatures wp_signatures.h).
 * libudev enumeration with a sysfs/ioctl fallback when no udev database is
 * present; libblkid for signatures; /proc/self/mountinfo, /proc/swaps and
 * /sys/block/X/holders for use.
 */
#ifndef SANITAS_WP_DISCOVER_H
#define SANITAS_WP_DISCOVER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cm_err.h"
#include "wp_devinfo.h"
#include "wp_signatures.h"

/* Probe one target (block device or image file). Never writes. */
int wp_devinfo_probe(const char *path, struct wp_devinfo *info,
		     struct cm_err *err);

/*
 * Enumerate block devices: whole disks, or with @all also loop devices
 * (attached ones) and partitions. *@out is a malloc'd array (caller frees)
 * of *@count entries, sorted by name.
 */
int wp_discover(bool all, struct wp_devinfo **out, size_t *count,
		struct cm_err *err);

#endif
