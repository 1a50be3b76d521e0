// SPDX-License-Identifier: Apache-2.0
/*
 * wipe station: one full-screen terminal interface for a bay of drives:
 * the list (live, as drives come and go), the settings, the typed
 * confirmation, parallel progress and the summary. Every erase runs
 * through the run of wipe erase (cmd_erase_run.c), so the guard, the
 * erase, the verification, the certificates, checkpoints and the safe
 * stop are the same.
 */
#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_signal.h"
#include "cmd_station.h"
#include "cmds.h"
#include "wp_checkpoint.h"
#include "wp_guard.h"
#include "wp_hotplug.h"
#include "wp_method.h"

static const char usage_text[] =
	"usage: wipe station [options]\n"
	"\n"
	"A full-screen interface for a wiping station: every drive with why any\n"
	"is unsafe, live as drives are plugged and pulled; select, choose the\n"
	"method, verification and Appendix G fields, confirm, watch the drives\n"
	"erase in parallel, and leave with a signed certificate for each.\n"
	"\n"
	"  --confirm count|serial  type the number of drives (default) or each\n"
	"                       drive's serial (an image's or loop's path)\n"
	"  --method M  --passes N  --verify V  --sample PCT  --remove-hpa\n"
	"  --identity DIR  --passphrase-file F  --tsa URL  --tsa-ca PEM\n"
	"  --cert-dir DIR  --state-dir DIR  --ledger PATH|URI  --pdf\n"
	"  --operator NAME  --asset-tag TAG  --source S  --classification C\n"
	"  --data-backed-up yes|no|unknown  --backup-location L\n"
	"  --destination D  --post-classification C  --notes TEXT\n"
	"  --customer C  --job J\n"
	"                       as for 'wipe erase' (the defaults of the screen's\n"
	"                       settings)\n"
	"\n"
	"Keys: arrows or j/k move, space selects, a selects every safe drive,\n"
	"Enter goes on, Esc goes back, q quits (asking first while drives are\n"
	"erased: they stop at a safe point, as on SIGINT). NO_COLOR turns the\n"
	"colours off.\n"
	"\n"
	"Exit: 0 when every drive of the last run was erased and verified (or\n"
	"none was run); otherwise the worst code, as 'wipe erase' gives it.\n";

/* one lock for the progress snapshots the workers write */
static pthread_mutex_t snap_lock = PTHREAD_MUTEX_INITIALIZER;

static void on_progress(void *ctx, const struct cm_progress_report *r)
{
	struct stn_snap *p = ctx;

	pthread_mutex_lock(p->lock);
	snprintf(p->phase, sizeof(p->phase), "%s", r->phase);
	p->percent = r->percent;
	/* a phase's first second has no rate yet: the last one known
	 * (the drive's previous pass) stands for it meanwhile */
	if (r->rate_bps > 0)
		p->rate_bps = r->rate_bps;
	p->eta_s = r->result || p->rate_bps <= 0
			   ? -1
			   : (double)(r->total - r->done) / p->rate_bps;
	p->have = true;
	pthread_mutex_unlock(p->lock);
}

void stn_say(struct station *s, bool bad, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof(s->msg), fmt, ap);
	va_end(ap);
	s->msg_bad = bad;
}

/* ---- the list ---- */

/* @a and @b are one drive: a selection never passes to another drive
 * that took the same name (a loop attached to another file, a disk
 * swapped in the same bay). */
static bool same_drive(const struct wp_devinfo *a, const struct wp_devinfo *b)
{
	return !strcmp(a->path, b->path) && !strcmp(a->serial, b->serial) &&
	       a->size == b->size && !strcmp(a->backing_file, b->backing_file);
}

/* Read the drives again, keeping the selection of those still there. */
static void rescan(struct station *s)
{
	struct wp_devinfo *v = NULL;
	struct stn_drive *nd;
	struct cm_err err;
	size_t n = 0, k = 0;
	char at[sizeof(v->path)] = "";

	if (s->nd)
		snprintf(at, sizeof(at), "%s", s->drives[s->cur].info.path);
	cm_err_clear(&err);
	if (wp_discover(true, &v, &n, &err) < 0) {
		stn_say(s, true, "cannot list the drives: %s", err.msg);
		return;
	}
	nd = calloc(n ? n : 1, sizeof(*nd));
	if (!nd) {
		free(v);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char *ck;

		/* a station erases whole drives: partitions show as
		 * signatures on their disk's row */
		if (v[i].is_partition)
			continue;
		nd[k].info = v[i];
		for (size_t j = 0; j < s->nd; j++)
			if (same_drive(&s->drives[j].info, &v[i]))
				nd[k].selected =
					s->drives[j].selected && !v[i].unsafe;
		/* the cursor stays on its drive while others come and go */
		if (at[0] && !strcmp(at, v[i].path))
			s->cur = (int)k;
		ck = wp_checkpoint_path(s->a->o.state_dir, &v[i]);
		nd[k].resumable = ck && access(ck, F_OK) == 0;
		free(ck);
		k++;
	}
	free(v);
	free(s->drives);
	s->drives = nd;
	s->nd = k;
	if (s->cur >= (int)k)
		s->cur = k ? (int)k - 1 : 0;
}

