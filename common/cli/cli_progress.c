// SPDX-License-Identifier: Apache-2.0
/* Progress on stderr: the bar for a terminal and the JSON lines. */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli_progress.h"

/* one lock for stderr so parallel workers never interleave a line */
static pthread_mutex_t emit_lock = PTHREAD_MUTEX_INITIALIZER;

cm_progress_fn cli_progress_pick(bool json_lines, bool quiet)
{
	if (json_lines)
		return cli_progress_json;
	if (quiet || !isatty(STDERR_FILENO))
		return NULL;
	return cli_progress_bar;
}

static void fmt_secs(double s, char *buf, size_t len)
{
	unsigned long t = s < 0 ? 0 : (unsigned long)(s + 0.5);

	snprintf(buf, len, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
}

void cli_progress_bar(void *ctx, const struct cm_progress_report *r)
{
	char eta_s[32], el_s[32];

	(void)ctx;
	fmt_secs(r->eta_s, eta_s, sizeof(eta_s));
	fmt_secs(r->elapsed_s, el_s, sizeof(el_s));
	pthread_mutex_lock(&emit_lock);
	fprintf(stderr,
		"\r%-14s %-16s %6.2f%% %10.1f MB/s  elapsed %s  ETA %s%s%s",
		r->label, r->phase, r->percent, r->rate_bps / 1e6, el_s,
		r->result ? "-" : eta_s, r->result ? "  " : "",
		r->result ? r->result : "");
	if (r->result)
		fputc('\n', stderr);
	fflush(stderr);
	pthread_mutex_unlock(&emit_lock);
}

void cli_progress_json(void *ctx, const struct cm_progress_report *r)
{
	json_t *j;
	char *s = NULL;

	(void)ctx;
	j = json_pack("{s:s, s:s, s:I, s:I, s:f, s:f, s:f, s:f}", "device",
		      r->label, "phase", r->phase, "bytes", (json_int_t)r->done,
		      "total", (json_int_t)r->total, "percent", r->percent,
		      "rate_bps", r->rate_bps, "elapsed_s", r->elapsed_s,
		      "eta_s", r->eta_s < 0 ? 0.0 : r->eta_s);
	if (j && r->result)
		json_object_set_new(j, "result", json_string(r->result));
	if (j)
		s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	pthread_mutex_lock(&emit_lock);
	if (s)
		fprintf(stderr, "%s\n", s);
	fflush(stderr);
	pthread_mutex_unlock(&emit_lock);
	free(s);
	json_decref(j);
}
