/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Notice drafts: one per required notice, in Markdown and plain text, with
 * every element the facts do not give listed as missing.
 */
#ifndef SANITAS_RS_NOTICES_H
#define SANITAS_RS_NOTICES_H

#include <stddef.h>

#include "cm_err.h"
#include "rs_facts.h"
#include "rs_regimes.h"

/* A rendered notice draft. */
struct rs_draft {
	char *name;	/* file stem, e.g. "hipaa-individuals" (owned) */
	char *title;	/* owned */
	char *md;	/* Markdown (owned) */
	char *txt;	/* plain text (owned) */
	char **missing; /* owned: each [TO BE COMPLETED] item */
	size_t n_missing;
};

/*
 * One draft per required notice (applies / conditional / draft law), the
 * HHS portal field sheet when HHS notice applies and the HIPAA four-factor
 * risk-assessment record when HIPAA is in scope. *@out is an owned array.
 */
int rs_drafts_render(const struct rs_facts *f, const struct rs_assessment *a,
		     struct rs_draft **out, size_t *n, struct cm_err *err);
void rs_drafts_free(struct rs_draft *d, size_t n);

#endif
