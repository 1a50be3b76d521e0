// SPDX-License-Identifier: Apache-2.0
/*
 * The block-device / image-file backend of the drive seam, and the
 * wrappers every caller uses. NVMe and SG_IO passthrough are attached to
 * block devices whose kernel driver supports them.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <nvme/ioctl.h>
#include <scsi/sg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wp_dev.h"
#include "wp_luks.h"

/*
 * O_DIRECT needs the offset, length and buffer aligned to the logical
 * block. The final partial block of an image file can't be: do that one
 * transfer through the page cache (and flush it), then go back to direct.
 */
static bool misaligned(const struct wp_dev *d, const void *buf, size_t len,
		       uint64_t off)
{
	uint32_t a = d->logical_block ? d->logical_block : 512;

	return d->direct && (off % a || len % a || (uintptr_t)buf % a);
}

static int set_direct(struct wp_dev *d, bool on)
{
	int fl = fcntl(d->fd, F_GETFL);

	if (fl < 0)
		return -errno;
	fl = on ? fl | O_DIRECT : fl & ~O_DIRECT;
	return fcntl(d->fd, F_SETFL, fl) < 0 ? -errno : 0;
}

static ssize_t fd_pread(struct wp_dev *d, void *buf, size_t len, uint64_t off)
{
	bool slow = misaligned(d, buf, len, off);
	ssize_t n;
	int e;

	if (slow && set_direct(d, false) < 0)
		return -errno;
	do
		n = pread(d->fd, buf, len, (off_t)off);
	while (n < 0 && errno == EINTR);
	e = errno;
	if (slow)
		set_direct(d, true);
	return n < 0 ? -e : n;
}

static ssize_t fd_pwrite(struct wp_dev *d, const void *buf, size_t len,
			 uint64_t off)
{
	bool slow = misaligned(d, buf, len, off);
	ssize_t n;
	int e;

	if (slow && set_direct(d, false) < 0)
		return -errno;
	do
		n = pwrite(d->fd, buf, len, (off_t)off);
	while (n < 0 && errno == EINTR);
	e = errno;
	if (slow) {
		if (n >= 0 && fdatasync(d->fd) < 0) {
			e = errno;
			n = -1;
		}
		set_direct(d, true);
	}
	return n < 0 ? -e : n;
}

static int fd_flush(struct wp_dev *d)
{
	if (fsync(d->fd) < 0)
		return -errno;
	if (d->is_block && ioctl(d->fd, BLKFLSBUF, 0) < 0 && errno != ENOTTY)
		return -errno;
	return 0;
}

static int fd_drop_cache(struct wp_dev *d)
{
	int rc;

	if (fsync(d->fd) < 0)
		return -errno;
	/*
	 * A verify that reads its own page cache proves nothing: drop the
	 * buffer cache (block devices) and advise the kernel away from the
	 * cached pages (files), even when I/O is O_DIRECT.
	 */
	if (d->is_block && ioctl(d->fd, BLKFLSBUF, 0) < 0 && errno != ENOTTY)
		return -errno;
	rc = posix_fadvise(d->fd, 0, 0, POSIX_FADV_DONTNEED);
	return rc ? -rc : 0;
}

static int fd_discard(struct wp_dev *d, uint64_t off, uint64_t len, bool secure)
{
	uint64_t range[2] = {off, len};

	if (!d->is_block)
		return -EOPNOTSUPP;
	if (ioctl(d->fd, secure ? BLKSECDISCARD : BLKDISCARD, range) < 0)
		return -errno;
	return 0;
}

static int fd_zeroout(struct wp_dev *d, uint64_t off, uint64_t len)
{
	uint64_t range[2] = {off, len};

	if (!d->is_block)
		return -EOPNOTSUPP;
	if (ioctl(d->fd, BLKZEROOUT, range) < 0)
		return -errno;
	return 0;
}

/*
 * Through libnvme, which owns the ioctl ABI (struct nvme_passthru_cmd):
 * it returns the NVMe status field (>0) or -1 with errno.
 */
static int fd_nvme_admin(struct wp_dev *d, struct wp_nvme_cmd *cmd)
{
	struct nvme_passthru_cmd c;
	__u32 result = 0;
	int rc;

	memset(&c, 0, sizeof(c));
	c.opcode = cmd->opcode;
	c.flags = cmd->flags;
	c.nsid = cmd->nsid;
	c.cdw2 = cmd->cdw2;
	c.cdw3 = cmd->cdw3;
	c.cdw10 = cmd->cdw10;
	c.cdw11 = cmd->cdw11;
	c.cdw12 = cmd->cdw12;
	c.cdw13 = cmd->cdw13;
	c.cdw14 = cmd->cdw14;
	c.cdw15 = cmd->cdw15;
	c.addr = (uint64_t)(uintptr_t)cmd->data;
	c.data_len = cmd->data_len;
	c.timeout_ms = cmd->timeout_ms;
	rc = nvme_submit_admin_passthru(d->fd, &c, &result);
	if (rc < 0)
		return -errno;
	cmd->result = result;
	return rc; /* >0: NVMe status field */
}

