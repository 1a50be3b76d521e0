// SPDX-License-Identifier: Apache-2.0
/* Time: the injectable clock, RFC 3339 formatting and parsing (UTC). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_hook.h"
#include "cm_time.h"

static cm_time_source time_source;

void cm_time_set_source(cm_time_source fn)
{
	time_source = fn;
}

time_t cm_time_now(void)
{
	time_t t;

	if (time_source)
		return time_source();
	if (cm_hook_now(&t))
		return t;
	return time(NULL);
}

double cm_time_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cm_time_rfc3339(time_t t, char *buf)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, CM_RFC3339_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void cm_time_date(time_t t, char *buf)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 11, "%Y-%m-%d", &tm);
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -EINVAL;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Midnight UTC of y-m-d; -EINVAL when the day does not exist (31 Feb). */
static int midnight(int y, int mo, int d, time_t *out)
{
	struct tm tm = {0}, chk;
	time_t t;

	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return -EINVAL;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	t = timegm(&tm);
	/* timegm normalises 31 Feb into March: refuse such dates */
	gmtime_r(&t, &chk);
	if (chk.tm_mday != d || chk.tm_mon != mo - 1)
		return -EINVAL;
	*out = t;
	return 0;
}

int cm_time_parse_date(const char *s, struct cm_time_fields *f,
		       const char **end)
{
	struct cm_time_fields v = {0};
	time_t t;

	if (digits(s, 4, &v.year) || s[4] != '-' ||
	    digits(s + 5, 2, &v.month) || s[7] != '-' ||
	    digits(s + 8, 2, &v.day) || midnight(v.year, v.month, v.day, &t))
		return -EINVAL;
	v.date_only = true;
	*f = v;
	if (end)
		*end = s + 10;
	return 0;
}

/* "HH:MM[:SS[.frac]]" after the 'T'; seconds optional with the flag. */
static int parse_clock(const char **pp, unsigned flags,
		       struct cm_time_fields *f)
{
	const char *p = *pp;

	if (digits(p, 2, &f->hour) || p[2] != ':' || digits(p + 3, 2, &f->min))
		return -EINVAL;
	p += 5;
	if (*p == ':') {
		if (digits(p + 1, 2, &f->sec))
			return -EINVAL;
		p += 3;
		if (*p == '.') {
			p++;
			if (!isdigit((unsigned char)*p))
				return -EINVAL;
			while (isdigit((unsigned char)*p))
				p++;
		}
	} else if (!(flags & CM_TIME_SECONDS_OPTIONAL)) {
		return -EINVAL;
	}
	if (f->hour > 23 || f->min > 59 || f->sec > 60)
		return -EINVAL;
	*pp = p;
	return 0;
}

/* "Z" or "+HH:MM" / "-HH:MM" ending the string. */
static int parse_zone(const char *p, struct cm_time_fields *f)
{
	int oh, om;

	if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
		return 0;
	if ((*p != '+' && *p != '-') || digits(p + 1, 2, &oh) || p[3] != ':' ||
	    digits(p + 4, 2, &om) || p[6] != '\0' || oh > 23 || om > 59)
		return -EINVAL; /* a time without a zone is ambiguous */
	f->offset = (*p == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	return 0;
}

int cm_time_parse_ex(const char *s, unsigned flags, time_t *out,
		     struct cm_time_fields *fields)
{
	struct cm_time_fields f;
	const char *p;
	time_t t;

	if (cm_time_parse_date(s, &f, &p))
		return -EINVAL;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		f.date_only = false;
		if (parse_clock(&p, flags, &f) || parse_zone(p, &f))
			return -EINVAL;
	} else if (*p != '\0') {
		return -EINVAL;
	}
	if (midnight(f.year, f.month, f.day, &t))
		return -EINVAL;
	/* a leap second (":60") is the first second of the next minute */
	*out = t + f.hour * 3600 + f.min * 60 + f.sec - f.offset;
	if (fields)
		*fields = f;
	return 0;
}

int cm_time_parse(const char *s, time_t *out)
{
	return cm_time_parse_ex(s, 0, out, NULL);
}
