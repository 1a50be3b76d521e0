// SPDX-License-Identifier: Apache-2.0
/*
 * The embedded TrueType fonts of the PDF layer. FreeType reads the font
 * (Unicode to glyph through its cmap, advances, which glyphs a composite
 * glyph is made of, and the raw tables of a face, .ttc faces included);
 * what this file reads itself is the 'head' and 'loca' tables, to cut
 * the 'glyf' table down to the glyphs drawn (tests/fuzz/fuzz_pdf_font.c
 * runs it on arbitrary fonts). Glyph ids are kept, so the PDF font is
 * CIDFontType2 with CIDToGIDMap Identity and Identity-H codes (the glyph
 * ids); what is kept per font is one byte and one code point per glyph
 * of the font, whatever the number of pages.
 */
#include <errno.h>
#include <ft2build.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_TRUETYPE_TABLES_H

#include "cm_pdf_font.h"

#define TABLE_MAX ((FT_ULong)64 * 1024 * 1024)

struct cm_pdf_face {
	FT_Library lib;
	FT_Face face;
	unsigned n;    /* glyphs in the font */
	unsigned upem; /* font units per em */
	uint8_t *used; /* per glyph: 1 drawn, 2 a component of one drawn */
	uint32_t *cp;  /* per glyph: the code point first drawn with it */
	int any;
	char name[64]; /* PostScript name, PDF name characters only */
};

int cm_pdf_font_open(const char *path, const void *mem, size_t len, int face,
		     struct cm_pdf_face **out, struct cm_err *err)
{
	struct cm_pdf_face *f = calloc(1, sizeof(*f));
	const char *ps;
	FT_Error fe;
	size_t k = 0;

	*out = NULL;
	if (!f)
		return cm_err_set(err, -ENOMEM, "out of memory");
	fe = FT_Init_FreeType(&f->lib);
	if (!fe)
		fe = mem ? FT_New_Memory_Face(f->lib, mem, (FT_Long)len, face,
					      &f->face)
			 : FT_New_Face(f->lib, path, face, &f->face);
	if (!fe && (!FT_IS_SFNT(f->face) || f->face->num_glyphs < 1 ||
		    f->face->num_glyphs > 65535 || f->face->units_per_EM < 16))
		fe = FT_Err_Unknown_File_Format;
	if (!fe)
		fe = FT_Select_Charmap(f->face, FT_ENCODING_UNICODE);
	if (fe) {
		cm_pdf_font_free(f);
		return cm_err_setk(
			err, -EINVAL, CM_ERR_DATAERR,
			"'%s' is not a TrueType font this build can embed (FreeType error %d)",
			path ? path : "(font in memory)", fe);
	}
	f->n = (unsigned)f->face->num_glyphs;
	f->upem = f->face->units_per_EM;
	f->used = calloc(f->n, 1);
	f->cp = calloc(f->n, sizeof(*f->cp));
	if (!f->used || !f->cp) {
		cm_pdf_font_free(f);
		return cm_err_set(err, -ENOMEM, "out of memory");
	}
	ps = FT_Get_Postscript_Name(f->face);
	for (; ps && *ps && k + 1 < sizeof(f->name); ps++)
		if ((*ps >= 'A' && *ps <= 'Z') || (*ps >= 'a' && *ps <= 'z') ||
		    (*ps >= '0' && *ps <= '9') || *ps == '-' || *ps == '_')
			f->name[k++] = *ps;
	if (!k)
		snprintf(f->name, sizeof(f->name), "Font");
	*out = f;
	return 0;
}

void cm_pdf_font_free(struct cm_pdf_face *f)
{
	if (!f)
		return;
	if (f->face)
		FT_Done_Face(f->face);
	if (f->lib)
		FT_Done_FreeType(f->lib);
	free(f->used);
	free(f->cp);
	free(f);
}

unsigned cm_pdf_font_glyph(struct cm_pdf_face *f, uint32_t cp)
{
	FT_UInt g = FT_Get_Char_Index(f->face, cp);

	return g < f->n ? g : 0;
}

float cm_pdf_font_advance(struct cm_pdf_face *f, unsigned gid)
{
	FT_Fixed adv = 0;

	if (gid >= f->n || FT_Get_Advance(f->face, gid, FT_LOAD_NO_SCALE, &adv))
		return 0;
	return (float)adv * 1000.0f / (float)f->upem;
}

void cm_pdf_font_use(struct cm_pdf_face *f, unsigned gid, uint32_t cp)
{
	if (gid >= f->n)
		return;
	if (f->used[gid] != 1) {
		f->used[gid] = 1;
		f->cp[gid] = cp;
	}
	f->any = 1;
}

