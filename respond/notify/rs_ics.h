/* SPDX-License-Identifier: Apache-2.0 */
/* The deadline calendar (RFC 5545) of an assessment. */
#ifndef SANITAS_RS_ICS_H
#define SANITAS_RS_ICS_H

#include <time.h>

#include "rs_facts.h"
#include "rs_regimes.h"

/*
 * The calendar (RFC 5545): one VEVENT with a VALARM per deadline that has
 * a date, CRLF line ends, lines folded at 75 octets. @stamp is DTSTAMP.
 * Returns a malloc'd string (caller frees) or NULL on allocation failure.
 */
char *rs_ics_render(const struct rs_facts *f, const struct rs_assessment *a,
		    time_t stamp);

#endif
