// SPDX-License-Identifier: Apache-2.0
/*
 * Writing evidence archives: one streamed tar.zst and manifest per
 * collecting step, hashed as written. Checking one against its manifest
 * is in rs_evidence_verify.c.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <zstd.h>

#include "cm_path.h"
#include "cm_file.h"
#include "cm_hash.h"
#include "cm_hook.h"
#include "cm_json.h"
#include "cm_time.h"
#include "rs_evidence.h"
#include "rs_evidence_age.h"
#include "rs_manifest.h"
#include "rs_util.h"

#define RS_XATTR_LIST_MAX  (64 * 1024)
#define RS_XATTR_VALUE_MAX (64 * 1024)

static char *ev_path(const char *case_dir, const char *step, const char *suffix)
{
	size_t n = strlen(case_dir) + strlen(step) + strlen(suffix) + 16;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/evidence/%s%s", case_dir, step, suffix);
	return p;
}

char *rs_evidence_tar_path(const char *case_dir, const char *step)
{
	return ev_path(case_dir, step, ".tar.zst");
}

char *rs_evidence_manifest_path(const char *case_dir, const char *step)
{
	return ev_path(case_dir, step, ".manifest");
}

const char *rs_mode_type(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return "file";
	case S_IFDIR:
		return "dir";
	case S_IFLNK:
		return "symlink";
	case S_IFIFO:
		return "fifo";
	case S_IFSOCK:
		return "socket";
	case S_IFCHR:
		return "chardev";
	case S_IFBLK:
		return "blockdev";
	}
	return "unknown";
}

static int ar_err(struct rs_evidence *ev, struct cm_err *err, const char *what)
{
	int e = archive_errno(ev->ar);

	return cm_err_setk(err, e > 0 ? -e : -EIO, CM_ERR_IOERR,
			   "evidence '%s': %s: %s", ev->step, what,
			   archive_error_string(ev->ar)
				   ? archive_error_string(ev->ar)
				   : "archive error");
}

/*
 * The archive is compressed here rather than by libarchive's zstd filter:
 * two zstd worker threads compress while the main thread reads and
 * hashes, with 1 MiB jobs so memory stays near 20 MiB (libarchive's filter
 * with workers peaked near 80 MiB), and the compressed bytes are hashed
 * as they are written (no second read of the archive).
 */
#define RS_ZSTD_LEVEL	3
#define RS_ZSTD_JOB	(1024 * 1024)
#define RS_ZSTD_WORKERS 2

struct rs_zout {
	ZSTD_CCtx *cctx;
	struct cm_sha256 h; /* of the compressed stream */
	int fd;
	struct rs_age_file *age; /* encrypting: the stream goes there */
	unsigned char *out;
	size_t out_len;
	int err; /* errno of the first failed write */
};

static int zout_flush(struct rs_zout *z, ZSTD_outBuffer *ob)
{
	if (ob->pos && !z->err) {
		struct cm_err e;

		if (z->age ? rs_age_file_write(z->age, ob->dst, ob->pos, &e)
			   : cm_write_all(z->fd, ob->dst, ob->pos, &e))
			z->err = -e.code;
		else
			cm_sha256_update(&z->h, ob->dst, ob->pos, NULL);
	}
	ob->pos = 0;
	return z->err ? -1 : 0;
}

static int zout_push(struct rs_zout *z, const void *buf, size_t len,
		     ZSTD_EndDirective mode)
{
	ZSTD_inBuffer ib = {buf, len, 0};

	for (;;) {
		ZSTD_outBuffer ob = {z->out, z->out_len, 0};
		size_t left = ZSTD_compressStream2(z->cctx, &ob, &ib, mode);

		if (ZSTD_isError(left)) {
			z->err = EIO;
			return -1;
		}
		if (zout_flush(z, &ob))
			return -1;
		if (mode == ZSTD_e_end ? left == 0 : ib.pos == ib.size)
			return 0;
	}
}

static la_ssize_t zout_write(struct archive *a, void *cookie, const void *buf,
			     size_t len)
{
	struct rs_zout *z = cookie;

	if (zout_push(z, buf, len, ZSTD_e_continue)) {
		archive_set_error(a, z->err, "compression or write failed");
		return -1;
	}
	return (la_ssize_t)len;
}

