// SPDX-License-Identifier: Apache-2.0
/*
 * Discovery and identity of targets: libudev enumeration (sysfs when there
 * is no udev), identity from udev properties, then sysfs, then SCSI INQUIRY
 * and HDIO_GET_IDENTITY; signatures (wp_signatures.h); use from wp_usectx.
 * Nothing here ever opens a target for writing.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <linux/hdreg.h>
#include <scsi/sg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <dirent.h>
#include <libudev.h>

#include "cm_path.h"
#include "wp_discover.h"
#include "wp_identity.h"
#include "wp_use.h"

#define WP_MAX_REFS 64

static bool read_u64(const char *dir, const char *name, uint64_t *v)
{
	char buf[32], *end;
	unsigned long long x;

	if (!wp_sysfs_read(dir, name, buf, sizeof(buf)) || !buf[0])
		return false;
	errno = 0;
	x = strtoull(buf, &end, 10);
	if (errno || *end)
		return false;
	*v = x;
	return true;
}

static bool has_attr(const char *dir, const char *name)
{
	char path[PATH_MAX];

	if (cm_path_join_buf(path, sizeof(path), dir, name))
		return false;
	return access(path, F_OK) == 0;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* ---- identity through ioctls, when sysfs and udev said nothing ---- */

static int sg_inquiry(int fd, bool evpd, uint8_t page, uint8_t *buf,
		      uint16_t len)
{
	uint8_t cdb[6] = {
		0x12, evpd ? 1 : 0, page, (uint8_t)(len >> 8), (uint8_t)len, 0};
	uint8_t sense[32];
	struct sg_io_hdr io;

	memset(&io, 0, sizeof(io));
	memset(buf, 0, len);
	io.interface_id = 'S';
	io.dxfer_direction = SG_DXFER_FROM_DEV;
	io.cmd_len = sizeof(cdb);
	io.cmdp = cdb;
	io.dxferp = buf;
	io.dxfer_len = len;
	io.sbp = sense;
	io.mx_sb_len = sizeof(sense);
	io.timeout = 5000;
	if (ioctl(fd, SG_IO, &io) < 0)
		return -errno;
	if (io.status || io.host_status || io.driver_status)
		return -EIO;
	return len - io.resid;
}

static void fill_span(char *dst, size_t dlen, const uint8_t *src, size_t n)
{
	char tmp[64];

	if (dst[0])
		return;
	if (n >= sizeof(tmp))
		n = sizeof(tmp) - 1;
	for (size_t i = 0; i < n; i++)
		tmp[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : ' ';
	tmp[n] = '\0';
	wp_strtrim(tmp);
	wp_copy(dst, dlen, tmp);
}

/*
 * ATA IDENTIFY through libata's HDIO_GET_IDENTITY: the full 40-character
 * model, 20-character serial and 8-character firmware revision, where the
 * SCSI translation cuts the model to 16 and the revision to 4 characters.
 */
static void identity_from_ata(int fd, struct wp_devinfo *info)
{
	struct hd_driveid id;

	memset(&id, 0, sizeof(id));
	/* libata hands the strings over already in host byte order */
	if (ioctl(fd, HDIO_GET_IDENTITY, &id) != 0)
		return;
	fill_span(info->serial, sizeof(info->serial), id.serial_no,
		  sizeof(id.serial_no));
	fill_span(info->model, sizeof(info->model), id.model, sizeof(id.model));
	fill_span(info->firmware, sizeof(info->firmware), id.fw_rev,
		  sizeof(id.fw_rev));
}

/* SCSI INQUIRY: standard data, then VPD pages 0x80 and 0x83. */
static void identity_from_scsi(int fd, struct wp_devinfo *info)
{
	uint8_t buf[512];
	char tmp[128];
	int n;

	n = sg_inquiry(fd, false, 0, buf, 96);
	if (n < 36)
		return;
	/* SPC-5 6.7.2: T10 vendor 8..15, product 16..31, rev 32..35 */
	char vendor[16] = "";

	fill_span(vendor, sizeof(vendor), buf + 8, 8);
	if (strcmp(vendor, "ATA") && !info->vendor[0])
		wp_copy(info->vendor, sizeof(info->vendor), vendor);
	fill_span(info->model, sizeof(info->model), buf + 16, 16);
	fill_span(info->firmware, sizeof(info->firmware), buf + 32, 4);
	n = sg_inquiry(fd, true, 0x80, buf, sizeof(buf));
	if (n > 0 && !info->serial[0] &&
	    !wp_vpd80_serial(buf, (size_t)n, tmp, sizeof(tmp)))
		wp_copy(info->serial, sizeof(info->serial), tmp);
	n = sg_inquiry(fd, true, 0x83, buf, sizeof(buf));
	if (n > 0 && !info->wwn[0] &&
	    !wp_vpd83_naa(buf, (size_t)n, tmp, sizeof(tmp)))
		wp_copy(info->wwn, sizeof(info->wwn), tmp);
}

static const char *udev_get(void *ctx, const char *key)
{
	return udev_device_get_property_value(ctx, key);
}

/* ---- the devices a target stands for ---- */

struct refs {
	struct wp_devref v[WP_MAX_REFS];
	size_t n;
};

static void refs_add(struct refs *r, dev_t devno, const char *name,
		     const char *via)
{
	if (!devno || r->n >= WP_MAX_REFS)
		return;
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].devno == devno)
			return;
	r->v[r->n].devno = devno;
	wp_copy(r->v[r->n].name, sizeof(r->v[r->n].name), name);
	wp_copy(r->v[r->n].via, sizeof(r->v[r->n].via), via);
	r->n++;
}

