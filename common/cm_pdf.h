/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PDF layer both tools render their documents with: A4 pages with a
 * cursor that flows text down the page, embedded TrueType fonts (DejaVu
 * for Latin, Greek and Cyrillic; a CJK font loaded only when a run needs
 * it; subset to the glyphs drawn), wrapped paragraphs, label/value rows,
 * table rows, a QR code (libqrencode) and file attachments from memory.
 * The document is streamed: each page is written out when the next one
 * starts and each attachment at once, so memory does not grow with the
 * number of pages; the save copies it into place atomically. Never
 * prints; errors go into the caller's cm_err.
 */
#ifndef SANITAS_CM_PDF_H
#define SANITAS_CM_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "cm_err.h"

enum cm_pdf_font {
	CM_PDF_REGULAR = 0,
	CM_PDF_BOLD,
	CM_PDF_MONO,
	CM_PDF_FONTS,
};

/* A4 in points, and the margin every page keeps */
#define CM_PDF_WIDTH  595.276f
#define CM_PDF_HEIGHT 841.89f
#define CM_PDF_MARGIN 50.0f

struct cm_pdf;

struct cm_pdf_info {
	const char *title;   /* document information dictionary */
	const char *author;  /* may be NULL */
	const char *subject; /* may be NULL */
	time_t created;	     /* CreationDate (injected: reproducible output) */
	const char *footer; /* printed at the foot of every page; may be NULL */
	/*
	 * Where the document is streamed while it is drawn (an unlinked
	 * file): best the directory of the file it is saved as. NULL: an
	 * anonymous memory file (memfd), for documents of a few pages.
	 */
	const char *spool_dir;
	mode_t mode; /* of the file saved; 0: 0644 */
};

/*
 * A new, empty document with the fonts loaded (the CJK fallback is loaded
 * on first use). *@out: owned by the caller, freed with cm_pdf_free().
 * -ENOENT (kind NOINPUT) when a font file is missing, naming it.
 */
int cm_pdf_new(const struct cm_pdf_info *info, struct cm_pdf **out,
	       struct cm_err *err);
void cm_pdf_free(struct cm_pdf *p);

/* Start a new page (footer drawn, cursor at the top margin). */
int cm_pdf_page(struct cm_pdf *p);
/* Pages started so far. */
int cm_pdf_pages(const struct cm_pdf *p);

/* The cursor: y of the next line's top, in points from the page bottom. */
float cm_pdf_y(const struct cm_pdf *p);
void cm_pdf_set_y(struct cm_pdf *p, float y);
/* Move the cursor down @dy points. */
void cm_pdf_space(struct cm_pdf *p, float dy);
/* Start a new page unless @h points are left above the bottom margin. */
void cm_pdf_need(struct cm_pdf *p, float h);

/* Width of @s (UTF-8, borrowed) in @font at @size points. */
float cm_pdf_width(struct cm_pdf *p, enum cm_pdf_font font, float size,
		   const char *s);
/* Draw one line of @s with its baseline at (@x, @y); no wrapping. */
void cm_pdf_text_at(struct cm_pdf *p, float x, float y, enum cm_pdf_font font,
		    float size, const char *s);
/*
 * Draw @s wrapped into @w points starting at @x on the cursor line, and
 * move the cursor below it (new pages as needed). @size is the font size;
 * lines are 1.3 x @size apart.
 */
void cm_pdf_para(struct cm_pdf *p, float x, float w, enum cm_pdf_font font,
		 float size, const char *s);
/*
 * cm_pdf_para() with inline styles: "**" toggles bold, and text between
 * the bytes 0x01 and 0x02 is marked (bold, red), for what a reader must
 * not miss. Lines break at spaces.
 */
void cm_pdf_rich(struct cm_pdf *p, float x, float w, float size, const char *s);
/* A heading: bold @size text on its own line, with space above. */
void cm_pdf_heading(struct cm_pdf *p, float size, const char *s);
/*
 * A label/value row: @label in bold in a @label_w column, @value (NULL:
 * "—") wrapped beside it, both at @size.
 */
void cm_pdf_kv(struct cm_pdf *p, float label_w, float size, const char *label,
	       const char *value);
/*
 * One row of a table: @n cells (borrowed, NULL -> empty) in columns of
 * @widths starting at the left margin, each wrapped, in @fonts[i] (NULL:
 * all in @font); the row is as tall as its tallest cell, with a thin rule
 * below when @rule. A row that does not fit starts a new page.
 */
void cm_pdf_row(struct cm_pdf *p, size_t n, const float *widths,
		const char *const *cells, const enum cm_pdf_font *fonts,
		enum cm_pdf_font font, float size, bool rule);
/*
 * A full-width band in colour (@r, @g, @b, 0..1) with @s in white bold at
 * @size: how a document states its result.
 */
void cm_pdf_banner(struct cm_pdf *p, float r, float g, float b, float size,
		   const char *s);
/* A horizontal rule across the text width at the cursor. */
void cm_pdf_rule(struct cm_pdf *p);

/*
 * A QR code of @text (byte mode, error correction M) drawn in a square of
 * @side points whose top-left corner is (@x, @y_top), quiet zone included.
 */
int cm_pdf_qr(struct cm_pdf *p, float x, float y_top, float side,
	      const char *text, struct cm_err *err);

/*
 * Embed @len bytes at @data as a file attachment named @name (a base
 * name: no '/'), with @desc (may be NULL) as its description, written at
 * once: a file attachment annotation of the page being drawn (a
 * paperclip in its top margin, shown on screen, not printed), at most 16
 * a page. The exact bytes come back out with pdfdetach, in the order
 * attached; names should be unique (pdfdetach -saveall writes by name).
 */
int cm_pdf_attach(struct cm_pdf *p, const char *name, const void *data,
		  size_t len, const char *desc, struct cm_err *err);

/*
 * Finish the document (the last page, the fonts, the page tree, the xref
 * table) and copy it to @path atomically (mode: cm_pdf_info.mode).
 */
int cm_pdf_save(struct cm_pdf *p, const char *path, struct cm_err *err);

#endif
