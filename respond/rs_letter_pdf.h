/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Notice letters as PDF (notify.draft): a draft's Markdown rendered as a
 * letter under the organisation's letterhead, the notice title and its
 * headings larger and bold over a body of at least 10 points, every
 * "[TO BE COMPLETED ...]" placeholder marked in red, and the draft's notes
 * for counsel on a last page of their own.
 */
#ifndef SANITAS_RS_LETTER_PDF_H
#define SANITAS_RS_LETTER_PDF_H

#include <time.h>

#include "cm_err.h"

/* Point sizes of the letter (Cal. Civ. Code 1798.82(d): at least 10). */
#define RS_LETTER_BODY	11.0f
#define RS_LETTER_HEAD	13.0f
#define RS_LETTER_TITLE 18.0f

/* The letterhead; any field may be NULL (left out, never invented). */
struct rs_letterhead {
	const char *organization, *phone, *email, *website, *address;
};

/*
 * Render the draft Markdown @md (borrowed) as a letter PDF at @path,
 * written atomically (0600: a case file). @source names the draft in the
 * footer. Returns 0 or a negative errno.
 */
int rs_letter_pdf(const char *path, const char *md, const char *source,
		  const struct rs_letterhead *lh, time_t created,
		  struct cm_err *err);

#endif