/* Add the partitions of the whole disk @name. */
static void refs_add_parts(struct refs *r, const char *name, const char *via)
{
	char dir[PATH_MAX];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "/sys/class/block/%s", name);
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		char sub[PATH_MAX + 256];

		if (de->d_name[0] == '.' ||
		    strncmp(de->d_name, name, strlen(name)))
			continue;
		if (cm_path_join_buf(sub, sizeof(sub), dir, de->d_name))
			continue;
		if (has_attr(sub, "partition"))
			refs_add(r, wp_sysfs_devno(sub), de->d_name, via);
	}
	closedir(d);
}

/*
 * Add loops whose backing block device is one of @r's devices, and the
 * loops over those: r->n grows while it is walked, so a stack (loopB over
 * loopA over the target) is followed to its top.
 */
static void refs_add_loops_on(struct refs *r, const struct wp_usectx *ctx)
{
	for (size_t i = 0; i < r->n; i++)
		for (size_t l = 0; l < ctx->nloops; l++) {
			const struct wp_loop *lp = &ctx->loops[l];
			char via[64];

			if (!lp->back_rdev || lp->back_rdev != r->v[i].devno)
				continue;
			/* a cut description is fine; never an overflow */
			if (snprintf(via, sizeof(via), "%s over %s", lp->name,
				     r->v[i].name) < 0)
				via[0] = '\0';
			refs_add(r, lp->devno, lp->name, via);
			refs_add_parts(r, lp->name, via);
		}
}

/*
 * Holders (dm, md, bcache) of every device in @r claim the target; their
 * own mounts count too, so they join @r.
 */
static void eval_holders(struct refs *r, struct wp_devinfo *info)
{
	for (size_t i = 0; i < r->n; i++) {
		char dir[PATH_MAX];
		struct dirent *de;
		DIR *d;

		snprintf(dir, sizeof(dir), "/sys/class/block/%s/holders",
			 r->v[i].name);
		d = opendir(dir);
		if (!d)
			continue;
		while ((de = readdir(d))) {
			char hdir[PATH_MAX], dmname[128], via[64];

			if (de->d_name[0] == '.')
				continue;
			snprintf(hdir, sizeof(hdir), "/sys/class/block/%s",
				 de->d_name);
			if (wp_sysfs_read(hdir, "dm/name", dmname,
					  sizeof(dmname)) &&
			    dmname[0])
				wp_unsafe_add(info, WP_UNSAFE_HOLDERS,
					      "held by %s [%s] (%s)",
					      de->d_name, dmname, r->v[i].name);
			else
				wp_unsafe_add(info, WP_UNSAFE_HOLDERS,
					      "held by %s (%s)", de->d_name,
					      r->v[i].name);
			snprintf(via, sizeof(via), "holder of %.40s",
				 r->v[i].name);
			refs_add(r, wp_sysfs_devno(hdir), de->d_name, via);
		}
		closedir(d);
	}
}

