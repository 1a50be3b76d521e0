/* SPDX-License-Identifier: Apache-2.0 */
/* File helpers for containment: replace keeping mode and owner, copy. */
#ifndef SANITAS_RS_FSUTIL_H
#define SANITAS_RS_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

#include "cm_err.h"

/*
 * Replace @path atomically (temporary file in the same directory, fsync,
 * rename) keeping its mode and owner; @def_mode when it does not exist.
 */
int rs_replace_file(const char *path, const void *buf, size_t len,
		    mode_t def_mode, struct cm_err *err);
/* Copy @src to @dst (0600, atomically): backups into the case. */
int rs_copy_file(const char *src, const char *dst, struct cm_err *err);
/* Join two path parts with one '/' (malloc'd, NULL on ENOMEM). */
char *rs_join(const char *a, const char *b);

#endif
