// SPDX-License-Identifier: Apache-2.0
/*
 * The output side of the PDF layer: attachments from memory, the closing
 * of font subsets and the atomic save (see cm_pdf.c for the libharu 2.3
 * faults these work around), and the spool. libharu holds every object
 * of a document in memory until it is saved; for a batch of a thousand certificates the
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

#include <hpdf_catalog.h>
#include <hpdf_doc.h>
#include <hpdf_fontdef.h>
#include <hpdf_namedict.h>
#include <hpdf_objects.h>
#include <stdint.h>

#include "cm_atomic.h"
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

int cm_pdf_attach(struct cm_pdf *p, const char *name, const void *data,
		  size_t len, const char *desc, struct cm_err *err)
{
	HPDF_MMgr mm = p->doc->mmgr;
	HPDF_NameDict names;
	HPDF_NameTree tree;
	HPDF_Dict spec, ef, file, params;
	HPDF_Array names_arr;
	HPDF_STATUS rc = 0;

	if (strchr(name, '/') || len > UINT32_MAX)
		return cm_err_setk(err, -EINVAL, CM_ERR_SOFTWARE,
				   "attachment '%s': not a base name", name);
	names = HPDF_Catalog_GetNames(p->doc->catalog);
	if (!names) {
		names = HPDF_NameDict_New(mm, p->doc->xref);
		if (!names ||
		    HPDF_Catalog_SetNames(p->doc->catalog, names) != HPDF_OK)
			goto fail;
	}
	tree = HPDF_NameDict_GetNameTree(names, HPDF_NAME_EMBEDDED_FILES);
	if (!tree) {
		tree = HPDF_NameTree_New(mm, p->doc->xref);
		if (!tree ||
		    HPDF_NameDict_SetNameTree(names, HPDF_NAME_EMBEDDED_FILES,
					      tree) != HPDF_OK)
			goto fail;
	}
	spec = HPDF_Dict_New(mm);
	if (!spec || HPDF_Xref_Add(p->doc->xref, spec) != HPDF_OK)
		goto fail;
	file = HPDF_DictStream_New(mm, p->doc->xref);
	ef = HPDF_Dict_New(mm);
	params = HPDF_Dict_New(mm);
	if (!file || !ef || !params)
		goto fail;
	file->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	if (cm_pdf_spool_stream(p, file, data, len) < 0)
		goto fail;
	rc |= HPDF_Dict_AddName(file, "Type", "EmbeddedFile");
	rc |= HPDF_Dict_AddNumber(params, "Size", (HPDF_INT32)len);
	rc |= HPDF_Dict_Add(file, "Params", params);
	rc |= HPDF_Dict_AddName(spec, "Type", "Filespec");
	rc |= HPDF_Dict_Add(spec, "F", HPDF_String_New(mm, name, NULL));
	rc |= HPDF_Dict_Add(spec, "UF", HPDF_String_New(mm, name, NULL));
	if (desc)
		rc |= HPDF_Dict_Add(spec, "Desc",
				    HPDF_String_New(mm, desc, NULL));
	rc |= HPDF_Dict_Add(ef, "F", file);
	rc |= HPDF_Dict_Add(spec, "EF", ef);
	/*
	 * HPDF_NameTree_Add orders by length before bytes and misplaces
	 * pairs when it inserts: the pair is appended, and the array is put
	 * in the byte order the PDF requires when the document is saved.
	 */
	names_arr = HPDF_Dict_GetItem(tree, "Names", HPDF_OCLASS_ARRAY);
	if (!names_arr)
		goto fail;
	rc |= HPDF_Array_Add(names_arr, HPDF_String_New(mm, name, NULL));
	rc |= HPDF_Array_Add(names_arr, spec);
	if (rc == HPDF_OK && !p->hpdf_code)
		return 0;
fail:
	return cm_err_setk(err, -ENOMEM, CM_ERR_SOFTWARE,
			   "cannot attach '%s' (libharu error 0x%04X)", name,
			   p->hpdf_code);
}

static int read_be(HPDF_Stream s, uint8_t *b, HPDF_UINT n)
{
	HPDF_UINT got = n;
	HPDF_STATUS rc = HPDF_Stream_Read(s, b, &got);

	return (rc == HPDF_OK || rc == HPDF_STREAM_EOF) && got == n ? 0 : -1;
}