int cm_pdf_font_used(const struct cm_pdf_face *f)
{
	return f->any;
}

static uint32_t be16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

struct table {
	uint32_t tag;
	uint8_t *data;
	size_t len;
};

static int load_table(FT_Face face, uint32_t tag, struct table *t, int need)
{
	FT_ULong len = 0;

	t->tag = tag;
	t->data = NULL;
	t->len = 0;
	if (FT_Load_Sfnt_Table(face, tag, 0, NULL, &len) || !len ||
	    len > TABLE_MAX)
		return need ? -EBADMSG : 0;
	t->data = malloc(len);
	if (!t->data)
		return -ENOMEM;
	if (FT_Load_Sfnt_Table(face, tag, 0, t->data, &len))
		return -EBADMSG;
	t->len = len;
	return 0;
}

/* add the components of composite glyphs drawn, to any depth */
static int close_set(struct cm_pdf_face *f)
{
	unsigned *stack = malloc(f->n * sizeof(*stack)), top = 0;

	if (!stack)
		return -ENOMEM;
	f->used[0] = f->used[0] ? f->used[0] : 2; /* .notdef, always kept */
	for (unsigned g = 0; g < f->n; g++)
		if (f->used[g])
			stack[top++] = g;
	while (top) {
		unsigned g = stack[--top];
		FT_GlyphSlot s = f->face->glyph;

		if (FT_Load_Glyph(f->face, g,
				  FT_LOAD_NO_RECURSE | FT_LOAD_NO_SCALE) ||
		    s->format != FT_GLYPH_FORMAT_COMPOSITE)
			continue;
		for (FT_UInt k = 0; k < s->num_subglyphs; k++) {
			FT_Int idx, a1, a2;
			FT_UInt flags;
			FT_Matrix m;

			if (FT_Get_SubGlyph_Info(s, k, &idx, &flags, &a1, &a2,
						 &m) ||
			    idx < 0 || (unsigned)idx >= f->n || f->used[idx])
				continue;
			f->used[idx] = 2;
			stack[top++] = (unsigned)idx;
		}
	}
	free(stack);
	return 0;
}

/* offset of glyph @g in 'glyf' by 'loca', or -1 past the table's end */
static long long loca_at(const struct table *loca, int longfmt, unsigned g)
{
	size_t at = (size_t)g * (longfmt ? 4 : 2);

	if (at + (longfmt ? 4 : 2) > loca->len)
		return -1;
	return longfmt ? (long long)be32(loca->data + at)
		       : (long long)be16(loca->data + at) * 2;
}

/* the new 'glyf' and 'loca' (long offsets) of the glyphs kept */
static int cut_glyf(const struct cm_pdf_face *f, const struct table *loca,
		    int longfmt, struct table *glyf, struct table *nloca)
{
	size_t total = 0, o = 0;
	uint8_t *ng;

	nloca->len = ((size_t)f->n + 1) * 4;
	nloca->data = malloc(nloca->len);
	if (!nloca->data)
		return -ENOMEM;
	for (int pass = 0; pass < 2; pass++) {
		ng = pass ? malloc(total ? total : 1) : NULL;
		if (pass && !ng)
			return -ENOMEM;
		o = 0;
		for (unsigned g = 0; g < f->n; g++) {
			long long a = loca_at(loca, longfmt, g);
			long long b = loca_at(loca, longfmt, g + 1);
			size_t len = 0;

			if (f->used[g] && a >= 0 && b > a &&
			    (unsigned long long)b <= glyf->len)
				len = (size_t)(b - a);
			if (pass) {
				put32(nloca->data + (size_t)g * 4, (uint32_t)o);
				if (len)
					memcpy(ng + o, glyf->data + a, len);
				memset(ng + o + len, 0, (4 - len % 4) % 4);
			}
			o += len + (4 - len % 4) % 4;
			if (o > UINT32_MAX)
				return -EBADMSG;
		}
		total = o;
	}
	put32(nloca->data + (size_t)f->n * 4, (uint32_t)o);
	free(glyf->data);
	glyf->data = ng;
	glyf->len = total;
	return 0;
}

static uint32_t checksum(const uint8_t *p, size_t len)
{
	uint32_t s = 0;

	for (size_t i = 0; i < len; i += 4) {
		uint8_t b[4] = {0};

		memcpy(b, p + i, len - i < 4 ? len - i : 4);
		s += be32(b);
	}
	return s;
}