static void list_key(struct station *s, int key)
{
	struct stn_drive *d = s->nd ? &s->drives[s->cur] : NULL;

	switch (key) {
	case ' ':
		if (!d)
			break;
		if (d->info.unsafe)
			stn_say(s, true, "%s cannot be selected: %s",
				d->info.path, d->info.unsafe_detail);
		else
			d->selected = !d->selected;
		break;
	case 'a':
		for (size_t i = 0; i < s->nd; i++)
			s->drives[i].selected = !s->drives[i].info.unsafe;
		break;
	case 'r':
		rescan(s);
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (!stn_nselected(s)) {
			stn_say(s, true,
				"select drives first (space, or a for every safe one)");
			break;
		}
		stn_make_targets(s);
		s->screen = STN_SETTINGS;
		s->fcur = 0;
		s->msg[0] = '\0';
		break;
	default:
		break;
	}
}

/* Guard every target of the settings: the confirmation names those that
 * will be erased, and any refused since the list was read. */
static void guard_batch(struct station *s)
{
	struct cm_err err;

	cm_err_clear(&err);
	if (wp_guard_distinct(s->targets, s->nt, &err) < 0) {
		stn_say(s, true, "%s", err.msg);
		return;
	}
	if (erase_run_targets(&s->run, s->targets, s->nt, on_progress) < 0) {
		stn_say(s, true, "out of memory");
		return;
	}
	for (int i = 0; i < s->nt; i++) {
		s->snaps[i].lock = &snap_lock;
		s->run.ws[i].print_ctx = &s->snaps[i];
		if (stn_apply_fields(s, &s->run.ws[i], i) < 0)
			return;
	}
	erase_run_guard(&s->run);
	s->nready = 0;
	for (int i = 0; i < s->nt; i++)
		s->nready += !s->run.ws[i].refused;
	s->screen = STN_CONFIRM;
	s->confirm_at = 0;
	s->msg[0] = '\0';
	if (!s->nready) {
		stn_say(s, true,
			"every selected drive was refused: nothing to erase");
		return;
	}
	stn_start_typing(s, "", "");
}

/* The next drive (from @i) that will be erased, or nt. */
static int next_ready(const struct station *s, int i)
{
	while (i < s->nt && s->run.ws[i].refused)
		i++;
	return i;
}

/* What the operator types to confirm drive @w, as wipe erase asks it. */
static const char *confirm_word(const struct erase_worker *w)
{
	const struct wp_devinfo *i = &w->job.info;

	return i->serial[0] && !i->is_file ? i->serial : i->path;
}

static void begin_run(struct station *s)
{
	s->started = time(NULL);
	s->stopping = false;
	s->rcur = 0;
	cli_interrupted = 0;
	if (erase_run_start(&s->run) != 0) {
		stn_say(s, true, "cannot start the run");
		return;
	}
	s->screen = STN_RUN;
	stn_say(s, false, "erasing %d drive%s", s->nready,
		s->nready == 1 ? "" : "s");
}

/* The confirmation typed: the count, or this drive's serial. */
static void confirmed(struct station *s, const char *typed)
{
	char want[32];

	s->typing = false;
	if (!s->a->confirm_serials) {
		snprintf(want, sizeof(want), "%d", s->nready);
		if (strcmp(typed, want)) {
			s->screen = STN_SETTINGS;
			stn_say(s, true,
				"not confirmed (typed '%s', not %s): nothing was erased",
				typed, want);
			return;
		}
		begin_run(s);
		return;
	}
	s->confirm_at = next_ready(s, s->confirm_at);
	if (strcmp(typed, confirm_word(&s->run.ws[s->confirm_at]))) {
		s->screen = STN_SETTINGS;
		stn_say(s, true,
			"not confirmed: '%s' is not the serial of %s: nothing was erased",
			typed, s->run.ws[s->confirm_at].job.target);
		return;
	}
	s->confirm_at = next_ready(s, s->confirm_at + 1);
	if (s->confirm_at >= s->nt)
		begin_run(s);
	else
		stn_start_typing(s, "", "");
}

static bool all_finished(const struct station *s)
{
	for (int i = 0; i < s->run.n; i++)
		if (!atomic_load(&s->run.ws[i].finished))
			return false;
	return true;
}

