/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The inside of the PDF layer: the document's state that cm_pdf.c (the
 * layout), cm_pdf_write.c (the streaming object writer) and cm_pdf_font.c
 * (the embedded TrueType fonts) share, and the writer's calls. Objects
 * go to the output as soon as they are complete; what stays in memory is
 * the page being drawn, the fonts' sets of glyphs used and a fixed number
 * of page-tree nodes.
 */
#ifndef SANITAS_CM_PDF_WRITE_H
#define SANITAS_CM_PDF_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cm_buf.h"
#include "cm_pdf.h"

struct cm_pdf_face; /* cm_pdf_font.h */

/* the page tree: fixed fan-out, fixed depth (64^3 = 262,144 pages) */
#define CM_PDF_TREE_FAN	  64
#define CM_PDF_TREE_DEPTH 3

struct cm_pdf_node {
	int num;		   /* its object number, reserved */
	int kids[CM_PDF_TREE_FAN]; /* object numbers */
	int nkids;
	long long count; /* pages below it */
};

/* The object writer: a buffered file descriptor and its xref spool. */
struct cm_pdf_w {
	int fd;	     /* the document as it is written (unlinked) */
	int xref_fd; /* offsets by object number, 8 bytes each (unlinked) */
	char buf[64 * 1024];
	size_t blen;
	long long off; /* offset of the next byte in the document */
	int next;      /* the next object number to reserve */
	int err;       /* the first error: a negative errno */
};

struct cm_pdf {
	struct cm_pdf_w w;
	struct cm_pdf_face *font[CM_PDF_FONTS];
	struct cm_pdf_face *cjk; /* NULL until a run needs it */
	bool cjk_failed;
	char *footer; /* owned */
	int pages;
	mode_t mode; /* of the saved file */
	float y;
	/* the page being drawn */
	bool open;
	struct cm_buf content; /* its content stream */
	int annots[16];	       /* its attachments' annotations */
	int nannots;
	float fill[3]; /* the fill colour set on it */
	/* reserved at the start, written at the end */
	int catalog, info, resources;
	struct cm_pdf_node tree[CM_PDF_TREE_DEPTH]; /* [DEPTH-1]: the root */
	int nfonts;				    /* resource names /F0.. */
	struct cm_pdf_face *fonts[CM_PDF_FONTS + 1];
	int font_obj[CM_PDF_FONTS + 1]; /* their Type0 objects, reserved */
};

/* The CJK fallback font, opened the first time a run needs it. */
struct cm_pdf_face *cm_pdf_cjk(struct cm_pdf *p);
/* The resource index of @f (/F<index>), its object reserved on first use. */
int cm_pdf_font_res(struct cm_pdf *p, struct cm_pdf_face *f);
/* Write the page being drawn, if any. Returns 0 or a negative errno. */
int cm_pdf_end_page(struct cm_pdf *p);

/* Reserve the next object number. */
int cm_pdf_w_reserve(struct cm_pdf_w *w);
/* Start object @num ("N 0 obj"), recording its offset. */
void cm_pdf_w_obj(struct cm_pdf_w *w, int num);
/* End the object started. */
void cm_pdf_w_endobj(struct cm_pdf_w *w);
void cm_pdf_w_put(struct cm_pdf_w *w, const void *p, size_t n);
void cm_pdf_w_puts(struct cm_pdf_w *w, const char *s);
void cm_pdf_w_printf(struct cm_pdf_w *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Object @num as a Flate-compressed stream of the @len bytes at @data,
 * its dictionary holding @dict (entries, may be "") and /Length (an
 * object of its own, written after the data).
 */
void cm_pdf_w_stream(struct cm_pdf_w *w, int num, const char *dict,
		     const void *data, size_t len);
/* @s (UTF-8) as a PDF text string: <FEFF...> in UTF-16BE. */
void cm_pdf_w_text(struct cm_pdf_w *w, const char *s);

/* One code point of @s (at most @n bytes); invalid bytes read as U+FFFD. */
uint32_t cm_pdf_utf8_next(const char *s, size_t n, size_t *used);

#endif