static int zout_close(struct archive *a, void *cookie)
{
	struct rs_zout *z = cookie;

	if (zout_push(z, NULL, 0, ZSTD_e_end)) {
		archive_set_error(a, z->err, "compression or write failed");
		return ARCHIVE_FATAL;
	}
	return ARCHIVE_OK;
}

static void zout_free(struct rs_zout *z)
{
	if (!z)
		return;
	ZSTD_freeCCtx(z->cctx);
	cm_sha256_release(&z->h);
	free(z->out);
	free(z);
}

static struct rs_zout *zout_new(int fd)
{
	struct rs_zout *z = calloc(1, sizeof(*z));

	if (!z)
		return NULL;
	z->fd = fd;
	z->out_len = ZSTD_CStreamOutSize();
	z->out = malloc(z->out_len);
	z->cctx = ZSTD_createCCtx();
	if (!z->out || !z->cctx || cm_sha256_init(&z->h, NULL) ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(
		    z->cctx, ZSTD_c_compressionLevel, RS_ZSTD_LEVEL)) ||
	    ZSTD_isError(
		    ZSTD_CCtx_setParameter(z->cctx, ZSTD_c_checksumFlag, 1))) {
		zout_free(z);
		return NULL;
	}
	/* a libzstd built without threads keeps compressing inline */
	if (!ZSTD_isError(ZSTD_CCtx_setParameter(z->cctx, ZSTD_c_nbWorkers,
						 RS_ZSTD_WORKERS)))
		ZSTD_CCtx_setParameter(z->cctx, ZSTD_c_jobSize, RS_ZSTD_JOB);
	return z;
}

void rs_evidence_abort(struct rs_evidence *ev)
{
	if (!ev)
		return;
	if (ev->ar) {
		archive_write_free(ev->ar);
		ev->ar = NULL;
	}
	zout_free(ev->z);
	ev->z = NULL;
	if (ev->fd >= 0)
		close(ev->fd);
	ev->fd = -1;
	if (ev->man && !ev->aman)
		fclose(ev->man);
	if (ev->skip && !ev->askip)
		fclose(ev->skip);
	ev->man = ev->skip = NULL;
	rs_age_file_abort(ev->atar);
	rs_age_file_abort(ev->aman);
	rs_age_spool_release(ev->askip);
	free(ev->atar);
	free(ev->aman);
	free(ev->askip);
	ev->atar = ev->aman = NULL;
	ev->askip = NULL;
	if (ev->man_fd >= 0)
		close(ev->man_fd);
	ev->man_fd = -1;
	if (ev->tar_part)
		unlink(ev->tar_part);
	if (ev->man_part)
		unlink(ev->man_part);
	free(ev->tar_path);
	free(ev->tar_part);
	free(ev->man_path);
	free(ev->man_part);
	free(ev->step);
	free(ev->buf);
	ev->tar_path = ev->tar_part = ev->man_path = ev->man_part = NULL;
	ev->step = NULL;
	ev->buf = NULL;
}

int rs_evidence_open(struct rs_evidence *ev, const char *case_dir,
		     const char *step, const struct cm_age_recipients *age,
		     struct cm_err *err)
{
	char *dir = NULL;
	json_t *head;
	char *txt;
	int rc = 0, mfd;
	bool enc = age && age->n;