static int fd_sg_io(struct wp_dev *d, struct wp_sg_cmd *cmd)
{
	struct sg_io_hdr h;

	memset(&h, 0, sizeof(h));
	h.interface_id = 'S';
	switch (cmd->dir) {
	case WP_SG_NONE:
		h.dxfer_direction = SG_DXFER_NONE;
		break;
	case WP_SG_TO_DEV:
		h.dxfer_direction = SG_DXFER_TO_DEV;
		break;
	case WP_SG_FROM_DEV:
		h.dxfer_direction = SG_DXFER_FROM_DEV;
		break;
	}
	h.cmd_len = cmd->cdb_len;
	h.cmdp = cmd->cdb;
	h.dxferp = cmd->data;
	h.dxfer_len = cmd->data_len;
	h.sbp = cmd->sense;
	h.mx_sb_len = sizeof(cmd->sense);
	h.timeout = cmd->timeout_ms;
	if (ioctl(d->fd, SG_IO, &h) < 0)
		return -errno;
	cmd->sense_len = h.sb_len_wr;
	cmd->status = h.status;
	cmd->host_status = h.host_status;
	cmd->driver_status = h.driver_status;
	cmd->resid = h.resid;
	if (h.host_status)
		return -EIO;
	return h.status || h.sb_len_wr ? (h.status ? h.status : 0x02) : 0;
}

static int fd_refresh_size(struct wp_dev *d)
{
	struct stat st;
	uint64_t size = 0;

	if (d->is_block) {
		if (ioctl(d->fd, BLKGETSIZE64, &size) < 0)
			return -errno;
		d->size = size;
		return 0;
	}
	if (fstat(d->fd, &st) < 0)
		return -errno;
	d->size = (uint64_t)st.st_size;
	return 0;
}

static void fd_release(struct wp_dev *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

static const struct wp_dev_ops fd_ops = {
	.name = "file",
	.pread = fd_pread,
	.pwrite = fd_pwrite,
	.flush = fd_flush,
	.drop_cache = fd_drop_cache,
	.discard = fd_discard,
	.zeroout = fd_zeroout,
	.luks_erase = wp_luks_destroy_keyslots,
	.refresh_size = fd_refresh_size,
	.release = fd_release,
};

static const struct wp_dev_ops blk_ops = {
	.name = "block",
	.pread = fd_pread,
	.pwrite = fd_pwrite,
	.flush = fd_flush,
	.drop_cache = fd_drop_cache,
	.discard = fd_discard,
	.zeroout = fd_zeroout,
	.luks_erase = wp_luks_destroy_keyslots,
	.refresh_size = fd_refresh_size,
	.release = fd_release,
};

static const struct wp_dev_ops nvme_ops = {
	.name = "nvme",
	.pread = fd_pread,
	.pwrite = fd_pwrite,
	.flush = fd_flush,
	.drop_cache = fd_drop_cache,
	.discard = fd_discard,
	.zeroout = fd_zeroout,
	.nvme_admin = fd_nvme_admin,
	.luks_erase = wp_luks_destroy_keyslots,
	.refresh_size = fd_refresh_size,
	.release = fd_release,
};

static const struct wp_dev_ops sg_ops = {
	.name = "scsi",
	.pread = fd_pread,
	.pwrite = fd_pwrite,
	.flush = fd_flush,
	.drop_cache = fd_drop_cache,
	.discard = fd_discard,
	.zeroout = fd_zeroout,
	.sg_io = fd_sg_io,
	.luks_erase = wp_luks_destroy_keyslots,
	.refresh_size = fd_refresh_size,
	.release = fd_release,
};

/* Which passthrough the kernel offers on this block device. */
static const struct wp_dev_ops *pick_block_ops(int fd)
{
	int ver = 0;
	int nsid;

	nsid = ioctl(fd, NVME_IOCTL_ID);
	if (nsid > 0)
		return &nvme_ops;
	if (ioctl(fd, SG_GET_VERSION_NUM, &ver) == 0 && ver >= 30000)
		return &sg_ops;
	return &blk_ops;
}

int wp_dev_open(const char *path, unsigned flags, struct wp_dev **out,
		struct cm_err *err)
{
	struct wp_dev *d = NULL;
	struct stat st;
	int oflags, fd = -1, rc;
	unsigned int lbs = 512, pbs = 512;

	*out = NULL;
	oflags = (flags & WP_DEV_WRITE ? O_RDWR : O_RDONLY) | O_CLOEXEC;
	if (stat(path, &st) < 0)
		return cm_err_set(err, -errno, "cannot open '%s': %s", path,
				  strerror(errno));
	if (!S_ISBLK(st.st_mode) && !S_ISREG(st.st_mode))
		return cm_err_set(
			err, -EINVAL,
			"'%s' is neither a block device nor a regular file",
			path);
	if (S_ISBLK(st.st_mode) && (flags & WP_DEV_EXCL))
		oflags |= O_EXCL; /* the kernel refuses if mounted or claimed */
	if (flags & WP_DEV_DIRECT)
		fd = open(path, oflags | O_DIRECT);
	if (fd < 0 && (!(flags & WP_DEV_DIRECT) || errno == EINVAL)) {
		/* tmpfs and some filesystems refuse O_DIRECT: fall back */
		flags &= ~(unsigned)WP_DEV_DIRECT;
		fd = open(path, oflags);
	}
	if (fd < 0)
		return cm_err_set(err, -errno, "cannot open '%s': %s", path,
				  strerror(errno));
	/*
	 * O_EXCL only guards block devices; an image file gets an exclusive
	 * open-file-description lock, so two jobs (or two names for one
	 * file) never erase it at once. OFD locks, unlike flock(), do not
	 * collide with the flock() libcryptsetup takes on the same file.
	 */
	if (S_ISREG(st.st_mode) && (flags & WP_DEV_EXCL)) {
		struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};

		if (fcntl(fd, F_OFD_SETLK, &fl) < 0) {
			int e = errno;

			close(fd);
			return cm_err_set(
				err, e == EAGAIN || e == EACCES ? -EBUSY : -e,
				"cannot lock '%s': %s", path,
				e == EAGAIN || e == EACCES
					? "in use by another job"
					: strerror(e));
		}
	}
	d = calloc(1, sizeof(*d));
	if (!d || !(d->path = strdup(path))) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto fail;
	}
	d->fd = fd;
	d->is_block = S_ISBLK(st.st_mode);
	d->direct = !!(flags & WP_DEV_DIRECT);
	if (d->is_block) {
		if (ioctl(fd, BLKSSZGET, &lbs) < 0 ||
		    ioctl(fd, BLKPBSZGET, &pbs) < 0) {
			rc = cm_err_set(
				err, -errno,
				"cannot read the sector size of '%s': %s", path,
				strerror(errno));
			goto fail;
		}
		d->ops = pick_block_ops(fd);
	} else {
		d->ops = &fd_ops;
		/* O_DIRECT on files wants the filesystem's alignment */
		if (st.st_blksize > 512 && d->direct)
			lbs = (unsigned int)st.st_blksize;
		pbs = lbs;
	}
	d->logical_block = lbs;
	d->physical_block = pbs;
	rc = fd_refresh_size(d);
	if (rc < 0) {
		cm_err_set(err, rc, "cannot read the size of '%s': %s", path,
			   strerror(-rc));
		goto fail;
	}
	*out = d;
	return 0;
