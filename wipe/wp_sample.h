/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Seeded sample plans for NIST SP 800-88 "quick sampling" verification and
 * for before/after commitments around a drive's own erase: the first and
 * the last MiB, plus pseudo-random blocks spread over equal subsections so
 * that @pct percent of the device is covered. The same (size, block, pct,
 * seed) always yields the same offsets, so the certificate's seed lets
 * anyone repeat the check.
 */
#ifndef SANITAS_WP_SAMPLE_H
#define SANITAS_WP_SAMPLE_H

#include <stdint.h>

#define WP_SAMPLE_EDGE	(1024 * 1024) /* first and last MiB */
#define WP_SAMPLE_BLOCK (64 * 1024)   /* size of one random sample */

struct wp_sample_plan {
	uint64_t size;	/* device bytes */
	uint32_t block; /* sample block bytes (multiple of the LBS) */
	uint32_t align; /* offsets aligned to this (logical block) */
	uint64_t seed;
	double pct;
	uint64_t count; /* random samples in the plan */
	uint64_t next;	/* iterator position */
	uint64_t bytes; /* total bytes the plan covers */
};

/* @pct in (0, 100]; @align is the device's logical block size. */
void wp_sample_plan_init(struct wp_sample_plan *p, uint64_t size,
			 uint32_t align, double pct, uint64_t seed);
/*
 * Next range to read, in ascending offset order with no overlaps: returns
 * 0 and fills @off/@len, or 1 at the end.
 */
int wp_sample_plan_next(struct wp_sample_plan *p, uint64_t *off, uint32_t *len);

#endif
