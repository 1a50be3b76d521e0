/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Progress reporting on stderr: a bar with rate and ETA when stderr is a
 * TTY, or one JSON line per second with --json-progress. Thread-safe: many
 * workers may each own one struct cm_progress.
 */
#ifndef SANITAS_CM_PROGRESS_H
#define SANITAS_CM_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

enum cm_progress_mode {
	CM_PROGRESS_NONE,
	CM_PROGRESS_TTY,
	CM_PROGRESS_JSON,
};

struct cm_progress {
	enum cm_progress_mode mode;
	char label[96]; /* e.g. the device path */
	char phase[32]; /* "erase pass 1/1", "verify" */
	uint64_t total;
	uint64_t done;
	double started; /* cm_time_mono() */
	double last_emit;
};

/* The mode to use given the flags and whether stderr is a terminal. */
enum cm_progress_mode cm_progress_pick(bool json, bool quiet);
void cm_progress_begin(struct cm_progress *p, enum cm_progress_mode mode,
		       const char *label, const char *phase, uint64_t total);
/* Record @done bytes; emits at most once per second. */
void cm_progress_update(struct cm_progress *p, uint64_t done);
/* Final line for the phase (always emitted in TTY and JSON modes). */
void cm_progress_end(struct cm_progress *p, const char *result);

#endif