	memset(ev, 0, sizeof(*ev));
	ev->fd = -1;
	ev->man_fd = -1;
	ev->age = enc ? age : NULL;
	ev->step = strdup(step);
	ev->tar_path =
		ev_path(case_dir, step, enc ? ".tar.zst.age" : ".tar.zst");
	ev->man_path =
		ev_path(case_dir, step, enc ? ".manifest.age" : ".manifest");
	ev->tar_part = ev_path(case_dir, step,
			       enc ? ".tar.zst.age.part" : ".tar.zst.part");
	ev->man_part = ev_path(case_dir, step,
			       enc ? ".manifest.age.part" : ".manifest.part");
	ev->buf = malloc(RS_EVIDENCE_BUF);
	dir = cm_path_join(case_dir, "evidence");
	if (!ev->step || !ev->tar_path || !ev->man_path || !ev->tar_part ||
	    !ev->man_part || !ev->buf || !dir) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	ev->buf_len = RS_EVIDENCE_BUF;
	if ((rc = cm_mkdirs(dir, 0700, err)))
		goto out;
	unlink(ev->tar_part);
	unlink(ev->man_part);
	ev->fd = open(ev->tar_part,
		      O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		      0600);
	if (ev->fd < 0) {
		rc = cm_err_setk(err, -errno, CM_ERR_CANTCREAT,
				 "cannot create '%s': %s", ev->tar_part,
				 strerror(errno));
		goto out;
	}
	mfd = open(ev->man_part,
		   O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (mfd < 0 || (!enc && !(ev->man = fdopen(mfd, "w")))) {
		rc = cm_err_setk(err, -errno, CM_ERR_CANTCREAT,
				 "cannot create '%s': %s", ev->man_part,
				 strerror(errno));
		if (mfd >= 0)
			close(mfd);
		goto out;
	}
	if (enc) {
		ev->man_fd = mfd;
		ev->atar = calloc(1, sizeof(*ev->atar));
		ev->aman = calloc(1, sizeof(*ev->aman));
		ev->askip = calloc(1, sizeof(*ev->askip));
		if (!ev->atar || !ev->aman || !ev->askip) {
			rc = cm_err_set(err, -ENOMEM, "out of memory");
			goto out;
		}
		ev->askip->fd = -1;
		if ((rc = rs_age_file_open(ev->aman, mfd, age, err)) ||
		    (rc = rs_age_file_open(ev->atar, ev->fd, age, err)) ||
		    (rc = rs_age_spool_open(ev->askip, dir, err)))
			goto out;
		ev->man = ev->aman->f;
		ev->skip = ev->askip->w.f;
	} else {
		ev->skip = tmpfile();
	}
	if (!ev->skip) {
		rc = cm_err_set(err, -errno,
				"cannot create a temporary file: %s",
				strerror(errno));
		goto out;
	}
	ev->ar = archive_write_new();
	if (!ev->ar) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	ev->z = zout_new(ev->fd);
	if (!ev->z) {
		rc = cm_err_set(err, -ENOMEM, "cannot set up zstd");
		goto out;
	}
	ev->z->age = ev->atar;
	/*
	 * Filenames are bytes: hdrcharset=BINARY stores a name that is not
	 * UTF-8 as it is (pax "hdrcharset" record) instead of failing on it.
	 */
	if (archive_write_set_format_pax(ev->ar) != ARCHIVE_OK ||
	    archive_write_set_format_option(ev->ar, "pax", "hdrcharset",
					    "BINARY") != ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(ev->ar, 64 * 1024) !=
		    ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(ev->ar, 1) != ARCHIVE_OK) {
		rc = ar_err(ev, err, "cannot set up pax");
		goto out;
	}
	if (archive_write_open(ev->ar, ev->z, NULL, zout_write, zout_close) !=
	    ARCHIVE_OK) {
		rc = ar_err(ev, err, "cannot open");
		goto out;
	}
	head = json_pack("{s:s,s:s,s:s}", "schema", RS_MANIFEST_SCHEMA, "step",
			 step, "archive", strrchr(ev->tar_path, '/') + 1);
	if (head && enc)
		json_object_set_new(head, "encryption", json_string("age"));
	txt = head ? json_dumps(head, JSON_COMPACT | JSON_PRESERVE_ORDER |
					      JSON_ENSURE_ASCII)
		   : NULL;
	json_decref(head);
	if (!txt) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	/* the head object is reopened to stream the member list into it */
	txt[strlen(txt) - 1] = '\0';
	fprintf(ev->man, "%s,\n\"members\":[", txt);
	free(txt);
out:
	free(dir);
	if (rc)
		rs_evidence_abort(ev);
	return rc;
}

static struct archive_entry *
entry_new(struct rs_evidence *ev, const char *member, const struct stat *st)
{
	struct archive_entry *e = archive_entry_new();

	if (!e)
		return NULL;
	archive_entry_set_pathname(e, member);
	archive_entry_copy_stat(e, st);
	archive_entry_set_nlink(e, 1);
	archive_entry_set_dev(e, 0);
	archive_entry_set_ino(e, 0);
	if (!ev->numeric_owner) {
		const char *own = rs_owner_of(ev, st->st_uid);
		const char *grp = rs_group_of(ev, st->st_gid);

		if (own)
			archive_entry_copy_uname(e, own);
		if (grp)
			archive_entry_copy_gname(e, grp);
	}
	return e;
}

/* Copy the xattrs of @fd into @e and list their names in @names. */
static void copy_xattrs(int fd, struct archive_entry *e, json_t *names,
			unsigned char *tmp, size_t tmp_len)
{
	char list[RS_XATTR_LIST_MAX];
	ssize_t n = flistxattr(fd, list, sizeof(list));

	for (ssize_t off = 0; n > 0 && off < n;
	     off += (ssize_t)strlen(list + off) + 1) {
		const char *name = list + off;
		ssize_t vl = fgetxattr(fd, name, tmp,
				       tmp_len < RS_XATTR_VALUE_MAX
					       ? tmp_len
					       : RS_XATTR_VALUE_MAX);

		if (vl < 0)
			continue;
		archive_entry_xattr_add_entry(e, name, tmp, (size_t)vl);
		json_array_append_new(names, cm_json_str_or_null(name));
	}
}

int rs_evidence_add_file(struct rs_evidence *ev, const char *member, int fd,
			 const struct stat *st, const json_t *extra,
			 struct cm_err *err)
{
	struct archive_entry *e = NULL;
	struct cm_sha256 h = {0};
	uint8_t md[CM_SHA256_LEN];
	char hex[CM_SHA256_HEX];
	json_t *entry = NULL, *xa = json_array();
	uint64_t left = (uint64_t)st->st_size, padded = 0;
	int rc;

