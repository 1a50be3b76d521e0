// SPDX-License-Identifier: Apache-2.0
/*
 * The streaming PDF writer behind cm_pdf.h: the document is written as
 * it is drawn, each object as soon as it is complete, into an unlinked
 * file (beside the output, or an anonymous memory file for small
 * documents), and copied into the output atomically when saved. A page's
 * content stream and dictionary are written when the next page starts;
 * an attachment's file, file specification and annotation at once. The
 * page tree has a fixed fan-out and depth with each node's object number
 * reserved when its first child arrives, so a page knows its parent and
 * only one open node per level is kept. Object offsets go to a second
 * unlinked file (8 bytes each, by object number) and are copied into the
 * xref table at the end. Fonts, the shared resources, the tree's open
 * nodes and the catalog are written last.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "cm_atomic.h"
#include "cm_file.h"
#include "cm_pdf_font.h"
#include "cm_pdf_write.h"

#define CONTENT_MAX ((size_t)64 * 1024 * 1024)

/* ---- the writer ---- */

static void flush(struct cm_pdf_w *w)
{
	if (w->blen && !w->err)
		w->err = cm_write_all(w->fd, w->buf, w->blen, NULL);
	w->blen = 0;
}

void cm_pdf_w_put(struct cm_pdf_w *w, const void *p, size_t n)
{
	const char *b = p;

	w->off += (long long)n;
	while (n && !w->err) {
		size_t k = sizeof(w->buf) - w->blen;

		if (k > n)
			k = n;
		memcpy(w->buf + w->blen, b, k);
		w->blen += k;
		b += k;
		n -= k;
		if (w->blen == sizeof(w->buf))
			flush(w);
	}
}

void cm_pdf_w_puts(struct cm_pdf_w *w, const char *s)
{
	cm_pdf_w_put(w, s, strlen(s));
}

void cm_pdf_w_printf(struct cm_pdf_w *w, const char *fmt, ...)
{
	char small[512], *big = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		w->err = w->err ? w->err : -EINVAL;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		cm_pdf_w_put(w, small, (size_t)n);
		return;
	}
	big = malloc((size_t)n + 1);
	if (!big) {
		w->err = w->err ? w->err : -ENOMEM;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	cm_pdf_w_put(w, big, (size_t)n);
	free(big);
}

int cm_pdf_w_reserve(struct cm_pdf_w *w)
{
	return w->next++;
}

void cm_pdf_w_obj(struct cm_pdf_w *w, int num)
{
	unsigned char b[8];
	long long off = w->off;

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(off >> (8 * i));
	if (!w->err &&
	    pwrite(w->xref_fd, b, sizeof(b), (off_t)num * 8) != sizeof(b))
		w->err = errno ? -errno : -EIO;
	cm_pdf_w_printf(w, "%d 0 obj\n", num);
}

void cm_pdf_w_endobj(struct cm_pdf_w *w)
{
	cm_pdf_w_puts(w, "\nendobj\n");
}

void cm_pdf_w_stream(struct cm_pdf_w *w, int num, const char *dict,
		     const void *data, size_t len)
{
	unsigned char out[16 * 1024];
	z_stream z = {0};
	int len_obj = cm_pdf_w_reserve(w), zr = Z_OK, flush_mode;
	long long start;

	cm_pdf_w_obj(w, num);
	cm_pdf_w_printf(
		w, "<< %s /Filter /FlateDecode /Length %d 0 R >>\nstream\n",
		dict, len_obj);
	start = w->off;
	if (deflateInit(&z, Z_BEST_COMPRESSION) != Z_OK) {
		w->err = w->err ? w->err : -ENOMEM;
		return;
	}
	z.next_in = (Bytef *)(uintptr_t)data;
	do {
		size_t chunk = len > (1u << 30) ? (1u << 30) : len;

		z.avail_in = (uInt)chunk;
		len -= chunk;
		flush_mode = len ? Z_NO_FLUSH : Z_FINISH;
		do {
			z.next_out = out;
			z.avail_out = sizeof(out);
			zr = deflate(&z, flush_mode);
			cm_pdf_w_put(w, out, sizeof(out) - z.avail_out);
		} while (z.avail_out == 0);
	} while (flush_mode != Z_FINISH);
	deflateEnd(&z);
	if (zr != Z_STREAM_END)
		w->err = w->err ? w->err : -EINVAL;
	start = w->off - start;
	cm_pdf_w_printf(w, "\nendstream\nendobj\n");
	cm_pdf_w_obj(w, len_obj);
	cm_pdf_w_printf(w, "%lld", start);
	cm_pdf_w_endobj(w);
}

