// SPDX-License-Identifier: Apache-2.0
/* Path confinement under a host image root (cm_root.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cm_root.h"

/*
 * openat2(2) (Linux 5.6): glibc 2.36 has no wrapper, and kernel headers
 * stay in wipe/dev/, so the ABI is written out here (include/uapi/linux/
 * openat2.h: three u64 fields, the RESOLVE_* bits).
 */
struct how {
	unsigned long long flags, mode, resolve;
};
#define RESOLVE_NO_MAGICLINKS_ 0x02ULL
#define RESOLVE_IN_ROOT_       0x10ULL
#ifndef SYS_openat2
#define SYS_openat2 437
#endif

/* as the kernel's MAXSYMLINKS */
#define LINKS_MAX 40
/* a path longer than this is refused rather than walked */
#define WALK_MAX (64 * 1024)

bool cm_root_is_live(const char *root)
{
	return !root || !*root || !strcmp(root, "/");
}

/* @root without its trailing slashes: its length. */
static size_t root_len(const char *root)
{
	size_t n = strlen(root);

	while (n > 1 && root[n - 1] == '/')
		n--;
	return n;
}

static char *join3(const char *a, size_t la, const char *b)
{
	size_t lb = strlen(b);
	char *p;

	if (!strcmp(b, "/"))
		lb = 0;
	p = malloc(la + lb + 2);
	if (!p)
		return NULL;
	memcpy(p, a, la);
	if (lb && b[0] != '/')
		p[la++] = '/';
	memcpy(p + la, b, lb);
	p[la + lb] = '\0';
	return p;
}

const char *cm_root_inside(const char *root, const char *host)
{
	size_t n;

	if (cm_root_is_live(root))
		return host;
	n = root_len(root);
	if (strncmp(host, root, n))
		return NULL;
	if (!host[n])
		return "/";
	return host[n] == '/' ? host + n : NULL;
}

/*
 * One component at a time: @cur is the resolved part (inside the root, no
 * symlink in it, "" for the root itself), @rest what is left to walk.
 */
struct walk {
	const char *root;
	size_t rlen;
	char *cur;
	size_t cur_len;
	char *rest;
	int links;
};

/* Replace what is left with "@target/@after". */
static int set_rest(struct walk *w, const char *target, const char *after)
{
	size_t lt = strlen(target), la = strlen(after);
	char *n;

	if (lt + la + 2 > WALK_MAX)
		return -ENAMETOOLONG;
	n = malloc(lt + la + 2);
	if (!n)
		return -ENOMEM;
	memcpy(n, target, lt);
	n[lt] = '/';
	memcpy(n + lt + 1, after, la + 1);
	free(w->rest);
	w->rest = n;
	return 0;
}

