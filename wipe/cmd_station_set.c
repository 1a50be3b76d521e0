// SPDX-License-Identifier: Apache-2.0
/*
 * wipe station: the settings of a run, as the options of wipe erase: the
 * fields from the command line, their menus and typed values (checked as
 * erase checks its options), one asset tag per drive, and each drive's
 * options made from them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_station.h"
#include "wp_method.h"

int stn_nselected(const struct station *s)
{
	int n = 0;

	for (size_t i = 0; i < s->nd; i++)
		n += s->drives[i].selected;
	return n;
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
void stn_init_fields(struct station *s)
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
	return 9; /* the fields of stn_init_fields() */
}

/* One asset-tag field per selected drive, the run's targets with them. */
void stn_make_targets(struct station *s)
{
	int k = 0;

	/* the last run's workers borrow the targets: gone first, and its
	 * summary with them */
	s->ran = false;
	erase_run_targets(&s->run, NULL, 0, NULL);
	for (int i = 0; i < s->nt; i++)
		free(s->targets[i]);
	free(s->targets);
	free(s->snaps);
	s->nt = stn_nselected(s);
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

void stn_open_menu(struct station *s, const struct stn_field *f)
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

void stn_start_typing(struct station *s, const char *prompt, const char *value)
{
	s->typing = true;
	s->prompt = prompt;
	s->linelen = mbstowcs(s->line, value, 255);
	if (s->linelen == (size_t)-1)
		s->linelen = 0;
	s->line[s->linelen] = L'\0';
}

/* A value typed for field @f, checked as wipe erase checks its option. */
void stn_set_field(struct station *s, struct stn_field *f, const char *v)
{
	struct wp_cert_meta scratch = {0};
	struct wp_method_req req;
	struct cm_err err;
	char msg[256];
	char *end;

	cm_err_clear(&err);
	if (!strcmp(f->name, "method")) {
		if (wp_method_parse(v, &req, &err) < 0) {
			stn_say(s, true, "%s", err.msg);
			return;
		}
	} else if (!strcmp(f->name, "passes")) {
		unsigned long p = strtoul(v, &end, 10);

		if (*end || p < 1 || p > 64) {
			stn_say(s, true, "--passes takes 1 to 64");
			return;
		}
	} else if (strcmp(f->name, "verify") && v[0] &&
		   cmd_erase_meta_set(&scratch, f->name, v, msg, sizeof(msg)) <
			   0) {
		stn_say(s, true, "%s", msg);
		return;
	}
	snprintf(f->value, sizeof(f->value), "%s", v);
	s->msg[0] = '\0';
}

/* The settings into worker @w's options: 0, or -1 with the reason said. */
int stn_apply_fields(struct station *s, struct erase_worker *w, int idx)
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
				stn_say(s, true, "%s", err.msg);
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
			stn_say(s, true, "%s", msg);
			return -1;
		}
	}
	return 0;
}
