/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The ring of aligned buffers the overwrite engine and the verifier stream
 * the device through: one thread produces (generates data / reads the
 * device) while the caller's thread consumes (writes / compares), so
 * generation overlaps I/O and memory stays constant whatever the device
 * size.
 */
#ifndef SANITAS_WP_RING_H
#define SANITAS_WP_RING_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cm_err.h"

#define WP_CHUNK     (4u * 1024 * 1024) /* bytes per I/O */
#define WP_NBUF	     3			/* ring depth */
#define WP_BUF_ALIGN 4096

/* Progress of a long phase ("pass 1/3", "verify"): @done of @total bytes. */
typedef void (*wp_progress_fn)(void *ctx, const char *phase, uint64_t done,
			       uint64_t total);

struct wp_ring_slot {
	void *buf;
	uint64_t off;
	size_t len;
	bool full;
	bool init; /* buffer holds a fixed pattern already */
};

struct wp_ring {
	/* set by the caller */
	/* next range: 0 ok, 1 end (producer thread) */
	int (*next)(void *ctx, uint64_t *off, size_t *len);
	int (*produce)(void *ctx, struct wp_ring_slot *s, struct cm_err *err);
	int (*consume)(void *ctx, struct wp_ring_slot *s, struct cm_err *err);
	void *ctx;
	volatile sig_atomic_t *stop; /* checked after each consumed slot */
	/* set by wp_ring_run */
	bool stopped; /* *stop was seen at a safe point */
	/* internal */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct wp_ring_slot slot[WP_NBUF];
	size_t head, tail;
	bool done, cancel;
	int prod_rc;
	struct cm_err prod_err;
};

/*
 * Run @r (zero-initialised, callbacks set) with buffers of @bufsize bytes
 * until next() ends, a callback fails or *stop is set. Returns 0 or the
 * first callback error (its message in @err).
 */
int wp_ring_run(struct wp_ring *r, size_t bufsize, struct cm_err *err);

#endif