	e = entry_new(ev, member, st);
	if (!e || !xa) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	copy_xattrs(fd, e, xa, ev->buf, ev->buf_len);
	if ((rc = cm_sha256_init(&h, err)))
		goto out;
	if (archive_write_header(ev->ar, e) != ARCHIVE_OK) {
		rc = ar_err(ev, err, "cannot write a header");
		goto out;
	}
	while (left) {
		size_t want = left < ev->buf_len ? (size_t)left : ev->buf_len;
		ssize_t n = read(fd, ev->buf, want);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = cm_err_setk(err, -errno, CM_ERR_IOERR,
					 "cannot read '%s': %s", member,
					 strerror(errno));
			goto out;
		}
		if (n == 0) {
			/* shrank while read: the header promised more bytes */
			memset(ev->buf, 0, want);
			n = (ssize_t)want;
			padded += want;
		}
		if ((rc = cm_sha256_update(&h, ev->buf, (size_t)n, err)))
			goto out;
		if (archive_write_data(ev->ar, ev->buf, (size_t)n) != n) {
			rc = ar_err(ev, err, "cannot write data");
			goto out;
		}
		left -= (uint64_t)n;
	}
	if ((rc = cm_sha256_final(&h, md, err)))
		goto out;
	cm_hex(md, sizeof(md), hex);
	if (archive_write_finish_entry(ev->ar) != ARCHIVE_OK) {
		rc = ar_err(ev, err, "cannot finish an entry");
		goto out;
	}
	/* a crash in mid-collection: the member's bytes are in the stream */
	cm_hook_fault_path("evidence-member", member);
	ev->bytes += (uint64_t)st->st_size;
	if (!extra && !json_array_size(xa) && !padded &&
	    !rs_manifest_fast_entry(ev, member, st, hex)) {
		ev->n_members++;
		rc = ferror(ev->man)
			     ? cm_err_setk(
				       err, -EIO, CM_ERR_IOERR,
				       "evidence '%s': cannot write the manifest",
				       ev->step)
			     : 0;
		goto out;
	}
	entry = rs_manifest_meta(member, st, !ev->numeric_owner);
	json_object_set_new(entry, "sha256", json_string(hex));
	if (json_array_size(xa))
		json_object_set(entry, "xattrs", xa);
	if (padded)
		json_object_set_new(entry, "note",
				    json_sprintf("shrank while read: %" PRIu64
						 " zero bytes padded",
						 padded));
	rc = rs_manifest_write(ev, ev->man, ev->n_members++, entry, extra, err);
out:
	cm_sha256_release(&h);
	archive_entry_free(e);
	json_decref(entry);
	json_decref(xa);
	return rc;
}

