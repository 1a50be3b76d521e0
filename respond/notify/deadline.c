// SPDX-License-Identifier: Apache-2.0
/* Deadline engine: dates, holidays, business days and the rule table. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cm_time.h"
#include "rs_deadline.h"
#include "rs_rules.h"

/* H. Hinnant's days_from_civil: exact for the proleptic Gregorian calendar */
long rs_days_from_civil(int y, int m, int d)
{
	long yy = y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void rs_civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp, yy;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

int rs_weekday(long z)
{
	return (int)(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

bool rs_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

void rs_instant_str(time_t t, char *buf)
{
	long z = (long)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	long s = (long)(t - (time_t)z * 86400);
	int y, m, d;

	char tmp[64];

	rs_civil_from_days(z, &y, &m, &d);
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02ld:%02ld:%02ldZ", y, m, d,
		 s / 3600, s / 60 % 60, s % 60);
	memcpy(buf, tmp, 20);
	buf[20] = '\0';
}

void rs_day_str(long z, char *buf)
{
	int y, m, d;

	char tmp[48];

	rs_civil_from_days(z, &y, &m, &d);
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, d);
	memcpy(buf, tmp, 10);
	buf[10] = '\0';
}

/* ---- holidays ---------------------------------------------------------- */

enum hol_obs {
	OBS_NONE,	     /* the date itself only */
	OBS_FED,	     /* Saturday -> Friday, Sunday -> Monday */
	OBS_SUN_MON,	     /* Sunday -> Monday; Saturday not moved */
	OBS_SUN_MON_SAT_FRI, /* CA Veterans Day: both */
};

struct hol_def {
	const char *name;
	int month;
	int mday; /* fixed date, or 0 */
	int nth;  /* 1..4 = nth weekday, -1 = last; with wday */
	int wday;
	int plus;  /* days added after the rule (day after Thanksgiving) */
	int since; /* first year observed */
	enum hol_obs obs;
};

/* 5 U.S.C. 6103(a); Executive Order 11582 for Saturday/Sunday */
static const struct hol_def hol_us_federal[] = {
	{"New Year's Day", 1, 1, 0, 0, 0, 1871, OBS_FED},
	{"Birthday of Martin Luther King, Jr.", 1, 0, 3, 1, 0, 1986, OBS_NONE},
	{"Washington's Birthday", 2, 0, 3, 1, 0, 1971, OBS_NONE},
	{"Memorial Day", 5, 0, -1, 1, 0, 1971, OBS_NONE},
	{"Juneteenth National Independence Day", 6, 19, 0, 0, 0, 2021, OBS_FED},
	{"Independence Day", 7, 4, 0, 0, 0, 1871, OBS_FED},
	{"Labor Day", 9, 0, 1, 1, 0, 1894, OBS_NONE},
	{"Columbus Day", 10, 0, 2, 1, 0, 1971, OBS_NONE},
	{"Veterans Day", 11, 11, 0, 0, 0, 1978, OBS_FED},
	{"Thanksgiving Day", 11, 0, 4, 4, 0, 1942, OBS_NONE},
	{"Christmas Day", 12, 25, 0, 0, 0, 1871, OBS_FED},
};

/*
 * Days California state offices are closed (CalHR state holiday list):
 * a Sunday holiday is observed the following Monday; a Saturday holiday
 * is not moved, except Veterans Day (11 November), observed the Friday
 * before (Gov. Code 6700, 19853). Gov. Code 6700 names more days (Lincoln
 * Day, Native American Day, ...) on which state offices stay open.
 */
static const struct hol_def hol_us_ca[] = {
	{"New Year's Day", 1, 1, 0, 0, 0, 1900, OBS_SUN_MON},
	{"Martin Luther King Jr. Day", 1, 0, 3, 1, 0, 1986, OBS_NONE},
	{"Presidents' Day", 2, 0, 3, 1, 0, 1971, OBS_NONE},
	{"Cesar Chavez Day", 3, 31, 0, 0, 0, 2001, OBS_SUN_MON},
	{"Memorial Day", 5, 0, -1, 1, 0, 1971, OBS_NONE},
	{"Independence Day", 7, 4, 0, 0, 0, 1900, OBS_SUN_MON},
	{"Labor Day", 9, 0, 1, 1, 0, 1900, OBS_NONE},
	{"Veterans Day", 11, 11, 0, 0, 0, 1978, OBS_SUN_MON_SAT_FRI},
	{"Thanksgiving Day", 11, 0, 4, 4, 0, 1942, OBS_NONE},
	{"Day after Thanksgiving", 11, 0, 4, 4, 1, 1942, OBS_NONE},
	{"Christmas Day", 12, 25, 0, 0, 0, 1900, OBS_SUN_MON},
};

static long nth_weekday(int y, int m, int nth, int wday)
{
	long first, last;
	int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;

	if (nth > 0) {
		first = rs_days_from_civil(y, m, 1);
		return first + (wday - rs_weekday(first) + 7) % 7 +
		       7L * (nth - 1);
	}
	last = rs_days_from_civil(ny, nm, 1) - 1;
	return last - (rs_weekday(last) - wday + 7) % 7;
}

static long hol_observed(const struct hol_def *h, int y)
{
	long z;
	int wd;

	if (h->mday)
		z = rs_days_from_civil(y, h->month, h->mday);
	else
		z = nth_weekday(y, h->month, h->nth, h->wday) + h->plus;
	wd = rs_weekday(z);
	switch (h->obs) {
	case OBS_FED:
		if (wd == 6)
			return z - 1;
		if (wd == 0)
			return z + 1;
		break;
	case OBS_SUN_MON:
		if (wd == 0)
			return z + 1;
		break;
	case OBS_SUN_MON_SAT_FRI:
		if (wd == 0)
			return z + 1;
		if (wd == 6)
			return z - 1;
		break;
	case OBS_NONE:
		break;
	}
	return z;
}

static const struct hol_def *hol_table(enum rs_holcal cal, size_t *n)
{
	switch (cal) {
	case RS_HOL_US_FEDERAL:
		*n = sizeof(hol_us_federal) / sizeof(hol_us_federal[0]);
		return hol_us_federal;
	case RS_HOL_US_CA:
		*n = sizeof(hol_us_ca) / sizeof(hol_us_ca[0]);
		return hol_us_ca;
	case RS_HOL_NONE:
		break;
	}
	*n = 0;
	return NULL;
}

const char *rs_holiday(enum rs_holcal cal, long z)
{
	size_t n;
	const struct hol_def *t = hol_table(cal, &n);
	int y, m, d;

	rs_civil_from_days(z, &y, &m, &d);
	/* a 1 January on a Saturday is observed on 31 December before */
	for (int yy = y; yy <= y + 1; yy++)
		for (size_t i = 0; i < n; i++)
			if (yy >= t[i].since && hol_observed(&t[i], yy) == z)
				return t[i].name;
	return NULL;
}

bool rs_is_business_day(enum rs_holcal cal, long z)
{
	int wd = rs_weekday(z);

	return wd != 0 && wd != 6 && !rs_holiday(cal, z);
}

long rs_add_business_days(enum rs_holcal cal, long z, int n)
{
	while (n > 0) {
		z++;
		if (rs_is_business_day(cal, z))
			n--;
	}
	return z;
}

const char *rs_holcal_name(enum rs_holcal cal)
{
	switch (cal) {
	case RS_HOL_US_FEDERAL:
		return "US federal holidays (5 U.S.C. 6103)";
	case RS_HOL_US_CA:
		return "California state holidays (Gov. Code 6700; CalHR)";
	case RS_HOL_NONE:
		break;
	}
	return "none";
}

/* ---- parsing ----------------------------------------------------------- */

/*
 * A date the deadline engine counts from: a real day (cm_time_parse_date)
 * no earlier than 1900.
 */
static int parse_date(const char **p, long *day)
{
	struct cm_time_fields f;

	if (cm_time_parse_date(*p, &f, p) || f.year < 1900)
		return -EINVAL;
	*day = rs_days_from_civil(f.year, f.month, f.day);
	return 0;
}

/* Seconds may be left out ("T09:00Z"), as the inputs have always allowed. */
int rs_when_parse(const char *s, struct rs_when *w)
{
	struct cm_time_fields f;
	time_t t;
	const char *p;

	memset(w, 0, sizeof(*w));
	if (!s || !*s)
		return 0;
	p = s;
	if (!parse_date(&p, &w->day) && !*p) {
		/* the date begins first at UTC+14: count from then */
		w->known = true;
		w->date_only = true;
		w->t = (time_t)w->day * 86400 - 14 * 3600;
		return 0;
	}
	if (cm_time_parse_ex(s, CM_TIME_SECONDS_OPTIONAL, &t, &f) ||
	    f.year < 1900)
		return -EINVAL;
	w->known = true;
	w->day = rs_days_from_civil(f.year, f.month, f.day);
	w->t = t;
	return 0;
}

static const char *skip_ws(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

/* "until DATE" at @p into @day; 0, or -EINVAL */
static int parse_until(const char **p, long *day)
{
	const char *q = skip_ws(*p);

	if (strncasecmp(q, "until", 5))
		return -EINVAL;
	q = skip_ws(q + 5);
	if (parse_date(&q, day))
		return -EINVAL;
	*p = q;
	return 0;
}

int rs_le_parse(const char *s, struct rs_le_delay *le)
{
	const char *p;

	memset(le, 0, sizeof(*le));
	if (!s)
		return 0;
	s = skip_ws(s);
	if (!*s || !strcasecmp(s, "none"))
		return 0;
	if (!strncasecmp(s, "written", 7)) {
		le->kind = RS_LE_WRITTEN;
		p = skip_ws(s + 7);
		if (!strncasecmp(p, "on ", 3))
			p = skip_ws(p + 3);
		if (strncasecmp(p, "until", 5)) {
			if (parse_date(&p, &le->req_day))
				return -EINVAL;
			le->has_req = true;
		}
		if (parse_until(&p, &le->day))
			return -EINVAL;
	} else if (!strncasecmp(s, "oral", 4)) {
		le->kind = RS_LE_ORAL;
		p = skip_ws(s + 4);
		if (!strncasecmp(p, "on ", 3))
			p = skip_ws(p + 3);
		if (parse_date(&p, &le->day))
			return -EINVAL;
		if (!strncasecmp(skip_ws(p), "until", 5)) {
			if (parse_until(&p, &le->until_day))
				return -EINVAL;
			le->has_until = true;
		}
	} else {
		return -EINVAL;
	}
	/* a time after the date is allowed and ignored: delays run in days */
	if (*p && *p != 'T' && !isspace((unsigned char)*p))
		return -EINVAL;
	if (le->has_req && le->req_day > le->day)
		return -EINVAL;
	if (le->has_until && le->until_day < le->day)
		return -EINVAL;
	return 0;
}

const char *rs_conf_name(enum rs_conf c)
{
	switch (c) {
	case RS_CONF_VERIFIED:
		return "verified";
	case RS_CONF_SECONDARY:
		return "secondary";
	case RS_CONF_UNVERIFIED:
		break;
	}
	return "unverified";
}

enum rs_conf rs_rule_conf(const struct rs_dl_rule *r)
{
	return r->clock.conf > r->app.conf ? r->clock.conf : r->app.conf;
}

/* ---- compute ----------------------------------------------------------- */

static void note_add(struct rs_dl_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note_add(struct rs_dl_result *r, const char *fmt, ...)
{
	size_t len = strlen(r->note);
	va_list ap;

	if (len >= sizeof(r->note) - 1)
		return;
	if (len)
		r->note[len++] = ' ';
	va_start(ap, fmt);
	vsnprintf(r->note + len, sizeof(r->note) - len, fmt, ap);
	va_end(ap);
}

static const struct rs_when *sent_date(const struct rs_dl_facts *f,
				       const char *id)
{
	for (size_t i = 0; id && i < f->n_sent; i++)
		if (f->sent_ids[i] && !strcmp(f->sent_ids[i], id) &&
		    f->sent[i].known)
			return &f->sent[i];
	return NULL;
}

static void finish(struct rs_dl_result *r)
{
	if (!r->has_due)
		r->due_str[0] = '\0';
	else if (r->hourly)
		rs_instant_str(r->due_t, r->due_str);
	else
		rs_day_str(r->due_day, r->due_str);
}

/* H&S 1280.15 / CDPH: the end of the delay, with the 60/30-day limit */
static long restart_end(const struct rs_dl_rule *rule,
			const struct rs_le_delay *le, struct rs_dl_result *r)
{
	long end, cap;
	char a[11], b[11];

	if (le->kind == RS_LE_WRITTEN) {
		end = le->day;
		rs_day_str(end, a);
		if (!le->has_req) {
			note_add(
				r,
				"A written law-enforcement statement delays the report until %s. WARNING: the date of the request is not given, so the limit of %d days after a written request (CDPH guidance, secondary) cannot be checked [TO BE COMPLETED: date of the written request, as 'written DATE until DATE'].",
				a, rule->written_cap_days);
			return end;
		}
		cap = le->req_day + rule->written_cap_days;
		note_add(
			r,
			"A written law-enforcement statement delays the report until %s.",
			a);
	} else {
		end = le->has_until ? le->until_day
				    : le->day + rule->oral_cap_days;
		cap = le->day + rule->oral_cap_days;
		rs_day_str(le->day, a);
		note_add(
			r,
			"An oral law-enforcement request of %s delays the report.",
			a);
	}
	if (end > cap) {
		rs_day_str(end, a);
		rs_day_str(cap, b);
		note_add(
			r,
			"WARNING: the stated end %s is more than %d days after the %s request; CDPH's guidance (secondary) limits it to %s unless extended in writing, so %s is used; if the delay was extended in writing, give the written statement's dates.",
			a,
			le->kind == RS_LE_WRITTEN ? rule->written_cap_days
						  : rule->oral_cap_days,
			le->kind == RS_LE_WRITTEN ? "written" : "oral", b, b);
		end = cap;
	} else if (le->kind == RS_LE_ORAL) {
		rs_day_str(end, a);
		note_add(
			r,
			"It ends on %s (at most %d days, CDPH guidance, secondary).",
			a, rule->oral_cap_days);
	}
	return end;
}

static void apply_pause(const struct rs_dl_rule *rule,
			const struct rs_dl_facts *f, struct rs_dl_result *r)
{
	long end, moved;
	char a[11], b[11];

	if (rule->pause == RS_PAUSE_NONE || f->le.kind == RS_LE_NONE ||
	    !r->has_due || r->hourly)
		return;
	if (rule->pause == RS_PAUSE_CLEARS) {
		/* 1798.82(c): no cap in the text, so no date is invented */
		r->has_due = false;
		r->open_ended = true;
		r->paused = true;
		if (f->le.kind == RS_LE_WRITTEN) {
			rs_day_str(f->le.day, a);
			note_add(
				r,
				"Delayed while a law enforcement agency determines that notice would impede a criminal investigation (the statement names %s); notice is then due promptly after the agency determines that it will not compromise the investigation (1798.82(c)). No fixed cap applies.",
				a);
		} else {
			note_add(
				r,
				"Delayed while a law enforcement agency determines that notice would impede a criminal investigation; notice is then due promptly after the agency determines that it will not compromise the investigation (1798.82(c)). The text has no written/oral distinction and no fixed cap.");
		}
		return;
	}
	if (rule->pause == RS_PAUSE_RESTART) {
		end = restart_end(rule, &f->le, r);
		moved = rs_add_business_days(rule->holidays, end, rule->amount);
		note_add(
			r,
			"After the delay ends the report is due %d business days later.",
			rule->amount);
	} else if (f->le.kind == RS_LE_WRITTEN) {
		end = f->le.day;
		rs_day_str(end, a);
		note_add(
			r,
			"A written law-enforcement statement delays notice until %s.",
			a);
		moved = end;
	} else {
		end = f->le.day + rule->oral_cap_days;
		if (f->le.has_until && f->le.until_day < end)
			end = f->le.until_day;
		rs_day_str(f->le.day, a);
		rs_day_str(end, b);
		note_add(
			r,
			"An oral law-enforcement statement of %s delays notice at most %d days, to %s, unless a written statement follows; document the official's identity.",
			a, rule->oral_cap_days, b);
		moved = end;
	}
	if (rule->pause_src.conf != RS_CONF_VERIFIED)
		note_add(r, "[%s] this delay reading: %s.",
			 rs_conf_name(rule->pause_src.conf),
			 rule->pause_src.citation);
	if (moved > r->due_day) {
		r->due_day = moved;
		r->paused = true;
	} else {
		note_add(
			r,
			"The delay ends before the regular deadline, which stands.");
	}
}

static int compute(const struct rs_dl_rule *rule, const struct rs_dl_facts *f,
		   struct rs_dl_result *r, int depth, struct cm_err *err)
{
	const struct rs_when *trig = NULL;
	const struct rs_when *sent;
	struct rs_dl_result ref;
	struct rs_when latest;
	char a[32];
	int y, m, d, rc;

	memset(r, 0, sizeof(*r));
	r->rule = rule;
	if (depth > 4)
		return cm_err_set(err, -ELOOP,
				  "deadline rule '%s': reference loop",
				  rule->id);
	if (rule->unit == RS_DL_UNDUE_DELAY) {
		note_add(r, "No fixed limit: %s.", rule->standard);
		goto out;
	}
	if (rule->unit == RS_DL_SAME_AS || rule->trigger == RS_TRIG_NOTICE) {
		const struct rs_dl_rule *rr = rs_dl_rule_find(rule->ref);

		if (!rr)
			return cm_err_set(
				err, -EINVAL,
				"deadline rule '%s': unknown reference '%s'",
				rule->id, rule->ref ? rule->ref : "");
		rc = compute(rr, f, &ref, depth + 1, err);
		if (rc)
			return rc;
		sent = sent_date(f, rr->id);
		if (rule->unit == RS_DL_SAME_AS) {
			*r = ref;
			r->rule = rule;
			r->note[0] = '\0';
			if (sent &&
			    (!ref.has_due || sent->day <= ref.due_day)) {
				r->has_due = true;
				r->hourly = false;
				r->due_day = sent->day;
				rs_day_str(sent->day, a);
				note_add(
					r,
					"At the same time as the '%s' notice, sent or planned on %s.",
					rr->id, a);
			} else {
				note_add(
					r,
					"At the same time as the '%s' notice; its own deadline is shown.",
					rr->id);
				if (ref.note[0])
					note_add(r, "%s", ref.note);
			}
			goto out;
		}
		/* RS_TRIG_NOTICE: the clock runs from that notice's date */
		if (sent) {
			trig = sent;
			rs_day_str(sent->day, a);
			note_add(r, "Counted from the '%s' notice date %s.",
				 rr->id, a);
		} else if (ref.has_due) {
			latest.known = true;
			latest.day = ref.due_day;
			latest.t = ref.due_t;
			trig = &latest;
			note_add(
				r,
				"Counted from the latest permitted '%s' notice date (%s); set notice_dates to count from the real date.",
				rr->id, ref.due_str);
		} else {
			note_add(
				r,
				"Counted from the '%s' notice date, which is not known.",
				rr->id);
			goto out;
		}
	} else if (rule->trigger == RS_TRIG_AWARENESS) {
		if (f->aware.known) {
			trig = &f->aware;
		} else if (f->discovered.known) {
			trig = &f->discovered;
			note_add(
				r,
				"aware_at not given: counted from discovered_at.");
		}
	} else if (f->discovered.known) {
		trig = &f->discovered;
	}
	if (!trig) {
		note_add(
			r,
			"The trigger date is not known [TO BE COMPLETED: discovered_at].");
		goto out;
	}

	r->has_due = true;
	switch (rule->unit) {
	case RS_DL_HOURS:
		r->hourly = true;
		r->due_t = trig->t + (time_t)rule->amount * 3600;
		rs_instant_str(trig->t, a);
		note_add(r, "%d hours after %s (UTC arithmetic).", rule->amount,
			 a);
		if (trig->date_only)
			note_add(
				r,
				"WARNING: only a date was given; the clock runs from the earliest instant of that date anywhere (00:00 at UTC+14). Give the time to count from it.");
		break;
	case RS_DL_CAL_DAYS:
		r->due_day = trig->day + rule->amount;
		note_add(r, "%d calendar days after the trigger date.",
			 rule->amount);
		break;
	case RS_DL_BUS_DAYS:
		r->due_day = rs_add_business_days(rule->holidays, trig->day,
						  rule->amount);
		note_add(
			r,
			"%d business days after the trigger date (weekends and %s excluded).",
			rule->amount, rs_holcal_name(rule->holidays));
		break;
	case RS_DL_AFTER_YEAR_END:
		rs_civil_from_days(trig->day, &y, &m, &d);
		r->due_day = rs_days_from_civil(y, 12, 31) + rule->amount;
		note_add(r, "%d days after 31 December %d.", rule->amount, y);
		break;
	case RS_DL_SAME_AS:
	case RS_DL_UNDUE_DELAY:
		break;
	}
	apply_pause(rule, f, r);
out:
	finish(r);
	return 0;
}

int rs_dl_compute(const struct rs_dl_rule *rule, const struct rs_dl_facts *f,
		  struct rs_dl_result *out, struct cm_err *err)
{
	return compute(rule, f, out, 0, err);
}
