// SPDX-License-Identifier: Apache-2.0
/*
 * The pieces every notice draft is written with: the [TO BE COMPLETED]
 * placeholder (remembered as a missing item), values, dates, counts,
 * contacts and the review header that opens each draft.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cm_buf.h"
#include "rs_draft_text.h"

/* Append "[TO BE COMPLETED: @what]" and remember it. */
void rs_draft_tbc(struct rs_draft_ctx *c, const char *what)
{
	char **m;

	cm_buf_appendf(&c->md, "[TO BE COMPLETED: %s]", what);
	for (size_t i = 0; i < c->n_missing; i++)
		if (!strcmp(c->missing[i], what))
			return;
	m = realloc(c->missing, (c->n_missing + 1) * sizeof(*m));
	if (!m) {
		c->oom = true;
		return;
	}
	c->missing = m;
	c->missing[c->n_missing] = strdup(what);
	if (!c->missing[c->n_missing])
		c->oom = true;
	else
		c->n_missing++;
}

/* @s, or the placeholder for @what */
void rs_draft_val(struct rs_draft_ctx *c, const char *s, const char *what)
{
	if (s && *s)
		cm_buf_appends(&c->md, s);
	else
		rs_draft_tbc(c, what);
}

void rs_draft_date(struct rs_draft_ctx *c, const struct rs_when *w,
		   const char *what)
{
	char buf[11];

	if (!w->known) {
		rs_draft_tbc(c, what);
		return;
	}
	rs_day_str(w->day, buf);
	cm_buf_appends(&c->md, buf);
}

void rs_draft_time(struct rs_draft_ctx *c, const struct rs_when *w,
		   const char *what)
{
	char buf[32];

	if (!w->known) {
		rs_draft_tbc(c, what);
		return;
	}
	rs_instant_str(w->t, buf);
	cm_buf_appends(&c->md, buf);
	if (w->date_only) {
		rs_day_str(w->day, buf);
		cm_buf_appendf(
			&c->md,
			" (only the date %s was given: the earliest instant of that date anywhere, 00:00 at UTC+14) ",
			buf);
		rs_draft_tbc(c, "the time of day");
	}
}

void rs_draft_count(struct rs_draft_ctx *c)
{
	long n = rs_facts_total(c->f);

	if (n >= 0)
		cm_buf_appendf(&c->md, "%ld", n);
	else
		rs_draft_tbc(c,
			     "number of individuals affected (affected_total)");
}

void rs_draft_elements(struct rs_draft_ctx *c)
{
	if (!c->f->n_elements) {
		rs_draft_tbc(c,
			     "types of information involved (data_elements)");
		return;
	}
	for (size_t i = 0; i < c->f->n_elements; i++)
		cm_buf_appendf(&c->md, "%s%s", i ? ", " : "",
			       c->f->elements[i]);
}

bool rs_draft_has_element(const struct rs_facts *f, const char *needle)
{
	return rs_facts_has_element(f, needle);
}

void rs_draft_breach_dates(struct rs_draft_ctx *c)
{
	cm_buf_appends(&c->md, "The breach began on ");
	rs_draft_date(c, &c->f->started,
		      "date the breach began (breach_started_at)");
	cm_buf_appends(&c->md, " and ended on ");
	rs_draft_date(c, &c->f->ended,
		      "date the breach ended (breach_ended_at)");
	cm_buf_appends(&c->md, ". We discovered it on ");
	rs_draft_date(c, &c->f->discovered,
		      "date of discovery (discovered_at)");
	cm_buf_appends(&c->md, ".");
}

