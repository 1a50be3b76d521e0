/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wipe station: the state of the screen (cmd_station.c runs it, the
 * drawing is cmd_station_draw.c). One erase run at a time, through the
 * run wipe erase uses (cmd_erase.h).
 */
#ifndef SANITAS_WIPE_CMD_STATION_H
#define SANITAS_WIPE_CMD_STATION_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <wchar.h>

#include "cmd_erase.h"
#include "wp_discover.h"

/* One drive of the list. */
struct stn_drive {
	struct wp_devinfo info;
	bool selected;
	bool resumable; /* an interrupted job's checkpoint is kept */
};

/* The last progress report of one running drive. */
struct stn_snap {
	pthread_mutex_t *lock; /* the station's, held while written or read */
	char phase[32];
	double percent, rate_bps, eta_s;
	bool have;
};

enum stn_screen { STN_LIST, STN_SETTINGS, STN_CONFIRM, STN_RUN, STN_SUMMARY };

/* The settings a run is started with, as the options of wipe erase. */
enum stn_field_kind { STN_MENU, STN_TEXT };
struct stn_field {
	const char *name; /* the option's name: "method", "asset-tag" */
	const char *label;
	enum stn_field_kind kind;
	char value[256]; /* "" when not given */
	int drive;	 /* asset-tag: the index in the run, else -1 */
};

#define STN_MAX_FIELDS 64

struct station {
	struct erase_cli *a;
	struct erase_run run;
	struct wp_hotplug *hp;
	bool color;
	enum stn_screen screen;
	char msg[512]; /* the status line */
	bool msg_bad;
	/* the list */
	struct stn_drive *drives;
	size_t nd;
	int cur, top;
	/* the settings (and one asset-tag field per drive of the run) */
	struct stn_field fields[STN_MAX_FIELDS];
	int nfields, fcur;
	/* the run: its targets (owned), progress, confirmation */
	char **targets;
	int nt, nready;
	struct stn_snap *snaps;
	int rcur;
	int confirm_at; /* --confirm serial: the drive asked now */
	time_t started;
	bool stopping; /* q, then y: stop at a safe point */
	bool ran;      /* a run ended: its summary printed on leaving */
	/* a popup: a menu of @nitems, a line being typed, or a question */
	bool menu_open;
	const char *items[40];
	int nitems, icur;
	bool typing;
	wchar_t line[256];
	size_t linelen;
	const char *prompt;
	bool asking; /* q while jobs run: stop them? */
};

/* The status line: @fmt's text, @bad in red. */
void stn_say(struct station *s, bool bad, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The selected drives of the list. */
int stn_nselected(const struct station *s);

/* cmd_station_set.c: the settings from the command line's options. */
void stn_init_fields(struct station *s);
/* The run's targets (the selected drives) and an asset tag field each. */
void stn_make_targets(struct station *s);
/* The menu of field @f (method, verify, destination). */
void stn_open_menu(struct station *s, const struct stn_field *f);
/* A line to type, after @prompt, starting from @value. */
void stn_start_typing(struct station *s, const char *prompt, const char *value);
/* @v into field @f if wipe erase would take it as that option. */
void stn_set_field(struct station *s, struct stn_field *f, const char *v);
/* The settings into worker @w (drive @idx of the run): 0, or -1 said. */
int stn_apply_fields(struct station *s, struct erase_worker *w, int idx);

/* Draw the whole screen for the state of @s. */
void stn_draw(struct station *s);

/* The colour pairs (when colours are on). */
enum { STN_C_BAD = 1, STN_C_OK, STN_C_WARN, STN_C_HEAD };

#endif