int rs_evidence_add_symlink(struct rs_evidence *ev, const char *member,
			    const char *target, const struct stat *st,
			    const json_t *extra, struct cm_err *err)
{
	struct archive_entry *e = entry_new(ev, member, st);
	json_t *entry;
	int rc;

	if (!e)
		return cm_err_set(err, -ENOMEM, "out of memory");
	archive_entry_set_symlink(e, target);
	archive_entry_set_size(e, 0);
	if (archive_write_header(ev->ar, e) != ARCHIVE_OK) {
		archive_entry_free(e);
		return ar_err(ev, err, "cannot write a header");
	}
	archive_entry_free(e);
	entry = rs_manifest_meta(member, st, !ev->numeric_owner);
	json_object_set_new(entry, "size", json_integer(0));
	cm_json_set_bytes(entry, "target", target);
	rc = rs_manifest_write(ev, ev->man, ev->n_members++, entry, extra, err);
	json_decref(entry);
	return rc;
}

int rs_evidence_add_dir(struct rs_evidence *ev, const char *member,
			const struct stat *st, struct cm_err *err)
{
	struct archive_entry *e = entry_new(ev, member, st);
	json_t *entry;
	int rc;

	if (!e)
		return cm_err_set(err, -ENOMEM, "out of memory");
	archive_entry_set_size(e, 0);
	if (archive_write_header(ev->ar, e) != ARCHIVE_OK) {
		archive_entry_free(e);
		return ar_err(ev, err, "cannot write a header");
	}
	archive_entry_free(e);
	entry = rs_manifest_meta(member, st, !ev->numeric_owner);
	json_object_set_new(entry, "size", json_integer(0));
	rc = rs_manifest_write(ev, ev->man, ev->n_members++, entry, NULL, err);
	json_decref(entry);
	return rc;
}

int rs_evidence_add_buf(struct rs_evidence *ev, const char *member,
			const void *buf, size_t len, struct cm_err *err)
{
	struct stat st;
	struct timespec now;
	struct archive_entry *e;
	uint8_t md[CM_SHA256_LEN];
	char hex[CM_SHA256_HEX];
	json_t *entry;
	int rc;

	memset(&st, 0, sizeof(st));
	clock_gettime(CLOCK_REALTIME, &now);
	now.tv_sec = cm_time_now();
	st.st_mode = S_IFREG | 0600;
	st.st_uid = geteuid();
	st.st_gid = getegid();
	st.st_size = (off_t)len;
	st.st_mtim = st.st_atim = st.st_ctim = now;
	e = entry_new(ev, member, &st);
	if (!e)
		return cm_err_set(err, -ENOMEM, "out of memory");
	if (archive_write_header(ev->ar, e) != ARCHIVE_OK) {
		archive_entry_free(e);
		return ar_err(ev, err, "cannot write a header");
	}
	archive_entry_free(e);
	if (len && archive_write_data(ev->ar, buf, len) != (ssize_t)len)
		return ar_err(ev, err, "cannot write data");
	if (archive_write_finish_entry(ev->ar) != ARCHIVE_OK)
		return ar_err(ev, err, "cannot finish an entry");
	if ((rc = cm_sha256_buf(buf, len, md, err)))
		return rc;
	cm_hex(md, sizeof(md), hex);
	entry = rs_manifest_meta(member, &st, !ev->numeric_owner);
	json_object_set_new(entry, "sha256", json_string(hex));
	rc = rs_manifest_write(ev, ev->man, ev->n_members++, entry, NULL, err);
	ev->bytes += len;
	json_decref(entry);
	return rc;
}

int rs_evidence_skip(struct rs_evidence *ev, const char *path,
		     const struct stat *st, const char *reason,
		     struct cm_err *err)
{
	json_t *entry = rs_manifest_meta(path, st, !ev->numeric_owner);
	int rc;

