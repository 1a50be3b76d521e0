/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The overwrite engine (Clear): 1..N passes of a pattern over the whole
 * device through the buffer ring, write errors retried and then recorded
 * as LBA ranges, a safe resume point reported about every 10 s.
 */
#ifndef SANITAS_WP_OVERWRITE_H
#define SANITAS_WP_OVERWRITE_H

#include <jansson.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "cm_err.h"
#include "wp_dev.h"
#include "wp_keystream.h"
#include "wp_pattern.h"
#include "wp_ring.h"

struct wp_overwrite_opts {
	struct wp_pattern pattern;
	unsigned passes;	     /* >= 1 */
	struct wp_keystream *ks;     /* random passes; borrowed */
	unsigned start_pass;	     /* resume: 0-based pass */
	uint64_t start_off;	     /* resume: offset within that pass */
	volatile sig_atomic_t *stop; /* stop at a safe point when set */
	unsigned retries;	     /* per failed write; default 3 */
	wp_progress_fn progress;
	void *progress_ctx;
	/* called about every 10 s with the safe resume point */
	void (*checkpoint)(void *ctx, unsigned pass, uint64_t off);
	void *checkpoint_ctx;
	/* NULL, or a count of the bytes that failed, kept as they fail */
	atomic_uint_least64_t *unwritten;
	uint32_t chunk;	   /* 0 -> WP_CHUNK */
	uint32_t lba_size; /* unit of recorded bad ranges (the device's logical
			      block, not the I/O alignment); 0 -> the I/O unit */
};

struct wp_overwrite_state {
	unsigned pass; /* where it stopped (or passes when done) */
	uint64_t offset;
	uint64_t bytes_written;
	bool interrupted;
	bool aborted;	    /* too many errors: device unusable */
	json_t *bad_ranges; /* owned: [{"first_lba","last_lba","error"}] */
};

/*
 * Overwrite @d. Returns 0 when it ran to the end or to a requested stop
 * (see @st: interrupted, bad_ranges), <0 on an error that prevented it.
 */
int wp_overwrite_run(struct wp_dev *d, const struct wp_overwrite_opts *o,
		     struct wp_overwrite_state *st, struct cm_err *err);

#endif
