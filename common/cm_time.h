/* SPDX-License-Identifier: Apache-2.0 */
/* Time: an injectable clock and RFC 3339 formatting/parsing (UTC). */
#ifndef SANITAS_CM_TIME_H
#define SANITAS_CM_TIME_H

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

#endif