/*
 * A loop device over the target is in use when the kernel refuses it an
 * exclusive open: that holds for mounts and swap in every mount namespace,
 * and for claims, where mountinfo shows only this namespace. Refs from
 * @first on that are loops (the target itself is opened exclusively when
 * it is written, which would also make its own partitions refuse) are
 * tried: the ones with a "via". The open is read-only and closed at once.
 */
static void eval_busy(const struct refs *r, const char *hidden,
		      struct wp_devinfo *info)
{
	/* already refused for what this namespace shows: said once */
	if (info->unsafe &
	    (WP_UNSAFE_MOUNTED | WP_UNSAFE_SWAP | WP_UNSAFE_HOLDERS))
		return;
	for (size_t i = 0; i < r->n; i++) {
		const struct wp_devref *ref = &r->v[i];
		char node[96], who[160];
		struct stat st;
		int fd, e;

		/* where mounts may be hidden, every device is tried */
		if (!hidden[0] &&
		    (strncmp(ref->name, "loop", 4) || !ref->via[0]))
			continue;
		snprintf(who, sizeof(who), "%s%s%s", ref->name,
			 ref->via[0] ? ", " : "", ref->via);
		snprintf(node, sizeof(node), "/dev/%s", ref->name);
		fd = open(node, O_RDONLY | O_EXCL | O_NONBLOCK | O_CLOEXEC);
		e = errno;
		if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISBLK(st.st_mode) ||
				st.st_rdev != ref->devno)) {
			close(fd);
			fd = -1;
			e = ENODEV;
		}
		if (fd >= 0) {
			close(fd);
			continue;
		}
		if (e == EBUSY && hidden[0])
			wp_unsafe_add(
				info, WP_UNSAFE_HOLDERS,
				"busy: %s refused an exclusive open, and this process cannot see every mount (%s)",
				who, hidden);
		else if (e == EBUSY)
			wp_unsafe_add(
				info, WP_UNSAFE_HOLDERS,
				"busy: %s refused an exclusive open (mounted, perhaps in another mount namespace, swap or claimed)",
				who);
		else
			wp_unsafe_add(info, WP_UNSAFE_HOLDERS,
				      "cannot prove %s unused: '%s': %s", who,
				      node, strerror(e));
	}
}

/* An active swap file is @st (/proc/swaps names it by path). */
static void eval_swapfile(const struct wp_usectx *ctx, const struct stat *st,
			  struct wp_devinfo *info)
{
	for (size_t s = 0; s < ctx->nswaps; s++) {
		struct stat sw;

		if (ctx->swapdevs[s] || stat(ctx->swaps[s].path, &sw) < 0 ||
		    !S_ISREG(sw.st_mode))
			continue;
		if (sw.st_dev == st->st_dev && sw.st_ino == st->st_ino)
			wp_unsafe_add(info, WP_UNSAFE_SWAP,
				      "active swap file (%s)",
				      ctx->swaps[s].path);
	}
}

/* ---- probing ---- */

/* Signatures, or why they could not be read (info->sig_error). */
static void probe_sigs(const char *path, struct wp_devinfo *info)
{
	int n = 0, rc;

	rc = wp_probe_signatures(
		path, info->sigs,
		(int)(sizeof(info->sigs) / sizeof(info->sigs[0])), &n, NULL);
	info->nsigs = n;
	info->sig_error = rc;
}

static bool file_is_immutable(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	int flags = 0;
	bool r = false;

	if (fd < 0)
		return false;
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0)
		r = flags & (FS_IMMUTABLE_FL | FS_APPEND_FL);
	close(fd);
	return r;
}

static int probe_file(const struct wp_usectx *ctx, const char *path,
		      const struct stat *st, struct wp_devinfo *info)
{
	struct refs refs = {.n = 0};
	struct statvfs vfs;

	info->is_file = true;
	wp_copy(info->name, sizeof(info->name), base_name(path));
	snprintf(info->transport, sizeof(info->transport), "file");
	info->size = (uint64_t)st->st_size;
	info->logical_block = 512;
	info->physical_block = st->st_blksize >= 512 && st->st_blksize <= 65536
				       ? (uint32_t)st->st_blksize
				       : 512;
	/*
	 * root passes access(W_OK) whatever the mode: a file nobody may write
	 * (no write bit), an immutable or append-only one, or one on a
	 * read-only mount is read-only all the same.
	 */
	info->readonly =
		access(path, W_OK) != 0 ||
		!(st->st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) ||
		(statvfs(path, &vfs) == 0 && (vfs.f_flag & ST_RDONLY)) ||
		file_is_immutable(path);
	probe_sigs(path, info);

	for (size_t l = 0; l < ctx->nloops; l++) {
		const struct wp_loop *lp = &ctx->loops[l];
		char via[64];

		if (lp->back_rdev || lp->back_dev != st->st_dev ||
		    lp->back_ino != st->st_ino)
			continue;
		snprintf(via, sizeof(via), "%s over this file", lp->name);
		refs_add(&refs, lp->devno, lp->name, via);
		refs_add_parts(&refs, lp->name, via);
	}
	refs_add_loops_on(&refs, ctx);
	eval_holders(&refs, info);
	if (info->readonly)
		wp_unsafe_add(info, WP_UNSAFE_READONLY, "read-only file");
	wp_use_eval(ctx, refs.v, refs.n, info);
	eval_swapfile(ctx, st, info);
	eval_busy(&refs, ctx->confined, info);
	return 0;
}

