/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The rules data: every notice rule with its clock, when it applies, how
 * a law-enforcement delay works, and for each of those its citation, its
 * operative words and how far they were checked (rs_source).
 */
#ifndef SANITAS_RS_RULES_H
#define SANITAS_RS_RULES_H

#include <stddef.h>

#include "rs_deadline.h"

/* The rule table, in report order. */
const struct rs_dl_rule *rs_dl_rules(size_t *n);
const struct rs_dl_rule *rs_dl_rule_find(const char *id);

#endif
