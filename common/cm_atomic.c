// SPDX-License-Identifier: Apache-2.0
/*
 * Atomic file replacement: temporary file, fsync, rename, fsync of the
 * directory.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cm_atomic.h"
#include "cm_file.h"
#include "cm_hook.h"

static int fsync_dir_of(const char *path)
{
	char *copy = strdup(path);
	int fd, rc = 0;

	if (!copy)
		return -ENOMEM;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
	} else {
		if (fsync(fd) < 0 && errno != EINVAL)
			rc = -errno;
		close(fd);
	}
	free(copy);
	return rc;
}

int cm_atomic_open(struct cm_atomic *a, const char *path, mode_t mode,
		   struct cm_err *err)
{
	size_t n = strlen(path) + 16;

	a->fd = -1;
	a->dst = strdup(path);
	a->tmp = malloc(n);
	if (!a->dst || !a->tmp) {
		cm_atomic_abort(a);
		return cm_err_set(err, -ENOMEM, "out of memory");
	}
	snprintf(a->tmp, n, "%s.tmpXXXXXX", path);
	a->fd = mkostemp(a->tmp, O_CLOEXEC);
	if (a->fd < 0) {
		int e = errno;

		free(a->tmp);
		a->tmp = NULL;
		cm_atomic_abort(a);
		return cm_err_setk(err, -e, CM_ERR_CANTCREAT,
				   "cannot create '%s': %s", path, strerror(e));
	}
	if (fchmod(a->fd, mode) < 0) {
		int e = errno;

		cm_atomic_abort(a);
		return cm_err_setk(err, -e, CM_ERR_CANTCREAT,
				   "cannot set the mode of '%s': %s", path,
				   strerror(e));
	}
	return 0;
}

bool cm_atomic_is_tmp_name(const char *name)
{
	size_t n = strlen(name);

	/* mkostemp(3) fills the six X with [A-Za-z0-9] */
	if (n < 11 || memcmp(name + n - 10, ".tmp", 4))
		return false;
	for (size_t i = n - 6; i < n; i++)
		if (!isalnum((unsigned char)name[i]))
			return false;
	return true;
}

int cm_atomic_sweep(const char *path)
{
	char *copy = strdup(path), *copy2 = strdup(path);
	const char *base = copy2 ? basename(copy2) : NULL;
	size_t bl = base ? strlen(base) : 0;
	DIR *d = copy ? opendir(dirname(copy)) : NULL;
	struct dirent *de;
	int n = 0;

	if (!d) {
		n = copy && copy2 ? -errno : -ENOMEM;
		goto out;
	}
	while ((de = readdir(d))) {
		struct stat st;

		if (strlen(de->d_name) != bl + 10 ||
		    strncmp(de->d_name, base, bl) ||
		    !cm_atomic_is_tmp_name(de->d_name) ||
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
		    !S_ISREG(st.st_mode))
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) == 0)
			n++;
	}
	closedir(d);
out:
	free(copy);
	free(copy2);
	return n;
}

int cm_atomic_commit(struct cm_atomic *a, struct cm_err *err)
{
	int rc, e;

	if (fsync(a->fd) < 0) {
		e = errno;
		cm_atomic_abort(a);
		return cm_err_setk(err, -e, CM_ERR_CANTCREAT,
				   "cannot write '%s': fsync: %s", a->dst,
				   strerror(e));
	}
	rc = close(a->fd);
	a->fd = -1;
	if (rc < 0) {
		e = errno;
		cm_atomic_abort(a);
		return cm_err_setk(err, -e, CM_ERR_CANTCREAT,
				   "cannot write '%s': close: %s", a->dst,
				   strerror(e));
	}
	/* a power cut with the temporary written, not yet renamed */
	cm_hook_fault_path("atomic-rename", a->dst);
	if (rename(a->tmp, a->dst) < 0) {
		e = errno;
		cm_atomic_abort(a);
		return cm_err_setk(err, -e, CM_ERR_CANTCREAT,
				   "cannot rename into '%s': %s", a->dst,
				   strerror(e));
	}
	free(a->tmp);
	a->tmp = NULL;
	rc = fsync_dir_of(a->dst);
	free(a->dst);
	a->dst = NULL;
	if (rc < 0)
		return cm_err_setk(err, rc, CM_ERR_CANTCREAT,
				   "cannot sync directory: %s", strerror(-rc));
	return 0;
}

void cm_atomic_abort(struct cm_atomic *a)
{
	if (!a)
		return;
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
	if (a->tmp)
		unlink(a->tmp);
	free(a->tmp);
	free(a->dst);
	a->tmp = NULL;
	a->dst = NULL;
}

int cm_atomic_write_file(const char *path, const void *buf, size_t len,
			 mode_t mode, struct cm_err *err)
{
	struct cm_atomic a;
	int rc;

	rc = cm_atomic_open(&a, path, mode, err);
	if (rc < 0)
		return rc;
	rc = cm_write_all(a.fd, buf, len, err);
	if (rc < 0) {
		cm_err_wrap(err, "cannot write '%s'", path);
		cm_atomic_abort(&a);
		return rc;
	}
	return cm_atomic_commit(&a, err);
}

int cm_atomic_replace_file(const char *path, const void *buf, size_t len,
			   mode_t def_mode, struct cm_err *err)
{
	struct cm_atomic a = {.fd = -1};
	struct stat st;
	bool had = stat(path, &st) == 0;
	int rc;

	rc = cm_atomic_open(&a, path, had ? (st.st_mode & 07777) : def_mode,
			    err);
	if (rc)
		return rc;
	/* sshd's StrictModes and openssl ca both care who owns these */
	if (had && fchown(a.fd, st.st_uid, st.st_gid) < 0) {
		rc = cm_err_set(err, -errno,
				"cannot keep the owner of '%s': %s", path,
				strerror(errno));
		cm_atomic_abort(&a);
		return rc;
	}
	rc = cm_write_all(a.fd, buf, len, err);
	if (!rc)
		rc = cm_atomic_commit(&a, err);
	if (rc)
		cm_atomic_abort(&a);
	return rc;
}
