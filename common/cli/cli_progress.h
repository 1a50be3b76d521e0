/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The printers of progress reports (struct cm_progress_report) on stderr:
 * a bar with rate and ETA for a terminal, or one JSON line per report for
 * --json-progress. Lines of parallel workers never interleave.
 */
#ifndef SANITAS_CLI_PROGRESS_H
#define SANITAS_CLI_PROGRESS_H

#include <stdbool.h>

#include "cm_progress.h"

/*
 * The printer for the flags: JSON lines with @json_lines, else the bar when
 * stderr is a terminal and not @quiet, else NULL (no progress).
 */
cm_progress_fn cli_progress_pick(bool json_lines, bool quiet);

/* "\rLABEL PHASE PCT% RATE MB/s  elapsed H:MM:SS  ETA H:MM:SS" (@ctx unused). */
void cli_progress_bar(void *ctx, const struct cm_progress_report *r);

/* {"device", "phase", "bytes", "total", "percent", ...} (@ctx unused). */
void cli_progress_json(void *ctx, const struct cm_progress_report *r);

#endif
