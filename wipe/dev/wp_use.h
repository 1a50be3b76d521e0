/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The parts of discovery that read what the host does with its devices:
 * mountinfo, swaps, sysfs attributes, loop devices, the system chain (the
 * identity sources are wp_identity.h). Pure functions where possible, so
 * unit tests feed them strings and fake sysfs trees. Internal to wipe/dev/,
 * the guard (which asks what stands on what) and its tests.
 */
#ifndef SANITAS_WP_USE_H
#define SANITAS_WP_USE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "cm_err.h"
#include "wp_discover.h"

/* Ceiling for one kernel text file (/proc/self/mountinfo on busy hosts). */
#define WP_PROC_MAX (8u << 20)

struct wp_mount {
	unsigned major, minor;
	char mountpoint[256]; /* octal escapes decoded */
	char source[256];     /* the mount source ("/dev/sdb1") */
	char fstype[32];
};

struct wp_swap {
	char path[256]; /* octal escapes decoded */
	char type[16];	/* "partition" or "file" */
};

/*
 * Parse /proc/self/mountinfo text. *@out is malloc'd (caller frees) with
 * *@n entries. Malformed lines are skipped, as the kernel never writes them.
 * Returns 0 or -ENOMEM.
 */
int wp_mountinfo_parse(const char *text, struct wp_mount **out, size_t *n,
		       struct cm_err *err);

/* Parse /proc/swaps text (header line skipped). Same ownership as above. */
int wp_swaps_parse(const char *text, struct wp_swap **out, size_t *n,
		   struct cm_err *err);

/* Decode the kernel's \ooo octal escapes of @s in place. */
void wp_unescape_octal(char *s);

/* Copy @src into @dst of @len bytes, cut to fit, always terminated. */
void wp_copy(char *dst, size_t len, const char *src);

/*
 * Read the sysfs attribute @dir/@name into @buf (at most @len - 1 bytes),
 * trimmed. Returns false when it cannot be read.
 */
bool wp_sysfs_read(const char *dir, const char *name, char *buf, size_t len);

/* The device number in @dir/dev ("7:0"), or 0. */
dev_t wp_sysfs_devno(const char *dir);

/* Strip leading and trailing white space of @s in place; returns @s. */
char *wp_strtrim(char *s);

/* One block device a target stands for: itself, a partition, a loop. */
struct wp_devref {
	dev_t devno;
	char name[64]; /* kernel name, or "loop3 over dm-0" */
	char via[64];  /* "" or what makes it count ("backs loop3") */
};

/*
 * What the running host is doing with its block devices, read once per
 * discovery: mounts, active swaps, and the device numbers the running
 * system stands on (/, /boot, /boot/efi through partitions, dm/md slaves
 * and loop backing files).
 */
struct wp_sysdev {
	dev_t devno;
	char what[64]; /* the system mount points it holds ("/") */
};

/* An attached loop device and what backs it. */
struct wp_loop {
	char name[32]; /* "loop3" */
	dev_t devno;
	dev_t back_dev;	   /* st_dev of the backing file */
	ino_t back_ino;	   /* st_ino of the backing file */
	dev_t back_rdev;   /* the backing block device, or 0 for a file */
	char backing[256]; /* sysfs loop/backing_file */
};

struct wp_usectx {
	struct wp_mount *mounts;
	size_t nmounts;
	dev_t *swapdevs; /* active swap block devices (0 for files) */
	struct wp_swap *swaps;
	size_t nswaps;
	struct wp_sysdev *sysdevs; /* every device under / and /boot */
	size_t nsys;
	struct wp_loop *loops;
	size_t nloops;
	/*
	 * "" when this process sees what PID 1 sees; else why mounts may be
	 * hidden from it ("a chroot: its root is not PID 1's", "another mount
	 * namespace than PID 1's"): then mountinfo cannot prove a device
	 * unused, and every device is also tried with an exclusive open.
	 */
	char confined[96];
};

/* Attached loop devices from sysfs (+ LOOP_GET_STATUS64). Caller frees. */
int wp_loops_scan(struct wp_loop **out, size_t *n, struct cm_err *err);

/*
 * Whether the medium @top (stat'ed) stands on @bottom through loop
 * devices and partitions, however deep: /dev/loop1 over /dev/loop0 over
 * an image file stands on both; a partition stands on its disk. @loops
 * as wp_loops_scan() gives them. Reads sysfs, never opens a device.
 */
bool wp_stands_on(const struct wp_loop *loops, size_t n, const struct stat *top,
		  const struct stat *bottom);

/* Read /proc/self/mountinfo and /proc/swaps and resolve the system chain. */
int wp_usectx_load(struct wp_usectx *ctx, struct cm_err *err);

/* Free what wp_usectx_load() allocated. Accepts a zeroed context. */
void wp_usectx_release(struct wp_usectx *ctx);

/*
 * Evaluate mounts and swaps against the devices @refs[0..@nrefs) a target
 * stands for, and whether any is in the system chain; set the unsafe bits of
 * @info and append reasons to info->unsafe_detail. Pure given @ctx.
 */
void wp_use_eval(const struct wp_usectx *ctx, const struct wp_devref *refs,
		 size_t nrefs, struct wp_devinfo *info);

/* Append one "; "-separated reason to info->unsafe_detail (cut if full). */
void wp_unsafe_add(struct wp_devinfo *info, unsigned bit, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
