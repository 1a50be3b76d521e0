// SPDX-License-Identifier: Apache-2.0
/*
 * The spool of the PDF layer. libharu holds every object of a document in
 * memory until it is saved; for a batch of a thousand certificates the
 * page contents and the attached JSON and signatures are most of that. A
 * finished page's content stream and each attachment are written to one
 * unlinked temporary file, and libharu gets a callback stream that reads
 * them back while it saves, so what stays in memory per page is its
 * dictionaries and a few dozen bytes here.
 */
#include <errno.h>
#include <fcntl.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cm_pdf_spool.h"

#define PIECES_PER_BLOCK 512

struct cm_pdf_pieces {
	struct cm_pdf_pieces *next;
	size_t used;
	struct cm_pdf_piece v[PIECES_PER_BLOCK];
};

int cm_pdf_spool_open(struct cm_pdf *p, const char *dir)
{
	char *tmpl;
	size_t n;
	int fd;

	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0) {
		n = strlen(dir) + 32;
		tmpl = malloc(n);
		if (!tmpl)
			return -ENOMEM;
		snprintf(tmpl, n, "%s/.sanitas-pdf.XXXXXX", dir);
		fd = mkostemp(tmpl, O_CLOEXEC);
		if (fd >= 0)
			unlink(tmpl);
		free(tmpl);
		if (fd < 0)
			return -errno;
	}
	p->spool_fd = fd;
	p->spool_end = 0;
	return 0;
}

static struct cm_pdf_piece *piece_new(struct cm_pdf *p)
{
	struct cm_pdf_pieces *b = p->pieces;

	if (!b || b->used == PIECES_PER_BLOCK) {
		b = calloc(1, sizeof(*b));
		if (!b)
			return NULL;
		b->next = p->pieces;
		p->pieces = b;
	}
	return &b->v[b->used++];
}

static HPDF_STATUS piece_read(HPDF_Stream s, HPDF_BYTE *buf, HPDF_UINT *size)
{
	struct cm_pdf_piece *pc = s->attr;
	size_t want = *size, left = pc->len - pc->pos, got = 0;

	if (want > left)
		want = left;
	while (got < want) {
		ssize_t r = pread(pc->fd, buf + got, want - got,
				  pc->off + (off_t)(pc->pos + got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return HPDF_SetError(s->error, HPDF_FILE_IO_ERROR, 0);
		got += (size_t)r;
	}
	pc->pos += got;
	*size = (HPDF_UINT)got;
	return pc->pos == pc->len ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS piece_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode m)
{
	struct cm_pdf_piece *pc = s->attr;
	long long to = m == HPDF_SEEK_SET   ? pos
		       : m == HPDF_SEEK_CUR ? (long long)pc->pos + pos
					    : (long long)pc->len + pos;

	if (to < 0 || (size_t)to > pc->len)
		return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
	pc->pos = (size_t)to;
	return HPDF_OK;
}

static HPDF_INT32 piece_tell(HPDF_Stream s)
{
	return (HPDF_INT32)((struct cm_pdf_piece *)s->attr)->pos;
}

static HPDF_UINT32 piece_size(HPDF_Stream s)
{
	return (HPDF_UINT32)((struct cm_pdf_piece *)s->attr)->len;
}

static int spool_write(struct cm_pdf *p, const void *data, size_t len)
{
	const char *b = data;
	size_t done = 0;

	while (done < len) {
		ssize_t w = pwrite(p->spool_fd, b + done, len - done,
				   p->spool_end + (off_t)done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		done += (size_t)w;
	}
	return 0;
}

/* a reading stream over @len spooled bytes just written at spool_end */
static HPDF_Stream spooled(struct cm_pdf *p, size_t len)
{
	struct cm_pdf_piece *pc = piece_new(p);

	if (!pc)
		return NULL;
	pc->fd = p->spool_fd;
	pc->off = p->spool_end;
	pc->len = len;
	pc->pos = 0;
	p->spool_end += (off_t)len;
	return HPDF_CallbackReader_New(p->doc->mmgr, piece_read, piece_seek,
				       piece_tell, piece_size, pc);
}

int cm_pdf_spool_stream(struct cm_pdf *p, HPDF_Dict d, const void *data,
			size_t len)
{
	HPDF_Stream s;

	if (p->spool_fd < 0)
		return HPDF_Stream_Write(d->stream, data, (HPDF_UINT)len) ==
				       HPDF_OK
			       ? 0
			       : -ENOMEM;
	if (spool_write(p, data, len) < 0)
		return -EIO;
	s = spooled(p, len);
	if (!s)
		return -ENOMEM;
	HPDF_Stream_Free(d->stream);
	d->stream = s;
	return 0;
}

int cm_pdf_spool_page(struct cm_pdf *p)
{
	HPDF_PageAttr attr;
	HPDF_Stream mem, s;
	HPDF_BYTE buf[4096];
	size_t total = 0;

	if (p->spool_fd < 0 || !p->page)
		return 0;
	attr = p->page->attr;
	mem = attr->contents->stream;
	if (HPDF_Stream_Seek(mem, 0, HPDF_SEEK_SET) != HPDF_OK)
		return -EIO;
	for (;;) {
		HPDF_UINT n = sizeof(buf);
		HPDF_STATUS rc = HPDF_Stream_Read(mem, buf, &n);

		if (n && spool_write(p, buf, n) < 0)
			return -EIO;
		p->spool_end += (off_t)n;
		total += n;
		if (rc == HPDF_STREAM_EOF)
			break;
		if (rc != HPDF_OK)
			return -EIO;
	}
	p->spool_end -= (off_t)total;
	s = spooled(p, total);
	if (!s)
		return -ENOMEM;
	HPDF_Stream_Free(mem);
	attr->contents->stream = s;
	/* libharu draws through attr->stream: nothing may draw here again */
	attr->stream = s;
	p->page = NULL;
	return 0;
}

void cm_pdf_spool_release(struct cm_pdf *p)
{
	while (p->pieces) {
		struct cm_pdf_pieces *n = p->pieces->next;

		free(p->pieces);
		p->pieces = n;
	}
	if (p->spool_fd >= 0)
		close(p->spool_fd);
	p->spool_fd = -1;
}