/* Every job ended: PDFs, exit codes, the summary. */
static void end_run(struct station *s)
{
	erase_run_join(&s->run);
	if (s->a->pdf)
		erase_run_pdfs(&s->run);
	for (int i = 0; i < s->run.n; i++)
		erase_worker_exit(&s->run.ws[i], false);
	s->screen = STN_SUMMARY;
	s->rcur = 0;
	s->ran = true;
	/* stopped with q: the station stays; by SIGINT or SIGTERM: it ends */
	if (s->stopping)
		cli_interrupted = 0;
	s->stopping = false;
	stn_say(s, false, "run ended: Enter for the drive list, q to quit");
	rescan(s);
}

/* ---- keys ---- */

static void settings_key(struct station *s, int key)
{
	struct stn_field *f = &s->fields[s->fcur];

	switch (key) {
	case 27: /* Esc */
	case KEY_BACKSPACE:
		s->screen = STN_LIST;
		s->msg[0] = '\0';
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (s->fcur == s->nfields) {
			guard_batch(s);
			break;
		}
		if (f->kind == STN_MENU)
			stn_open_menu(s, f);
		else
			stn_start_typing(s, f->label, f->value);
		break;
	default:
		break;
	}
}

static void menu_key(struct station *s, int key)
{
	switch (key) {
	case KEY_UP:
	case 'k':
		if (s->icur > 0)
			s->icur--;
		break;
	case KEY_DOWN:
	case 'j':
		if (s->icur + 1 < s->nitems)
			s->icur++;
		break;
	case 27:
		s->menu_open = false;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		s->menu_open = false;
		stn_set_field(s, &s->fields[s->fcur],
			      !strcmp(s->items[s->icur], "(not given)")
				      ? ""
				      : s->items[s->icur]);
		break;
	default:
		break;
	}
}

/* A key while a line is typed (@wide: a character, else a key code). */
static void typing_key(struct station *s, wint_t ch, bool wide)
{
	char buf[1024];

	if (!wide && (ch == KEY_BACKSPACE || ch == KEY_DC)) {
		if (s->linelen)
			s->line[--s->linelen] = L'\0';
		return;
	}
	if (wide && (ch == 127 || ch == 8)) {
		if (s->linelen)
			s->line[--s->linelen] = L'\0';
		return;
	}
	if (wide && ch == 27) {
		s->typing = false;
		if (s->screen == STN_CONFIRM) {
			s->screen = STN_SETTINGS;
			stn_say(s, false, "not confirmed: nothing was erased");
		}
		return;
	}
	if ((wide && (ch == '\n' || ch == '\r')) ||
	    (!wide && ch == KEY_ENTER)) {
		size_t n = wcstombs(buf, s->line, sizeof(buf) - 1);

		buf[n == (size_t)-1 ? 0 : n] = '\0';
		if (s->screen == STN_CONFIRM) {
			confirmed(s, buf);
			return;
		}
		s->typing = false;
		stn_set_field(s, &s->fields[s->fcur], buf);
		return;
	}
	if (wide && ch >= 0x20 && ch != 0x7f && s->linelen + 1 < 256) {
		s->line[s->linelen++] = (wchar_t)ch;
		s->line[s->linelen] = L'\0';
	}
}

/* Up and down in the current screen's list. */
static void step(struct station *s, int d)
{
	int *cur, n;

	switch (s->screen) {
	case STN_LIST:
		cur = &s->cur;
		n = (int)s->nd;
		break;
	case STN_SETTINGS:
		cur = &s->fcur;
		n = s->nfields + 1; /* and the start line */
		break;
	default:
		cur = &s->rcur;
		n = s->run.n;
		break;
	}
	*cur += d;
	if (*cur >= n)
		*cur = n - 1;
	if (*cur < 0)
		*cur = 0;
}

/* One key: false to leave the station. */
static bool key(struct station *s, wint_t ch, bool wide)
{
	int k = (int)ch;

	if (s->typing) {
		typing_key(s, ch, wide);
		return true;
	}
	if (s->menu_open) {
		menu_key(s, k);
		return true;
	}
	if (s->asking) {
		s->asking = false;
		if (k == 'y' || k == 'Y') {
			cli_interrupted = 1;
			s->stopping = true;
			stn_say(s, false,
				"stopping every drive at a safe point...");
		} else {
			s->msg[0] = '\0';
		}
		return true;
	}
	if (wide && k == 'q') {
		if (s->screen == STN_RUN) {
			s->asking = true;
			return true;
		}
		return false;
	}
	if (k == KEY_UP || (wide && k == 'k')) {
		step(s, -1);
		return true;
	}
	if (k == KEY_DOWN || (wide && k == 'j')) {
		step(s, 1);
		return true;
	}
	if (!wide && k != KEY_ENTER && k != KEY_BACKSPACE)
		return true;
	switch (s->screen) {
	case STN_LIST:
		if (k != KEY_BACKSPACE)
			list_key(s, k);
		break;
	case STN_SETTINGS:
		if (s->fcur < s->nfields || k != KEY_BACKSPACE)
			settings_key(s, k);
		break;
	case STN_CONFIRM:
		/* nothing to confirm (every drive refused): back */
		s->screen = STN_SETTINGS;
		break;
	case STN_SUMMARY:
		if (k == '\n' || k == '\r' || k == KEY_ENTER) {
			for (size_t i = 0; i < s->nd; i++)
				s->drives[i].selected = false;
			s->screen = STN_LIST;
			s->msg[0] = '\0';
		}
		break;
	default:
		break;
	}
	return true;
}