void cm_pdf_w_text(struct cm_pdf_w *w, const char *s)
{
	size_t n = strlen(s);

	cm_pdf_w_puts(w, "<FEFF");
	while (n) {
		size_t used;
		uint32_t c = cm_pdf_utf8_next(s, n, &used);

		if (c > 0xffff)
			cm_pdf_w_printf(w, "%04X%04X",
					0xd800 + ((c - 0x10000) >> 10),
					0xdc00 + ((c - 0x10000) & 0x3ff));
		else
			cm_pdf_w_printf(w, "%04X", c);
		s += used;
		n -= used;
	}
	cm_pdf_w_puts(w, ">");
}

/* a file specification's /F: a literal string, escaped */
static void literal(struct cm_pdf_w *w, const char *s)
{
	cm_pdf_w_puts(w, "(");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '(' || c == ')' || c == '\\')
			cm_pdf_w_printf(w, "\\%c", c);
		else if (c < 0x20 || c > 0x7e)
			cm_pdf_w_printf(w, "\\%03o", c);
		else
			cm_pdf_w_put(w, s, 1);
	}
	cm_pdf_w_puts(w, ")");
}

/* ---- the document ---- */

static int unlinked(const char *dir)
{
	char *tmpl;
	size_t n;
	int fd;

	if (!dir) {
		fd = memfd_create("sanitas-pdf", MFD_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	n = strlen(dir) + 32;
	tmpl = malloc(n);
	if (!tmpl)
		return -ENOMEM;
	snprintf(tmpl, n, "%s/.sanitas-pdf.XXXXXX", dir);
	fd = mkostemp(tmpl, O_CLOEXEC);
	if (fd >= 0)
		unlink(tmpl);
	free(tmpl);
	return fd < 0 ? -errno : fd;
}

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

struct cm_pdf_face *cm_pdf_cjk(struct cm_pdf *p)
{
	struct cm_err e;

	if (p->cjk || p->cjk_failed)
		return p->cjk;
	for (size_t i = 0; i < sizeof(cjk_files) / sizeof(*cjk_files); i++)
		if (access(cjk_files[i], R_OK) == 0 &&
		    cm_pdf_font_open(cjk_files[i], NULL, 0, 0, &p->cjk, &e) ==
			    0)
			return p->cjk;
	p->cjk_failed = true;
	return NULL;
}

int cm_pdf_font_res(struct cm_pdf *p, struct cm_pdf_face *f)
{
	for (int i = 0; i < p->nfonts; i++)
		if (p->fonts[i] == f)
			return i;
	p->fonts[p->nfonts] = f;
	p->font_obj[p->nfonts] = cm_pdf_w_reserve(&p->w);
	return p->nfonts++;
}

static void date(struct cm_pdf_w *w, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	cm_pdf_w_printf(w, "(D:%04d%02d%02d%02d%02d%02dZ)", tm.tm_year + 1900,
			tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			tm.tm_sec);
}

static void write_info(struct cm_pdf *p, const struct cm_pdf_info *info)
{
	struct cm_pdf_w *w = &p->w;

	cm_pdf_w_obj(w, p->info);
	cm_pdf_w_puts(w, "<< /Title ");
	cm_pdf_w_text(w, info->title ? info->title : "");
	if (info->author) {
		cm_pdf_w_puts(w, "\n/Author ");
		cm_pdf_w_text(w, info->author);
	}
	if (info->subject) {
		cm_pdf_w_puts(w, "\n/Subject ");
		cm_pdf_w_text(w, info->subject);
	}
	cm_pdf_w_puts(w, "\n/Creator (sanitas " SANITAS_VERSION
			 ") /Producer (sanitas " SANITAS_VERSION
			 ")\n/CreationDate ");
	date(w, info->created);
	cm_pdf_w_puts(w, " >>");
	cm_pdf_w_endobj(w);
}

int cm_pdf_new(const struct cm_pdf_info *info, struct cm_pdf **out,
	       struct cm_err *err)
{
	struct cm_pdf *p = calloc(1, sizeof(*p));
	int rc;

	*out = NULL;
	if (!p)
		return cm_err_set(err, -ENOMEM, "out of memory");
	p->w.fd = p->w.xref_fd = -1;
	p->w.next = 1;
	p->mode = info->mode ? info->mode : 0644;
	cm_buf_init(&p->content, CONTENT_MAX);
	p->w.fd = unlinked(info->spool_dir);
	if (p->w.fd >= 0)
		p->w.xref_fd = unlinked(info->spool_dir);
	if (p->w.fd < 0 || p->w.xref_fd < 0) {
		rc = p->w.fd < 0 ? p->w.fd : p->w.xref_fd;
		cm_pdf_free(p);
		return cm_err_setk(err, rc, CM_ERR_CANTCREAT,
				   "cannot create a temporary file in '%s': %s",
				   info->spool_dir ? info->spool_dir : "memory",
				   strerror(-rc));
	}
	for (int i = 0; i < CM_PDF_FONTS; i++) {
		if (access(font_files[i], R_OK) < 0) {
			cm_pdf_free(p);
			return cm_err_setk(
				err, -ENOENT, CM_ERR_NOINPUT,
				"font '%s' is missing: install fonts-dejavu-core (scripts/install-deps)",
				font_files[i]);
		}
		rc = cm_pdf_font_open(font_files[i], NULL, 0, 0, &p->font[i],
				      err);
		if (rc < 0) {
			cm_pdf_free(p);
			return rc;
		}
	}
	if (info->footer && !(p->footer = strdup(info->footer))) {
		cm_pdf_free(p);
		return cm_err_set(err, -ENOMEM, "out of memory");
	}
	cm_pdf_w_puts(&p->w, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
	p->catalog = cm_pdf_w_reserve(&p->w);
	p->info = cm_pdf_w_reserve(&p->w);
	p->resources = cm_pdf_w_reserve(&p->w);
	p->tree[CM_PDF_TREE_DEPTH - 1].num = cm_pdf_w_reserve(&p->w);
	write_info(p, info);
	*out = p;
	return 0;
}

void cm_pdf_free(struct cm_pdf *p)
{
	if (!p)
		return;
	for (int i = 0; i < CM_PDF_FONTS; i++)
		cm_pdf_font_free(p->font[i]);
	cm_pdf_font_free(p->cjk);
	if (p->w.fd >= 0)
		close(p->w.fd);
	if (p->w.xref_fd >= 0)
		close(p->w.xref_fd);
	cm_buf_release(&p->content);
	free(p->footer);
	free(p);
}

/* the node at @level, its object number reserved on first use */
static int node(struct cm_pdf *p, int level)
{
	if (!p->tree[level].num)
		p->tree[level].num = cm_pdf_w_reserve(&p->w);
	return p->tree[level].num;
}

static void write_node(struct cm_pdf *p, int level)
{
	struct cm_pdf_node *n = &p->tree[level];
	struct cm_pdf_w *w = &p->w;

	cm_pdf_w_obj(w, n->num);
	cm_pdf_w_puts(w, "<< /Type /Pages");
	if (level < CM_PDF_TREE_DEPTH - 1)
		cm_pdf_w_printf(w, " /Parent %d 0 R", node(p, level + 1));
	cm_pdf_w_puts(w, "\n/Kids [");
	for (int i = 0; i < n->nkids; i++)
		cm_pdf_w_printf(w, "%s%d 0 R", i % 8 ? " " : "\n", n->kids[i]);
	cm_pdf_w_printf(w, "]\n/Count %lld >>", n->count);
	cm_pdf_w_endobj(w);
}

/* add @num (a page, or a node with @count pages) below the node at @level */
static int add_kid(struct cm_pdf *p, int level, int num, long long count)
{
	struct cm_pdf_node *n = &p->tree[level];

	if (n->nkids == CM_PDF_TREE_FAN)
		return -E2BIG; /* only the root can be full */
	node(p, level);
	n->kids[n->nkids++] = num;
	n->count += count;
	if (n->nkids == CM_PDF_TREE_FAN && level < CM_PDF_TREE_DEPTH - 1) {
		int rc, full = n->num;
		long long c = n->count;

		write_node(p, level);
		n->num = 0;
		n->nkids = 0;
		n->count = 0;
		rc = add_kid(p, level + 1, full, c);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int cm_pdf_end_page(struct cm_pdf *p)
{
	struct cm_pdf_w *w = &p->w;
	int content, page, rc;

	if (!p->open)
		return 0;
	p->open = false;
	if (p->content.err)
		return p->content.err;
	content = cm_pdf_w_reserve(w);
	page = cm_pdf_w_reserve(w);
	cm_pdf_w_stream(w, content, "", p->content.p ? p->content.p : "",
			p->content.len);
	cm_pdf_w_obj(w, page);
	cm_pdf_w_printf(
		w,
		"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.3f %.3f]\n"
		"/Resources %d 0 R /Contents %d 0 R",
		node(p, 0), (double)CM_PDF_WIDTH, (double)CM_PDF_HEIGHT,
		p->resources, content);
	if (p->nannots) {
		cm_pdf_w_puts(w, "\n/Annots [");
		for (int i = 0; i < p->nannots; i++)
			cm_pdf_w_printf(w, "%s%d 0 R", i ? " " : "",
					p->annots[i]);
		cm_pdf_w_puts(w, "]");
	}
	cm_pdf_w_puts(w, " >>");
	cm_pdf_w_endobj(w);
	p->nannots = 0;
	p->content.len = 0;
	if (p->content.p)
		p->content.p[0] = '\0';
	rc = add_kid(p, 0, page, 1);
	return rc < 0 ? rc : w->err;
}

int cm_pdf_attach(struct cm_pdf *p, const char *name, const void *data,
		  size_t len, const char *desc, struct cm_err *err)
{
	struct cm_pdf_w *w = &p->w;
	char dict[96];
	int ef, fs, an;
	float x;

	if (strchr(name, '/') || !*name)
		return cm_err_setk(err, -EINVAL, CM_ERR_SOFTWARE,
				   "attachment '%s': not a base name", name);
	if (!p->open ||
	    p->nannots == (int)(sizeof(p->annots) / sizeof(*p->annots)))
		return cm_err_setk(
			err, -EINVAL, CM_ERR_SOFTWARE,
			"attachment '%s': no page to attach it to, or too many on one",
			name);
	ef = cm_pdf_w_reserve(w);
	fs = cm_pdf_w_reserve(w);
	an = cm_pdf_w_reserve(w);
	snprintf(dict, sizeof(dict),
		 "/Type /EmbeddedFile /Params << /Size %zu >>", len);
	cm_pdf_w_stream(w, ef, dict, data, len);
	cm_pdf_w_obj(w, fs);
	cm_pdf_w_puts(w, "<< /Type /Filespec /F ");
	literal(w, name);
	cm_pdf_w_puts(w, " /UF ");
	cm_pdf_w_text(w, name);
	if (desc) {
		cm_pdf_w_puts(w, "\n/Desc ");
		cm_pdf_w_text(w, desc);
	}
	cm_pdf_w_printf(w, "\n/EF << /F %d 0 R /UF %d 0 R >> >>", ef, ef);
	cm_pdf_w_endobj(w);
	/* a paperclip in the top margin, right to left, shown not printed */
	x = CM_PDF_WIDTH - CM_PDF_MARGIN - 14.0f * (float)(p->nannots + 1);
	cm_pdf_w_obj(w, an);
	cm_pdf_w_printf(
		w,
		"<< /Type /Annot /Subtype /FileAttachment /Rect [%.2f %.2f %.2f %.2f]\n"
		"/FS %d 0 R /Name /Paperclip /T ",
		(double)x, (double)(CM_PDF_HEIGHT - CM_PDF_MARGIN + 12),
		(double)(x + 10), (double)(CM_PDF_HEIGHT - CM_PDF_MARGIN + 30),
		fs);
	cm_pdf_w_text(w, name);
	cm_pdf_w_puts(w, " /Contents ");
	cm_pdf_w_text(w, desc ? desc : name);
	cm_pdf_w_puts(w, " >>");
	cm_pdf_w_endobj(w);
	p->annots[p->nannots++] = an;
	if (w->err)
		return cm_err_setk(err, w->err, CM_ERR_CANTCREAT,
				   "cannot write attachment '%s': %s", name,
				   strerror(-w->err));
	return 0;
}

/* the fonts drawn with, the resources naming them, the tree, the catalog */
static int finish(struct cm_pdf *p)
{
	struct cm_pdf_w *w = &p->w;
	int rc = cm_pdf_end_page(p);

	for (int i = 0; i < p->nfonts && rc == 0; i++)
		rc = cm_pdf_font_write(p->fonts[i], w, p->font_obj[i]);
	if (rc < 0)
		return rc;
	cm_pdf_w_obj(w, p->resources);
	cm_pdf_w_puts(w, "<< /ProcSet [/PDF /Text] /Font <<");
	for (int i = 0; i < p->nfonts; i++)
		cm_pdf_w_printf(w, " /F%d %d 0 R", i, p->font_obj[i]);
	cm_pdf_w_puts(w, " >> >>");
	cm_pdf_w_endobj(w);
	for (int level = 0; level < CM_PDF_TREE_DEPTH - 1 && rc == 0; level++)
		if (p->tree[level].nkids) {
			struct cm_pdf_node *n = &p->tree[level];

			write_node(p, level);
			rc = add_kid(p, level + 1, n->num, n->count);
			n->nkids = 0;
		}
	if (rc < 0)
		return rc;
	write_node(p, CM_PDF_TREE_DEPTH - 1);
	cm_pdf_w_obj(w, p->catalog);
	cm_pdf_w_printf(w, "<< /Type /Catalog /Pages %d 0 R >>",
			p->tree[CM_PDF_TREE_DEPTH - 1].num);
	cm_pdf_w_endobj(w);
	return w->err;
}

/* the xref table from the spool of offsets, and the trailer */
static int xref(struct cm_pdf *p)
{
	struct cm_pdf_w *w = &p->w;
	long long at = w->off;
	unsigned char b[8 * 512];

	cm_pdf_w_printf(w, "xref\n0 %d\n0000000000 65535 f \n", w->next);
	for (int base = 0; base < w->next && !w->err; base += 512) {
		ssize_t got = pread(w->xref_fd, b, sizeof(b), (off_t)base * 8);

		if (got < 0)
			return -errno;
		for (int i = base ? 0 : 1; i < 512 && base + i < w->next; i++) {
			long long off = 0;

			if ((i + 1) * 8 <= got)
				for (int k = 7; k >= 0; k--)
					off = off << 8 | b[i * 8 + k];
			if (!off)
				return -EPROTO; /* reserved, never written */
			cm_pdf_w_printf(w, "%010lld 00000 n \n", off);
		}
	}
	cm_pdf_w_printf(w,
			"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\n"
			"startxref\n%lld\n%%%%EOF\n",
			w->next, p->catalog, p->info, at);
	flush(w);
	return w->err;
}

static int copy_out(int from, int to)
{
	char buf[64 * 1024];
	off_t off = 0;

	for (;;) {
		ssize_t n = pread(from, buf, sizeof(buf), off);
		int rc;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		rc = cm_write_all(to, buf, (size_t)n, NULL);
		if (rc < 0)
			return rc;
		off += n;
	}
}

int cm_pdf_save(struct cm_pdf *p, const char *path, struct cm_err *err)
{
	struct cm_atomic a = {.fd = -1};
	int rc = finish(p);

	if (rc == 0)
		rc = xref(p);
	if (rc < 0)
		return cm_err_setk(
			err, rc,
			rc == -EPROTO || rc == -E2BIG || rc == -EBADMSG ||
					rc == -ENOMEM
				? CM_ERR_SOFTWARE
				: CM_ERR_CANTCREAT,
			"cannot write '%s': %s", path,
			rc == -E2BIG ? "too many pages" : strerror(-rc));
	rc = cm_atomic_open(&a, path, p->mode, err);
	if (rc < 0)
		return rc;
	rc = copy_out(p->w.fd, a.fd);
	if (rc < 0) {
		cm_atomic_abort(&a);
		return cm_err_setk(err, rc, CM_ERR_CANTCREAT,
				   "cannot write '%s': %s", path,
				   strerror(-rc));
	}
	return cm_atomic_commit(&a, err);
}
