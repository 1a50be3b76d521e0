// SPDX-License-Identifier: Apache-2.0
/*
 * The PDF layer on libharu: fonts, text runs with a CJK fallback, wrapped
 * text, rows, banners, QR codes, attachments from memory and the atomic
 * save. The attachment and ToUnicode code work around two faults of
 * libharu 2.3 (Debian 12) through its exported object API: HPDF_AttachFile
 * names the attachment by the path it was given, types the file
 * specification /F instead of /Filespec and reads the file only at save
 * time; and the ToUnicode CMap it writes for UTF-8 fonts uses
 * begincidrange, which text extractors reject.
 */
#include <errno.h>
#include <hpdf.h>
#include <hpdf_catalog.h>
#include <hpdf_doc.h>
#include <hpdf_fontdef.h>
#include <hpdf_namedict.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <qrencode.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cm_atomic.h"
#include "cm_pdf.h"
#include "cm_pdf_spool.h"

#define FONT_DIR "/usr/share/fonts/truetype/"
static const char *const font_files[CM_PDF_FONTS] = {
	FONT_DIR "dejavu/DejaVuSans.ttf",
	FONT_DIR "dejavu/DejaVuSans-Bold.ttf",
	FONT_DIR "dejavu/DejaVuSansMono.ttf",
};
/* the CJK fallback: the first that exists (.ttc: face 0) */
static const char *const cjk_files[] = {
	FONT_DIR "wqy/wqy-microhei.ttc",
	FONT_DIR "droid/DroidSansFallbackFull.ttf",
};

static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
	struct cm_pdf *p = data;

	if (!p->hpdf_code) {
		p->hpdf_code = (unsigned)code;
		p->hpdf_detail = (unsigned)detail;
	}
}

/*
 * libharu 2.3 writes the UTF-8 fonts' ToUnicode CMap with begincidrange;
 * its codes are the UCS-2 values themselves, so an identity bfrange over
 * the BMP (one range per high byte, surrogates left out) is the map.
 */
static int fix_tounicode(struct cm_pdf *p, HPDF_Font font)
{
	HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	HPDF_Stream s;
	char line[48];

	if (!tu)
		return 0;
	s = HPDF_MemStream_New(p->doc->mmgr, 8192);
	if (!s)
		return -ENOMEM;
	HPDF_Stream_WriteStr(
		s,
		"/CIDInit /ProcSet findresource begin\n"
		"12 dict begin\n"
		"begincmap\n"
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		"/CMapName /Adobe-Identity-UCS def\n"
		"/CMapType 2 def\n"
		"1 begincodespacerange\n"
		"<0000> <FFFF>\n"
		"endcodespacerange\n");
	for (int blk = 0; blk < 2; blk++) {
		/* bfrange blocks hold at most 100 entries */
		int lo = blk ? 0x80 : 0x00, hi = blk ? 0x100 : 0x80, n = 0;

		for (int h = lo; h < hi; h++)
			n += h < 0xd8 || h > 0xdf;
		for (int h = lo, k = 0; h < hi; h++) {
			if (h >= 0xd8 && h <= 0xdf)
				continue;
			if (k % 64 == 0) {
				int left = n - k;

				snprintf(line, sizeof(line),
					 "%d beginbfrange\n",
					 left < 64 ? left : 64);
				HPDF_Stream_WriteStr(s, line);
			}
			snprintf(line, sizeof(line),
				 "<%02X00> <%02XFF> <%02X00>\n", h, h, h);
			HPDF_Stream_WriteStr(s, line);
			k++;
			if (k % 64 == 0 || k == n)
				HPDF_Stream_WriteStr(s, "endbfrange\n");
		}
	}
	HPDF_Stream_WriteStr(s,
			     "endcmap\n"
			     "CMapName currentdict /CMap defineresource pop\n"
			     "end\n"
			     "end\n");
	HPDF_Stream_Free(tu->stream);
	tu->stream = s;
	return 0;
}

