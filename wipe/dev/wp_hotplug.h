/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hot-plug: when the set of block devices (or their use) may have changed,
 * so that a list of drives is read again. A libudev monitor (udevd's
 * events, or the kernel's own uevents when no udevd runs), and always a
 * cheap sysfs and mount-table fingerprint, which alone serves when no
 * monitor can be had.
 */
#ifndef SANITAS_WP_HOTPLUG_H
#define SANITAS_WP_HOTPLUG_H

#include <stdbool.h>

struct wp_hotplug;

/* A watcher (never fails but out of memory: NULL). */
struct wp_hotplug *wp_hotplug_open(void);

/* What it listens to: "udev", "kernel uevents" or "sysfs poll". */
const char *wp_hotplug_source(const struct wp_hotplug *h);

/* The monitor's descriptor to poll(2) for input, or -1 (sysfs only). */
int wp_hotplug_fd(const struct wp_hotplug *h);

/*
 * True when the devices may have changed since the last call: an event
 * arrived (drained without blocking), or the fingerprint of
 * /sys/class/block and the mount and swap tables differs (read at most
 * every @poll_ms milliseconds).
 */
bool wp_hotplug_changed(struct wp_hotplug *h, unsigned poll_ms);

/* Accepts NULL. */
void wp_hotplug_close(struct wp_hotplug *h);

#endif
