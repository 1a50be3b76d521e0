// SPDX-License-Identifier: Apache-2.0
/* File helpers for containment: replace keeping mode and owner, copy. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cm_atomic.h"
#include "rs_fsutil.h"

#define COPY_MAX (64UL * 1024 * 1024)

int rs_copy_file(const char *src, const char *dst, struct cm_err *err)
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

int rs_replace_file(const char *path, const void *buf, size_t len,
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

char *rs_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p;

	while (la > 1 && a[la - 1] == '/')
		la--;
	while (*b == '/') {
		b++;
		lb--;
	}
	p = malloc(la + lb + 2);
	if (!p)
		return NULL;
	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}
