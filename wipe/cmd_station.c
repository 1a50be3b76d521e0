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
	p->rate_bps = r->rate_bps;
	p->eta_s = r->result ? 0 : r->eta_s;
	p->have = true;
	pthread_mutex_unlock(p->lock);
}

static void say(struct station *s, bool bad, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct station *s, bool bad, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof(s->msg), fmt, ap);
	va_end(ap);
	s->msg_bad = bad;
}

/* ---- the list ---- */

/* Read the drives again, keeping the selection of those still there. */
static void rescan(struct station *s)
{
	struct wp_devinfo *v = NULL;
	struct stn_drive *nd;
	struct cm_err err;
	size_t n = 0, k = 0;

	cm_err_clear(&err);
	if (wp_discover(true, &v, &n, &err) < 0) {
		say(s, true, "cannot list the drives: %s", err.msg);
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
			if (!strcmp(s->drives[j].info.path, v[i].path))
				nd[k].selected =
					s->drives[j].selected && !v[i].unsafe;
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

static int nselected(const struct station *s)
{
	int n = 0;

	for (size_t i = 0; i < s->nd; i++)
		n += s->drives[i].selected;
	return n;
}

static void make_targets(struct station *s);

static void list_key(struct station *s, int key)
{
	struct stn_drive *d = s->nd ? &s->drives[s->cur] : NULL;

	switch (key) {
	case ' ':
		if (!d)
			break;
		if (d->info.unsafe)
			say(s, true, "%s cannot be selected: %s", d->info.path,
			    d->info.unsafe_detail);
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
		if (!nselected(s)) {
			say(s, true,
			    "select drives first (space, or a for every safe one)");
			break;
		}
		make_targets(s);
		s->screen = STN_SETTINGS;
		s->fcur = 0;
		s->msg[0] = '\0';
		break;
	default:
		break;
	}
}

/* ---- the settings ---- */

static struct stn_field *add_field(struct station *s, const char *name,
				   const char *label, enum stn_field_kind kind,
				   const char *value)
{
	struct stn_field *f;

	if (s->nfields >= STN_MAX_FIELDS)
		return NULL;
	f = &s->fields[s->nfields++];
	f->name = name;
	f->label = label;
	f->kind = kind;
	f->drive = -1;
	snprintf(f->value, sizeof(f->value), "%s", value ? value : "");
	return f;
}

/* The settings from the command line: the screen starts from them. */
static void init_fields(struct station *s)
{
	const struct erase_cli *a = s->a;
	const struct wp_cert_meta *m = &a->o.meta;
	char passes[16];

	snprintf(passes, sizeof(passes), "%u", a->o.passes);
	add_field(s, "method", "Method", STN_MENU, a->method_arg);
	add_field(s, "verify", "Verification", STN_MENU,
		  wp_verify_mode_name(a->o.verify));
	add_field(s, "passes", "Passes", STN_TEXT, passes);
	add_field(s, "classification", "Classification", STN_TEXT,
		  m->classification);
	add_field(s, "destination", "Destination", STN_MENU, m->destination);
	add_field(s, "customer", "Customer", STN_TEXT, m->customer);
	add_field(s, "job", "Job / lot", STN_TEXT, m->job);
	add_field(s, "operator", "Operator", STN_TEXT, m->operator_name);
	add_field(s, "notes", "Notes", STN_TEXT, m->notes);
}

static int nfixed_fields(void)
{
	return 9; /* the fields of init_fields() */
}

/* One asset-tag field per selected drive, the run's targets with them. */
static void make_targets(struct station *s)
{
	int k = 0;

	/* the last run's workers borrow the targets: gone first */
	erase_run_targets(&s->run, NULL, 0, NULL);
	for (int i = 0; i < s->nt; i++)
		free(s->targets[i]);
	free(s->targets);
	free(s->snaps);
	s->nt = nselected(s);
	s->targets = calloc((size_t)s->nt + 1, sizeof(*s->targets));
	s->snaps = calloc((size_t)s->nt + 1, sizeof(*s->snaps));
	s->nfields = nfixed_fields();
	for (size_t i = 0; i < s->nd && s->targets; i++) {
		struct stn_field *f;

		if (!s->drives[i].selected)
			continue;
		s->targets[k] = strdup(s->drives[i].info.path);
		f = add_field(s, "asset-tag", "Asset tag", STN_TEXT,
			      s->a->o.meta.asset_tag);
		if (f)
			f->drive = k;
		k++;
	}
	s->nt = k;
}

static void open_menu(struct station *s, const struct stn_field *f)
{
	size_t n;
	const struct wp_method *m;

	s->nitems = 0;
	if (!strcmp(f->name, "method")) {
		m = wp_methods(&n);
		for (size_t i = 0; i < n && s->nitems < 40; i++)
			if (m[i].id != WP_M_PATTERN)
				s->items[s->nitems++] = m[i].name;
	} else if (!strcmp(f->name, "verify")) {
		s->items[s->nitems++] = "full";
		s->items[s->nitems++] = "sample";
		s->items[s->nitems++] = "none";
	} else {
		s->items[s->nitems++] = "(not given)";
		for (int i = 0; erase_destinations[i]; i++)
			s->items[s->nitems++] = erase_destinations[i];
	}
	s->icur = 0;
	for (int i = 0; i < s->nitems; i++)
		if (!strcmp(s->items[i], f->value))
			s->icur = i;
	s->menu_open = true;
}

static void start_typing(struct station *s, const char *prompt,
			 const char *value)
{
	s->typing = true;
	s->prompt = prompt;
	s->linelen = mbstowcs(s->line, value, 255);
	if (s->linelen == (size_t)-1)
		s->linelen = 0;
	s->line[s->linelen] = L'\0';
}

/* A value typed for field @f, checked as wipe erase checks its option. */
static void set_field(struct station *s, struct stn_field *f, const char *v)
{
	struct wp_cert_meta scratch = {0};
	struct wp_method_req req;
	struct cm_err err;
	char msg[256];
	char *end;

	cm_err_clear(&err);
	if (!strcmp(f->name, "method")) {
		if (wp_method_parse(v, &req, &err) < 0) {
			say(s, true, "%s", err.msg);
			return;
		}
	} else if (!strcmp(f->name, "passes")) {
		unsigned long p = strtoul(v, &end, 10);

		if (*end || p < 1 || p > 64) {
			say(s, true, "--passes takes 1 to 64");
			return;
		}
	} else if (strcmp(f->name, "verify") && v[0] &&
		   cmd_erase_meta_set(&scratch, f->name, v, msg, sizeof(msg)) <
			   0) {
		say(s, true, "%s", msg);
		return;
	}
	snprintf(f->value, sizeof(f->value), "%s", v);
	s->msg[0] = '\0';
}

/* ---- the run ---- */

/* The settings into worker @w's options: 0, or -1 with the reason said. */
static int apply_fields(struct station *s, struct erase_worker *w, int idx)
{
	struct wp_erase_opts *o = &w->o;
	char msg[256];

	o->meta = s->a->o.meta;
	o->meta.asset_tag = NULL;
	for (int i = 0; i < s->nfields; i++) {
		struct stn_field *f = &s->fields[i];
		const char *v = f->value;
		struct cm_err err;

		cm_err_clear(&err);
		if (f->drive >= 0 && f->drive != idx)
			continue;
		if (!strcmp(f->name, "method")) {
			if (wp_method_parse(v, &o->method, &err) < 0) {
				say(s, true, "%s", err.msg);
				return -1;
			}
		} else if (!strcmp(f->name, "verify")) {
			wp_verify_mode_parse(v, &o->verify);
		} else if (!strcmp(f->name, "passes")) {
			o->passes = (unsigned)strtoul(v, NULL, 10);
		} else if (!v[0] || !strcmp(v, "(not given)")) {
			cmd_erase_meta_set(&o->meta, f->name, NULL, msg,
					   sizeof(msg));
		} else if (cmd_erase_meta_set(&o->meta, f->name, v, msg,
					      sizeof(msg)) < 0) {
			say(s, true, "%s", msg);
			return -1;
		}
	}
	return 0;
}

/* Guard every target of the settings: the confirmation names those that
 * will be erased, and any refused since the list was read. */
static void guard_batch(struct station *s)
{
	struct cm_err err;

	cm_err_clear(&err);
	if (wp_guard_distinct(s->targets, s->nt, &err) < 0) {
		say(s, true, "%s", err.msg);
		return;
	}
	if (erase_run_targets(&s->run, s->targets, s->nt, on_progress) < 0) {
		say(s, true, "out of memory");
		return;
	}
	for (int i = 0; i < s->nt; i++) {
		s->snaps[i].lock = &snap_lock;
		s->run.ws[i].print_ctx = &s->snaps[i];
		if (apply_fields(s, &s->run.ws[i], i) < 0)
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
		say(s, true,
		    "every selected drive was refused: nothing to erase");
		return;
	}
	start_typing(s, "", "");
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
		say(s, true, "cannot start the run");
		return;
	}
	s->screen = STN_RUN;
	say(s, false, "erasing %d drive%s", s->nready,
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
			say(s, true,
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
		say(s, true,
		    "not confirmed: '%s' is not the serial of %s: nothing was erased",
		    typed, s->run.ws[s->confirm_at].job.target);
		return;
	}
	s->confirm_at = next_ready(s, s->confirm_at + 1);
	if (s->confirm_at >= s->nt)
		begin_run(s);
	else
		start_typing(s, "", "");
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
	s->stopping = false;
	cli_interrupted = 0;
	say(s, false, "run ended: Enter for the drive list, q to quit");
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
			open_menu(s, f);
		else
			start_typing(s, f->label, f->value);
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
		set_field(s, &s->fields[s->fcur],
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
			say(s, false, "not confirmed: nothing was erased");
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
		set_field(s, &s->fields[s->fcur], buf);
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
			say(s, false,
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
	init_fields(&s);
	rescan(&s);
	say(&s, false, "drives from %s", wp_hotplug_source(s.hp));
	screen_open(&s);
	loop(&s);
	endwin();
	rc = worst_exit(&s);
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
