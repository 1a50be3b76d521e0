// SPDX-License-Identifier: Apache-2.0
/*
 * The guard: what makes wipe refuse a target, before confirmation and again
 * when the target is opened for writing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "cm_file.h"
#include "wp_guard.h"
#include "wp_use.h"

/* @a and @b (both stat'ed) are one device or file */
static bool same_target(const struct stat *a, const struct stat *b)
{
	if (S_ISBLK(a->st_mode))
		return S_ISBLK(b->st_mode) && a->st_rdev == b->st_rdev;
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

int wp_guard_distinct(char *const *targets, int n, struct cm_err *err)
{
	struct wp_loop *loops = NULL;
	size_t nloops = 0;
	int rc = 0;

	/* without sysfs no loop is known: names and inodes still count */
	if (n > 1 && wp_loops_scan(&loops, &nloops, NULL) < 0)
		nloops = 0;
	for (int i = 0; i < n && !rc; i++) {
		struct stat si, sk;
		bool have = stat(targets[i], &si) == 0;

		/* the same device or file under two names is one target */
		for (int k = 0; k < i && !rc; k++) {
			bool hk = have && stat(targets[k], &sk) == 0;

			if (!strcmp(targets[i], targets[k]) ||
			    (hk && same_target(&si, &sk)))
				rc = cm_err_setk(err, -EINVAL, CM_ERR_USAGE,
						 "a device is named twice");
			else if (hk && (wp_stands_on(loops, nloops, &si, &sk) ||
					wp_stands_on(loops, nloops, &sk, &si)))
				rc = cm_err_setk(
					err, -EINVAL, CM_ERR_USAGE,
					"'%s' and '%s' are one medium (a loop device over the other, or a partition of it): name one of them",
					targets[k], targets[i]);
		}
	}
	free(loops);
	return rc;
}

/*
 * What @path is now: device number (and the kernel's disk sequence
 * number, which changes when a loop device or a hot-plugged disk is
 * replaced) or the file's inode. Compared before writing, so a different
 * device that appears under the same name is never erased.
 */
static int pin_identity(const char *path, bool *is_block, dev_t *rdev,
			dev_t *fs_dev, ino_t *ino, char *diskseq, size_t len,
			struct cm_err *err)
{
	char sys[96], *buf = NULL;
	struct stat st;
	size_t n = 0;

	if (stat(path, &st) < 0)
		return cm_err_set(err, -errno, "cannot open '%s': %s", path,
				  strerror(errno));
	*is_block = S_ISBLK(st.st_mode);
	*rdev = st.st_rdev;
	*fs_dev = st.st_dev;
	*ino = st.st_ino;
	diskseq[0] = '\0';
	if (!*is_block)
		return 0;
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u/diskseq",
		 major(st.st_rdev), minor(st.st_rdev));
	if (cm_read_file(sys, 64, &buf, &n, NULL) == 0) {
		while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
			buf[--n] = '\0';
		snprintf(diskseq, len, "%s", buf);
		free(buf);
	}
	return 0;
}

int wp_guard_refuse(const char *target, const struct wp_devinfo *info,
		    bool force_unsafe, struct cm_err *err)
{
	char why[sizeof(info->unsafe_detail) + 64];
	unsigned u = info->unsafe;

	snprintf(why, sizeof(why), "%s",
		 info->unsafe_detail[0] ? info->unsafe_detail : "unsafe");
	if (wp_unsafe_is_absolute(u))
		return cm_err_setk(
			err, -EBUSY, CM_ERR_TEMPFAIL,
			"refusing '%s': it holds the running system (%s); --force-unsafe cannot override this",
			target, why);
	if (u & WP_UNSAFE_READONLY)
		return cm_err_setk(err, -EROFS, CM_ERR_NOPERM,
				   "refusing '%s': read-only (%s)", target,
				   why);
	if ((u & (WP_UNSAFE_MOUNTED | WP_UNSAFE_SWAP | WP_UNSAFE_HOLDERS)) &&
	    !force_unsafe)
		return cm_err_setk(
			err, -EBUSY, CM_ERR_TEMPFAIL,
			"refusing '%s': in use: %s (unmount, swapoff or release it first; --force-unsafe overrides)",
			target, why);
	return 0;
}

int wp_guard_check(struct wp_job *job, bool force_unsafe, struct cm_err *err)
{
	int rc;

	rc = wp_devinfo_probe(job->target, &job->info, err);
	if (rc < 0)
		return rc;
	job->probed = true;
	job->force_unsafe = force_unsafe;
	rc = pin_identity(job->target, &job->is_block, &job->rdev, &job->fs_dev,
			  &job->ino, job->diskseq, sizeof(job->diskseq), err);
	if (rc < 0)
		return rc;
	return wp_guard_refuse(job->target, &job->info, force_unsafe, err);
}

/* the same device (or file) as inspected, not one that took its name */
static bool still_pinned(const struct wp_job *job, const struct wp_dev *d)
{
	bool blk = false;
	dev_t rdev = 0, fsd = 0;
	ino_t ino = 0;
	char seq[32] = "";
	struct stat fst;

	if (pin_identity(job->target, &blk, &rdev, &fsd, &ino, seq, sizeof(seq),
			 NULL) < 0 ||
	    fstat(d->fd, &fst) < 0 || blk != job->is_block)
		return false;
	if (blk)
		return rdev == job->rdev && fst.st_rdev == job->rdev &&
		       !strcmp(seq, job->diskseq);
	return ino == job->ino && fsd == job->fs_dev &&
	       fst.st_ino == job->ino && fst.st_dev == job->fs_dev;
}

int wp_guard_open(struct wp_job *job, struct wp_dev **out, struct cm_err *err)
{
	struct wp_devinfo now;
	struct wp_dev *d = NULL;
	int rc;

	*out = NULL;
	/*
	 * Use and identity re-checked right before writing, and before the
	 * exclusive open (which would make the target itself look busy): a
	 * loop device attached over an image file and mounted while the
	 * prompt waited is refused like one found at inspection; a block
	 * device mounted anywhere since fails the exclusive open.
	 */
	rc = wp_devinfo_probe(job->target, &now, err);
	if (rc < 0)
		return rc;
	rc = wp_guard_refuse(job->target, &now, job->force_unsafe, err);
	if (rc < 0)
		return rc;
	rc = wp_dev_open(job->target,
			 WP_DEV_WRITE | WP_DEV_EXCL | WP_DEV_DIRECT, &d, err);
	if (rc == -EBUSY)
		return cm_err_setk(
			err, rc, CM_ERR_TEMPFAIL,
			"refusing '%s': in use (another job holds it, or the kernel refused an exclusive open: mounted, swap or claimed)",
			job->target);
	if (rc < 0)
		return rc;
	if (!still_pinned(job, d)) {
		rc = cm_err_setk(
			err, -ESTALE, CM_ERR_TEMPFAIL,
			"refusing '%s': it is no longer the device that was inspected (device number, disk sequence or file changed)",
			job->target);
		goto fail;
	}
	/* the identity as inspected: same serial, same size */
	if (strcmp(now.serial, job->info.serial) ||
	    now.size != job->info.size || d->size != job->info.size) {
		rc = cm_err_setk(
			err, -ESTALE, CM_ERR_TEMPFAIL,
			"refusing '%s': its identity changed since it was inspected (serial '%s' -> '%s', size %llu -> %llu)",
			job->target, job->info.serial, now.serial,
			(unsigned long long)job->info.size,
			(unsigned long long)now.size);
		goto fail;
	}
	*out = d;
	return 0;
fail:
	wp_dev_release(d);
	return rc;
}
