/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The record discovery fills for one target (struct wp_devinfo): what it
 * is, why it is unsafe, the signatures found on it; the names of its
 * unsafe bits and its JSON shape (what `list` and `inspect` print).
 */
#ifndef SANITAS_WP_DEVINFO_H
#define SANITAS_WP_DEVINFO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Why a target must not be erased. Bits, several may hold at once. */
enum wp_unsafe {
	WP_UNSAFE_MOUNTED = 1 << 0,  /* it or a partition is mounted */
	WP_UNSAFE_SWAP = 1 << 1,     /* it or a partition is active swap */
	WP_UNSAFE_HOLDERS = 1 << 2,  /* claimed by dm/md/LVM/loop */
	WP_UNSAFE_SYSTEM = 1 << 3,   /* holds / or /boot (never overridable) */
	WP_UNSAFE_READONLY = 1 << 4, /* read-only device or file */
	WP_UNSAFE_BACKS_SYSTEM = 1 << 5, /* image file backing / via loop */
};

struct wp_signature {
	char type[32];	 /* "ext4", "gpt", "crypto_LUKS", ... */
	char usage[16];	 /* "filesystem", "partition_table", ... */
	uint64_t offset; /* byte offset of the magic */
	char label[64];
	char uuid[64];
};

struct wp_devinfo {
	char path[256]; /* /dev/sdb or an image file path */
	char name[64];	/* kernel name (sdb, nvme0n1, loop3) */
	bool is_file;	/* a regular image file */
	bool is_partition;
	char vendor[64];
	char model[128];
	char serial[128];
	char wwn[64];
	char firmware[64];
	char transport[16]; /* sata|sas|nvme|usb|virtio|loop|mmc|file|... */
	uint64_t size;
	uint32_t logical_block;
	uint32_t physical_block;
	bool rotational;
	bool removable;
	bool readonly;
	unsigned unsafe;	 /* enum wp_unsafe bits */
	char unsafe_detail[512]; /* human reasons, "; "-separated, e.g.
				    "mounted at /mnt (sdb1)" */
	struct wp_signature sigs[16];
	int nsigs;
	char backing_file[256]; /* loop devices */
	/* fields added after the first version of this header */
	char parent[64];       /* partitions: the whole disk's kernel name */
	unsigned major, minor; /* block devices: the device number */
	int sig_error;	       /* 0, or why signatures could not be read
				   (negative errno; sigs are then unknown) */
};

/* Human text for unsafe bits ("mounted, swap"), into @buf. */
void wp_unsafe_str(unsigned bits, char *buf, size_t len);

/*
 * The stable token of one unsafe bit ("mounted", "swap", "holders",
 * "system", "read-only", "backs-system"), or NULL for an unknown bit. These
 * are the strings of the JSON "unsafe" array.
 */
const char *wp_unsafe_name(unsigned bit);

/* True when @bits hold a reason no override may lift. */
bool wp_unsafe_is_absolute(unsigned bits);

/* The devinfo as a JSON object (the `list`/`inspect` shape). */
json_t *wp_devinfo_json(const struct wp_devinfo *info);

#endif