static int follow(struct walk *w, const char *host, const char *after)
{
	char target[PATH_MAX];
	ssize_t n;

	if (++w->links > LINKS_MAX)
		return -ELOOP;
	n = readlink(host, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	if (target[0] == '/')
		w->cur_len = 0; /* absolute: starts again at the root */
	w->cur[w->cur_len] = '\0';
	return set_rest(w, target, after);
}

/* Step over one component of w->rest; 1 when the walk is complete. */
static int step(struct walk *w, bool nofollow)
{
	char *p = w->rest, *comp, *host;
	size_t n;
	bool last;
	struct stat st;
	int rc = 0;

	while (*p == '/')
		p++;
	if (!*p)
		return 1;
	comp = p;
	while (*p && *p != '/')
		p++;
	n = (size_t)(p - comp);
	while (*p == '/')
		p++;
	last = !*p;
	if ((n == 1 && comp[0] == '.') || (n == 2 && !memcmp(comp, "..", 2))) {
		if (n == 2) /* ".." stops at the root */
			while (w->cur_len && w->cur[--w->cur_len] != '/')
				;
		w->cur[w->cur_len] = '\0';
		memmove(w->rest, p, strlen(p) + 1);
		return 0;
	}
	w->cur[w->cur_len] = '/';
	memcpy(w->cur + w->cur_len + 1, comp, n);
	w->cur[w->cur_len + 1 + n] = '\0';
	host = join3(w->root, w->rlen, w->cur);
	if (!host)
		return -ENOMEM;
	if (lstat(host, &st)) {
		rc = -errno;
		if (rc == -ENOENT && last)
			rc = 0; /* to be created */
	} else if (S_ISLNK(st.st_mode) && !(last && nofollow)) {
		rc = follow(w, host, p);
		free(host);
		return rc;
	} else if (!S_ISDIR(st.st_mode) && !last) {
		rc = -ENOTDIR;
	}
	free(host);
	if (rc)
		return rc;
	w->cur_len += 1 + n;
	memmove(w->rest, p, strlen(p) + 1);
	return 0;
}

/* The walk in user space: *inside is malloc'd, "/" for the root. */
static int walk(const char *root, const char *path, bool nofollow,
		char **inside)
{
	struct walk w = {.root = root, .rlen = root_len(root)};
	int rc;

	if (strlen(path) >= WALK_MAX)
		return -ENAMETOOLONG;
	w.cur = malloc(2 * WALK_MAX + 2);
	w.rest = strdup(path);
	if (!w.cur || !w.rest) {
		rc = -ENOMEM;
		goto out;
	}
	w.cur[0] = '\0';
	while (!(rc = step(&w, nofollow)))
		if (w.cur_len > WALK_MAX) {
			rc = -ENAMETOOLONG;
			break;
		}
	if (rc == 1) {
		rc = 0;
		*inside = strdup(w.cur_len ? w.cur : "/");
		if (!*inside)
			rc = -ENOMEM;
	}
out:
	free(w.cur);
	free(w.rest);
	return rc;
}

/*
 * The kernel's walk: 0 with *inside set, or a negative errno; -ENOSYS,
 * -ENOENT and anything else it cannot say are left to walk().
 */
static int kernel_walk(const char *root, const char *path, bool nofollow,
		       char **inside)
{
	struct how how = {
		.flags = O_PATH | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0),
		.resolve = RESOLVE_IN_ROOT_ | RESOLVE_NO_MAGICLINKS_,
	};
	char link[64], *got = NULL, *real = NULL;
	const char *in;
	int rfd, fd, rc = -ENOSYS;
	ssize_t n;

	rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0)
		return -errno;
	fd = (int)syscall(SYS_openat2, rfd, path, &how, sizeof(how));
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	got = malloc(PATH_MAX);
	real = realpath(root, NULL);
	if (!got || !real)
		goto out;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, got, PATH_MAX - 1);
	if (n <= 0)
		goto out; /* no /proc: the walk below answers */
	got[n] = '\0';
	in = cm_root_inside(real, got);
	if (!in) {
		rc = -EXDEV; /* the kernel would not; refused all the same */
		goto out;
	}
	*inside = strdup(in);
	rc = *inside ? 0 : -ENOMEM;
out:
	if (fd >= 0)
		close(fd);
	close(rfd);
	free(got);
	free(real);
	return rc;
}

int cm_root_resolve(const char *root, const char *path, unsigned flags,
		    char **out, struct cm_err *err)
{
	bool nofollow = flags & CM_ROOT_NOFOLLOW;
	char *inside = NULL;
	int rc = -ENOSYS;

	*out = NULL;
	if (cm_root_is_live(root)) {
		*out = strdup(path);
		return *out ? 0 : cm_err_set(err, -ENOMEM, "out of memory");
	}
	/* openat2 says EAGAIN when any rename or mount on the system raced
	 * its ".." handling: tried again, then the walk answers */
	for (int i = 0; !(flags & CM_ROOT_FALLBACK) && i < 4; i++) {
		rc = kernel_walk(root, path, nofollow, &inside);
		if (rc != -EAGAIN)
			break;
	}
	/* ENOENT may be a last component to create or a dangling link the
	 * walk resolves inside the root: it has the last word */
	if (rc == -ENOSYS || rc == -EPERM || rc == -EINVAL || rc == -E2BIG ||
	    rc == -ENOENT || rc == -EAGAIN)
		rc = walk(root, path, nofollow, &inside);
	if (rc == -ENOMEM)
		return cm_err_set(err, rc, "out of memory");
	if (rc)
		return cm_err_setk(
			err, rc,
			rc == -ENOENT ? CM_ERR_NOINPUT : CM_ERR_DATAERR,
			"cannot resolve '%s' under the root '%s': %s", path,
			root, strerror(-rc));
	*out = join3(root, root_len(root), inside);
	free(inside);
	return *out ? 0 : cm_err_set(err, -ENOMEM, "out of memory");
}

int cm_root_rebase(const char *root, const char *host, unsigned flags,
		   char **out, struct cm_err *err)
{
	const char *in;

	*out = NULL;
	if (cm_root_is_live(root))
		return cm_root_resolve(root, host, flags, out, err);
	in = cm_root_inside(root, host);
	if (!in)
		return cm_err_setk(err, -EXDEV, CM_ERR_DATAERR,
				   "'%s' is not under the root '%s'", host,
				   root);
	return cm_root_resolve(root, in, flags, out, err);
}
