/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Path confinement: paths taken from inside a host image (--root) resolved
 * so that they never leave it.
 *
 * A dead-box image controls its own /etc/passwd, sshd_config and
 * openssl.cnf, so every path read from it, and every symlink met on the
 * way, is interpreted as if the root were "/" (as chroot(2) would): ".."
 * stops at the root and an absolute symlink target starts again at the
 * root. openat2(2) with RESOLVE_IN_ROOT does the walk where the kernel has
 * it; elsewhere the same walk is done one component at a time with
 * lstat(2) and readlink(2). A root of NULL, "" or "/" is the running
 * system: paths are then used as given.
 */
#ifndef SANITAS_CM_ROOT_H
#define SANITAS_CM_ROOT_H

#include <stdbool.h>

#include "cm_err.h"

enum cm_root_flags {
	CM_ROOT_NOFOLLOW = 1 << 0, /* the last component is not followed */
	CM_ROOT_FALLBACK = 1 << 1, /* skip openat2 (tests of the fallback) */
};

/* Whether @root means the running system (NULL, "" or "/"). */
bool cm_root_is_live(const char *root);

/*
 * Resolve @path as seen inside @root to a path on this machine beneath
 * @root, with every symlink on the way resolved inside @root (the last one
 * too unless CM_ROOT_NOFOLLOW). A relative @path is taken from the root.
 * The last component may be absent (a file about to be created); anything
 * missing before it is -ENOENT. Returns 0 with *out malloc'd (the caller
 * frees it), or a negative errno with a message in @err.
 */
int cm_root_resolve(const char *root, const char *path, unsigned flags,
		    char **out, struct cm_err *err);

/*
 * As cm_root_resolve() for @host, a path already joined to @root (such as
 * a glob match, or "root/dir/../x" built from a configuration value): the
 * part after @root is resolved inside it. -EXDEV when @host does not start
 * with @root.
 */
int cm_root_rebase(const char *root, const char *host, unsigned flags,
		   char **out, struct cm_err *err);

/*
 * The part of @host (a result of the two functions above) as seen inside
 * @root: "/" for the root itself. Borrowed from @host; NULL when @host is
 * not beneath @root.
 */
const char *cm_root_inside(const char *root, const char *host);

#endif
