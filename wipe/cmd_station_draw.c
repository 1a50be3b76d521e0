// SPDX-License-Identifier: Apache-2.0
/*
 * wipe station: drawing the screen (curses) from the station's state: the
 * drive list, the settings, the confirmation, the progress rows and the
 * summary, at 80x24 or larger; colours only as a second signal (every
 * state is also in words), none under NO_COLOR.
 */
#include <curses.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cm_size.h"
#include "cmd_station.h"

#define MIN_W 80
#define MIN_H 24

/* @text at (@y, @x) in exactly @w columns: cut or padded. */
static void cell(int y, int x, int w, const char *text)
{
	int n = (int)strlen(text);

	if (w <= 0)
		return;
	mvaddnstr(y, x, text, w);
	for (int i = n; i < w; i++)
		mvaddch(y, x + i, ' ');
}

/* A column of @w: @text cut to @w - 1, so one space always follows. */
static void col(int y, int x, int w, const char *text)
{
	cell(y, x, w - 1, text);
	cell(y, x + w - 1, 1, " ");
}

static void cellf(int y, int x, int w, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void cellf(int y, int x, int w, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cell(y, x, w, buf);
}

static void on(const struct station *s, int pair, attr_t extra)
{
	attr_t a = extra;

	if (s->color && pair)
		a |= COLOR_PAIR(pair);
	attron(a);
}

static void off(const struct station *s, int pair, attr_t extra)
{
	attr_t a = extra;

	if (s->color && pair)
		a |= COLOR_PAIR(pair);
	attroff(a);
}

static const char *or_dash(const char *v)
{
	return v && v[0] ? v : "-";
}

static void secs(double t, char *buf, size_t len)
{
	unsigned long v = t < 0 ? 0 : (unsigned long)(t + 0.5);

	if (t < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%lu:%02lu:%02lu", v / 3600, v / 60 % 60,
			 v % 60);
}

static void sigs_text(const struct wp_devinfo *d, char *buf, size_t len)
{
	size_t w = 0;

	buf[0] = '\0';
	if (d->sig_error) {
		snprintf(buf, len, "? (unread)");
		return;
	}
	for (int i = 0; i < d->nsigs && w + 1 < len; i++) {
		int r = snprintf(buf + w, len - w, "%s%s", i ? "," : "",
				 d->sigs[i].type);

		if (r < 0 || (size_t)r >= len - w)
			break;
		w += (size_t)r;
	}
	if (!buf[0])
		snprintf(buf, len, "none");
}

static void header(const struct station *s, const char *what)
{
	on(s, STN_C_HEAD, A_REVERSE * !s->color | A_BOLD);
	cellf(0, 0, COLS, " wipe station  %s  |  %s, %s", what,
	      s->run.id.organization ? s->run.id.organization : "-",
	      s->a->o.meta.operator_name ? s->a->o.meta.operator_name
	      : s->run.id.operator_name	 ? s->run.id.operator_name
					 : "-");
	off(s, STN_C_HEAD, A_REVERSE * !s->color | A_BOLD);
}

static void footer(const struct station *s, const char *keys)
{
	if (s->asking) {
		on(s, STN_C_WARN, A_BOLD);
		cellf(LINES - 2, 0, COLS,
		      "Stop every running drive at a safe point? Each gets a signed interrupted record and keeps its checkpoint (resume: wipe erase --resume). y/N");
		off(s, STN_C_WARN, A_BOLD);
	} else {
		on(s, s->msg_bad ? STN_C_BAD : 0, s->msg_bad ? A_BOLD : 0);
		cell(LINES - 2, 0, COLS, s->msg);
		off(s, s->msg_bad ? STN_C_BAD : 0, s->msg_bad ? A_BOLD : 0);
	}
	attron(A_REVERSE);
	cell(LINES - 1, 0, COLS, keys);
	attroff(A_REVERSE);
}

/* The first row and how many fit, for a list of @n with @cur shown. */
static int scroll_top(int cur, int n, int rows)
{
	int top = cur - rows + 1;

	if (top < 0 || n <= rows)
		top = 0;
	return top;
}

/* ---- the list ---- */

struct cols {
	int dev, size, tr, model, serial, sigs, status;
};

static struct cols list_cols(void)
{
	struct cols c = {8, 9, 6, 10, 10, 8, 0};
	int extra = COLS - MIN_W;

	c.model += extra / 6;
	c.serial += extra / 6;
	c.sigs += extra / 10;
	c.status = COLS - (6 + c.dev + c.size + c.tr + c.model + c.serial +
			   c.sigs + 6);
	return c;
}

static void list_row(const struct station *s, int y, int i,
		     const struct cols *c)
{
	const struct stn_drive *d = &s->drives[i];
	const struct wp_devinfo *v = &d->info;
	char size[24], model[200], sigs[128], status[600];
	int x = 0;

	cm_size_human(v->size, size, sizeof(size));
	snprintf(model, sizeof(model), "%s%s%s", v->vendor,
		 v->vendor[0] && v->model[0] ? " " : "", v->model);
	sigs_text(v, sigs, sizeof(sigs));
	if (v->unsafe)
		snprintf(status, sizeof(status), "unsafe: %s",
			 v->unsafe_detail[0] ? v->unsafe_detail : "in use");
	else if (d->resumable)
		snprintf(status, sizeof(status),
			 "ready (interrupted job: wipe erase --resume)");
	else
		snprintf(status, sizeof(status), "ready");
	if (i == s->cur)
		attron(A_REVERSE);
	cellf(y, x, 6, "%c%s", i == s->cur ? '>' : ' ',
	      v->unsafe	    ? " --  "
	      : d->selected ? " [x] "
			    : " [ ] ");
	x += 6;
	col(y, x, c->dev + 1, v->is_file ? v->path : v->name);
	x += c->dev + 1;
	cellf(y, x, c->size + 1, "%*s ", c->size, size);
	x += c->size + 1;
	col(y, x, c->tr + 1, or_dash(v->transport));
	x += c->tr + 1;
	col(y, x, c->model + 1, or_dash(model));
	x += c->model + 1;
	col(y, x, c->serial + 1, or_dash(v->serial));
	x += c->serial + 1;
	col(y, x, c->sigs + 1, sigs);
	x += c->sigs + 1;
	on(s, v->unsafe ? STN_C_BAD : STN_C_OK, v->unsafe ? A_BOLD : 0);
	cell(y, x, COLS - x, status);
	off(s, v->unsafe ? STN_C_BAD : STN_C_OK, v->unsafe ? A_BOLD : 0);
	if (i == s->cur)
		attroff(A_REVERSE);
}

static void draw_list(const struct station *s)
{
	struct cols c = list_cols();
	int rows = LINES - 6, top = scroll_top(s->cur, (int)s->nd, rows);
	int nsel = 0, x = 6;
	char what[64];

	for (size_t i = 0; i < s->nd; i++)
		nsel += s->drives[i].selected;
	snprintf(what, sizeof(what), "%zu drive%s, %d selected", s->nd,
		 s->nd == 1 ? "" : "s", nsel);
	header(s, what);
	attron(A_BOLD);
	cell(1, 0, 6, "  SEL");
	col(1, x, c.dev + 1, "DEVICE");
	x += c.dev + 1;
	cellf(1, x, c.size + 1, "%*s ", c.size, "SIZE");
	x += c.size + 1;
	col(1, x, c.tr + 1, "BUS");
	x += c.tr + 1;
	col(1, x, c.model + 1, "MODEL");
	x += c.model + 1;
	col(1, x, c.serial + 1, "SERIAL");
	x += c.serial + 1;
	col(1, x, c.sigs + 1, c.sigs >= 10 ? "SIGNATURES" : "SIGS");
	x += c.sigs + 1;
	cell(1, x, COLS - x, "STATE");
	attroff(A_BOLD);
	if (!s->nd)
		cell(3, 2, COLS - 2,
		     "no drives: plug one in (the list follows hot-plug)");
	for (int i = top; i < (int)s->nd && i - top < rows; i++)
		list_row(s, 2 + i - top, i, &c);
	if (s->nd) {
		const struct wp_devinfo *v = &s->drives[s->cur].info;
		char sigs[128], size[24];

		sigs_text(v, sigs, sizeof(sigs));
		cm_size_human(v->size, size, sizeof(size));
		cellf(LINES - 4, 0, COLS,
		      "%s: %s %s, serial %s, %s (%llu bytes), %s, signatures %s",
		      v->path, or_dash(v->vendor), or_dash(v->model),
		      or_dash(v->serial), size, (unsigned long long)v->size,
		      or_dash(v->transport), sigs);
		on(s, v->unsafe ? STN_C_BAD : 0, 0);
		cellf(LINES - 3, 0, COLS, "%s%s",
		      v->unsafe ? "not selectable: " : "",
		      v->unsafe ? v->unsafe_detail : "safe to erase");
		off(s, v->unsafe ? STN_C_BAD : 0, 0);
	}
	footer(s,
	       " arrows/j k move  space select  a all safe  Enter settings  r rescan  q quit");
}

/* ---- the settings and the confirmation ---- */

static void draw_settings(const struct station *s)
{
	int rows = LINES - 6, n = s->nfields + 1;
	int top = scroll_top(s->fcur, n, rows);
	char what[64];

	snprintf(what, sizeof(what), "settings for %d drive%s", s->nt,
		 s->nt == 1 ? "" : "s");
	header(s, what);
	attron(A_BOLD);
	cell(1, 0, COLS,
	     "  SETTING                 VALUE (as the options of wipe erase)");
	attroff(A_BOLD);
	for (int i = top; i < n && i - top < rows; i++) {
		int y = 2 + i - top;

		if (i == s->fcur)
			attron(A_REVERSE);
		if (i == s->nfields) {
			cellf(y, 0, COLS, "%c >> Start: erase %d drive%s",
			      i == s->fcur ? '>' : ' ', s->nt,
			      s->nt == 1 ? "" : "s");
		} else {
			const struct stn_field *f = &s->fields[i];
			char label[128];

			if (f->drive >= 0)
				snprintf(label, sizeof(label), "%s %s",
					 f->label,
					 s->targets[f->drive]
						 ? s->targets[f->drive]
						 : "?");
			else
				snprintf(label, sizeof(label), "%s", f->label);
			char shown[300];

			if (f->value[0])
				snprintf(shown, sizeof(shown), "%s", f->value);
			else if (!strcmp(f->name, "operator"))
				snprintf(shown, sizeof(shown),
					 "(the identity's: %s)",
					 s->run.id.operator_name
						 ? s->run.id.operator_name
						 : "none");
			else
				snprintf(shown, sizeof(shown), "(not given)");
			cellf(y, 0, COLS, "%c %-22.22s  %-*s  --%s",
			      i == s->fcur ? '>' : ' ', label,
			      COLS > 100 ? 50 : 30, shown, f->name);
		}
		if (i == s->fcur)
			attroff(A_REVERSE);
	}
	cell(LINES - 4, 0, COLS,
	     "Fields not given are left out of the certificate, never guessed.");
	cell(LINES - 3, 0, COLS, "");
	footer(s,
	       " arrows/j k move  Enter change / start  Esc back to the drives  q quit");
}

static void draw_confirm(const struct station *s)
{
	const struct erase_worker *w = NULL;
	int y = 2;
	char what[64];

	snprintf(what, sizeof(what), "confirm: %d of %d drive%s", s->nready,
		 s->nt, s->nt == 1 ? "" : "s");
	header(s, what);
	attron(A_BOLD);
	cell(1, 0, COLS, "  DEVICE     SERIAL          WILL BE");
	attroff(A_BOLD);
	for (int i = 0; i < s->run.n && y < LINES - 5; i++, y++) {
		const struct erase_worker *x = &s->run.ws[i];

		on(s, x->refused ? STN_C_BAD : 0, 0);
		cellf(y, 0, COLS, "  %-10s %-15s %s", x->job.target,
		      or_dash(x->job.info.serial),
		      x->refused ? x->job.err.msg
				 : "ERASED (all data destroyed)");
		off(s, x->refused ? STN_C_BAD : 0, 0);
	}
	if (s->a->confirm_serials && s->confirm_at < s->run.n)
		w = &s->run.ws[s->confirm_at];
	on(s, STN_C_WARN, A_BOLD);
	if (!s->nready)
		cell(LINES - 4, 0, COLS,
		     "Nothing to erase: any key goes back.");
	else if (w)
		cellf(LINES - 4, 0, COLS,
		      "Type the %s of %s to erase it (Esc: back):",
		      w->job.info.serial[0] && !w->job.info.is_file ? "serial"
								    : "path",
		      w->job.target);
	else
		cellf(LINES - 4, 0, COLS,
		      "Type %d to erase these %d drive%s (Esc: back):",
		      s->nready, s->nready, s->nready == 1 ? "" : "s");
	off(s, STN_C_WARN, A_BOLD);
	cell(LINES - 3, 0, COLS, "");
	footer(s, " type the confirmation, Enter  Esc back");
}

/* ---- the run and the summary ---- */

static const char *state_of(const struct erase_worker *w, bool done, int *pair)
{
	*pair = 0;
	if (w->refused) {
		*pair = STN_C_BAD;
		return "refused";
	}
	if (!done)
		return "running";
	switch (w->job.result) {
	case WP_RESULT_SUCCESS:
		*pair = w->job.err.kind == CM_ERR_NONE ? STN_C_OK : STN_C_BAD;
		return w->job.err.kind == CM_ERR_NONE ? "success" : "FAILED";
	case WP_RESULT_INTERRUPTED:
		*pair = STN_C_WARN;
		return "interrupted";
	default:
		*pair = STN_C_BAD;
		return "FAILED";
	}
}

/* The columns of a progress row: x of each, the state after the last. */
enum {
	R_DEV = 2,
	R_PHASE = 14,
	R_PCT = 26,
	R_RATE = 34,
	R_ETA = 47,
	R_ERR = 57,
	R_STATE = 67
};

static void run_row(const struct station *s, int y, int i)
{
	const struct erase_worker *w = &s->run.ws[i];
	bool done = atomic_load(&w->finished);
	uint64_t bad = atomic_load(&w->job.unwritten);
	struct stn_snap p;
	char errs[32], eta[32];
	const char *st;
	int pair;

	pthread_mutex_lock(s->snaps[i].lock);
	p = s->snaps[i];
	pthread_mutex_unlock(s->snaps[i].lock);
	if (bad)
		cm_size_human(bad, errs, sizeof(errs));
	else
		snprintf(errs, sizeof(errs), "0");
	secs(p.have && !done ? p.eta_s : -1, eta, sizeof(eta));
	st = state_of(w, done, &pair);
	if (i == s->rcur)
		attron(A_REVERSE);
	cellf(y, 0, R_DEV, "%c ", i == s->rcur ? '>' : ' ');
	cell(y, R_DEV, R_PHASE - R_DEV,
	     w->job.target + (strncmp(w->job.target, "/dev/", 5) ? 0 : 5));
	cell(y, R_PHASE, R_PCT - R_PHASE,
	     w->refused ? "-"
	     : p.have	? p.phase
			: (done ? "-" : "starting"));
	if (p.have)
		cellf(y, R_PCT, R_RATE - R_PCT, "%6.1f%%", p.percent);
	else
		cellf(y, R_PCT, R_RATE - R_PCT, "%7s", "-");
	if (p.have && p.rate_bps > 0)
		cellf(y, R_RATE, R_ETA - R_RATE, "%7.1f MB/s",
		      p.rate_bps / 1e6);
	else
		cellf(y, R_RATE, R_ETA - R_RATE, "%12s", "-");
	cellf(y, R_ETA, R_ERR - R_ETA, "%9s", eta);
	cellf(y, R_ERR, R_STATE - R_ERR, "%9s", errs);
	on(s, pair, A_BOLD);
	cellf(y, R_STATE, COLS - R_STATE, " %s%s", st,
	      done && w->job.cert_path ? ", signed" : "");
	off(s, pair, A_BOLD);
	if (i == s->rcur)
		attroff(A_REVERSE);
}

static void draw_run(const struct station *s)
{
	int rows = LINES - 6, top = scroll_top(s->rcur, s->run.n, rows);
	int ndone = 0;
	char what[96], el[32];

	for (int i = 0; i < s->run.n; i++)
		ndone += atomic_load(&s->run.ws[i].finished);
	secs((double)(time(NULL) - s->started), el, sizeof(el));
	snprintf(what, sizeof(what), "%s %d of %d drives ended, %s elapsed",
		 s->stopping ? "STOPPING:" : "erasing:", ndone, s->run.n, el);
	header(s, what);
	attron(A_BOLD);
	cell(1, 0, COLS, "");
	cell(1, R_DEV, R_PHASE - R_DEV, "DEVICE");
	cell(1, R_PHASE, R_PCT - R_PHASE, "PASS");
	cellf(1, R_PCT, R_RATE - R_PCT, "%7s", "DONE");
	cellf(1, R_RATE, R_ETA - R_RATE, "%12s", "RATE");
	cellf(1, R_ETA, R_ERR - R_ETA, "%9s", "ETA");
	cellf(1, R_ERR, R_STATE - R_ERR, "%9s", "ERRORS");
	cell(1, R_STATE, COLS - R_STATE, " STATE");
	attroff(A_BOLD);
	for (int i = top; i < s->run.n && i - top < rows; i++)
		run_row(s, 2 + i - top, i);
	if (s->run.n) {
		const struct erase_worker *w = &s->run.ws[s->rcur];
		bool done = atomic_load(&w->finished);

		cellf(LINES - 4, 0, COLS, "%s: method %s; certificate %s",
		      w->job.target, or_dash(w->job.method_name),
		      done && w->job.cert_path ? w->job.cert_path
					       : "(when it ends)");
		cellf(LINES - 3, 0, COLS, "%s",
		      done && w->job.err.kind != CM_ERR_NONE ? w->job.err.msg
							     : "");
	}
	footer(s,
	       " arrows/j k select a drive  q stop every drive at a safe point");
}

static void draw_summary(const struct station *s)
{
	int y = 2, nok = 0;
	char what[96];

	for (int i = 0; i < s->run.n; i++)
		nok += !s->run.ws[i].refused && !s->run.ws[i].exit_code;
	snprintf(what, sizeof(what),
		 "summary: %d of %d drive%s erased and verified", nok, s->run.n,
		 s->run.n == 1 ? "" : "s");
	header(s, what);
	attron(A_BOLD);
	cell(1, 0, COLS, "  DEVICE     RESULT       VERIFY       METHOD");
	attroff(A_BOLD);
	for (int i = s->rcur; i < s->run.n && y < LINES - 4; i++) {
		const struct erase_worker *w = &s->run.ws[i];
		int pair;
		const char *st = state_of(w, true, &pair);

		on(s, pair, A_BOLD);
		cellf(y++, 0, COLS, "%c %-10s %-12s %-12s %s",
		      i == s->rcur ? '>' : ' ', w->job.target, st,
		      w->refused ? "-" : w->job.verification,
		      or_dash(w->job.method_name));
		off(s, pair, A_BOLD);
		if (y < LINES - 4)
			cellf(y++, 0, COLS, "    certificate %s%s",
			      w->job.cert_path ? w->job.cert_path
					       : "none (nothing was written)",
			      w->pdf ? " (+ PDF)" : "");
		if (y < LINES - 4 && w->exit_code)
			cellf(y++, 0, COLS, "    %s",
			      w->recorded == REC_FAILED ? w->rec_err.msg
			      : w->pdf_failed		? w->pdf_err.msg
							: w->job.err.msg);
		else if (y < LINES - 4 && w->rec)
			cellf(y++, 0, COLS, "    ledger: %s",
			      w->recorded == REC_STORED ? "recorded"
							: "already recorded");
	}
	cell(LINES - 4, 0, COLS,
	     "Verify any certificate with 'wipe cert verify' or openssl cms -verify.");
	cell(LINES - 3, 0, COLS, "");
	footer(s, " arrows/j k scroll  Enter back to the drives  q quit");
}

/* The menu of a setting, over the screen. */
static void draw_menu(const struct station *s)
{
	int h = s->nitems + 2, w = 34, y0, x0;
	int rows = LINES - 4 < h ? LINES - 4 : h;
	int top = scroll_top(s->icur, s->nitems, rows - 2);

	y0 = (LINES - rows) / 2;
	x0 = (COLS - w) / 2;
	attron(A_BOLD);
	cellf(y0, x0, w, "+- %s ", s->fields[s->fcur].label);
	attroff(A_BOLD);
	for (int i = top; i < s->nitems && i - top < rows - 2; i++) {
		if (i == s->icur)
			attron(A_REVERSE);
		cellf(y0 + 1 + i - top, x0, w, "| %c %-28s|",
		      i == s->icur ? '>' : ' ', s->items[i]);
		if (i == s->icur)
			attroff(A_REVERSE);
	}
	cellf(y0 + rows - 1, x0, w, "+- Enter choose, Esc keep ---------+");
}

/* The line being typed, on the detail line above the status. */
static void draw_typing(const struct station *s)
{
	char buf[1100];
	size_t n = wcstombs(buf, s->line, sizeof(buf) - 1);
	int y = LINES - 3;

	buf[n == (size_t)-1 ? 0 : n] = '\0';
	attron(A_BOLD);
	cellf(y, 0, COLS, "%s%s%s_", s->prompt, s->prompt[0] ? ": " : "> ",
	      buf);
	attroff(A_BOLD);
}

void stn_draw(struct station *s)
{
	erase();
	if (COLS < MIN_W || LINES < MIN_H) {
		mvprintw(0, 0,
			 "wipe station needs %dx%d; this terminal is %dx%d.",
			 MIN_W, MIN_H, COLS, LINES);
		mvprintw(1, 0, "Drives keep running: make the window larger.");
		refresh();
		return;
	}
	switch (s->screen) {
	case STN_LIST:
		draw_list(s);
		break;
	case STN_SETTINGS:
		draw_settings(s);
		break;
	case STN_CONFIRM:
		draw_confirm(s);
		break;
	case STN_RUN:
		draw_run(s);
		break;
	case STN_SUMMARY:
		draw_summary(s);
		break;
	}
	if (s->menu_open)
		draw_menu(s);
	if (s->typing)
		draw_typing(s);
	refresh();
}