	json_object_del(entry, "member");
	cm_json_set_bytes(entry, "path", path);
	json_object_set_new(entry, "reason", cm_json_str_or_null(reason));
	rc = rs_manifest_write(ev, ev->skip, ev->n_skipped++, entry, NULL, err);
	json_decref(entry);
	return rc;
}

static int fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -errno;
	if (fsync(fd))
		rc = -errno;
	close(fd);
	return rc;
}

int rs_evidence_close(struct rs_evidence *ev, const json_t *summary,
		      struct cm_err *err)
{
	char *txt = NULL, *dir = NULL;
	int rc = 0, c;

	if (archive_write_close(ev->ar) != ARCHIVE_OK) {
		rc = ar_err(ev, err, "cannot close the archive");
		goto out;
	}
	archive_write_free(ev->ar);
	ev->ar = NULL;
	{
		uint8_t md[CM_SHA256_LEN];

		if (cm_sha256_final(&ev->z->h, md, err)) {
			rc = err->code;
			goto out;
		}
		cm_hex(md, sizeof(md), ev->archive_sha256);
	}
	if (ev->atar) {
		memcpy(ev->plain_sha256, ev->archive_sha256, 65);
		if ((rc = rs_age_file_finish(ev->atar, ev->archive_sha256, NULL,
					     err)))
			goto out;
	}
	if (fsync(ev->fd) || close(ev->fd)) {
		ev->fd = -1;
		rc = cm_err_setk(err, -errno, CM_ERR_IOERR,
				 "cannot write '%s': %s", ev->tar_part,
				 strerror(errno));
		goto out;
	}
	ev->fd = -1;
	fputs("\n],\n\"skipped\":[", ev->man);
	if (ev->askip) {
		if ((rc = rs_age_spool_copy(ev->askip, ev->man, err)))
			goto out;
	} else {
		rewind(ev->skip);
		while ((c = getc(ev->skip)) != EOF)
			putc(c, ev->man);
		if (ferror(ev->skip)) {
			rc = cm_err_setk(err, -EIO, CM_ERR_IOERR,
					 "cannot read back the skipped list");
			goto out;
		}
	}
	{
		json_t *s = summary ? json_deep_copy(summary) : json_object();

		json_object_set_new(s, "members",
				    json_integer((json_int_t)ev->n_members));
		json_object_set_new(s, "skipped",
				    json_integer((json_int_t)ev->n_skipped));
		json_object_set_new(s, "bytes",
				    json_integer((json_int_t)ev->bytes));
		txt = json_dumps(s, JSON_COMPACT | JSON_PRESERVE_ORDER |
					    JSON_ENSURE_ASCII);
		json_decref(s);
	}
	if (!txt) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	fprintf(ev->man, "\n],\n\"summary\":%s}\n", txt);
	if (ev->aman) {
		ev->man = NULL;
		if ((rc = rs_age_file_finish(ev->aman, NULL, NULL, err)))
			goto out;
		if (fsync(ev->man_fd) || close(ev->man_fd)) {
			ev->man_fd = -1;
			rc = cm_err_setk(err, -EIO, CM_ERR_IOERR,
					 "cannot write '%s'", ev->man_part);
			goto out;
		}
		ev->man_fd = -1;
	} else if (fflush(ev->man) || fsync(fileno(ev->man)) ||
		   ferror(ev->man)) {
		rc = cm_err_setk(err, -EIO, CM_ERR_IOERR, "cannot write '%s'",
				 ev->man_part);
		goto out;
	}
	c = ev->man ? fclose(ev->man) : 0;
	ev->man = NULL;
	if (c) {
		rc = cm_err_setk(err, -EIO, CM_ERR_IOERR, "cannot write '%s'",
				 ev->man_part);
		goto out;
	}
	/* archive first: a manifest in place promises its archive */
	if (rename(ev->tar_part, ev->tar_path) ||
	    rename(ev->man_part, ev->man_path)) {
		rc = cm_err_setk(err, -errno, CM_ERR_IOERR,
				 "cannot rename evidence into place: %s",
				 strerror(errno));
		goto out;
	}
	dir = strdup(ev->tar_path);
	if (dir) {
		*strrchr(dir, '/') = '\0';
		fsync_path(dir);
	}
out:
	free(txt);
	free(dir);
	rs_evidence_abort(ev);
	return rc;
}