static int load_font(struct cm_pdf *p, const char *path, int face,
		     HPDF_Font *font, HPDF_FontDef *def, struct cm_err *err)
{
	const char *name;

	if (access(path, R_OK) < 0)
		return cm_err_setk(
			err, -ENOENT, CM_ERR_NOINPUT,
			"font '%s' is missing: install fonts-dejavu-core (scripts/install-deps)",
			path);
	name = face < 0 ? HPDF_LoadTTFontFromFile(p->doc, path, HPDF_TRUE)
			: HPDF_LoadTTFontFromFile2(p->doc, path,
						   (HPDF_UINT)face, HPDF_TRUE);
	*font = name ? HPDF_GetFont(p->doc, name, "UTF-8") : NULL;
	*def = name ? HPDF_GetFontDef(p->doc, name) : NULL;
	if (!*font || !*def || fix_tounicode(p, *font) < 0)
		return cm_err_setk(
			err, -EINVAL, CM_ERR_SOFTWARE,
			"cannot load font '%s' (libharu error 0x%04X)", path,
			p->hpdf_code);
	return 0;
}

int cm_pdf_new(const struct cm_pdf_info *info, struct cm_pdf **out,
	       struct cm_err *err)
{
	struct cm_pdf *p = calloc(1, sizeof(*p));
	HPDF_Date d = {0};
	struct tm tm;
	int rc;

	*out = NULL;
	if (!p)
		return cm_err_set(err, -ENOMEM, "out of memory");
	p->doc = HPDF_New(on_error, p);
	if (!p->doc) {
		free(p);
		return cm_err_set(err, -ENOMEM, "cannot create a PDF document");
	}
	p->spool_fd = -1;
	p->mode = info->mode ? info->mode : 0644;
	if (info->spool_dir) {
		rc = cm_pdf_spool_open(p, info->spool_dir);
		if (rc < 0) {
			cm_pdf_free(p);
			return cm_err_setk(
				err, rc, CM_ERR_CANTCREAT,
				"cannot create a spool file in '%s': %s",
				info->spool_dir, strerror(-rc));
		}
	}
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	for (int i = 0; i < CM_PDF_FONTS; i++) {
		rc = load_font(p, font_files[i], -1, &p->font[i], &p->def[i],
			       err);
		if (rc < 0) {
			cm_pdf_free(p);
			return rc;
		}
	}
	if (info->footer) {
		p->footer = strdup(info->footer);
		if (!p->footer) {
			cm_pdf_free(p);
			return cm_err_set(err, -ENOMEM, "out of memory");
		}
	}
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, info->title);
	if (info->author)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_AUTHOR, info->author);
	if (info->subject)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_SUBJECT, info->subject);
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, "sanitas " SANITAS_VERSION);
	gmtime_r(&info->created, &tm);
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	d.hour = tm.tm_hour;
	d.minutes = tm.tm_min;
	d.seconds = tm.tm_sec;
	d.ind = 'Z';
	HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, d);
	*out = p;
	return 0;
}

void cm_pdf_free(struct cm_pdf *p)
{
	if (!p)
		return;
	if (p->doc)
		HPDF_Free(p->doc);
	cm_pdf_spool_release(p);
	free(p->footer);
	free(p);
}

/* the CJK fallback, loaded the first time a run needs it */
static HPDF_Font cjk_font(struct cm_pdf *p)
{
	struct cm_err e;

	if (p->cjk || p->cjk_failed)
		return p->cjk;
	for (size_t i = 0; i < sizeof(cjk_files) / sizeof(*cjk_files); i++) {
		size_t n = strlen(cjk_files[i]);
		int face =
			n > 4 && !strcmp(cjk_files[i] + n - 4, ".ttc") ? 0 : -1;

		if (access(cjk_files[i], R_OK) < 0)
			continue;
		if (load_font(p, cjk_files[i], face, &p->cjk, &p->cjk_def,
			      &e) == 0)
			return p->cjk;
	}
	p->cjk_failed = true;
	return NULL;
}

