/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every refusal of a wrong target: the same device named twice, a device
 * that is mounted, swap, claimed, read-only or holds the running system,
 * and one that is no longer what was inspected when it is opened for
 * writing (another device under the same name, a changed serial or size).
 * Nothing here writes.
 */
#ifndef SANITAS_WP_GUARD_H
#define SANITAS_WP_GUARD_H

#include <stdbool.h>

#include "cm_err.h"
#include "wp_dev.h"
#include "wp_discover.h"
#include "wp_job.h"

/*
 * The @n targets name @n different devices: the same path twice, or the
 * same block device (device number) or file (inode) under two names, or
 * one that stands on another (a loop device over an image file named too,
 * however stacked; a partition and its disk), is refused with -EINVAL and
 * the kind CM_ERR_USAGE. Names that do not exist
 * are left to the per-target checks.
 */
int wp_guard_distinct(char *const *targets, int n, struct cm_err *err);

/*
 * Whether a device described by @info may be erased: 0, or a negative
 * errno with the kind pinned in @err (TEMPFAIL in use or the running
 * system, NOPERM read-only). @force_unsafe lifts "in use", never "system".
 */
int wp_guard_refuse(const char *target, const struct wp_devinfo *info,
		    bool force_unsafe, struct cm_err *err);

/*
 * Inspect @job->target and decide whether it may be erased: fills
 * job->info and pins what the path names; returns 0 if allowed, else a
 * negative errno with the kind pinned in @err (as wp_guard_refuse(), and
 * NOINPUT for a missing target).
 */
int wp_guard_check(struct wp_job *job, bool force_unsafe, struct cm_err *err);

/*
 * Open @job->target for erasing (exclusive, direct I/O) and check it is
 * the device wp_guard_check() inspected: the same device number and disk
 * sequence (or file), serial and size. On success *@out is a new device
 * owned by the caller; on refusal -EBUSY or -ESTALE with the kind
 * TEMPFAIL.
 */
int wp_guard_open(struct wp_job *job, struct wp_dev **out, struct cm_err *err);

#endif
