/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The embedded fonts of the PDF layer (cm_pdf_font.c): a TrueType face
 * opened with FreeType for Unicode to glyph and advances, the set of
 * glyphs drawn, and at the end the font as PDF objects (Type0 over
 * CIDFontType2, Identity-H, a subset FontFile2 keeping glyph ids,
 * CIDToGIDMap Identity, /W and a ToUnicode CMap of the glyphs used).
 */
#ifndef SANITAS_CM_PDF_FONT_H
#define SANITAS_CM_PDF_FONT_H

#include <stddef.h>
#include <stdint.h>

#include "cm_err.h"
#include "cm_pdf_write.h"

struct cm_pdf_face;

/*
 * Open face @face of the TrueType (or .ttc) file at @path, or of the
 * @len bytes at @mem when @mem is not NULL (borrowed until freed).
 * Returns 0, or -EINVAL (CM_ERR_DATAERR) when FreeType cannot read it.
 */
int cm_pdf_font_open(const char *path, const void *mem, size_t len, int face,
		     struct cm_pdf_face **out, struct cm_err *err);
void cm_pdf_font_free(struct cm_pdf_face *f);

/* The glyph of @cp, 0 when the font has none. */
unsigned cm_pdf_font_glyph(struct cm_pdf_face *f, uint32_t cp);
/* The advance of glyph @gid in thousandths of the font size. */
float cm_pdf_font_advance(struct cm_pdf_face *f, unsigned gid);
/* Mark @gid drawn, for code point @cp (the first one drawn with it wins). */
void cm_pdf_font_use(struct cm_pdf_face *f, unsigned gid, uint32_t cp);
/* Whether any glyph was drawn. */
int cm_pdf_font_used(const struct cm_pdf_face *f);

/*
 * The subset font file: every table a PDF TrueType font needs, with the
 * outlines of the glyphs drawn and of their components (to any depth),
 * every other glyph empty and glyph ids unchanged. *@out malloc'd.
 * Returns 0 or a negative errno (-EBADMSG: the font's tables are not
 * consistent).
 */
int cm_pdf_font_subset(struct cm_pdf_face *f, unsigned char **out, size_t *len);

/* Write @f's objects, its Type0 font dictionary as object @num. */
int cm_pdf_font_write(struct cm_pdf_face *f, struct cm_pdf_w *w, int num);

#endif
