/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Writing a notice draft: the Markdown being built, the items still
 * missing, and the pieces every kind of notice is made of. A missing fact
 * is written as "[TO BE COMPLETED: what]" and remembered once in
 * @missing. An allocation failure sets @oom; the driver reports it.
 */
#ifndef SANITAS_RS_DRAFT_TEXT_H
#define SANITAS_RS_DRAFT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "cm_buf.h"
#include "rs_facts.h"
#include "rs_regimes.h"

struct rs_draft_ctx {
	const struct rs_facts *f;      /* borrowed */
	const struct rs_assessment *a; /* borrowed */
	struct cm_buf md;	       /* the draft being written */
	char **missing;		       /* owned: each placeholder's text */
	size_t n_missing;
	bool oom;
};

/* Append "[TO BE COMPLETED: @what]" and remember @what (copied). */
void rs_draft_tbc(struct rs_draft_ctx *c, const char *what);
/* Append @s, or the placeholder for @what when @s is NULL or empty. */
void rs_draft_val(struct rs_draft_ctx *c, const char *s, const char *what);
/* Append the civil date of @w ("2027-01-15"), or the placeholder. */
void rs_draft_date(struct rs_draft_ctx *c, const struct rs_when *w,
		   const char *what);
/* Append the UTC instant of @w ("2027-01-15T09:00:00Z"), or the placeholder. */
void rs_draft_time(struct rs_draft_ctx *c, const struct rs_when *w,
		   const char *what);
/* Append the number of individuals affected, or the placeholder. */
void rs_draft_count(struct rs_draft_ctx *c);
/* Append the data elements involved, comma separated, or the placeholder. */
void rs_draft_elements(struct rs_draft_ctx *c);
/* True when a data element contains @needle (case insensitive). */
bool rs_draft_has_element(const struct rs_facts *f, const char *needle);
/* Append the sentence giving when the breach began, ended, was found. */
void rs_draft_breach_dates(struct rs_draft_ctx *c);
/* Append the contact list (telephone, e-mail, web site, postal address). */
void rs_draft_contacts(struct rs_draft_ctx *c, bool toll_free);
/* The decision on rule @id in @a (borrowed), or NULL. */
const struct rs_decision *rs_draft_decision(const struct rs_assessment *a,
					    const char *id);
/*
 * Append the opening of a draft: @title, the review banner, recipient,
 * legal basis, deadline, scope, reason and the cross-regime notes.
 */
void rs_draft_header(struct rs_draft_ctx *c, const struct rs_decision *d,
		     const char *title);

#endif
