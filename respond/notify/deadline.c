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

	memset(w, 0, sizeof(*w));
	if (!s || !*s)
		return 0;
	if (cm_time_parse_ex(s, CM_TIME_SECONDS_OPTIONAL, &t, &f) ||
	    f.year < 1900)
		return -EINVAL;
	w->known = true;
	w->day = rs_days_from_civil(f.year, f.month, f.day);
	w->t = t;
	return 0;
}

int rs_le_parse(const char *s, struct rs_le_delay *le)
{
	const char *p;

	memset(le, 0, sizeof(*le));
	if (!s)
		return 0;
	while (isspace((unsigned char)*s))
		s++;
	if (!*s || !strcasecmp(s, "none"))
		return 0;
	if (!strncasecmp(s, "written", 7)) {
		p = s + 7;
		while (isspace((unsigned char)*p))
			p++;
		if (strncasecmp(p, "until", 5))
			return -EINVAL;
		p += 5;
		le->kind = RS_LE_WRITTEN;
	} else if (!strncasecmp(s, "oral", 4)) {
		p = s + 4;
		le->kind = RS_LE_ORAL;
	} else {
		return -EINVAL;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (parse_date(&p, &le->day))
		return -EINVAL;
	/* a time after the date is allowed and ignored: delays run in days */
	if (*p && *p != 'T' && !isspace((unsigned char)*p))
		return -EINVAL;
	return 0;
}

/* ---- rules ------------------------------------------------------------- */

/*
 * The clock rules. Sources: 45 CFR 164.404-.412; GDPR Art. 33, 34; Cal.
 * Civ. Code 1798.82 as amended by SB 446 (Stats. 2025, ch. 319, from
 * 2026-01-01); Cal. Health & Safety Code 1280.15 (AB 1755); 16 CFR 318
 * (89 FR 47028, from 2024-07-29) and the FTC's notice form (OMB 3084-0150);
 * Pakistan's Personal Data Protection Bill (2023 draft, not enacted).
 */
static const struct rs_dl_rule dl_rules[] = {
	{"hipaa-individuals", "HIPAA", "Affected individuals",
	 "45 CFR 164.404(b)",
	 "without unreasonable delay and in no case later than 60 calendar days after discovery of a breach",
	 RS_TRIG_DISCOVERY, RS_DL_CAL_DAYS, 60, NULL, RS_HOL_NONE,
	 RS_PAUSE_HOLD, 30, false, NULL},
	{"hipaa-media", "HIPAA", "Prominent media outlets serving the State",
	 "45 CFR 164.406(b)",
	 "without unreasonable delay and in no case later than 60 calendar days after discovery of a breach",
	 RS_TRIG_DISCOVERY, RS_DL_CAL_DAYS, 60, NULL, RS_HOL_NONE,
	 RS_PAUSE_HOLD, 30, false, NULL},
	{"hipaa-hhs", "HIPAA",
	 "Secretary of HHS (OCR breach portal), 500 or more individuals",
	 "45 CFR 164.408(b)",
	 "contemporaneously with the notice required by 164.404(a)",
	 RS_TRIG_DISCOVERY, RS_DL_SAME_AS, 0, "hipaa-individuals", RS_HOL_NONE,
	 RS_PAUSE_NONE, 0, false, NULL},
	{"hipaa-hhs-annual", "HIPAA",
	 "Secretary of HHS (OCR breach portal), less than 500 individuals",
	 "45 CFR 164.408(c)",
	 "not later than 60 days after the end of each calendar year, for breaches discovered during the preceding calendar year",
	 RS_TRIG_DISCOVERY, RS_DL_AFTER_YEAR_END, 60, NULL, RS_HOL_NONE,
	 RS_PAUSE_HOLD, 30, false, NULL},
	{"hipaa-ba", "HIPAA", "Covered entity (from the business associate)",
	 "45 CFR 164.410(b)",
	 "without unreasonable delay and in no case later than 60 calendar days after discovery of a breach",
	 RS_TRIG_DISCOVERY, RS_DL_CAL_DAYS, 60, NULL, RS_HOL_NONE,
	 RS_PAUSE_HOLD, 30, false, NULL},
	{"gdpr-sa", "GDPR", "Competent supervisory authority",
	 "GDPR Art. 33(1)",
	 "without undue delay and, where feasible, not later than 72 hours after having become aware of it",
	 RS_TRIG_AWARENESS, RS_DL_HOURS, 72, NULL, RS_HOL_NONE, RS_PAUSE_NONE,
	 0, false, NULL},
	{"gdpr-controller", "GDPR", "Controller (from the processor)",
	 "GDPR Art. 33(2)",
	 "without undue delay after becoming aware of a personal data breach",
	 RS_TRIG_AWARENESS, RS_DL_UNDUE_DELAY, 0, NULL, RS_HOL_NONE,
	 RS_PAUSE_NONE, 0, false, NULL},
	{"gdpr-subjects", "GDPR", "Data subjects", "GDPR Art. 34(1)",
	 "without undue delay, when the breach is likely to result in a high risk to the rights and freedoms of natural persons",
	 RS_TRIG_AWARENESS, RS_DL_UNDUE_DELAY, 0, NULL, RS_HOL_NONE,
	 RS_PAUSE_NONE, 0, false, NULL},
	{"ca-residents", "California Civ. Code 1798.82",
	 "Affected California residents", "Cal. Civ. Code 1798.82(a)(2)(A)",
	 "within 30 calendar days of discovery or notification of the data breach",
	 RS_TRIG_DISCOVERY, RS_DL_CAL_DAYS, 30, NULL, RS_HOL_NONE,
	 RS_PAUSE_HOLD, 30, false,
	 "1798.82(c) delays notice while law enforcement determines it would impede an investigation and sets no length for an oral request; an oral request is treated like HIPAA's 30-day cap"},
	{"ca-ag", "California Civ. Code 1798.82",
	 "California Attorney General (sample copy)",
	 "Cal. Civ. Code 1798.82(f)",
	 "within 15 calendar days of notifying affected consumers",
	 RS_TRIG_NOTICE, RS_DL_CAL_DAYS, 15, "ca-residents", RS_HOL_NONE,
	 RS_PAUSE_NONE, 0, false,
	 "the 15-day wording of SB 446 is confirmed by secondary sources only"},
	{"ca-cdph", "California H&S Code 1280.15",
	 "California Department of Public Health",
	 "Cal. Health & Safety Code 1280.15(b)(1)",
	 "no later than 15 business days after the unlawful or unauthorized access, use, or disclosure has been detected",
	 RS_TRIG_DISCOVERY, RS_DL_BUS_DAYS, 15, NULL, RS_HOL_US_CA,
	 RS_PAUSE_RESTART, 30, false,
	 "business days counted against California state holidays (state offices closed); oral law-enforcement request capped at 30 days"},
	{"ca-patient", "California H&S Code 1280.15",
	 "Affected patient or the patient's representative",
	 "Cal. Health & Safety Code 1280.15(b)(2)",
	 "no later than 15 business days after the unlawful or unauthorized access, use, or disclosure has been detected",
	 RS_TRIG_DISCOVERY, RS_DL_BUS_DAYS, 15, NULL, RS_HOL_US_CA,
	 RS_PAUSE_RESTART, 30, false,
	 "business days counted against California state holidays (state offices closed); oral law-enforcement request capped at 30 days"},
	{"ftc-individuals", "FTC Health Breach Notification Rule",
	 "Affected individuals", "16 CFR 318.4(a)",
	 "without unreasonable delay and in no case later than 60 calendar days after the discovery of a breach of security",
	 RS_TRIG_DISCOVERY, RS_DL_CAL_DAYS, 60, NULL, RS_HOL_NONE,
	 RS_PAUSE_HOLD, 30, false,
	 "the law-enforcement delay of 16 CFR 318.4 was not re-read; HIPAA's 164.412 terms are applied"},
	{"ftc-ftc", "FTC Health Breach Notification Rule",
	 "Federal Trade Commission, 500 or more individuals", "16 CFR 318.5(c)",
	 "at the same time as notice to individuals, and no later than 60 calendar days after discovery",
	 RS_TRIG_DISCOVERY, RS_DL_SAME_AS, 0, "ftc-individuals", RS_HOL_NONE,
	 RS_PAUSE_NONE, 0, false, NULL},
	{"ftc-ftc-annual", "FTC Health Breach Notification Rule",
	 "Federal Trade Commission, fewer than 500 individuals",
	 "16 CFR 318.5(c)",
	 "by the 60th day of the calendar year following the breach (FTC form)",
	 RS_TRIG_DISCOVERY, RS_DL_AFTER_YEAR_END, 60, NULL, RS_HOL_NONE,
	 RS_PAUSE_NONE, 0, false,
	 "the verbatim text of 16 CFR 318.5(c) was not retrieved; timing taken from the FTC's own notice form (OMB 3084-0150)"},
	{"ftc-media", "FTC Health Breach Notification Rule",
	 "Prominent media outlets serving the State", "16 CFR 318.5(b)",
	 "without unreasonable delay and in no case later than 60 calendar days after discovery",
	 RS_TRIG_DISCOVERY, RS_DL_CAL_DAYS, 60, NULL, RS_HOL_NONE,
	 RS_PAUSE_HOLD, 30, false,
	 "the media threshold (more than 500, or 500 or more, residents of a State) is not confirmed from a primary text"},
	{"pk-commission", "Pakistan PDPB (draft)",
	 "National Commission for Personal Data Protection",
	 "Personal Data Protection Bill 2023 (draft), breach notification",
	 "without undue delay and, where reasonably possible, not beyond 72 hours of becoming aware",
	 RS_TRIG_AWARENESS, RS_DL_HOURS, 72, NULL, RS_HOL_NONE, RS_PAUSE_NONE,
	 0, true,
	 "a bill, not enacted law; clause numbers and content elements not confirmed from the final draft text"},
	{"pk-subjects", "Pakistan PDPB (draft)", "Data subjects",
	 "Personal Data Protection Bill 2023 (draft), breach notification",
	 "without undue delay and, where reasonably possible, not beyond 72 hours of becoming aware",
	 RS_TRIG_AWARENESS, RS_DL_HOURS, 72, NULL, RS_HOL_NONE, RS_PAUSE_NONE,
	 0, true,
	 "a bill, not enacted law; clause numbers and content elements not confirmed from the final draft text"},
};

const struct rs_dl_rule *rs_dl_rules(size_t *n)
{
	*n = sizeof(dl_rules) / sizeof(dl_rules[0]);
	return dl_rules;
}

const struct rs_dl_rule *rs_dl_rule_find(const char *id)
{
	for (size_t i = 0; id && i < sizeof(dl_rules) / sizeof(dl_rules[0]);
	     i++)
		if (!strcmp(dl_rules[i].id, id))
			return &dl_rules[i];
	return NULL;
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

static void apply_pause(const struct rs_dl_rule *rule,
			const struct rs_dl_facts *f, struct rs_dl_result *r)
{
	long end, moved;
	char a[11], b[11];

	if (rule->pause == RS_PAUSE_NONE || f->le.kind == RS_LE_NONE ||
	    !r->has_due || r->hourly)
		return;
	if (f->le.kind == RS_LE_WRITTEN) {
		end = f->le.day;
		rs_day_str(end, a);
		note_add(
			r,
			"A written law-enforcement statement delays notice until %s.",
			a);
	} else {
		end = f->le.day + rule->oral_cap_days;
		rs_day_str(f->le.day, a);
		rs_day_str(end, b);
		note_add(
			r,
			"An oral law-enforcement statement of %s delays notice at most %d days, to %s, unless a written statement follows; document the official's identity.",
			a, rule->oral_cap_days, b);
	}
	moved = end;
	if (rule->pause == RS_PAUSE_RESTART) {
		moved = rs_add_business_days(rule->holidays, end, rule->amount);
		note_add(
			r,
			"After the delay ends the report is due %d business days later.",
			rule->amount);
	}
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
