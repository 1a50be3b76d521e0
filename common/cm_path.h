/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Joining paths: the one joiner every module uses.
 *
 * "dir" + "name" gives "dir/name" with exactly one slash between them:
 * trailing slashes of @dir and leading slashes of @name are dropped, "/"
 * stays the root ("/" + "x" is "/x", never "//x"), and an empty @dir gives
 * @name alone. Trailing slashes of @name are kept as given.
 */
#ifndef SANITAS_CM_PATH_H
#define SANITAS_CM_PATH_H

#include <stddef.h>

/* The joined path, malloc'd (the caller frees it); NULL when out of memory. */
char *cm_path_join(const char *dir, const char *name);

/*
 * Join into @out of @size bytes. Returns 0, or -ENAMETOOLONG when the result
 * and its NUL do not fit (@out is then "" if @size > 0).
 */
int cm_path_join_buf(char *out, size_t size, const char *dir, const char *name);

#endif
