/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The overwrite engine (Clear) and the read-back verifier. Both stream the
 * device through a small ring of aligned buffers: one thread produces
 * (generates data / reads the device) while the caller's thread consumes
 * (writes / compares), so generation overlaps I/O and memory stays
 * constant whatever the device size.
 */
#ifndef SANITAS_WP_ENGINE_H
#define SANITAS_WP_ENGINE_H

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cm_err.h"
#include "wp_dev.h"
#include "wp_keystream.h"

#define WP_CHUNK (4u * 1024 * 1024) /* bytes per I/O */
#define WP_NBUF	 3		    /* ring depth */

enum wp_pattern_kind {
	WP_PAT_ZERO,
	WP_PAT_ONE,
	WP_PAT_BYTES,
	WP_PAT_RANDOM,
};

struct wp_pattern {
	enum wp_pattern_kind kind;
	uint8_t bytes[32]; /* WP_PAT_BYTES: repeated from device offset 0 */
	size_t nbytes;
};

/*
 * Parse "zero", "one", "random" or "pattern:HEX" (1..32 bytes). Returns 0
 * or -EINVAL with a message.
 */
int wp_pattern_parse(const char *s, struct wp_pattern *p, struct cm_err *err);
/* "zero", "one", "random", "pattern:a55a" into @buf (80 bytes). */
void wp_pattern_name(const struct wp_pattern *p, char *buf, size_t len);
/*
 * The data pass @pass writes at [@off, @off+@len): @ks is needed for
 * WP_PAT_RANDOM only.
 */
int wp_pattern_fill(const struct wp_pattern *p, struct wp_keystream *ks,
		    unsigned pass, uint64_t off, void *buf, size_t len,
		    struct cm_err *err);

typedef void (*wp_progress_fn)(void *ctx, const char *phase, uint64_t done,
			       uint64_t total);

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

enum wp_verify_mode {
	WP_VERIFY_NONE,
	WP_VERIFY_SAMPLE,
	WP_VERIFY_FULL,
};

const char *wp_verify_mode_name(enum wp_verify_mode m);

struct wp_verify_opts {
	enum wp_verify_mode mode;
	double pct;    /* sample: percent of the device */
	uint64_t seed; /* sample: recorded for repeatability */
	const struct wp_pattern *pattern;
	struct wp_keystream *ks;
	unsigned pass; /* the pass whose data must be there */
	volatile sig_atomic_t *stop;
	wp_progress_fn progress;
	void *progress_ctx;
	uint32_t chunk;
};

struct wp_verify_result {
	uint64_t bytes_checked;
	uint64_t samples; /* ranges read */
	uint64_t mismatched_bytes;
	uint64_t first_mismatch; /* offset, valid if mismatched_bytes */
	bool interrupted;
	json_t *mismatches; /* owned: up to 64 ranges {"offset","length"} */
};

/*
 * Read @d back, bypassing the page cache, and compare with the expected
 * data. Returns 0 clean, 1 data found (mismatches), <0 read error.
 */
int wp_verify_run(struct wp_dev *d, const struct wp_verify_opts *o,
		  struct wp_verify_result *r, struct cm_err *err);

#endif