/*
 * Probe the block device whose sysfs directory is @sysdir (resolved), with
 * device node @node (may not exist).
 */
static int probe_block(struct udev *udev, const struct wp_usectx *ctx,
		       const char *sysdir, const char *node,
		       struct wp_devinfo *info, struct cm_err *err)
{
	char diskdir[PATH_MAX], disknode[PATH_MAX], buf[64];
	struct udev_device *ud = NULL;
	struct refs refs = {.n = 0};
	uint64_t v;
	dev_t devno;
	int fd = -1, dfd = -1;

	wp_copy(info->path, sizeof(info->path), node);
	wp_copy(info->name, sizeof(info->name), base_name(sysdir));
	devno = wp_sysfs_devno(sysdir);
	if (!devno)
		return cm_err_set(err, -ENODEV, "'%s' has no device number",
				  sysdir);
	info->major = major(devno);
	info->minor = minor(devno);
	wp_copy(diskdir, sizeof(diskdir), sysdir);
	if (has_attr(sysdir, "partition")) {
		char *slash = strrchr(diskdir, '/');

		info->is_partition = true;
		if (slash)
			*slash = '\0';
		wp_copy(info->parent, sizeof(info->parent), base_name(diskdir));
	}

	/* sysfs first: it needs no device node and no open */
	if (read_u64(sysdir, "size", &v))
		info->size = v * 512; /* sysfs counts 512-byte sectors */
	if (read_u64(sysdir, "ro", &v))
		info->readonly = v != 0;
	if (read_u64(diskdir, "removable", &v))
		info->removable = v != 0;
	if (read_u64(diskdir, "queue/rotational", &v))
		info->rotational = v != 0;
	if (read_u64(diskdir, "queue/logical_block_size", &v))
		info->logical_block = (uint32_t)v;
	if (read_u64(diskdir, "queue/physical_block_size", &v))
		info->physical_block = (uint32_t)v;
	wp_sysfs_read(diskdir, "loop/backing_file", info->backing_file,
		      sizeof(info->backing_file));

	/* the ioctls are authoritative where the node can be opened */
	fd = open(node, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd >= 0) {
		uint64_t sz = 0;
		int ssz = 0, ro = 0;
		unsigned pbsz = 0;

		if (ioctl(fd, BLKGETSIZE64, &sz) == 0)
			info->size = sz;
		if (ioctl(fd, BLKSSZGET, &ssz) == 0 && ssz > 0)
			info->logical_block = (uint32_t)ssz;
		if (ioctl(fd, BLKPBSZGET, &pbsz) == 0 && pbsz > 0)
			info->physical_block = pbsz;
		if (ioctl(fd, BLKROGET, &ro) == 0 && ro)
			info->readonly = true;
	}

