/* SPDX-License-Identifier: Apache-2.0 */
/* report.md: what happened, step by step, from case.json. */
#ifndef SANITAS_RS_REPORT_H
#define SANITAS_RS_REPORT_H

#include <jansson.h>

/* The Markdown report for @case_json (malloc'd, owned by the caller). */
char *rs_report_md(const json_t *case_json);

#endif
