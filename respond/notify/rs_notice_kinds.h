/* SPDX-License-Identifier: Apache-2.0 */
/* The body of each kind of notice draft, chosen by the rule's id. */
#ifndef SANITAS_RS_NOTICE_KINDS_H
#define SANITAS_RS_NOTICE_KINDS_H

#include "rs_deadline.h"
#include "rs_draft_text.h"
#include "rs_regimes.h"

/* The draft's title for @r (a static string). */
const char *rs_notice_title(const struct rs_dl_rule *r);
/* Append the body of the notice @d asks for (after its header). */
void rs_notice_body(struct rs_draft_ctx *c, const struct rs_decision *d);
/* Append the HIPAA four-factor risk assessment record (45 CFR 164.402(2)). */
void rs_notice_risk_record(struct rs_draft_ctx *c);

#endif
