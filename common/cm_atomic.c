// SPDX-License-Identifier: Apache-2.0
/*
 * Atomic file replacement: temporary file, fsync, rename, fsync of the
 * directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cm_atomic.h"

int cm_write_all(int fd, const void *buf, size_t len, struct cm_err *err)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return cm_err_set(err, -errno, "write failed: %s",
					  strerror(errno));
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

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

int cm_read_file(const char *path, size_t max, char **out, size_t *len,
		 struct cm_err *err)
{
	struct stat st;
	char *buf = NULL;
	size_t have = 0, cap;
	int fd, rc = 0;

	*out = NULL;
	if (len)
		*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cm_err_set(err, -errno, "cannot open '%s': %s", path,
				  strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return cm_err_set(err, -EISDIR, "'%s' is a directory", path);
	}
	cap = 4096;
	buf = malloc(cap + 1);
	if (!buf) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	for (;;) {
		ssize_t n;

		if (have == cap) {
			char *nb;

			if (cap > max) {
				rc = cm_err_set(err, -EFBIG,
						"'%s' is larger than %zu bytes",
						path, max);
				goto out;
			}
			cap *= 2;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				rc = cm_err_set(err, -ENOMEM, "out of memory");
				goto out;
			}
			buf = nb;
		}
		n = read(fd, buf + have, cap - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = cm_err_set(err, -errno, "cannot read '%s': %s",
					path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		have += (size_t)n;
	}
	if (have > max) {
		rc = cm_err_set(err, -EFBIG, "'%s' is larger than %zu bytes",
				path, max);
		goto out;
	}
	buf[have] = '\0';
	*out = buf;
	buf = NULL;
	if (len)
		*len = have;
out:
	free(buf);
	close(fd);
	return rc;
}

int cm_mkdirs(const char *path, mode_t mode, struct cm_err *err)
{
	char *p = strdup(path);
	int rc = 0;

	if (!p)
		return cm_err_set(err, -ENOMEM, "out of memory");
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			rc = cm_err_setk(err, -errno, CM_ERR_CANTCREAT,
					 "cannot create directory '%s': %s", p,
					 strerror(errno));
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return rc;
}
