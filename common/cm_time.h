/* SPDX-License-Identifier: Apache-2.0 */
/* Time: an injectable clock and RFC 3339 formatting/parsing (UTC). */
#ifndef SANITAS_CM_TIME_H
#define SANITAS_CM_TIME_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define CM_RFC3339_LEN 32

/*
 * The wall clock used for every timestamp sanitas writes. Tests replace it
 * with cm_time_set_source(); NULL restores the real clock. A build with
 * test hooks also lets SANITAS_FAKE_NOW pin it (cm_hook.h), so CLI tests
 * can compare output byte for byte; a shipped build has no such override.
 */
typedef time_t (*cm_time_source)(void);
void cm_time_set_source(cm_time_source fn);
time_t cm_time_now(void);

/* Monotonic seconds, for rates and timeouts. */
double cm_time_mono(void);

/* "2027-01-15T09:00:00Z" into @buf (CM_RFC3339_LEN bytes). */
void cm_time_rfc3339(time_t t, char *buf);
/* "2027-01-15" into @buf (11 bytes). */
void cm_time_date(time_t t, char *buf);
/*
 * Parse RFC 3339 ("2027-01-15T09:00:00Z", "...+02:00", fractional seconds
 * ignored) or a bare date "2027-01-15" (midnight UTC). Returns 0 or -EINVAL.
 */
int cm_time_parse(const char *s, time_t *out);

/* A timestamp's fields as written, before conversion to UTC. */
struct cm_time_fields {
	int year, month, day; /* the civil date in the offset written */
	int hour, min, sec;   /* 0 for a bare date; sec may be 60 */
	int offset;	      /* seconds east of UTC; 0 for "Z" and a date */
	bool date_only;	      /* a bare date: no time, no offset */
};

enum cm_time_parse_flags {
	/* accept "T09:00Z" (ISO 8601; RFC 3339 always has the seconds) */
	CM_TIME_SECONDS_OPTIONAL = 1 << 0,
};

/*
 * cm_time_parse() with @flags, also giving the fields as written in
 * *@fields (when not NULL): the date, the time, the offset, and whether
 * @s was a bare date. Returns 0 or -EINVAL (nothing written then).
 */
int cm_time_parse_ex(const char *s, unsigned flags, time_t *out,
		     struct cm_time_fields *fields);

/*
 * The date "YYYY-MM-DD" at the start of @s, checked to exist (29 Feb only
 * in a leap year, no 31 Feb), into @f (the time fields zero, date_only
 * set). *@end, when not NULL, points after the date; anything may follow.
 * Returns 0 or -EINVAL.
 */
int cm_time_parse_date(const char *s, struct cm_time_fields *f,
		       const char **end);

#endif
