/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Atomic file replacement: write a temporary file in the destination's
 * directory, fsync it, rename it over the destination, fsync the directory.
 * A reader sees the old file or the new one, never half of either.
 */
#ifndef SANITAS_CM_ATOMIC_H
#define SANITAS_CM_ATOMIC_H

#include <stddef.h>
#include <sys/types.h>

#include "cm_err.h"

struct cm_atomic {
	int fd;	   /* the temporary file, -1 when closed */
	char *tmp; /* owned */
	char *dst; /* owned */
};

/*
 * Create a temporary file beside @path with @mode (exact, umask ignored).
 * On success the caller writes to a->fd and ends with commit or abort.
 */
int cm_atomic_open(struct cm_atomic *a, const char *path, mode_t mode,
		   struct cm_err *err);
/* fsync, close, rename over the destination, fsync the directory. */
int cm_atomic_commit(struct cm_atomic *a, struct cm_err *err);
/* Remove the temporary file. Accepts an empty or committed @a. */
void cm_atomic_abort(struct cm_atomic *a);

/* Write all of @buf to @fd, retrying on EINTR and short writes. */
int cm_write_all(int fd, const void *buf, size_t len, struct cm_err *err);

/* The whole of @buf as the new content of @path, atomically. */
int cm_atomic_write_file(const char *path, const void *buf, size_t len,
			 mode_t mode, struct cm_err *err);

/*
 * Read a whole file of at most @max bytes into a NUL-terminated malloc'd
 * buffer (*out, owned by the caller). -EFBIG when larger than @max.
 */
int cm_read_file(const char *path, size_t max, char **out, size_t *len,
		 struct cm_err *err);

/* mkdir -p with @mode for the directories it creates. */
int cm_mkdirs(const char *path, mode_t mode, struct cm_err *err);

#endif