/* One code point of @s (at most @n bytes); invalid bytes read as U+FFFD. */
static uint32_t utf8_next(const char *s, size_t n, size_t *used)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;
	size_t len;

	if (u[0] < 0x80) {
		*used = 1;
		return u[0];
	}
	if ((u[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = u[0] & 0x1f;
	} else if ((u[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = u[0] & 0x0f;
	} else if ((u[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = u[0] & 0x07;
	} else {
		*used = 1;
		return 0xfffd;
	}
	if (len > n) {
		*used = 1;
		return 0xfffd;
	}
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*used = 1;
			return 0xfffd;
		}
		cp = cp << 6 | (u[i] & 0x3f);
	}
	*used = len;
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0xfffd;
	return cp;
}

/*
 * libharu's UTF-8 encoder has the BMP only, and control characters draw
 * nothing: both become something a reader sees.
 */
static uint32_t drawable(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7f)
		return ' ';
	return cp > 0xffff ? 0xfffd : cp;
}

static size_t utf8_put(uint32_t cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	o[0] = (char)(0xe0 | cp >> 12);
	o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}

/* the font a code point is drawn in: the style's, else the CJK one */
static HPDF_Font font_for(struct cm_pdf *p, enum cm_pdf_font f, uint32_t cp)
{
	HPDF_Font cjk;

	if (cp == ' ' || HPDF_TTFontDef_GetGlyphid(p->def[f], (HPDF_UINT16)cp))
		return p->font[f];
	cjk = cjk_font(p);
	if (cjk && HPDF_TTFontDef_GetGlyphid(p->cjk_def, (HPDF_UINT16)cp))
		return cjk;
	return p->font[f];
}

/*
 * Walk @n bytes of @s as runs of one font each: measure them, and draw
 * them at (@x, @y) when @draw. Returns the width in points.
 */
static float runs(struct cm_pdf *p, enum cm_pdf_font f, float size,
		  const char *s, size_t n, bool draw, float x, float y)
{
	char buf[512];
	float w = 0;
	size_t i = 0;

	while (i < n) {
		HPDF_Font run = NULL;
		size_t bl = 0;

		while (i < n && bl + 4 < sizeof(buf)) {
			size_t used;
			uint32_t cp = drawable(utf8_next(s + i, n - i, &used));
			HPDF_Font cf = font_for(p, f, cp);

			if (run && cf != run)
				break;
			run = cf;
			bl += utf8_put(cp, buf + bl);
			i += used;
		}
		buf[bl] = '\0';
		if (draw && p->page) {
			HPDF_Page_BeginText(p->page);
			HPDF_Page_SetFontAndSize(p->page, run, size);
			HPDF_Page_TextOut(p->page, x + w, y, buf);
			HPDF_Page_EndText(p->page);
		}
		w += HPDF_Font_TextWidth(run, (const HPDF_BYTE *)buf,
					 (HPDF_UINT)bl)
			     .width *
		     size / 1000.0f;
	}
	return w;
}

float cm_pdf_width(struct cm_pdf *p, enum cm_pdf_font font, float size,
		   const char *s)
{
	return runs(p, font, size, s, strlen(s), false, 0, 0);
}

void cm_pdf_text_at(struct cm_pdf *p, float x, float y, enum cm_pdf_font font,
		    float size, const char *s)
{
	runs(p, font, size, s, strlen(s), true, x, y);
}

int cm_pdf_page(struct cm_pdf *p)
{
	char foot[64];

	if (p->page && cm_pdf_spool_page(p) < 0)
		return -EIO;
	p->page = HPDF_AddPage(p->doc);
	if (!p->page)
		return -ENOMEM;
	HPDF_Page_SetWidth(p->page, CM_PDF_WIDTH);
	HPDF_Page_SetHeight(p->page, CM_PDF_HEIGHT);
	p->pages++;
	p->y = CM_PDF_HEIGHT - CM_PDF_MARGIN;
	HPDF_Page_SetRGBFill(p->page, 0.35f, 0.35f, 0.35f);
	if (p->footer)
		cm_pdf_text_at(p, CM_PDF_MARGIN, CM_PDF_MARGIN - 20,
			       CM_PDF_REGULAR, 7.5f, p->footer);
	snprintf(foot, sizeof(foot), "page %d", p->pages);
	cm_pdf_text_at(p,
		       CM_PDF_WIDTH - CM_PDF_MARGIN -
			       cm_pdf_width(p, CM_PDF_REGULAR, 7.5f, foot),
		       CM_PDF_MARGIN - 20, CM_PDF_REGULAR, 7.5f, foot);
	HPDF_Page_SetRGBFill(p->page, 0, 0, 0);
	return 0;
}

int cm_pdf_pages(const struct cm_pdf *p)
{
	return p->pages;
}

float cm_pdf_y(const struct cm_pdf *p)
{
	return p->y;
}

void cm_pdf_set_y(struct cm_pdf *p, float y)
{
	p->y = y;
}

void cm_pdf_space(struct cm_pdf *p, float dy)
{
	p->y -= dy;
}

void cm_pdf_need(struct cm_pdf *p, float h)
{
	if (!p->page || p->y - h < CM_PDF_MARGIN)
		cm_pdf_page(p);
}

/*
 * Split @s into lines no wider than @w: at spaces, at newlines, and inside
 * a word longer than a line. Each line is a piece of @s. Returns the
 * number of lines, at most @max (the rest is cut, ending in "…").
 */
#define MAX_LINES 400
struct line {
	const char *s;
	size_t n;
};

static size_t wrap(struct cm_pdf *p, enum cm_pdf_font f, float size,
		   const char *s, float w, struct line *out, size_t max)
{
	size_t nl = 0;
	const char *ls = s;

	while (*ls && nl < max) {
		const char *end = ls, *fit = NULL, *c = ls;

		/* the longest prefix that fits, preferring a space */
		while (*c && *c != '\n') {
			size_t used;
			const char *nx;

			utf8_next(c, strlen(c), &used);
			nx = c + used;
			if (runs(p, f, size, ls, (size_t)(nx - ls), false, 0,
				 0) > w &&
			    c > ls)
				break;
			if (*c == ' ')
				fit = c;
			c = nx;
		}
		if (!*c || *c == '\n' || !fit)
			end = c;
		else
			end = fit;
		out[nl].s = ls;
		out[nl].n = (size_t)(end - ls);
		nl++;
		ls = end;
		if (*ls == '\n' || *ls == ' ')
			ls++;
	}
	return nl;
}

static float line_h(float size)
{
	return size * 1.3f;
}

void cm_pdf_para(struct cm_pdf *p, float x, float w, enum cm_pdf_font font,
		 float size, const char *s)
{
	struct line *l = malloc(MAX_LINES * sizeof(*l));
	size_t n;

	if (!l)
		return;
	n = wrap(p, font, size, s, w, l, MAX_LINES);
	for (size_t i = 0; i < n; i++) {
		cm_pdf_need(p, line_h(size));
		runs(p, font, size, l[i].s, l[i].n, true, x, p->y - size);
		p->y -= line_h(size);
	}
	free(l);
}

struct piece {
	const char *s;
	size_t n;
	unsigned char style; /* 1 bold, 2 marked */
	bool space;	     /* a space before it */
	float w;
};

static void rich_line(struct cm_pdf *p, float x, float size,
		      const struct piece *pc, size_t n)
{
	float sp = cm_pdf_width(p, CM_PDF_REGULAR, size, " ");

	cm_pdf_need(p, line_h(size));
	for (size_t i = 0; i < n; i++) {
		if (i && pc[i].space)
			x += sp;
		if (pc[i].style & 2)
			HPDF_Page_SetRGBFill(p->page, 0.75f, 0, 0);
		runs(p, pc[i].style ? CM_PDF_BOLD : CM_PDF_REGULAR, size,
		     pc[i].s, pc[i].n, true, x, p->y - size);
		if (pc[i].style & 2)
			HPDF_Page_SetRGBFill(p->page, 0, 0, 0);
		x += pc[i].w;
	}
	p->y -= line_h(size);
}

void cm_pdf_rich(struct cm_pdf *p, float x, float w, float size, const char *s)
{
	struct piece line[128];
	size_t n = 0;
	float used = 0, sp = cm_pdf_width(p, CM_PDF_REGULAR, size, " ");
	unsigned char style = 0;
	bool space = false;

	while (*s) {
		struct piece pc = {.s = s, .style = style, .space = space};

		if (*s == ' ' || *s == '\n') {
			space = true;
			s++;
			continue;
		}
		if (*s == '\x01' || *s == '\x02') {
			style = (unsigned char)(*s == '\x01' ? style | 2
							     : style & ~2u);
			s++;
			continue;
		}
		if (s[0] == '*' && s[1] == '*') {
			style ^= 1;
			s += 2;
			continue;
		}
		while (*s && *s != ' ' && *s != '\n' && *s != '\x01' &&
		       *s != '\x02' && !(s[0] == '*' && s[1] == '*'))
			s++;
		pc.n = (size_t)(s - pc.s);
		pc.w = runs(p, style ? CM_PDF_BOLD : CM_PDF_REGULAR, size, pc.s,
			    pc.n, false, 0, 0);
		space = false;
		if (n && (used + (pc.space ? sp : 0) + pc.w > w ||
			  n == sizeof(line) / sizeof(*line))) {
			rich_line(p, x, size, line, n);
			n = 0;
			used = 0;
		}
		used += (n && pc.space ? sp : 0) + pc.w;
		line[n++] = pc;
	}
	if (n)
		rich_line(p, x, size, line, n);
}

void cm_pdf_heading(struct cm_pdf *p, float size, const char *s)
{
	cm_pdf_need(p, line_h(size) * 3);
	p->y -= size * 0.6f;
	cm_pdf_para(p, CM_PDF_MARGIN, CM_PDF_WIDTH - 2 * CM_PDF_MARGIN,
		    CM_PDF_BOLD, size, s);
	p->y -= size * 0.2f;
}

void cm_pdf_kv(struct cm_pdf *p, float label_w, float size, const char *label,
	       const char *value)
{
	const float widths[2] = {label_w,
				 CM_PDF_WIDTH - 2 * CM_PDF_MARGIN - label_w};
	const char *cells[2] = {label, value ? value : "\xe2\x80\x94"};
	struct line *l = malloc(MAX_LINES * sizeof(*l));
	size_t n;
	float top;

	if (!l)
		return;
	n = wrap(p, CM_PDF_REGULAR, size, cells[1], widths[1] - 4, l,
		 MAX_LINES);
	cm_pdf_need(p, line_h(size) * (float)(n < 3 ? n : 3));
	top = p->y;
	runs(p, CM_PDF_BOLD, size, cells[0], strlen(cells[0]), true,
	     CM_PDF_MARGIN, top - size);
	for (size_t i = 0; i < n; i++) {
		cm_pdf_need(p, line_h(size));
		runs(p, CM_PDF_REGULAR, size, l[i].s, l[i].n, true,
		     CM_PDF_MARGIN + widths[0], p->y - size);
		p->y -= line_h(size);
	}
	if (!n)
		p->y -= line_h(size);
	free(l);
}

void cm_pdf_row(struct cm_pdf *p, size_t n, const float *widths,
		const char *const *cells, const enum cm_pdf_font *fonts,
		enum cm_pdf_font font, float size, bool rule)
{
	struct line *l = malloc(MAX_LINES * sizeof(*l));
	size_t most = 1;
	float x = CM_PDF_MARGIN, top, total = 0;

	if (!l)
		return;
	for (size_t c = 0; c < n; c++) {
		size_t k = wrap(p, fonts ? fonts[c] : font, size,
				cells[c] ? cells[c] : "", widths[c] - 6, l, 40);

		most = k > most ? k : most;
		total += widths[c];
	}
	cm_pdf_need(p, line_h(size) * (float)most + 4);
	top = p->y;
	for (size_t c = 0; c < n; c++) {
		enum cm_pdf_font f = fonts ? fonts[c] : font;
		size_t k = wrap(p, f, size, cells[c] ? cells[c] : "",
				widths[c] - 6, l, 40);

		for (size_t i = 0; i < k; i++)
			runs(p, f, size, l[i].s, l[i].n, true, x,
			     top - size - line_h(size) * (float)i);
		x += widths[c];
	}
	p->y = top - line_h(size) * (float)most;
	if (rule) {
		p->y -= 2;
		HPDF_Page_SetLineWidth(p->page, 0.3f);
		HPDF_Page_SetGrayStroke(p->page, 0.6f);
		HPDF_Page_MoveTo(p->page, CM_PDF_MARGIN, p->y);
		HPDF_Page_LineTo(p->page, CM_PDF_MARGIN + total, p->y);
		HPDF_Page_Stroke(p->page);
		HPDF_Page_SetGrayStroke(p->page, 0);
		p->y -= 2;
	}
	free(l);
}

void cm_pdf_banner(struct cm_pdf *p, float r, float g, float b, float size,
		   const char *s)
{
	float h = size * 1.8f;

	cm_pdf_need(p, h + 4);
	HPDF_Page_SetRGBFill(p->page, r, g, b);
	HPDF_Page_Rectangle(p->page, CM_PDF_MARGIN, p->y - h,
			    CM_PDF_WIDTH - 2 * CM_PDF_MARGIN, h);
	HPDF_Page_Fill(p->page);
	HPDF_Page_SetRGBFill(p->page, 1, 1, 1);
	cm_pdf_text_at(p, CM_PDF_MARGIN + size * 0.5f, p->y - h + size * 0.55f,
		       CM_PDF_BOLD, size, s);
	HPDF_Page_SetRGBFill(p->page, 0, 0, 0);
	p->y -= h + size * 0.5f;
}

void cm_pdf_rule(struct cm_pdf *p)
{
	cm_pdf_need(p, 6);
	HPDF_Page_SetLineWidth(p->page, 0.6f);
	HPDF_Page_MoveTo(p->page, CM_PDF_MARGIN, p->y - 3);
	HPDF_Page_LineTo(p->page, CM_PDF_WIDTH - CM_PDF_MARGIN, p->y - 3);
	HPDF_Page_Stroke(p->page);
	p->y -= 6;
}

int cm_pdf_qr(struct cm_pdf *p, float x, float y_top, float side,
	      const char *text, struct cm_err *err)
{
	QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	float m;

	if (!q)
		return cm_err_set(err, -errno ? -errno : -EINVAL,
				  "cannot encode a QR code of %zu bytes",
				  strlen(text));
	/* four modules of quiet zone on each side (ISO/IEC 18004) */
	m = side / (float)(q->width + 8);
	HPDF_Page_SetRGBFill(p->page, 1, 1, 1);
	HPDF_Page_Rectangle(p->page, x, y_top - side, side, side);
	HPDF_Page_Fill(p->page);
	HPDF_Page_SetRGBFill(p->page, 0, 0, 0);
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width; c++)
			if (q->data[r * q->width + c] & 1)
				HPDF_Page_Rectangle(
					p->page, x + m * (float)(c + 4),
					y_top - m * (float)(r + 5), m, m);
	HPDF_Page_Fill(p->page);
	QRcode_free(q);
	return 0;
}
