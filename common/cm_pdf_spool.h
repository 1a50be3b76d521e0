/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The spool of the PDF layer (cm_pdf_spool.c), which keeps finished page
 * contents and attachments on disk instead of in libharu's memory, and
 * the document's state that cm_pdf.c and the spool share.
 */
#ifndef SANITAS_CM_PDF_SPOOL_H
#define SANITAS_CM_PDF_SPOOL_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cm_pdf.h"

struct cm_pdf_piece {
	off_t off;  /* in the spool file */
	size_t len; /* bytes */
	size_t pos; /* read position while libharu writes it out */
	int fd;	    /* the spool file (borrowed) */
};

struct cm_pdf_pieces; /* a block of pieces; blocks never move */

struct cm_pdf {
	HPDF_Doc doc;
	HPDF_Page page; /* the page being drawn, NULL before the first */
	HPDF_Font font[CM_PDF_FONTS];
	HPDF_FontDef def[CM_PDF_FONTS];
	HPDF_Font cjk; /* NULL until a run needs it */
	HPDF_FontDef cjk_def;
	bool cjk_failed;
	char *footer; /* owned */
	int pages;
	mode_t mode; /* of the saved file */
	float y;
	unsigned hpdf_code, hpdf_detail; /* the first libharu error */
	/* the spool: -1 when everything stays in memory */
	int spool_fd;
	off_t spool_end;
	struct cm_pdf_pieces *pieces; /* owned list */
};

/*
 * Spool into a temporary file in @dir (unlinked at once: O_TMPFILE, or
 * mkstemp + unlink). Returns 0 or a negative errno.
 */
int cm_pdf_spool_open(struct cm_pdf *p, const char *dir);
/* Move the finished current page's content stream into the spool. */
int cm_pdf_spool_page(struct cm_pdf *p);
/*
 * Give the stream dictionary @d the @len bytes at @data: into the spool
 * when there is one, else into its memory stream.
 */
int cm_pdf_spool_stream(struct cm_pdf *p, HPDF_Dict d, const void *data,
			size_t len);
/* Close the spool file and free the pieces. Accepts none. */
void cm_pdf_spool_release(struct cm_pdf *p);

#endif
