// SPDX-License-Identifier: Apache-2.0
/*
 * The deadline calendar, RFC 5545: CRLF line ends (3.1), content lines
 * folded at 75 octets without splitting a UTF-8 sequence (3.1), TEXT
 * escaping of backslash, semicolon, comma and newline (3.3.11), one VEVENT
 * per deadline with a DISPLAY VALARM (3.6.6).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rs_ics.h"
#include "cm_buf.h"

/* Append one content line @s, folded, ending in CRLF. */
static void line(struct cm_buf *b, const char *s)
{
	size_t len = strlen(s), used = 0, col = 0;

	while (used < len) {
		size_t n = 0;
		size_t room = col ? 74 : 75; /* a continuation starts with SP */

		while (used + n < len && n < room)
			n++;
		/* back off to a UTF-8 boundary */
		while (used + n < len && n > 1 &&
		       ((unsigned char)s[used + n] & 0xC0) == 0x80)
			n--;
		if (col)
			cm_buf_appends(b, "\r\n ");
		cm_buf_append(b, s + used, n);
		used += n;
		col = 1;
	}
	cm_buf_appends(b, "\r\n");
}

static void text_escape(struct cm_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\':
			cm_buf_appends(b, "\\\\");
			break;
		case ';':
			cm_buf_appends(b, "\\;");
			break;
		case ',':
			cm_buf_appends(b, "\\,");
			break;
		case '\n':
			cm_buf_appends(b, "\\n");
			break;
		case '\r':
			break;
		default:
			cm_buf_append(b, s, 1);
		}
	}
}

/* "NAME:escaped text" as one folded line; @val is freed */
static void prop_text(struct cm_buf *out, const char *name, char *val)
{
	struct cm_buf t = CM_BUF_INIT(CM_BUF_TEXT_MAX);
	char *esc;

	cm_buf_appends(&t, name);
	cm_buf_appends(&t, ":");
	if (val)
		text_escape(&t, val);
	else
		out->err = -ENOMEM;
	esc = cm_buf_take(&t);
	if (esc)
		line(out, esc);
	else
		out->err = -ENOMEM;
	free(val);
	free(esc);
}

static void basic_time(time_t t, char *buf)
{
	char iso[32];

	/* 2027-01-15T09:00:00Z -> 20270115T090000Z */
	rs_instant_str(t, iso);
	snprintf(buf, 17, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", iso, iso + 5, iso + 8,
		 iso + 11, iso + 14, iso + 17);
}

static void basic_day(long z, char *buf)
{
	char iso[11];

	rs_day_str(z, iso);
	snprintf(buf, 9, "%.4s%.2s%.2s", iso, iso + 5, iso + 8);
}

char *rs_ics_render(const struct rs_facts *f, const struct rs_assessment *a,
		    time_t stamp)
{
	struct cm_buf b = CM_BUF_INIT(CM_BUF_TEXT_MAX);
	char ts[32], d1[32], uid[160];

	basic_time(stamp, ts);
	line(&b, "BEGIN:VCALENDAR");
	line(&b, "VERSION:2.0");
	line(&b, "PRODID:-//sanitas//respond notify.draft//EN");
	line(&b, "CALSCALE:GREGORIAN");
	line(&b, "METHOD:PUBLISH");
	for (size_t i = 0; i < a->n; i++) {
		const struct rs_decision *d = &a->d[i];
		struct cm_buf l = CM_BUF_INIT(CM_BUF_TEXT_MAX);
		char *s;

		if (d->app == RS_APP_NOT_APPLICABLE || !d->dl.has_due)
			continue;
		line(&b, "BEGIN:VEVENT");
		snprintf(uid, sizeof(uid), "UID:%s-%lld@respond.sanitas",
			 d->rule->id,
			 f->discovered.known ? (long long)f->discovered.t
					     : 0LL);
		line(&b, uid);
		cm_buf_appendf(&l, "DTSTAMP:%s", ts);
		s = cm_buf_take(&l);
		if (s)
			line(&b, s);
		free(s);
		if (d->dl.hourly) {
			basic_time(d->dl.due_t, d1);
			cm_buf_appendf(&l, "DTSTART:%s", d1);
		} else {
			basic_day(d->dl.due_day, d1);
			cm_buf_appendf(&l, "DTSTART;VALUE=DATE:%s", d1);
		}
		s = cm_buf_take(&l);
		if (s)
			line(&b, s);
		free(s);
		cm_buf_appendf(&l, "%s%s notice due: %s", d->rule->regime,
			       d->rule->draft_law ? " (draft law)" : "",
			       d->rule->recipient);
		prop_text(&b, "SUMMARY", cm_buf_take(&l));
		cm_buf_appendf(&l, "%s: %s.\n%s", d->rule->citation,
			       d->rule->standard, d->dl.note);
		prop_text(&b, "DESCRIPTION", cm_buf_take(&l));
		cm_buf_appendf(&l, "CATEGORIES:breach-notification,%s",
			       rs_app_name(d->app));
		s = cm_buf_take(&l);
		if (s)
			line(&b, s);
		free(s);
		line(&b, "BEGIN:VALARM");
		line(&b, "ACTION:DISPLAY");
		cm_buf_appendf(&l, "%s notice to %s due %s", d->rule->regime,
			       d->rule->recipient, d->dl.due_str);
		prop_text(&b, "DESCRIPTION", cm_buf_take(&l));
		line(&b, d->dl.hourly ? "TRIGGER:-PT12H" : "TRIGGER:-P2D");
		line(&b, "END:VALARM");
		line(&b, "END:VEVENT");
	}
	line(&b, "END:VCALENDAR");
	return cm_buf_take(&b);
}