enum {
	T_CVT,
	T_FPGM,
	T_GLYF,
	T_HEAD,
	T_HHEA,
	T_HMTX,
	T_LOCA,
	T_MAXP,
	T_PREP,
	T_N
};

/* the tables in tag order, as the sfnt directory wants them */
static const uint32_t tags[T_N] = {
	FT_MAKE_TAG('c', 'v', 't', ' '), FT_MAKE_TAG('f', 'p', 'g', 'm'),
	FT_MAKE_TAG('g', 'l', 'y', 'f'), FT_MAKE_TAG('h', 'e', 'a', 'd'),
	FT_MAKE_TAG('h', 'h', 'e', 'a'), FT_MAKE_TAG('h', 'm', 't', 'x'),
	FT_MAKE_TAG('l', 'o', 'c', 'a'), FT_MAKE_TAG('m', 'a', 'x', 'p'),
	FT_MAKE_TAG('p', 'r', 'e', 'p'),
};

static int assemble(struct table *t, unsigned char **out, size_t *len)
{
	unsigned nt = 0, pow = 1, lg = 0;
	size_t total, o;
	uint8_t *b;

	for (int i = 0; i < T_N; i++)
		nt += t[i].len > 0;
	while (pow * 2 <= nt) {
		pow *= 2;
		lg++;
	}
	total = 12 + 16 * (size_t)nt;
	for (int i = 0; i < T_N; i++)
		total += (t[i].len + 3) & ~(size_t)3;
	b = calloc(1, total);
	if (!b)
		return -ENOMEM;
	put32(b, 0x00010000);
	put16(b + 4, nt);
	put16(b + 6, pow * 16);
	put16(b + 8, lg);
	put16(b + 10, nt * 16 - pow * 16);
	o = 12 + 16 * (size_t)nt;
	for (int i = 0, k = 0; i < T_N; i++) {
		uint8_t *rec = b + 12 + 16 * k;

		if (!t[i].len)
			continue;
		memcpy(b + o, t[i].data, t[i].len);
		if (i == T_HEAD)
			put32(b + o + 8, 0); /* checkSumAdjustment, below */
		put32(rec, t[i].tag);
		put32(rec + 4, checksum(b + o, t[i].len));
		put32(rec + 8, (uint32_t)o);
		put32(rec + 12, (uint32_t)t[i].len);
		o += (t[i].len + 3) & ~(size_t)3;
		k++;
	}
	for (int i = 0, k = 0; i < T_N; i++) {
		if (!t[i].len)
			continue;
		if (i == T_HEAD)
			put32(b + be32(b + 12 + 16 * k + 8) + 8,
			      0xB1B0AFBAu - checksum(b, total));
		k++;
	}
	*out = b;
	*len = total;
	return 0;
}

int cm_pdf_font_subset(struct cm_pdf_face *f, unsigned char **out, size_t *len)
{
	struct table t[T_N] = {{0}}, loca = {0};
	int rc = 0, longfmt;

	*out = NULL;
	*len = 0;
	for (int i = 0; i < T_N && rc == 0; i++)
		rc = load_table(f->face, tags[i], &t[i],
				i != T_CVT && i != T_FPGM && i != T_PREP);
	if (rc == 0 && (t[T_HEAD].len < 54 || t[T_MAXP].len < 6))
		rc = -EBADMSG;
	if (rc == 0)
		rc = close_set(f);
	if (rc == 0) {
		longfmt = be16(t[T_HEAD].data + 50) != 0;
		loca = t[T_LOCA];
		t[T_LOCA] = (struct table){.tag = loca.tag};
		rc = cut_glyf(f, &loca, longfmt, &t[T_GLYF], &t[T_LOCA]);
	}
	if (rc == 0) {
		put16(t[T_HEAD].data + 50, 1); /* long 'loca' offsets */
		rc = assemble(t, out, len);
	}
	free(loca.data);
	for (int i = 0; i < T_N; i++)
		free(t[i].data);
	return rc;
}

/* thousandths of an em of @v font units */
static long em(const struct cm_pdf_face *f, long v)
{
	return (long)((double)v * 1000.0 / f->upem);
}

/* the subset tag: six capitals from the name and the glyphs drawn */
static void subset_tag(const struct cm_pdf_face *f, char tag[7])
{
	uint32_t h = 2166136261u;

	for (const char *c = f->name; *c; c++)
		h = (h ^ (uint8_t)*c) * 16777619u;
	for (unsigned g = 0; g < f->n; g++)
		if (f->used[g])
			h = (h ^ g) * 16777619u;
	for (int i = 0; i < 6; i++) {
		tag[i] = (char)('A' + h % 26);
		h /= 26;
		if (i == 2)
			h = h * 2654435761u + 1;
	}
	tag[6] = '\0';
}

