/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Atomic file replacement: write a temporary file in the destination's
 * directory, fsync it, rename it over the destination, fsync the directory.
 * A reader sees the old file or the new one, never half of either.
 */
#ifndef SANITAS_CM_ATOMIC_H
#define SANITAS_CM_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cm_err.h"
#include "cm_file.h" /* cm_write_all(), to write to a->fd */

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
/*
 * Whether @name (a file name, no directory) is a temporary file that
 * cm_atomic_open() names "DEST.tmpXXXXXX": what a crash between create and
 * rename leaves behind, never anyone's data.
 */
bool cm_atomic_is_tmp_name(const char *name);

/*
 * Remove the temporary files a crash left beside @path ("@path.tmpXXXXXX",
 * regular files only, never followed). Returns how many, or a negative
 * errno when the directory cannot be read.
 */
int cm_atomic_sweep(const char *path);

/* fsync, close, rename over the destination, fsync the directory. */
int cm_atomic_commit(struct cm_atomic *a, struct cm_err *err);
/* Remove the temporary file. Accepts an empty or committed @a. */
void cm_atomic_abort(struct cm_atomic *a);

/* The whole of @buf as the new content of @path, atomically. */
int cm_atomic_write_file(const char *path, const void *buf, size_t len,
			 mode_t mode, struct cm_err *err);

/*
 * Replace @path atomically as cm_atomic_write_file() does, keeping the mode
 * and owner it has; @def_mode when it does not exist yet.
 */
int cm_atomic_replace_file(const char *path, const void *buf, size_t len,
			   mode_t def_mode, struct cm_err *err);

#endif
