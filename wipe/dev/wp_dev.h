/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The drive seam. Everything wipe does to a drive goes through one ops
 * table, so unit tests can put a simulated drive (or an image file) behind
 * it. Only wipe/dev/ includes kernel, libudev, libblkid, libnvme, SG or
 * cryptsetup headers.
 *
 * Return convention (libnvme's): 0 ok; >0 a device status (NVMe status
 * field, SCSI status / sense present); <0 a negative errno. Device status
 * and OS errors never mix.
 */
#ifndef SANITAS_WP_DEV_H
#define SANITAS_WP_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cm_err.h"
#include "spec/command.h"

struct wp_dev;

struct wp_dev_ops {
	const char *name;
	/* Positioned I/O; returns bytes transferred or a negative errno. */
	ssize_t (*pread)(struct wp_dev *d, void *buf, size_t len, uint64_t off);
	ssize_t (*pwrite)(struct wp_dev *d, const void *buf, size_t len,
			  uint64_t off);
	int (*flush)(struct wp_dev *d);
	/* Make later reads come from the media, not the page cache. */
	int (*drop_cache)(struct wp_dev *d);
	/* BLKDISCARD / BLKSECDISCARD (@secure) over [off, off+len). */
	int (*discard)(struct wp_dev *d, uint64_t off, uint64_t len,
		       bool secure);
	/* BLKZEROOUT over [off, off+len). */
	int (*zeroout)(struct wp_dev *d, uint64_t off, uint64_t len);
	/* NVMe admin passthrough; NULL when the device is not NVMe. */
	int (*nvme_admin)(struct wp_dev *d, struct wp_nvme_cmd *cmd);
	/* SG_IO; NULL when the device has no SCSI/ATA path. */
	int (*sg_io)(struct wp_dev *d, struct wp_sg_cmd *cmd);
	/*
	 * Destroy every LUKS keyslot (libcryptsetup); *@destroyed counts
	 * them. NULL when the backend cannot (-EOPNOTSUPP).
	 */
	int (*luks_erase)(struct wp_dev *d, int *destroyed, struct cm_err *err);
	/* Re-read size after a capacity change (HPA removal, format). */
	int (*refresh_size)(struct wp_dev *d);
	void (*release)(struct wp_dev *d);
};

enum wp_dev_open_flags {
	WP_DEV_WRITE = 1 << 0,	/* open read-write (else read-only) */
	WP_DEV_EXCL = 1 << 1,	/* O_EXCL on block devices */
	WP_DEV_DIRECT = 1 << 2, /* try O_DIRECT, fall back cleanly */
};

struct wp_dev {
	const struct wp_dev_ops *ops;
	char *path;    /* owned */
	int fd;	       /* -1 when not backed by a file descriptor */
	bool is_block; /* a block device (else an image file/fake) */
	bool direct;   /* I/O is O_DIRECT: buffers and offsets must be
				   aligned to logical_block */
	uint64_t size; /* bytes visible to the host */
	uint32_t logical_block;
	uint32_t physical_block;
	void *priv; /* backend state, owned by the backend */
};

/*
 * Open @path (block device or regular file) with @flags. On success *@out
 * is a new device owned by the caller (wp_dev_release()).
 * Errors: -ENOENT, -EBUSY (O_EXCL refused: in use), -EROFS/-EACCES, ...
 */
int wp_dev_open(const char *path, unsigned flags, struct wp_dev **out,
		struct cm_err *err);
void wp_dev_release(struct wp_dev *d);

/* Wrappers that call through the ops table (-EOPNOTSUPP when absent). */
ssize_t wp_dev_pread(struct wp_dev *d, void *buf, size_t len, uint64_t off);
ssize_t wp_dev_pwrite(struct wp_dev *d, const void *buf, size_t len,
		      uint64_t off);
int wp_dev_flush(struct wp_dev *d);
int wp_dev_drop_cache(struct wp_dev *d);
int wp_dev_discard(struct wp_dev *d, uint64_t off, uint64_t len, bool secure);
int wp_dev_zeroout(struct wp_dev *d, uint64_t off, uint64_t len);
int wp_dev_nvme_admin(struct wp_dev *d, struct wp_nvme_cmd *cmd);
int wp_dev_sg_io(struct wp_dev *d, struct wp_sg_cmd *cmd);
int wp_dev_refresh_size(struct wp_dev *d);
int wp_dev_luks_erase(struct wp_dev *d, int *destroyed, struct cm_err *err);

#endif
