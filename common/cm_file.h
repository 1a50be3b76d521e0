/* SPDX-License-Identifier: Apache-2.0 */
/*
 * File helpers: write all of a buffer, read a whole file up to a maximum,
 * mkdir -p, copy. Replacing a file atomically is cm_atomic.h.
 */
#ifndef SANITAS_CM_FILE_H
#define SANITAS_CM_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include "cm_err.h"

/* Write all of @buf to @fd, retrying on EINTR and short writes. */
int cm_write_all(int fd, const void *buf, size_t len, struct cm_err *err);

/* read(2) into @buf, retried on EINTR: the bytes read (0 at the end) or a
 * negative errno with "cannot read '@path': ..." in @err. */
ssize_t cm_read_some(int fd, void *buf, size_t len, const char *path,
		     struct cm_err *err);

/*
 * Read a whole file of at most @max bytes into a NUL-terminated malloc'd
 * buffer (*out, owned by the caller). -EFBIG when larger than @max.
 */
int cm_read_file(const char *path, size_t max, char **out, size_t *len,
		 struct cm_err *err);

/* mkdir -p with @mode for the directories it creates. */
int cm_mkdirs(const char *path, mode_t mode, struct cm_err *err);

/*
 * Copy @src (at most 64 MiB) to @dst, written atomically with mode 0600:
 * backups into a case.
 */
int cm_copy_file(const char *src, const char *dst, struct cm_err *err);

#endif
