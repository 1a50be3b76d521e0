/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The progress model: what one phase of a long job has done, its rate and
 * ETA, and when a report is due (at most once a second, and once at the
 * end). It prints nothing: each report goes to a printer the caller
 * installs (common/cli/cli_progress.h has the bar and the JSON lines).
 * Thread-safe as long as each worker owns its struct cm_progress.
 */
#ifndef SANITAS_CM_PROGRESS_H
#define SANITAS_CM_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

/* One report: the strings are the progress's own, valid during the call. */
struct cm_progress_report {
	const char *label; /* e.g. the device path */
	const char *phase; /* "erase pass 1/1", "verify" */
	uint64_t done;
	uint64_t total;
	double percent;	    /* 100 when total is 0 */
	double rate_bps;    /* bytes per second so far, 0 in a running
			       phase's first second */
	double elapsed_s;   /* since cm_progress_begin() */
	double eta_s;	    /* seconds left, < 0 when unknown (no rate yet) */
	const char *result; /* NULL while running; set on the final report */
};

/* A printer: gets every report due; @ctx is what was installed with it. */
typedef void (*cm_progress_fn)(void *ctx, const struct cm_progress_report *r);

struct cm_progress {
	cm_progress_fn print; /* NULL: nothing is reported */
	void *print_ctx;
	char label[96];
	char phase[32];
	uint64_t total;
	uint64_t done;
	double started; /* cm_time_mono() */
	double last_emit;
};

/*
 * Start a phase of @total bytes; reports go to @print (with @ctx), none when
 * @print is NULL. @label and @phase are copied (cut to fit).
 */
void cm_progress_begin(struct cm_progress *p, cm_progress_fn print, void *ctx,
		       const char *label, const char *phase, uint64_t total);
/* Record @done bytes; a report is due at most once per second. */
void cm_progress_update(struct cm_progress *p, uint64_t done);
/* The final report of the phase, with @result (NULL: "done"). */
void cm_progress_end(struct cm_progress *p, const char *result);

#endif