/* ---- the loop ---- */

static void screen_open(struct station *s)
{
	const char *nc = getenv("NO_COLOR");

	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	timeout(200);
	s->color = has_colors() && !(nc && nc[0]);
	if (s->color) {
		start_color();
		use_default_colors();
		init_pair(STN_C_BAD, COLOR_RED, -1);
		init_pair(STN_C_OK, COLOR_GREEN, -1);
		init_pair(STN_C_WARN, COLOR_YELLOW, -1);
		init_pair(STN_C_HEAD, COLOR_BLACK, COLOR_CYAN);
	}
}

/* The last run's summary on the terminal the screen leaves behind. */
static void print_summary(const struct station *s)
{
	printf("%-24s %-12s %-11s %s\n", "DEVICE", "RESULT", "VERIFY",
	       "CERTIFICATE");
	for (int i = 0; i < s->run.n; i++) {
		const struct erase_worker *w = &s->run.ws[i];

		printf("%-24s %-12s %-11s %s\n", w->job.target,
		       w->refused || !w->job.method_name
			       ? "refused"
			       : wp_result_name(w->job.result),
		       w->refused ? "-" : w->job.verification,
		       w->job.cert_path ? w->job.cert_path : "-");
	}
}

/* The worst exit code of the last run (0 when none ran). */
static int worst_exit(const struct station *s)
{
	int worst = 0;

	for (int i = 0; i < s->run.n; i++)
		if (s->run.ws[i].exit_code > worst)
			worst = s->run.ws[i].exit_code;
	return worst;
}

static void loop(struct station *s)
{
	for (;;) {
		wint_t ch;
		int rc;

		if (s->screen == STN_RUN && all_finished(s))
			end_run(s);
		if (s->screen != STN_RUN && cli_interrupted)
			break; /* ^C with nothing running */
		if (s->screen == STN_LIST && wp_hotplug_changed(s->hp, 1000))
			rescan(s);
		stn_draw(s);
		rc = get_wch(&ch);
		if (rc == ERR)
			continue;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
			continue; /* drawn again at the new size */
		if (!key(s, ch, rc == OK))
			break;
	}
}

int cmd_station(int argc, char **argv)
{
	struct erase_cli a = {.o = {.passes = 1,
				    .verify = WP_VERIFY_FULL,
				    .sample_pct = 5.0,
				    .cert_dir = "certificates",
				    .stop = &cli_interrupted},
			      .verb = "station",
			      .method_arg = "auto"};
	struct station s;
	int rc;

	memset(&s, 0, sizeof(s));
	wp_method_request(WP_M_AUTO, &a.o.method);
	a.identity_dir = cli_default_identity();
	a.o.state_dir = cli_default_state_dir();
	rc = cmd_erase_parse(argc, argv, &a, usage_text);
	if (rc >= 0)
		return rc;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr,
			"wipe: station: needs a terminal (stdin and stdout); for automation use 'wipe erase DEVICE... --yes'\n");
		return CLI_EXIT_USAGE;
	}
	setlocale(LC_ALL, "");
	s.a = &a;
	erase_run_init(&s.run, &a);
	/* the identity (its passphrase asked here), TSA and ledger before
	 * the screen: nothing is listed that could not be certified */
	rc = erase_run_prepare(&s.run);
	if (rc)
		goto out;
	s.hp = wp_hotplug_open();
	cli_signal_catch();
	stn_init_fields(&s);
	rescan(&s);
	stn_say(&s, false, "drives from %s", wp_hotplug_source(s.hp));
	screen_open(&s);
	loop(&s);
	endwin();
	rc = worst_exit(&s);
	if (s.ran)
		print_summary(&s);
out:
	erase_run_release(&s.run);
	wp_hotplug_close(s.hp);
	for (int i = 0; i < s.nt; i++)
		free(s.targets[i]);
	free(s.targets);
	free(s.snaps);
	free(s.drives);
	return rc;
}
