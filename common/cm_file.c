// SPDX-License-Identifier: Apache-2.0
/*
 * File helpers: write all of a buffer, read a whole file up to a maximum,
 * mkdir -p, and copy a file (atomically, 0600).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cm_atomic.h"
#include "cm_file.h"

#define COPY_MAX (64UL * 1024 * 1024)

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

ssize_t cm_read_some(int fd, void *buf, size_t len, const char *path,
		     struct cm_err *err)
{
	for (;;) {
		ssize_t n = read(fd, buf, len);

		if (n >= 0)
			return n;
		if (errno != EINTR)
			return cm_err_set(err, -errno, "cannot read '%s': %s",
					  path, strerror(errno));
	}
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
		n = cm_read_some(fd, buf + have, cap - have, path, err);
		if (n < 0) {
			rc = (int)n;
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

int cm_copy_file(const char *src, const char *dst, struct cm_err *err)
{
	char *buf = NULL;
	size_t len;
	int rc;

	rc = cm_read_file(src, COPY_MAX, &buf, &len, err);
	if (rc)
		return rc;
	rc = cm_atomic_write_file(dst, buf, len, 0600, err);
	free(buf);
	return rc;
}
