// SPDX-License-Identifier: Apache-2.0
/*
 * Hot-plug of block devices: a libudev monitor of the "block" subsystem
 * (udevd's source when udevd runs, else the kernel's uevents) and a
 * fingerprint of /sys/class/block, /proc/self/mountinfo and /proc/swaps
 * for whatever no event says (a mount, a missed event, no monitor).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libudev.h>

#include "cm_hash.h"
#include "cm_time.h"
#include "wp_hotplug.h"

struct wp_hotplug {
	struct udev *udev;
	struct udev_monitor *mon;
	const char *source;
	uint8_t print[32]; /* the last fingerprint */
	double last_poll;  /* cm_time_mono() */
};

/* A monitor of @source ("udev" or "kernel") for block devices, or NULL. */
static struct udev_monitor *monitor(struct udev *u, const char *source)
{
	struct udev_monitor *m = udev_monitor_new_from_netlink(u, source);

	if (!m)
		return NULL;
	if (udev_monitor_filter_add_match_subsystem_devtype(m, "block", NULL) <
		    0 ||
	    udev_monitor_enable_receiving(m) < 0) {
		udev_monitor_unref(m);
		return NULL;
	}
	return m;
}

/* Feed @path's bytes (at most 1 MiB) into @h. */
static void feed_file(struct cm_sha256 *h, const char *path)
{
	char buf[8192];
	size_t total = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	while (total < (1u << 20) && (n = read(fd, buf, sizeof(buf))) > 0) {
		cm_sha256_update(h, buf, (size_t)n, NULL);
		total += (size_t)n;
	}
	close(fd);
}

/* Each block device's name, size and loop backing file. */
static void feed_block(struct cm_sha256 *h)
{
	DIR *d = opendir("/sys/class/block");
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char p[512];

		if (de->d_name[0] == '.')
			continue;
		cm_sha256_update(h, de->d_name, strlen(de->d_name) + 1, NULL);
		snprintf(p, sizeof(p), "/sys/class/block/%s/size", de->d_name);
		feed_file(h, p);
		snprintf(p, sizeof(p), "/sys/class/block/%s/loop/backing_file",
			 de->d_name);
		feed_file(h, p);
		snprintf(p, sizeof(p), "/sys/class/block/%s/diskseq",
			 de->d_name);
		feed_file(h, p);
	}
	closedir(d);
}

/* The fingerprint now into @out; readdir's order is stable enough: a
 * change of order only costs one needless rescan. */
static void fingerprint(uint8_t out[32])
{
	struct cm_sha256 h;

	if (cm_sha256_init(&h, NULL) < 0) {
		memset(out, 0, 32);
		return;
	}
	feed_block(&h);
	feed_file(&h, "/proc/self/mountinfo");
	feed_file(&h, "/proc/swaps");
	cm_sha256_final(&h, out, NULL);
}

struct wp_hotplug *wp_hotplug_open(void)
{
	struct wp_hotplug *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->source = "sysfs poll";
	h->udev = udev_new();
	if (h->udev) {
		/* udevd's events carry its database; without it, the
		 * kernel's (loop devices announce themselves there too) */
		if (access("/run/udev/control", F_OK) == 0)
			h->mon = monitor(h->udev, "udev");
		if (h->mon)
			h->source = "udev";
		else if ((h->mon = monitor(h->udev, "kernel")))
			h->source = "kernel uevents";
	}
	fingerprint(h->print);
	h->last_poll = cm_time_mono();
	return h;
}

const char *wp_hotplug_source(const struct wp_hotplug *h)
{
	return h ? h->source : "none";
}

int wp_hotplug_fd(const struct wp_hotplug *h)
{
	return h && h->mon ? udev_monitor_get_fd(h->mon) : -1;
}

bool wp_hotplug_changed(struct wp_hotplug *h, unsigned poll_ms)
{
	bool changed = false;
	uint8_t now[32];

	if (!h)
		return false;
	if (h->mon) {
		struct pollfd p = {.fd = udev_monitor_get_fd(h->mon),
				   .events = POLLIN};

		while (poll(&p, 1, 0) > 0 && (p.revents & POLLIN)) {
			struct udev_device *d =
				udev_monitor_receive_device(h->mon);

			if (!d)
				break;
			udev_device_unref(d);
			changed = true;
		}
	}
	if (!changed && cm_time_mono() - h->last_poll < poll_ms / 1000.0)
		return false;
	h->last_poll = cm_time_mono();
	fingerprint(now);
	if (memcmp(now, h->print, sizeof(now))) {
		memcpy(h->print, now, sizeof(now));
		changed = true;
	}
	return changed;
}

void wp_hotplug_close(struct wp_hotplug *h)
{
	if (!h)
		return;
	udev_monitor_unref(h->mon);
	udev_unref(h->udev);
	free(h);
}
