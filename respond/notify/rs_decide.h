/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The applicability decision of each regime, for one rule at a time: the
 * reason written out, in the rule's words, with what the facts left open
 * as [TO BE COMPLETED] questions.
 */
#ifndef SANITAS_RS_DECIDE_H
#define SANITAS_RS_DECIDE_H

#include "rs_facts.h"
#include "rs_regimes.h"

/* Set d->app and d->reason (and d->detail) for d->rule. */
void rs_decide_hipaa(const struct rs_facts *f, struct rs_decision *d);
void rs_decide_gdpr(const struct rs_facts *f, const struct rs_assessment *a,
		    struct rs_decision *d);
void rs_decide_ca_civ(const struct rs_facts *f, struct rs_decision *d);
void rs_decide_ca_hs(const struct rs_facts *f, struct rs_decision *d);
void rs_decide_ftc(const struct rs_facts *f, struct rs_decision *d);
void rs_decide_pk(const struct rs_facts *f, struct rs_decision *d);
/*
 * The GDPR territorial scope (Art. 3) from the facts into a->gdpr_scope,
 * a->gdpr_scope_reason and the authorities to notify (a->auth).
 */
void rs_gdpr_scope(const struct rs_facts *f, struct rs_assessment *a);
/* printf into d->reason and set d->app. */
void rs_decide_say(struct rs_decision *d, enum rs_app app, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