	/* identity belongs to the whole disk */
	if (udev) {
		ud = udev_device_new_from_syspath(udev, diskdir);
		/* without a udev database there are no ID_* properties */
		if (ud && udev_device_get_is_initialized(ud))
			wp_identity_from_props(udev_get, ud, info);
	}
	/* a loop device is its backing file: it has no hardware identity */
	if (!(!strncmp(info->name, "loop", 4) && info->backing_file[0])) {
		snprintf(disknode, sizeof(disknode), "/dev/%s",
			 info->is_partition ? info->parent : info->name);
		dfd = info->is_partition ? open(disknode, O_RDONLY | O_CLOEXEC |
								  O_NONBLOCK)
					 : fd;
	}
	if (dfd >= 0 &&
	    wp_sysfs_read(diskdir, "device/vendor", buf, sizeof(buf)) &&
	    !strcmp(buf, "ATA"))
		identity_from_ata(dfd, info);
	wp_identity_from_sysfs(diskdir, info);
	/* sysfs silent: ATA first (full strings; fails on non-ATA), then SCSI */
	if (dfd >= 0 && (!info->serial[0] || !info->model[0])) {
		identity_from_ata(dfd, info);
		identity_from_scsi(dfd, info);
	}
	wp_transport_from_syspath(diskdir, base_name(diskdir), buf,
				  sizeof(buf));
	if (!info->transport[0] ||
	    (buf[0] && strcmp(buf, "scsi") && strcmp(buf, "virtual")))
		wp_copy(info->transport, sizeof(info->transport), buf);

	probe_sigs(node, info);

	refs_add(&refs, devno, info->name, "");
	if (!info->is_partition)
		refs_add_parts(&refs, info->name, "");
	refs_add_loops_on(&refs, ctx);
	eval_holders(&refs, info);
	if (info->readonly)
		wp_unsafe_add(info, WP_UNSAFE_READONLY, "read-only device");
	wp_use_eval(ctx, refs.v, refs.n, info);
	eval_busy(&refs, ctx->confined, info);

	if (dfd >= 0 && dfd != fd)
		close(dfd);
	if (fd >= 0)
		close(fd);
	udev_device_unref(ud);
	return 0;
}

static int probe_path(struct udev *udev, const struct wp_usectx *ctx,
		      const char *path, struct wp_devinfo *info,
		      struct cm_err *err)
{
	char link[64], sysdir[PATH_MAX];
	struct stat st;

	memset(info, 0, sizeof(*info));
	if (stat(path, &st) < 0)
		return cm_err_set(err, -errno, "cannot stat '%s': %s", path,
				  strerror(errno));
	if (S_ISREG(st.st_mode)) {
		char real[PATH_MAX];

		/* the record names the file itself, not a link to it */
		if (!realpath(path, real))
			return cm_err_set(err, -errno,
					  "cannot resolve '%s': %s", path,
					  strerror(errno));
		if (strlen(real) >= sizeof(info->path))
			return cm_err_setk(
				err, -ENAMETOOLONG, CM_ERR_DATAERR,
				"'%s' is the file '%s' of %zu bytes; a certificate records a path of at most %zu: move the image to a shorter path",
				path, real, strlen(real),
				sizeof(info->path) - 1);
		wp_copy(info->path, sizeof(info->path), real);
		return probe_file(ctx, real, &st, info);
	}
	if (!S_ISBLK(st.st_mode))
		return cm_err_setk(
			err, -ENOTBLK, CM_ERR_DATAERR,
			"'%s' is neither a block device nor a regular file",
			path);
	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", major(st.st_rdev),
		 minor(st.st_rdev));
	if (!realpath(link, sysdir))
		return cm_err_set(err, -ENODEV, "no sysfs entry for '%s': %s",
				  path, strerror(errno));
	return probe_block(udev, ctx, sysdir, path, info, err);
}

int wp_devinfo_probe(const char *path, struct wp_devinfo *info,
		     struct cm_err *err)
{
	struct wp_usectx ctx;
	struct udev *udev;
	int rc;

	rc = wp_usectx_load(&ctx, err);
	if (rc)
		return rc;
	udev = udev_new();
	rc = probe_path(udev, &ctx, path, info, err);
	udev_unref(udev);
	wp_usectx_release(&ctx);
	return rc;
}

/* ---- enumeration ---- */

struct cand {
	char sysdir[PATH_MAX];
	char node[256];
};

/* Whether the sysfs block device @sysdir is listed, with @all or not. */
static bool wanted(const char *sysdir, bool all)
{
	const char *name = base_name(sysdir);
	uint64_t size = 0;

	/* memory, not storage */
	if (!strncmp(name, "ram", 3) || !strncmp(name, "zram", 4))
		return false;
	if (!read_u64(sysdir, "size", &size) || size == 0)
		return false;
	/* NVMe multipath paths (nvme0c0n1) are reached through their head */
	if (read_u64(sysdir, "hidden", &size) && size)
		return false;
	if (has_attr(sysdir, "partition"))
		return all;
	if (!strncmp(name, "loop", 4))
		return all && has_attr(sysdir, "loop/backing_file");
	/* dm, md and other stacked devices are not drives */
	if (strstr(sysdir, "/virtual/"))
		return all;
	return true;
}

