/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Purge: capability probing and the drive's own sanitize / erase
 * commands (NVMe, ATA, SCSI, BLKSECDISCARD, LUKS), each verified and
 * reported with the raw status words.
 */
#ifndef SANITAS_WP_PURGE_H
#define SANITAS_WP_PURGE_H

#include <stdbool.h>
#include <stdint.h>

#include "cm_err.h"
#include "wp_caps.h"
#include "wp_dev.h"
#include "wp_job.h"

/*
 * Probe what @d supports (Identify Controller/Namespace, ATA IDENTIFY,
 * SCSI REPORT SUPPORTED OPERATION CODES, BLKSECDISCARD, LUKS header).
 * Never writes. Fills @caps (caller releases with wp_caps_release()).
 */
int wp_caps_probe(struct wp_dev *d, struct wp_caps *caps, struct cm_err *err);

/*
 * The method --method auto picks for these capabilities: the strongest
 * supported Purge, else WP_M_RANDOM (Clear).
 */
enum wp_method_id wp_purge_auto(const struct wp_caps *caps);

struct wp_purge_opts {
	bool remove_hpa;    /* restore native max before erasing */
	volatile int *stop; /* set by SIGINT/SIGTERM; may be NULL */
	double sample_pct;  /* before/after commitment sample; 0: 0.1 */
	uint64_t seed;	    /* sample seed (recorded in the certificate) */
	/*
	 * Polling clock, injectable for tests: milliseconds on a monotonic
	 * clock, and a sleep. NULL: CLOCK_MONOTONIC and nanosleep().
	 */
	uint32_t poll_ms; /* 0: 1000 */
	uint64_t (*now_ms)(void *ctx);
	void (*sleep_ms)(void *ctx, uint32_t ms);
	void *clock_ctx;
};

/*
 * The timeout and the stall window (no progress change) for a drive
 * operation, from the drive's own estimate in seconds (0 unknown) and the
 * device size in bytes.
 */
void wp_purge_timeouts(uint32_t estimate_secs, uint64_t bytes,
		       uint64_t *timeout_secs, uint64_t *stall_secs);

/*
 * Hidden areas of @d as @caps found them (an HPA: native capacity above the
 * visible one): records them in res->hidden_areas and res->native_capacity.
 * With @remove, restores the native max address first (ATA SET MAX ADDRESS
 * EXT, volatile: the HPA comes back at the next power cycle) and records
 * that. Returns true when nothing stays hidden from the erase: no hidden
 * area, or it was removed and the erase reaches it (a drive command always
 * does; a host overwrite, @host_io, only when the kernel already addresses
 * the native size). false means the job is not a Purge (or Clear) of the
 * whole device: its category must say so. wp_purge_run() calls this itself.
 */
bool wp_purge_hidden_areas(struct wp_dev *d, const struct wp_caps *caps,
			   bool remove, bool host_io,
			   struct wp_job_result *res);

/*
 * Run Purge method @m on @d: pre-sample commitments, the command, polling
 * to an observed completion, post-verification. Fills @res (details,
 * device_status, verification, result). Returns 0 when the job ran to an
 * outcome recorded in @res (success or failure alike), -EOPNOTSUPP (exit
 * 69) when @d does not support @m (nothing was sent), <0 on other errors
 * before anything was changed.
 */
int wp_purge_run(struct wp_dev *d, enum wp_method_id m,
		 const struct wp_caps *caps, const struct wp_purge_opts *opts,
		 struct wp_job_result *res, struct cm_err *err);

#endif
