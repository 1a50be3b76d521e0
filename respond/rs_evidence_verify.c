// SPDX-License-Identifier: Apache-2.0
/*
 * Checking an evidence archive against its manifest: every member read
 * back through libarchive and hashed, none missing, none extra.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "cm_age.h"
#include "cm_buf.h"
#include "cm_hash.h"
#include "cm_json.h"
#include "rs_evidence.h"
#include "rs_evidence_verify.h"

#define RS_MANIFEST_MAX (512UL * 1024 * 1024)

/*
 * Every member of the open archive @ar against the manifest @man (@where
 * names it in messages): 0 match, 1 mismatch, <0 error.
 */
static int check_members(struct archive *ar, json_t *man, const char *where,
			 const char *tname, unsigned char *buf,
			 struct cm_err *err)
{
	json_t *byname = json_object(), *members, *m;
	struct archive_entry *e;
	char *name = NULL;
	size_t i;
	int rc = 0, r;

	if (!byname)
		return cm_err_set(err, -ENOMEM, "out of memory");
	members = json_object_get(man, "members");
	if (!json_is_array(members)) {
		rc = 1;
		cm_err_set(err, -EBADMSG, "%s: no member list", where);
		goto out;
	}
	/* keyed by the raw bytes of each name (cm_json_set_bytes()) */
	json_array_foreach(members, i, m)
	{
		char *key = cm_json_get_bytes(m, "member");

		if (!key || json_object_get(byname, key)) {
			free(key);
			rc = 1;
			cm_err_set(err, -EBADMSG,
				   "%s: member %zu has no name or a duplicate",
				   where, i);
			goto out;
		}
		json_object_set_nocheck(byname, key, m);
		free(key);
	}
	while ((r = archive_read_next_header(ar, &e)) == ARCHIVE_OK) {
		const char *raw = archive_entry_pathname(e);
		size_t nl;
		json_t *want;

		/* names are not bounded by PATH_MAX: a tree walked by
		 * openat may be deeper than any one path */
		free(name);
		name = strdup(raw ? raw : "");
		if (!name) {
			rc = cm_err_set(err, -ENOMEM, "out of memory");
			goto out;
		}
		/* directories are stored with a trailing slash */
		nl = strlen(name);
		while (nl > 1 && name[nl - 1] == '/')
			name[--nl] = '\0';
		want = json_object_get(byname, name);
		struct cm_sha256 h = {0};
		uint8_t md[CM_SHA256_LEN];
		char hex[CM_SHA256_HEX];
		const char *wsha;
		json_int_t size = 0;
		ssize_t n;

		if (!want) {
			rc = 1;
			cm_err_set(err, -EBADMSG,
				   "%s: member '%s' is not in the manifest",
				   tname, name);
			goto out;
		}
		if ((rc = cm_sha256_init(&h, err)))
			goto out;
		while ((n = archive_read_data(ar, buf, RS_EVIDENCE_BUF)) > 0) {
			cm_sha256_update(&h, buf, (size_t)n, NULL);
			size += n;
		}
		if (n < 0) {
			cm_sha256_release(&h);
			rc = 1;
			cm_err_set(err, -EBADMSG, "%s: member '%s': %s", tname,
				   name, archive_error_string(ar));
			goto out;
		}
		cm_sha256_final(&h, md, NULL);
		cm_hex(md, sizeof(md), hex);
		wsha = cm_json_get_str(want, "sha256");
		if ((wsha && strcmp(wsha, hex)) || (!wsha && size != 0) ||
		    (wsha && json_integer_value(
				     json_object_get(want, "size")) != size)) {
			rc = 1;
			cm_err_set(
				err, -EBADMSG,
				"%s: member '%s' does not match the manifest (sha256 %s, size %lld)",
				tname, name, hex, (long long)size);
			goto out;
		}
		json_object_del(byname, name);
	}
	if (r != ARCHIVE_EOF) {
		rc = 1;
		cm_err_set(err, -EBADMSG, "%s: %s", tname,
			   archive_error_string(ar) ? archive_error_string(ar)
						    : "damaged archive");
		goto out;
	}
	if (json_object_size(byname)) {
		const char *k;
		json_t *v;

		json_object_foreach(byname, k, v)
		{
			rc = 1;
			cm_err_set(
				err, -EBADMSG,
				"%s: manifest member '%s' is missing from the archive",
				tname, k);
			break;
		}
	}
out:
	free(name);
	json_decref(byname);
	return rc;
}

int rs_evidence_verify(const char *tar_path, const char *man_path,
		       struct cm_err *err)
{
	json_t *man = cm_json_load_file(man_path, RS_MANIFEST_MAX, err);
	struct archive *ar = NULL;
	unsigned char *buf = malloc(RS_EVIDENCE_BUF);
	const char *tname =
		strrchr(tar_path, '/') ? strrchr(tar_path, '/') + 1 : tar_path;
	int rc;

	if (!man || !buf) {
		rc = man ? cm_err_set(err, -ENOMEM, "out of memory") : 1;
		if (!man)
			cm_err_wrap(err, "manifest '%s'", man_path);
		goto out;
	}
	ar = archive_read_new();
	archive_read_support_format_tar(ar);
	archive_read_support_filter_zstd(ar);
	if (archive_read_open_filename(ar, tar_path, RS_EVIDENCE_BUF) !=
	    ARCHIVE_OK) {
		rc = 1;
		cm_err_set(err, -EBADMSG, "%s: cannot open: %s", tname,
			   archive_error_string(ar));
		goto out;
	}
	rc = check_members(ar, man, man_path, tname, buf, err);
out:
	if (ar)
		archive_read_free(ar);
	free(buf);
	json_decref(man);
	return rc;
}

