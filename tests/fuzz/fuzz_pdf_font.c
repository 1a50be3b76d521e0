// SPDX-License-Identifier: Apache-2.0
/*
 * The PDF layer's font embedding on arbitrary font files: whatever
 * FreeType opens is measured, has glyphs marked drawn (from a few code
 * points and from ids the input picks), and is cut down to a subset
 * ('head' and 'loca' read by our code) and written as PDF font objects
 * (widths, ToUnicode) into memory files; a subset that comes out must
 * open in FreeType again.
 */
#include <ft2build.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include FT_FREETYPE_H

#include "cm_pdf_font.h"
#include "cm_pdf_write.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void reopen(const unsigned char *sub, size_t len)
{
	FT_Library lib;
	FT_Face face;

	if (FT_Init_FreeType(&lib))
		return;
	if (!FT_New_Memory_Face(lib, sub, (FT_Long)len, 0, &face))
		FT_Done_Face(face);
	FT_Done_FreeType(lib);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t cps[] = {'A', 'B', ' ', 0xe9, 0x4e2d, 0x1f600};
	static struct cm_pdf_w w;
	struct cm_pdf_face *f = NULL;
	unsigned char *sub = NULL;
	struct cm_err err;
	size_t len = 0;

	if (size > 256 * 1024 ||
	    cm_pdf_font_open(NULL, data, size, 0, &f, &err) < 0)
		return 0;
	for (size_t i = 0; i < sizeof(cps) / sizeof(*cps); i++) {
		unsigned g = cm_pdf_font_glyph(f, cps[i]);

		cm_pdf_font_advance(f, g);
		cm_pdf_font_use(f, g, cps[i]);
	}
	for (size_t i = 0; i + 1 < size && i < 16; i += 2)
		cm_pdf_font_use(f, (unsigned)data[i] << 8 | data[i + 1],
				0x20 + (uint32_t)i);
	if (cm_pdf_font_subset(f, &sub, &len) == 0)
		reopen(sub, len);
	free(sub);
	memset(&w, 0, sizeof(w));
	w.next = 2;
	w.fd = memfd_create("fuzz-pdf", MFD_CLOEXEC);
	w.xref_fd = memfd_create("fuzz-pdf-xref", MFD_CLOEXEC);
	if (w.fd >= 0 && w.xref_fd >= 0)
		cm_pdf_font_write(f, &w, 1);
	if (w.fd >= 0)
		close(w.fd);
	if (w.xref_fd >= 0)
		close(w.xref_fd);
	cm_pdf_font_free(f);
	return 0;
}
