/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Notification deadlines: civil-date arithmetic, holiday calendars,
 * business days, and the clock rules of each regime held as data
 * (rs_dl_rules()). Day-based deadlines are civil dates (the date of the
 * trigger as written in its RFC 3339 offset); hour-based deadlines are UTC
 * instants, so a daylight-saving change never moves them.
 */
#ifndef SANITAS_RS_DEADLINE_H
#define SANITAS_RS_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cm_err.h"

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d. */
long rs_days_from_civil(int y, int m, int d);
/* The date of day number @z. */
void rs_civil_from_days(long z, int *y, int *m, int *d);
/* 0 = Sunday ... 6 = Saturday. */
int rs_weekday(long z);
bool rs_is_leap(int y);
/* "2027-01-15" into @buf (11 bytes). */
void rs_day_str(long z, char *buf);
/* "2027-01-15T09:00:00Z" into @buf (21 bytes). */
void rs_instant_str(time_t t, char *buf);

enum rs_holcal {
	RS_HOL_NONE = 0,
	RS_HOL_US_FEDERAL, /* 5 U.S.C. 6103, Sat -> Fri, Sun -> Mon */
	RS_HOL_US_CA, /* California state offices (CalHR, Gov. Code 6700) */
};

/* The holiday's name when @z is an observed holiday of @cal, else NULL. */
const char *rs_holiday(enum rs_holcal cal, long z);
/* Monday to Friday and not a holiday of @cal. */
bool rs_is_business_day(enum rs_holcal cal, long z);
/* The @n-th business day after day @z (@z itself never counts). */
long rs_add_business_days(enum rs_holcal cal, long z, int n);
const char *rs_holcal_name(enum rs_holcal cal);

/* A moment as the inputs give it: the instant and the civil date written. */
struct rs_when {
	bool known;
	bool date_only; /* a bare date: t is its earliest instant anywhere */
	time_t t;	/* UTC instant */
	long day;	/* civil date in the offset it was written with */
};

/*
 * Parse RFC 3339 ("2027-01-15T09:00:00-08:00", "...Z", fractions ignored)
 * or a bare date ("2027-01-15"): its civil date, and as instant the
 * earliest moment that date exists anywhere (00:00 at UTC+14, i.e.
 * 10:00 UTC the day before), with date_only set, so an hour-based clock
 * never starts later than it could have. NULL or "" -> unknown.
 * Returns 0 or -EINVAL.
 */
int rs_when_parse(const char *s, struct rs_when *w);

enum rs_le_kind {
	RS_LE_NONE = 0,
	RS_LE_WRITTEN, /* written statement: delay until a stated date */
	RS_LE_ORAL,    /* oral statement on a date */
};

struct rs_le_delay {
	enum rs_le_kind kind;
	long day;     /* written: end of delay; oral: date of the statement */
	bool has_req; /* written: the date of the request is known */
	long req_day;
	bool has_until; /* oral: an end date was stated */
	long until_day;
};

/*
 * Parse "none", "written until 2027-03-01", "written 2027-01-20 until
 * 2027-03-01" (request date, end date), "oral 2027-02-01" or "oral
 * 2027-02-01 until 2027-02-20" (case insensitive; NULL or "" = none).
 * Returns 0 or -EINVAL.
 */
int rs_le_parse(const char *s, struct rs_le_delay *le);

enum rs_dl_unit {
	RS_DL_HOURS,	      /* amount hours after the trigger instant */
	RS_DL_CAL_DAYS,	      /* amount calendar days after the trigger date */
	RS_DL_BUS_DAYS,	      /* amount business days (holiday calendar) */
	RS_DL_AFTER_YEAR_END, /* amount days after 31 Dec of the trigger year */
	RS_DL_SAME_AS,	      /* at the same time as rule `ref` */
	RS_DL_UNDUE_DELAY,    /* no fixed limit: "without undue delay" */
};

enum rs_dl_trigger {
	RS_TRIG_DISCOVERY, /* discovered_at */
	RS_TRIG_AWARENESS, /* aware_at (falls back to discovered_at) */
	RS_TRIG_NOTICE,	   /* the date notice `ref` is (or must be) sent */
};

enum rs_dl_pause {
	RS_PAUSE_NONE,
	/* 45 CFR 164.412: written = until the stated date; oral <= 30 days */
	RS_PAUSE_HOLD,
	/*
	 * H&S 1280.15: `amount` business days after the delay ends; the
	 * end at most 60 days after a written, 30 after an oral request
	 */
	RS_PAUSE_RESTART,
	/* Civ. 1798.82(c): no fixed date; promptly once cleared */
	RS_PAUSE_CLEARS,
};

/* How far a rule's words were checked. */
enum rs_conf {
	RS_CONF_VERIFIED,   /* read in the primary text (or a verbatim copy) */
	RS_CONF_SECONDARY,  /* from secondary sources only */
	RS_CONF_UNVERIFIED, /* not confirmed anywhere: a working reading */
};

const char *rs_conf_name(enum rs_conf c);

/* Where a rule comes from: citation, operative words, confidence. */
struct rs_source {
	const char *citation;
	const char *text; /* a short quote ("...") or a paraphrase */
	enum rs_conf conf;
	const char *where; /* the document or page it was read in */
};

struct rs_dl_rule {
	const char *id;	       /* "hipaa-individuals" */
	const char *regime;    /* "HIPAA" */
	const char *recipient; /* "Affected individuals" */
	const char *citation;  /* "45 CFR 164.404(b)" */
	const char *standard;  /* the clock in the law's words */
	enum rs_dl_trigger trigger;
	enum rs_dl_unit unit;
	int amount;
	const char *ref; /* rule id for SAME_AS and TRIG_NOTICE */
	enum rs_holcal holidays;
	enum rs_dl_pause pause;
	int oral_cap_days;	/* RS_PAUSE_*: cap of an oral delay */
	int written_cap_days;	/* RS_PAUSE_RESTART: cap after the request */
	bool draft_law;		/* a bill, not enacted */
	const char *verify;	/* NULL, or what is not yet confirmed */
	struct rs_source clock; /* citation/standard restated, sourced */
	struct rs_source app;	/* when the notice is required */
	struct rs_source pause_src; /* the law-enforcement delay reading */
};

/* The lowest confidence of the rule's clock and applicability. */
enum rs_conf rs_rule_conf(const struct rs_dl_rule *r);

/* The facts a clock needs. */
struct rs_dl_facts {
	struct rs_when discovered;
	struct rs_when aware;
	struct rs_le_delay le;
	/* dates notices were (or are planned to be) sent, by rule id */
	const char *const *sent_ids;
	const struct rs_when *sent;
	size_t n_sent;
};

struct rs_dl_result {
	const struct rs_dl_rule *rule;
	bool has_due; /* false: no fixed limit or trigger unknown */
	bool hourly;  /* due_t is the deadline, else due_day */
	time_t due_t;
	long due_day;
	bool paused;	  /* a law-enforcement delay moved the deadline */
	bool open_ended;  /* delayed with no fixed date (see note) */
	char due_str[32]; /* "2027-01-15" / "2027-01-15T09:00:00Z" / "" */
	char note[768];	  /* how it was computed, in words */
};

/*
 * Compute the deadline of @rule for @facts. Returns 0 (a result without a
 * due date is still 0: see has_due and note) or a negative errno.
 */
int rs_dl_compute(const struct rs_dl_rule *rule, const struct rs_dl_facts *f,
		  struct rs_dl_result *out, struct cm_err *err);

#endif