static int cand_push(struct cand **v, size_t *n, size_t *cap,
		     const char *sysdir, const char *node)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct cand *nv = reallocarray(*v, nc, sizeof(**v));

		if (!nv)
			return -ENOMEM;
		*v = nv;
		*cap = nc;
	}
	wp_copy((*v)[*n].sysdir, sizeof((*v)[*n].sysdir), sysdir);
	wp_copy((*v)[*n].node, sizeof((*v)[*n].node), node);
	(*n)++;
	return 0;
}

static int enum_udev(struct udev *udev, bool all, struct cand **v, size_t *n)
{
	struct udev_enumerate *en = udev_enumerate_new(udev);
	struct udev_list_entry *e;
	size_t cap = 0;
	int rc = 0;

	if (!en)
		return -ENOMEM;
	if (udev_enumerate_add_match_subsystem(en, "block") < 0 ||
	    udev_enumerate_scan_devices(en) < 0) {
		udev_enumerate_unref(en);
		return -EIO;
	}
	udev_list_entry_foreach(e, udev_enumerate_get_list_entry(en))
	{
		const char *sp = udev_list_entry_get_name(e);
		struct udev_device *d;
		const char *node;
		char fallback[256];

		if (!wanted(sp, all))
			continue;
		d = udev_device_new_from_syspath(udev, sp);
		node = d ? udev_device_get_devnode(d) : NULL;
		if (!node) {
			snprintf(fallback, sizeof(fallback), "/dev/%s",
				 base_name(sp));
			node = fallback;
		}
		rc = cand_push(v, n, &cap, sp, node);
		udev_device_unref(d);
		if (rc)
			break;
	}
	udev_enumerate_unref(en);
	return rc;
}

static int enum_sysfs(bool all, struct cand **v, size_t *n)
{
	size_t cap = 0;
	struct dirent *de;
	DIR *d = opendir("/sys/class/block");
	int rc = 0;

	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		char link[PATH_MAX], sp[PATH_MAX], node[280];

		if (de->d_name[0] == '.')
			continue;
		snprintf(link, sizeof(link), "/sys/class/block/%s", de->d_name);
		if (!realpath(link, sp) || !wanted(sp, all))
			continue;
		snprintf(node, sizeof(node), "/dev/%s", de->d_name);
		rc = cand_push(v, n, &cap, sp, node);
		if (rc)
			break;
	}
	closedir(d);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strverscmp(((const struct wp_devinfo *)a)->name,
			  ((const struct wp_devinfo *)b)->name);
}

int wp_discover(bool all, struct wp_devinfo **out, size_t *count,
		struct cm_err *err)
{
	struct wp_devinfo *v = NULL;
	struct cand *c = NULL;
	struct wp_usectx ctx;
	struct udev *udev;
	size_t nc = 0, nv = 0;
	int rc;

	*out = NULL;
	*count = 0;
	rc = wp_usectx_load(&ctx, err);
	if (rc)
		return rc;
	udev = udev_new();
	rc = udev ? enum_udev(udev, all, &c, &nc) : -ENOSYS;
	if (rc) {
		/* no libudev context: sysfs is where it reads from anyway */
		free(c);
		c = NULL;
		nc = 0;
		rc = enum_sysfs(all, &c, &nc);
	}
	if (rc) {
		cm_err_set(err, rc, "cannot enumerate block devices: %s",
			   strerror(-rc));
		goto out;
	}
	v = calloc(nc ? nc : 1, sizeof(*v));
	if (!v) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nc; i++) {
		/*
		 * A device that vanished since the scan (a loop detached, a
		 * disk pulled, its medium ejected) is left out, not an error.
		 */
		if (probe_block(udev, &ctx, c[i].sysdir, c[i].node, &v[nv],
				NULL) == 0 &&
		    v[nv].size > 0 && wanted(c[i].sysdir, all))
			nv++;
		else
			memset(&v[nv], 0, sizeof(v[nv]));
	}
	qsort(v, nv, sizeof(*v), by_name);
	*out = v;
	*count = nv;
	v = NULL;
out:
	free(v);
	free(c);
	udev_unref(udev);
	wp_usectx_release(&ctx);
	return rc;
}
