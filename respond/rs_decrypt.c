// SPDX-License-Identifier: Apache-2.0
/*
 * respond decrypt's core: the case walked a directory at a time, each
 * file streamed (decrypted or copied) into a temporary sibling of the
 * output, renamed into place only when all of it is written.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cm_file.h"
#include "cm_hash.h"
#include "cm_json.h"
#include "cm_path.h"
#include "rs_case.h"
#include "rs_decrypt.h"

#define DEPTH_MAX 8 /* a case is CASE/ and CASE/evidence/ */

struct dc {
	const struct cm_age_identities *ids;
	json_t *case_json; /* the case's own, for the plaintext hashes */
	unsigned long decrypted, copied;
	unsigned char buf[64 * 1024];
};

/* Stream @in into the new file @out_fd, decrypting with @d when given. */
static int pump(struct dc *c, int in, struct cm_age_dec *d, int out_fd,
		const char *rel, char hex[CM_SHA256_HEX], struct cm_err *err)
{
	struct cm_sha256 h;
	uint8_t md[CM_SHA256_LEN];
	ssize_t n;
	int rc;

	if ((rc = cm_sha256_init(&h, err)))
		return rc;
	for (;;) {
		n = d ? cm_age_dec_read(d, c->buf, sizeof(c->buf), err)
		      : cm_read_some(in, c->buf, sizeof(c->buf), rel, err);
		if (n <= 0)
			break;
		cm_sha256_update(&h, c->buf, (size_t)n, NULL);
		if ((rc = cm_write_all(out_fd, c->buf, (size_t)n, err))) {
			n = rc;
			break;
		}
	}
	cm_sha256_final(&h, md, NULL);
	cm_sha256_release(&h);
	cm_hex(md, sizeof(md), hex);
	if (n < 0)
		return cm_err_wrap(err, "%s", rel);
	return 0;
}

static int one_file(struct dc *c, int sdir, int ddir, const char *name,
		    const char *rel, struct cm_err *err)
{
	size_t nl = strlen(name);
	bool age = nl > 4 && !strcmp(name + nl - 4, ".age");
	char *dname = strndup(name, age ? nl - 4 : nl);
	char hex[CM_SHA256_HEX];
	struct cm_age_dec *d = NULL;
	int in = -1, out = -1, rc = 0;

	if (!dname)
		return cm_err_set(err, -ENOMEM, "out of memory");
	in = openat(sdir, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (in < 0) {
		rc = cm_err_setk(err, -errno, CM_ERR_NOINPUT,
				 "cannot open '%s': %s", rel, strerror(errno));
		goto out;
	}
	if (age && !(d = cm_age_dec_new(c->ids, cm_age_fd_read, &in, err))) {
		rc = cm_err_wrap(err, "%s", rel);
		goto out;
	}
	out = openat(ddir, dname,
		     O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		     0600);
	if (out < 0) {
		rc = cm_err_setk(err, -errno, CM_ERR_CANTCREAT,
				 "cannot create '%s': %s", dname,
				 strerror(errno));
		goto out;
	}
	if ((rc = pump(c, in, d, out, rel, hex, err)))
		goto out;
	if (age) {
		const char *want = rs_case_plain_sha256(c->case_json, rel);

		if (want && strcmp(want, hex)) {
			rc = cm_err_setk(
				err, -EBADMSG, CM_ERR_DATAERR,
				"%s: the plaintext has sha256 %s, not the %s case.json records",
				rel, hex, want);
			goto out;
		}
		c->decrypted++;
	} else {
		c->copied++;
	}
	if (fsync(out)) {
		rc = cm_err_setk(err, -errno, CM_ERR_IOERR,
				 "cannot write '%s': %s", dname,
				 strerror(errno));
		goto out;
	}
out:
	cm_age_dec_free(d);
	if (out >= 0 && close(out) && !rc)
		rc = cm_err_setk(err, -errno, CM_ERR_IOERR,
				 "cannot write '%s': %s", dname,
				 strerror(errno));
	if (in >= 0)
		close(in);
	free(dname);
	return rc;
}

static int walk(struct dc *c, int sdir, int ddir, const char *prefix, int depth,
		struct cm_err *err)
{
	DIR *d = fdopendir(dup(sdir));
	struct dirent *e;
	int rc = 0;

	if (!d)
		return cm_err_setk(err, -errno, CM_ERR_IOERR,
				   "cannot read the case: %s", strerror(errno));
	while (!rc && (e = readdir(d))) {
		struct stat st;
		char rel[4096];

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(rel, sizeof(rel), "%s%s", prefix, e->d_name);
		if (fstatat(sdir, e->d_name, &st, AT_SYMLINK_NOFOLLOW)) {
			rc = cm_err_setk(err, -errno, CM_ERR_IOERR,
					 "cannot stat '%s': %s", rel,
					 strerror(errno));
		} else if (S_ISREG(st.st_mode)) {
			rc = one_file(c, sdir, ddir, e->d_name, rel, err);
		} else if (S_ISDIR(st.st_mode) && depth < DEPTH_MAX) {
			int s2 = -1, d2 = -1;

			if (mkdirat(ddir, e->d_name, 0700) ||
			    (s2 = openat(sdir, e->d_name,
					 O_RDONLY | O_DIRECTORY | O_CLOEXEC |
						 O_NOFOLLOW)) < 0 ||
			    (d2 = openat(ddir, e->d_name,
					 O_RDONLY | O_DIRECTORY | O_CLOEXEC)) <
				    0) {
				rc = cm_err_setk(
					err, -errno, CM_ERR_IOERR,
					"cannot copy the directory '%s': %s",
					rel, strerror(errno));
			} else {
				size_t n = strlen(rel);

				if (n + 2 < sizeof(rel)) {
					rel[n] = '/';
					rel[n + 1] = '\0';
				}
				rc = walk(c, s2, d2, rel, depth + 1, err);
				fsync(d2);
			}
			if (s2 >= 0)
				close(s2);
			if (d2 >= 0)
				close(d2);
		} else {
			rc = cm_err_setk(
				err, -EINVAL, CM_ERR_DATAERR,
				"'%s' is neither a file nor a directory: not a case",
				rel);
		}
	}
	closedir(d);
	return rc;
}

static int rm_one(const char *p, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	(void)type;
	(void)f;
	return remove(p);
}

/* -EEXIST unless @out is absent or an empty directory. */
static int out_free(const char *out, bool *exists)
{
	DIR *d = opendir(out);
	struct dirent *e;
	int rc = 0;

	*exists = false;
	if (!d) {
		if (errno == ENOENT)
			return 0;
		return errno == ENOTDIR ? -EEXIST : -errno;
	}
	*exists = true;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			rc = -EEXIST;
			break;
		}
	closedir(d);
	return rc;
}