/* flag the components of composite glyph @gid; returns how many were new */
static int flag_components(HPDF_TTFontDefAttr a, unsigned gid)
{
	uint32_t off = a->glyph_tbl.offsets[gid];
	uint8_t b[4];
	int added = 0;
	unsigned flags;

	if (a->header.index_to_loc_format == 0)
		off *= 2;
	if (a->glyph_tbl.offsets[gid + 1] == a->glyph_tbl.offsets[gid])
		return 0; /* an empty glyph */
	if (HPDF_Stream_Seek(a->stream,
			     (HPDF_INT)(a->glyph_tbl.base_offset + off),
			     HPDF_SEEK_SET) != HPDF_OK ||
	    read_be(a->stream, b, 2) < 0 || !(b[0] & 0x80))
		return 0;
	if (HPDF_Stream_Seek(a->stream, 8, HPDF_SEEK_CUR) != HPDF_OK)
		return 0;
	do {
		unsigned comp, skip;

		if (read_be(a->stream, b, 4) < 0)
			return added;
		flags = (unsigned)b[0] << 8 | b[1];
		comp = (unsigned)b[2] << 8 | b[3];
		skip = flags & 0x1 ? 4 : 2;
		skip += flags & 0x8    ? 2
			: flags & 0x40 ? 4
			: flags & 0x80 ? 8
				       : 0;
		if (comp < a->num_glyphs && !a->glyph_tbl.flgs[comp]) {
			a->glyph_tbl.flgs[comp] = 1;
			added++;
		}
		if (HPDF_Stream_Seek(a->stream, (HPDF_INT)skip,
				     HPDF_SEEK_CUR) != HPDF_OK)
			return added;
	} while (flags & 0x20);
	return added;
}

/*
 * libharu 2.3 subsets a font by the glyphs it saw, adding the components
 * of a composite glyph one level deep and only below glyph 32768 (it
 * reads the index as signed): many CJK ideographs then draw blank. Every
 * component of every used glyph is added here, to any depth.
 */
static void close_glyphs(HPDF_FontDef def)
{
	HPDF_TTFontDefAttr a;
	int added;

	if (!def || !(a = def->attr) || !a->embedding || !a->glyph_tbl.flgs)
		return;
	do {
		added = 0;
		for (unsigned g = 0; g < a->num_glyphs; g++)
			if (a->glyph_tbl.flgs[g])
				added += flag_components(a, g);
	} while (added);
}

struct name_pair {
	void *key, *value;
};

static int pair_cmp(const void *a, const void *b)
{
	const struct _HPDF_String_Rec *x = ((const struct name_pair *)a)->key;
	const struct _HPDF_String_Rec *y = ((const struct name_pair *)b)->key;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->value, y->value, n);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

/*
 * The EmbeddedFiles names array in the byte order of its keys (PDF
 * 32000-1 7.9.6), whatever order the attachments came in.
 */
static int sort_names(struct cm_pdf *p)
{
	HPDF_NameDict names = HPDF_Catalog_GetNames(p->doc->catalog);
	HPDF_NameTree tree = names ? HPDF_NameDict_GetNameTree(
					     names, HPDF_NAME_EMBEDDED_FILES)
				   : NULL;
	HPDF_Array arr =
		tree ? HPDF_Dict_GetItem(tree, "Names", HPDF_OCLASS_ARRAY)
		     : NULL;
	struct name_pair *v;
	size_t n;

	if (!arr || arr->list->count < 4)
		return 0;
	n = arr->list->count / 2;
	v = malloc(n * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		v[i].key = arr->list->obj[2 * i];
		v[i].value = arr->list->obj[2 * i + 1];
	}
	qsort(v, n, sizeof(*v), pair_cmp);
	for (size_t i = 0; i < n; i++) {
		arr->list->obj[2 * i] = v[i].key;
		arr->list->obj[2 * i + 1] = v[i].value;
	}
	free(v);
	return 0;
}

int cm_pdf_save(struct cm_pdf *p, const char *path, struct cm_err *err)
{
	struct cm_atomic a = {.fd = -1};
	int rc;

	if (p->page && cm_pdf_spool_page(p) < 0)
		return cm_err_setk(err, -EIO, CM_ERR_IOERR,
				   "cannot spool a page of '%s'", path);
	if (p->hpdf_code)
		return cm_err_setk(
			err, -EINVAL, CM_ERR_SOFTWARE,
			"cannot render '%s': libharu error 0x%04X (detail %u)",
			path, p->hpdf_code, p->hpdf_detail);
	if (sort_names(p) < 0)
		return cm_err_set(err, -ENOMEM, "out of memory");
	for (int i = 0; i < CM_PDF_FONTS; i++)
		close_glyphs(p->def[i]);
	close_glyphs(p->cjk_def);
	rc = cm_atomic_open(&a, path, p->mode, err);
	if (rc < 0)
		return rc;
	/* libharu writes by name: the temporary file, then ours to commit */
	if (HPDF_SaveToFile(p->doc, a.tmp) != HPDF_OK || p->hpdf_code) {
		int e = p->hpdf_code == HPDF_FILE_IO_ERROR ? -EIO : -EINVAL;

		cm_atomic_abort(&a);
		return cm_err_setk(
			err, e, e == -EIO ? CM_ERR_CANTCREAT : CM_ERR_SOFTWARE,
			"cannot write '%s': libharu error 0x%04X (detail %u)",
			path, p->hpdf_code, p->hpdf_detail);
	}
	return cm_atomic_commit(&a, err);
}