void rs_draft_contacts(struct rs_draft_ctx *c, bool toll_free)
{
	const struct rs_facts *f = c->f;

	/* "toll-free" only when the facts say so */
	cm_buf_appends(&c->md, "- Telephone");
	if (f->phone && f->toll_free == 1)
		cm_buf_appends(&c->md, " (toll-free)");
	cm_buf_appends(&c->md, ": ");
	rs_draft_val(
		c, f->phone,
		toll_free
			? "toll-free telephone number (contact.phone, with contact.toll_free: true)"
			: "telephone number (contact.phone)");
	if (toll_free && f->phone && f->toll_free != 1) {
		cm_buf_appends(&c->md, " ");
		rs_draft_tbc(
			c,
			f->toll_free == 0
				? "a toll-free telephone number: the number given is not toll-free (contact.toll_free false)"
				: "whether this number is toll-free (contact.toll_free)");
	}
	cm_buf_appends(&c->md, "\n- E-mail: ");
	rs_draft_val(c, f->email, "e-mail address (contact.email)");
	cm_buf_appends(&c->md, "\n- Web site: ");
	rs_draft_val(c, f->website, "web site (contact.website)");
	cm_buf_appends(&c->md, "\n- Postal address: ");
	rs_draft_val(c, f->address, "postal address (contact.address)");
	if (f->in_app)
		cm_buf_appendf(&c->md, "\n- Within the application: %s",
			       f->in_app);
	cm_buf_appends(&c->md, "\n");
}

const struct rs_decision *rs_draft_decision(const struct rs_assessment *a,
					    const char *id)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->d[i].rule->id, id))
			return &a->d[i];
	return NULL;
}

static void source_line(struct rs_draft_ctx *c, const char *what,
			const struct rs_source *s)
{
	if (s->conf == RS_CONF_VERIFIED)
		cm_buf_appendf(
			&c->md,
			"- %s: %s: %s (confidence: verified against %s)\n",
			what, s->citation, s->text, s->where);
	else
		cm_buf_appendf(
			&c->md,
			"- **[%s]** %s: %s: %s (NOT verified against the primary text; source: %s)\n",
			s->conf == RS_CONF_SECONDARY ? "SECONDARY"
						     : "UNVERIFIED",
			what, s->citation, s->text, s->where);
}

void rs_draft_header(struct rs_draft_ctx *c, const struct rs_decision *d,
		     const char *title)
{
	const struct rs_dl_rule *r = d->rule;

	cm_buf_appendf(&c->md, "# %s\n\n", title);
	cm_buf_appendf(
		&c->md,
		"> DRAFT prepared by respond notify.draft for review by counsel before it is sent. Applicability: %s. Lowest confidence of the rules used: %s.%s\n\n",
		rs_app_name(d->app), rs_conf_name(rs_decision_conf(d)),
		r->draft_law
			? " This is a DRAFT LAW (a bill, not enacted): prepared for readiness only."
			: "");
	cm_buf_appendf(&c->md, "- Recipient: %s\n", r->recipient);
	/* quotation marks only for words read verbatim in the primary text */
	if (r->clock.conf == RS_CONF_VERIFIED)
		cm_buf_appendf(&c->md, "- Legal basis: %s (\"%s\")\n",
			       r->citation, r->standard);
	else
		cm_buf_appendf(
			&c->md, "- Legal basis: %s (paraphrase: %s) [%s]\n",
			r->citation, r->standard, rs_conf_name(r->clock.conf));
	cm_buf_appends(&c->md, "- Deadline: ");
	if (d->dl.has_due)
		cm_buf_appendf(&c->md, "%s", d->dl.due_str);
	else if (d->dl.open_ended)
		cm_buf_appends(
			&c->md,
			"no fixed date while law enforcement delays notice");
	else if (r->unit == RS_DL_UNDUE_DELAY)
		cm_buf_appends(&c->md, "no fixed date: without undue delay");
	else
		rs_draft_tbc(c, "deadline: discovered_at is needed");
	cm_buf_appendf(&c->md, " (%s)\n", d->dl.note);
	if (d->detail[0])
		cm_buf_appendf(&c->md, "- Scope: %s\n", d->detail);
	cm_buf_appendf(&c->md, "- Why this notice: %s\n", d->reason);
	source_line(c, "Rule for when it applies", &r->app);
	source_line(c, "Rule for the deadline", &r->clock);
	if (d->dl.paused || d->dl.open_ended)
		source_line(c, "Rule for the law-enforcement delay",
			    &r->pause_src);
	if (r->verify)
		cm_buf_appendf(&c->md, "- [verify] %s\n", r->verify);
	for (size_t i = 0; i < c->a->n_notes; i++)
		if (rs_note_for(c->a, i, r->id))
			cm_buf_appendf(&c->md, "- Note: %s\n", c->a->notes[i]);
	cm_buf_appends(&c->md, "\n");
}