/* The archive's bytes decrypted as libarchive reads them, and hashed. */
struct age_src {
	struct cm_age_dec *d;
	struct cm_sha256 h;
	unsigned char *buf;
	struct cm_err err;
};

static la_ssize_t age_read(struct archive *a, void *cookie, const void **out)
{
	struct age_src *s = cookie;
	ssize_t n = cm_age_dec_read(s->d, s->buf, RS_EVIDENCE_BUF, &s->err);

	if (n < 0) {
		archive_set_error(a, EBADMSG, "%s", s->err.msg);
		return -1;
	}
	cm_sha256_update(&s->h, s->buf, (size_t)n, NULL);
	*out = s->buf;
	return n;
}

/* Open @path as an age file: 0, 1 (not an age file it can open), <0. */
static int age_open(const char *path, const struct cm_age_identities *ids,
		    int *fd, struct cm_age_dec **d, struct cm_err *err)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	*d = NULL;
	*fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (*fd < 0)
		return cm_err_setk(err, -errno, CM_ERR_NOINPUT,
				   "cannot open '%s': %s", name,
				   strerror(errno));
	*d = cm_age_dec_new(ids, cm_age_fd_read, fd, err);
	if (*d)
		return 0;
	close(*fd);
	*fd = -1;
	cm_err_wrap(err, "%s", name);
	/* no key for it is an error of the caller, not a finding */
	return err->code == -ENOKEY ? err->code : 1;
}

static json_t *age_manifest(const char *path,
			    const struct cm_age_identities *ids, int *rc,
			    struct cm_err *err)
{
	struct cm_buf b = CM_BUF_INIT(RS_MANIFEST_MAX);
	struct cm_age_dec *d;
	char chunk[16384];
	json_t *man = NULL;
	ssize_t n;
	int fd;

	if ((*rc = age_open(path, ids, &fd, &d, err)))
		return NULL;
	while ((n = cm_age_dec_read(d, chunk, sizeof(chunk), err)) > 0)
		if (cm_buf_append(&b, chunk, (size_t)n)) {
			n = cm_buf_check(&b, "the manifest", err);
			break;
		}
	cm_age_dec_free(d);
	close(fd);
	if (n < 0) {
		cm_err_wrap(err, "%s", strrchr(path, '/') + 1);
		*rc = n == -EBADMSG ? 1 : (int)n;
	} else if (!(man = json_loadb(b.p ? b.p : "", b.len, 0, NULL))) {
		*rc = 1;
		cm_err_set(err, -EBADMSG, "%s: not JSON once decrypted",
			   strrchr(path, '/') + 1);
	}
	cm_buf_release(&b);
	return man;
}

int rs_evidence_verify_age(const char *tar_path, const char *man_path,
			   const struct cm_age_identities *ids,
			   const char *plain_sha256, struct cm_err *err)
{
	const char *tname =
		strrchr(tar_path, '/') ? strrchr(tar_path, '/') + 1 : tar_path;
	struct age_src s = {0};
	struct archive *ar = NULL;
	unsigned char *buf = malloc(RS_EVIDENCE_BUF);
	json_t *man = NULL;
	int fd = -1, rc;
	uint8_t md[CM_SHA256_LEN];
	char hex[CM_SHA256_HEX];

	s.buf = malloc(RS_EVIDENCE_BUF);
	if (!buf || !s.buf) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	if (!(man = age_manifest(man_path, ids, &rc, err)))
		goto out;
	if ((rc = age_open(tar_path, ids, &fd, &s.d, err)) ||
	    (rc = cm_sha256_init(&s.h, err)))
		goto out;
	ar = archive_read_new();
	archive_read_support_format_tar(ar);
	archive_read_support_filter_zstd(ar);
	if (archive_read_open(ar, &s, NULL, age_read, NULL) != ARCHIVE_OK) {
		rc = 1;
		cm_err_set(err, -EBADMSG, "%s: cannot open: %s", tname,
			   archive_error_string(ar));
		goto out;
	}
	if ((rc = check_members(ar, man, strrchr(man_path, '/') + 1, tname, buf,
				err)))
		goto out;
	/* the rest (tar padding, the last chunk): authenticated, hashed */
	for (;;) {
		const void *p;
		la_ssize_t n = age_read(ar, &s, &p);

		if (n < 0) {
			rc = 1;
			cm_err_set(err, -EBADMSG, "%s: %s", tname, s.err.msg);
			goto out;
		}
		if (!n)
			break;
	}
	cm_sha256_final(&s.h, md, NULL);
	cm_hex(md, sizeof(md), hex);
	if (plain_sha256 && strcmp(plain_sha256, hex)) {
		rc = 1;
		cm_err_set(
			err, -EBADMSG,
			"%s: the decrypted archive has sha256 %s, not the %s the case recorded",
			tname, hex, plain_sha256);
	}
out:
	if (ar)
		archive_read_free(ar);
	cm_age_dec_free(s.d);
	cm_sha256_release(&s.h);
	if (fd >= 0)
		close(fd);
	free(s.buf);
	free(buf);
	json_decref(man);
	return rc;
}