fail:
	if (d)
		free(d->path);
	free(d);
	close(fd);
	return rc;
}

void wp_dev_release(struct wp_dev *d)
{
	if (!d)
		return;
	if (d->ops && d->ops->release)
		d->ops->release(d);
	free(d->path);
	free(d);
}

ssize_t wp_dev_pread(struct wp_dev *d, void *buf, size_t len, uint64_t off)
{
	return d->ops->pread ? d->ops->pread(d, buf, len, off) : -EOPNOTSUPP;
}

ssize_t wp_dev_pwrite(struct wp_dev *d, const void *buf, size_t len,
		      uint64_t off)
{
	return d->ops->pwrite ? d->ops->pwrite(d, buf, len, off) : -EOPNOTSUPP;
}

int wp_dev_flush(struct wp_dev *d)
{
	return d->ops->flush ? d->ops->flush(d) : 0;
}

int wp_dev_drop_cache(struct wp_dev *d)
{
	return d->ops->drop_cache ? d->ops->drop_cache(d) : 0;
}

int wp_dev_discard(struct wp_dev *d, uint64_t off, uint64_t len, bool secure)
{
	return d->ops->discard ? d->ops->discard(d, off, len, secure)
			       : -EOPNOTSUPP;
}

int wp_dev_zeroout(struct wp_dev *d, uint64_t off, uint64_t len)
{
	return d->ops->zeroout ? d->ops->zeroout(d, off, len) : -EOPNOTSUPP;
}

int wp_dev_nvme_admin(struct wp_dev *d, struct wp_nvme_cmd *cmd)
{
	return d->ops->nvme_admin ? d->ops->nvme_admin(d, cmd) : -EOPNOTSUPP;
}

int wp_dev_sg_io(struct wp_dev *d, struct wp_sg_cmd *cmd)
{
	return d->ops->sg_io ? d->ops->sg_io(d, cmd) : -EOPNOTSUPP;
}

int wp_dev_refresh_size(struct wp_dev *d)
{
	return d->ops->refresh_size ? d->ops->refresh_size(d) : 0;
}

int wp_dev_luks_erase(struct wp_dev *d, int *destroyed, struct cm_err *err)
{
	*destroyed = 0;
	if (!d->ops->luks_erase)
		return cm_err_set(err, -EOPNOTSUPP,
				  "'%s' cannot erase LUKS keyslots", d->path);
	return d->ops->luks_erase(d, destroyed, err);
}