static void widths(struct cm_pdf_face *f, struct cm_pdf_w *w)
{
	unsigned g = 0;

	cm_pdf_w_puts(w, "/W [");
	while (g < f->n) {
		unsigned run = 0;

		if (f->used[g] != 1) {
			g++;
			continue;
		}
		cm_pdf_w_printf(w, "\n%u [", g);
		while (g < f->n && f->used[g] == 1 && run < 64) {
			cm_pdf_w_printf(w, "%s%.0f", run ? " " : "",
					cm_pdf_font_advance(f, g));
			g++;
			run++;
		}
		cm_pdf_w_puts(w, "]");
	}
	cm_pdf_w_puts(w, "]");
}

static int tounicode(const struct cm_pdf_face *f, struct cm_buf *b)
{
	unsigned total = 0, k = 0;

	for (unsigned g = 0; g < f->n; g++)
		total += f->used[g] == 1;
	cm_buf_appends(
		b,
		"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (unsigned g = 0; g < f->n; g++) {
		uint32_t c;

		if (f->used[g] != 1)
			continue;
		if (k % 100 == 0)
			cm_buf_appendf(b, "%u beginbfchar\n",
				       total - k < 100 ? total - k : 100);
		c = f->cp[g];
		if (c > 0xffff)
			cm_buf_appendf(b, "<%04X> <%04X%04X>\n", g,
				       0xd800 + ((c - 0x10000) >> 10),
				       0xdc00 + ((c - 0x10000) & 0x3ff));
		else
			cm_buf_appendf(b, "<%04X> <%04X>\n", g, c);
		k++;
		if (k % 100 == 0 || k == total)
			cm_buf_appends(b, "endbfchar\n");
	}
	cm_buf_appends(
		b,
		"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	return b->err;
}

int cm_pdf_font_write(struct cm_pdf_face *f, struct cm_pdf_w *w, int num)
{
	struct cm_buf cmap = CM_BUF_INIT(SIZE_MAX);
	unsigned char *file = NULL;
	size_t len = 0;
	char tag[7], dict[64];
	int ff, fd, tu, cid, rc;
	const FT_BBox *bb = &f->face->bbox;

	rc = cm_pdf_font_subset(f, &file, &len);
	if (rc < 0)
		return rc;
	subset_tag(f, tag);
	ff = cm_pdf_w_reserve(w);
	fd = cm_pdf_w_reserve(w);
	tu = cm_pdf_w_reserve(w);
	cid = cm_pdf_w_reserve(w);
	snprintf(dict, sizeof(dict), "/Length1 %zu", len);
	cm_pdf_w_stream(w, ff, dict, file, len);
	free(file);
	cm_pdf_w_obj(w, fd);
	cm_pdf_w_printf(
		w,
		"<< /Type /FontDescriptor /FontName /%s+%s /Flags 4\n"
		"/FontBBox [%ld %ld %ld %ld] /ItalicAngle 0 /Ascent %ld\n"
		"/Descent %ld /CapHeight %ld /StemV 80 /FontFile2 %d 0 R >>",
		tag, f->name, em(f, bb->xMin), em(f, bb->yMin), em(f, bb->xMax),
		em(f, bb->yMax), em(f, f->face->ascender),
		em(f, f->face->descender), em(f, f->face->ascender), ff);
	cm_pdf_w_endobj(w);
	rc = tounicode(f, &cmap);
	if (rc == 0)
		cm_pdf_w_stream(w, tu, "", cmap.p, cmap.len);
	cm_buf_release(&cmap);
	if (rc < 0)
		return rc;
	cm_pdf_w_obj(w, cid);
	cm_pdf_w_printf(
		w,
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s+%s\n"
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>\n"
		"/FontDescriptor %d 0 R /CIDToGIDMap /Identity /DW 1000\n",
		tag, f->name, fd);
	widths(f, w);
	cm_pdf_w_puts(w, " >>");
	cm_pdf_w_endobj(w);
	cm_pdf_w_obj(w, num);
	cm_pdf_w_printf(
		w,
		"<< /Type /Font /Subtype /Type0 /BaseFont /%s+%s /Encoding /Identity-H\n"
		"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>",
		tag, f->name, cid, tu);
	cm_pdf_w_endobj(w);
	return w->err;
}
