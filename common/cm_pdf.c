// SPDX-License-Identifier: Apache-2.0
/*
 * The PDF layer's layout and drawing: text runs with a CJK fallback per
 * glyph, wrapped text, rows, banners, rules and QR codes, drawn as
 * content-stream operators into the page being drawn. Objects, pages,
 * attachments and the save are cm_pdf_write.c's; fonts cm_pdf_font.c's.
 */
#include <errno.h>
#include <qrencode.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_pdf_font.h"
#include "cm_pdf_write.h"

/* ---- content-stream operators of the page being drawn ---- */

static void fill_rgb(struct cm_pdf *p, float r, float g, float b)
{
	if (p->open)
		cm_buf_appendf(&p->content, "%.3f %.3f %.3f rg\n", (double)r,
			       (double)g, (double)b);
}

static void rect(struct cm_pdf *p, float x, float y, float w, float h)
{
	if (p->open)
		cm_buf_appendf(&p->content, "%.2f %.2f %.2f %.2f re\n",
			       (double)x, (double)y, (double)w, (double)h);
}

static void fill(struct cm_pdf *p)
{
	if (p->open)
		cm_buf_appends(&p->content, "f\n");
}

static void line(struct cm_pdf *p, float width, float gray, float x0, float y0,
		 float x1, float y1)
{
	if (p->open)
		cm_buf_appendf(&p->content,
			       "%.2f w %.2f G %.2f %.2f m %.2f %.2f l S 0 G\n",
			       (double)width, (double)gray, (double)x0,
			       (double)y0, (double)x1, (double)y1);
}

/* One code point of @s (at most @n bytes); invalid bytes read as U+FFFD. */
uint32_t cm_pdf_utf8_next(const char *s, size_t n, size_t *used)
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

/* control characters draw nothing: they become a space a reader sees */
static uint32_t drawable(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f ? ' ' : cp;
}

/* the font a code point is drawn in: the style's, else the CJK one */
static struct cm_pdf_face *font_for(struct cm_pdf *p, enum cm_pdf_font f,
				    uint32_t cp, unsigned *gid)
{
	struct cm_pdf_face *cjk;

	*gid = cm_pdf_font_glyph(p->font[f], cp);
	if (*gid || cp == ' ')
		return p->font[f];
	cjk = cm_pdf_cjk(p);
	if (cjk && (*gid = cm_pdf_font_glyph(cjk, cp)))
		return cjk;
	*gid = 0;
	return p->font[f];
}

/*
 * Walk @n bytes of @s as runs of one font each: measure them, and draw
 * them at (@x, @y) when @draw (glyph ids as Identity-H codes). Returns
 * the width in points.
 */
static float runs(struct cm_pdf *p, enum cm_pdf_font f, float size,
		  const char *s, size_t n, bool draw, float x, float y)
{
	struct cm_pdf_face *run = NULL;
	float w = 0;
	size_t i = 0;

	draw = draw && p->open;
	while (i < n) {
		size_t used;
		unsigned gid;
		uint32_t cp = drawable(cm_pdf_utf8_next(s + i, n - i, &used));
		struct cm_pdf_face *cf = font_for(p, f, cp, &gid);

		if (draw && cf != run) {
			if (run)
				cm_buf_appends(&p->content, "> Tj ET\n");
			cm_buf_appendf(&p->content,
				       "BT /F%d %.2f Tf %.2f %.2f Td <",
				       cm_pdf_font_res(p, cf), (double)size,
				       (double)(x + w), (double)y);
		}
		run = cf;
		if (draw) {
			cm_pdf_font_use(cf, gid, cp);
			cm_buf_appendf(&p->content, "%04X", gid);
		}
		w += cm_pdf_font_advance(cf, gid) * size / 1000.0f;
		i += used;
	}
	if (draw && run)
		cm_buf_appends(&p->content, "> Tj ET\n");
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
	int rc = cm_pdf_end_page(p);

	if (rc < 0)
		return rc;
	p->open = true;
	p->pages++;
	p->y = CM_PDF_HEIGHT - CM_PDF_MARGIN;
	fill_rgb(p, 0.35f, 0.35f, 0.35f);
	if (p->footer)
		cm_pdf_text_at(p, CM_PDF_MARGIN, CM_PDF_MARGIN - 20,
			       CM_PDF_REGULAR, 7.5f, p->footer);
	snprintf(foot, sizeof(foot), "page %d", p->pages);
	cm_pdf_text_at(p,
		       CM_PDF_WIDTH - CM_PDF_MARGIN -
			       cm_pdf_width(p, CM_PDF_REGULAR, 7.5f, foot),
		       CM_PDF_MARGIN - 20, CM_PDF_REGULAR, 7.5f, foot);
	fill_rgb(p, 0, 0, 0);
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
	if (!p->open || p->y - h < CM_PDF_MARGIN)
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

			cm_pdf_utf8_next(c, strlen(c), &used);
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
			fill_rgb(p, 0.75f, 0, 0);
		runs(p, pc[i].style ? CM_PDF_BOLD : CM_PDF_REGULAR, size,
		     pc[i].s, pc[i].n, true, x, p->y - size);
		if (pc[i].style & 2)
			fill_rgb(p, 0, 0, 0);
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
		line(p, 0.3f, 0.6f, CM_PDF_MARGIN, p->y, CM_PDF_MARGIN + total,
		     p->y);
		p->y -= 2;
	}
	free(l);
}

void cm_pdf_banner(struct cm_pdf *p, float r, float g, float b, float size,
		   const char *s)
{
	float h = size * 1.8f;

	cm_pdf_need(p, h + 4);
	fill_rgb(p, r, g, b);
	rect(p, CM_PDF_MARGIN, p->y - h, CM_PDF_WIDTH - 2 * CM_PDF_MARGIN, h);
	fill(p);
	fill_rgb(p, 1, 1, 1);
	cm_pdf_text_at(p, CM_PDF_MARGIN + size * 0.5f, p->y - h + size * 0.55f,
		       CM_PDF_BOLD, size, s);
	fill_rgb(p, 0, 0, 0);
	p->y -= h + size * 0.5f;
}

void cm_pdf_rule(struct cm_pdf *p)
{
	cm_pdf_need(p, 6);
	line(p, 0.6f, 0, CM_PDF_MARGIN, p->y - 3, CM_PDF_WIDTH - CM_PDF_MARGIN,
	     p->y - 3);
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
	fill_rgb(p, 1, 1, 1);
	rect(p, x, y_top - side, side, side);
	fill(p);
	fill_rgb(p, 0, 0, 0);
	/*
	 * in module units (one module = 1), origin at the top-left module,
	 * y down: edges meet exactly, so no seams show between modules;
	 * each row's dark runs are one rectangle
	 */
	if (p->open)
		cm_buf_appendf(&p->content, "q %.4f 0 0 %.4f %.3f %.3f cm\n",
			       (double)m, (double)-m, (double)(x + 4 * m),
			       (double)(y_top - 4 * m));
	for (int r = 0; r < q->width && p->open; r++)
		for (int c = 0; c < q->width; c++) {
			int run = 0;

			while (c + run < q->width &&
			       q->data[r * q->width + c + run] & 1)
				run++;
			if (run)
				cm_buf_appendf(&p->content, "%d %d %d 1 re\n",
					       c, r, run);
			c += run;
		}
	fill(p);
	if (p->open)
		cm_buf_appends(&p->content, "Q\n");
	QRcode_free(q);
	return 0;
}
