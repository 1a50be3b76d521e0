// SPDX-License-Identifier: Apache-2.0
/* Progress on stderr: a bar with rate and ETA on a TTY, or JSON lines. */
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cm_progress.h"
#include "cm_time.h"

/* one lock for stderr so parallel workers never interleave a line */
static pthread_mutex_t emit_lock = PTHREAD_MUTEX_INITIALIZER;

enum cm_progress_mode cm_progress_pick(bool json, bool quiet)
{
	if (json)
		return CM_PROGRESS_JSON;
	if (quiet || !isatty(STDERR_FILENO))
		return CM_PROGRESS_NONE;
	return CM_PROGRESS_TTY;
}

void cm_progress_begin(struct cm_progress *p, enum cm_progress_mode mode,
		       const char *label, const char *phase, uint64_t total)
{
	memset(p, 0, sizeof(*p));
	p->mode = mode;
	snprintf(p->label, sizeof(p->label), "%s", label);
	snprintf(p->phase, sizeof(p->phase), "%s", phase);
	p->total = total;
	p->started = cm_time_mono();
	p->last_emit = 0;
}

static void fmt_secs(double s, char *buf, size_t len)
{
	unsigned long t = s < 0 ? 0 : (unsigned long)(s + 0.5);

	snprintf(buf, len, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
}

static void emit(struct cm_progress *p, double now, const char *result)
{
	double el = now - p->started;
	double rate = el > 0 ? (double)p->done / el : 0;
	double eta = rate > 0 ? (double)(p->total - p->done) / rate : -1;
	double pct =
		p->total ? 100.0 * (double)p->done / (double)p->total : 100.0;
	char eta_s[32], el_s[32];

	fmt_secs(eta, eta_s, sizeof(eta_s));
	fmt_secs(el, el_s, sizeof(el_s));
	pthread_mutex_lock(&emit_lock);
	if (p->mode == CM_PROGRESS_JSON) {
		json_t *j = json_pack(
			"{s:s, s:s, s:I, s:I, s:f, s:f, s:f, s:f}", "device",
			p->label, "phase", p->phase, "bytes",
			(json_int_t)p->done, "total", (json_int_t)p->total,
			"percent", pct, "rate_bps", rate, "elapsed_s", el,
			"eta_s", eta < 0 ? 0.0 : eta);
		char *s = NULL;

		if (j && result)
			json_object_set_new(j, "result", json_string(result));
		if (j)
			s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (s)
			fprintf(stderr, "%s\n", s);
		free(s);
		json_decref(j);
	} else if (p->mode == CM_PROGRESS_TTY) {
		fprintf(stderr,
			"\r%-14s %-16s %6.2f%% %10.1f MB/s  elapsed %s  ETA %s%s%s",
			p->label, p->phase, pct, rate / 1e6, el_s,
			result ? "-" : eta_s, result ? "  " : "",
			result ? result : "");
		if (result)
			fputc('\n', stderr);
	}
	fflush(stderr);
	pthread_mutex_unlock(&emit_lock);
	p->last_emit = now;
}

void cm_progress_update(struct cm_progress *p, uint64_t done)
{
	double now;

	p->done = done;
	if (p->mode == CM_PROGRESS_NONE)
		return;
	now = cm_time_mono();
	if (now - p->last_emit >= 1.0)
		emit(p, now, NULL);
}

void cm_progress_end(struct cm_progress *p, const char *result)
{
	if (p->mode == CM_PROGRESS_NONE)
		return;
	emit(p, cm_time_mono(), result ? result : "done");
}
