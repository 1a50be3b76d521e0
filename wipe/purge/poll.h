/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one poll loop of the drive sanitize runners (NVMe, ATA, SCSI): it
 * reads the drive's status until the drive ends the operation, the job is
 * interrupted, the timeout derived from the drive's estimate passes, or
 * progress stops moving. Each protocol supplies how to read and judge its
 * status and the words of its failures.
 */
#ifndef SANITAS_PURGE_POLL_H
#define SANITAS_PURGE_POLL_H

#include <stdbool.h>
#include <stdint.h>

#include "purge/run.h"

/* Progress seen while polling a drive operation. */
struct wp_purge_poll {
	bool seen_in_progress;
	uint32_t last_progress;
	uint64_t last_change_ms;
	uint64_t start_ms;
	unsigned polls;
};

/* No progress figure in this sample (it keeps the last one). */
#define WP_POLL_NO_PROGRESS 0xFFFFFFFFu

/* What one status sample says. */
enum wp_poll_state {
	WP_POLL_WAITING,     /* nothing to conclude yet: poll again */
	WP_POLL_IN_PROGRESS, /* the drive reports the operation running */
	WP_POLL_DONE,	     /* completion observed (evidence recorded) */
	WP_POLL_FAILED,	     /* failure recorded with wp_purge_fail() */
	WP_POLL_UNREAD,	     /* the status could not be read (recorded as
				a failure, and not counted as a poll) */
};

/* Why the loop gave up on the drive. */
enum wp_poll_end {
	WP_POLL_INTERRUPTED,
	WP_POLL_TIMEOUT,
	WP_POLL_STALLED, /* no progress change (or never started) */
};

struct wp_purge_poller {
	/* Read the status once into @arg's fields; returns the read's rc. */
	int (*read)(struct wp_purge_ctx *r, void *arg);
	/*
	 * Judge what read() returned (@rc) at @now: record the sample
	 * (wp_purge_record_poll) and, when done, the evidence. For
	 * WP_POLL_IN_PROGRESS, *@progress is the progress figure or
	 * WP_POLL_NO_PROGRESS.
	 */
	enum wp_poll_state (*judge)(struct wp_purge_ctx *r, void *arg, int rc,
				    const struct wp_purge_poll *ps,
				    uint64_t now, uint32_t *progress);
	/* Record the failure for @end; @secs is the limit that passed. */
	void (*give_up)(struct wp_purge_ctx *r, enum wp_poll_end end,
			const struct wp_purge_poll *ps, uint64_t secs);
	void *arg;
	bool sleep_first;    /* wait a poll interval before each read */
	bool record_timeout; /* put timeout_secs into the device status */
};

/*
 * Poll @p to the end of the drive's operation, with the timeout and stall
 * window of wp_purge_timeouts() for r->caps' estimate of r->m. Records
 * "polls" (and with record_timeout, "timeout_secs") in r->status; any
 * failure goes through wp_purge_fail(). Returns the number of polls.
 */
unsigned wp_purge_poll_run(struct wp_purge_ctx *r,
			   const struct wp_purge_poller *p);

#endif
