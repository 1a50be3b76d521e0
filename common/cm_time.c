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

int cm_time_parse(const char *s, time_t *out)
{
	struct tm tm = {0};
	int y, mo, d, h = 0, mi = 0, sec = 0, offset = 0;
	const char *p;

	if (strlen(s) < 10 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d))
		return -EINVAL;
	p = s + 10;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		if (strlen(p) < 9 || digits(p + 1, 2, &h) || p[3] != ':' ||
		    digits(p + 4, 2, &mi) || p[6] != ':' ||
		    digits(p + 7, 2, &sec))
			return -EINVAL;
		p += 9;
		if (*p == '.') {
			p++;
			if (!isdigit((unsigned char)*p))
				return -EINVAL;
			while (isdigit((unsigned char)*p))
				p++;
		}
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int oh, om, sign = *p == '-' ? -1 : 1;

			if (strlen(p) != 6 || digits(p + 1, 2, &oh) ||
			    p[3] != ':' || digits(p + 4, 2, &om) || oh > 23 ||
			    om > 59)
				return -EINVAL;
			offset = sign * (oh * 3600 + om * 60);
			p += 6;
		} else {
			return -EINVAL; /* a time without a zone is ambiguous */
		}
	}
	if (*p != '\0')
		return -EINVAL;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60)
		return -EINVAL;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = timegm(&tm);
	/* timegm normalises 31 Feb into March: refuse such dates */
	{
		struct tm chk;
		time_t t = *out;

		gmtime_r(&t, &chk);
		if (chk.tm_mday != d && sec != 60)
			return -EINVAL;
	}
	*out -= offset;
	return 0;
}