int rs_case_decrypt(const char *case_dir, const struct cm_age_identities *ids,
		    const char *out, json_t **info, struct cm_err *err)
{
	struct dc *c = calloc(1, sizeof(*c));
	char *tmp = NULL, *cj = cm_path_join(case_dir, "case.json");
	int sdir = -1, ddir = -1, rc;
	bool exists;

	if (info)
		*info = NULL;
	if (!c || !cj || !(tmp = malloc(strlen(out) + 16))) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	c->ids = ids;
	if ((rc = out_free(out, &exists))) {
		rc = cm_err_setk(err, rc, CM_ERR_CANTCREAT,
				 "'%s' %s: give a new or empty directory", out,
				 rc == -EEXIST ? "exists and is not empty"
					       : strerror(-rc));
		goto out;
	}
	sdir = open(case_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sdir < 0) {
		rc = cm_err_setk(err, -errno, CM_ERR_NOINPUT,
				 "no case at '%s': %s", case_dir,
				 strerror(errno));
		goto out;
	}
	c->case_json = cm_json_load_file(cj, 64 * 1024 * 1024, NULL);
	snprintf(tmp, strlen(out) + 16, "%s.partXXXXXX", out);
	if (!mkdtemp(tmp)) {
		rc = cm_err_setk(err, -errno, CM_ERR_CANTCREAT,
				 "cannot create '%s': %s", tmp,
				 strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	ddir = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (ddir < 0) {
		rc = cm_err_setk(err, -errno, CM_ERR_CANTCREAT,
				 "cannot open '%s': %s", tmp, strerror(errno));
		goto out;
	}
	if ((rc = walk(c, sdir, ddir, "", 0, err)))
		goto out;
	fsync(ddir);
	if ((exists && rmdir(out)) || rename(tmp, out)) {
		rc = cm_err_setk(err, -errno, CM_ERR_CANTCREAT,
				 "cannot move the copy to '%s': %s", out,
				 strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	{
		/* the rename made durable */
		char *parent = strdup(out), *slash;
		int pfd;

		slash = parent ? strrchr(parent, '/') : NULL;
		if (slash)
			*(slash == parent ? slash + 1 : slash) = '\0';
		pfd = parent ? open(slash ? parent : ".",
				    O_RDONLY | O_DIRECTORY | O_CLOEXEC)
			     : -1;
		if (pfd >= 0) {
			fsync(pfd);
			close(pfd);
		}
		free(parent);
	}
	if (info)
		*info = json_pack("{s:s,s:I,s:I}", "out", out, "decrypted",
				  (json_int_t)c->decrypted, "copied",
				  (json_int_t)c->copied);
out:
	if (tmp) /* nothing half-written is left */
		nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	if (sdir >= 0)
		close(sdir);
	if (ddir >= 0)
		close(ddir);
	if (c)
		json_decref(c->case_json);
	free(c);
	free(cj);
	free(tmp);
	return rc;
}
