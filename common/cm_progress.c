// SPDX-License-Identifier: Apache-2.0
/*
 * The progress model: rate, ETA and when a report is due; the printing is
 * the installed printer's (common/cli/cli_progress.c).
 */
#include <stdio.h>
#include <string.h>

#include "cm_progress.h"
#include "cm_time.h"

void cm_progress_begin(struct cm_progress *p, cm_progress_fn print, void *ctx,
		       const char *label, const char *phase, uint64_t total)
{
	memset(p, 0, sizeof(*p));
	p->print = print;
	p->print_ctx = ctx;
	snprintf(p->label, sizeof(p->label), "%s", label);
	snprintf(p->phase, sizeof(p->phase), "%s", phase);
	p->total = total;
	p->started = cm_time_mono();
	p->last_emit = 0;
}

static void emit(struct cm_progress *p, double now, const char *result)
{
	struct cm_progress_report r = {
		.label = p->label,
		.phase = p->phase,
		.done = p->done,
		.total = p->total,
		.result = result,
	};

	r.elapsed_s = now - p->started;
	/* under a second, a running phase has no rate yet: the first
	 * chunks land in caches, and would claim an absurd one */
	r.rate_bps = r.elapsed_s > 0 && (result || r.elapsed_s >= 1.0)
			     ? (double)p->done / r.elapsed_s
			     : 0;
	r.eta_s =
		r.rate_bps > 0 ? (double)(p->total - p->done) / r.rate_bps : -1;
	r.percent =
		p->total ? 100.0 * (double)p->done / (double)p->total : 100.0;
	p->print(p->print_ctx, &r);
	p->last_emit = now;
}

void cm_progress_update(struct cm_progress *p, uint64_t done)
{
	double now;

	p->done = done;
	if (!p->print)
		return;
	now = cm_time_mono();
	if (now - p->last_emit >= 1.0)
		emit(p, now, NULL);
}

void cm_progress_end(struct cm_progress *p, const char *result)
{
	if (!p->print)
		return;
	emit(p, cm_time_mono(), result ? result : "done");
}
