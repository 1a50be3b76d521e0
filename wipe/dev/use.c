// SPDX-License-Identifier: Apache-2.0
/*
 * Reading what the host does with its block devices: mountinfo, swaps, loop
 * backing files, and the chain of devices the running system stands on.
 * Also the identity sources that are plain text (sysfs, udev properties,
 * VPD pages), kept pure so unit tests can feed them.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/loop.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cm_file.h"
#include "cm_path.h"
#include "wp_use.h"

void wp_copy(char *dst, size_t len, const char *src)
{
	size_t n;

	if (!len)
		return;
	n = strnlen(src, len - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

char *wp_strtrim(char *s)
{
	size_t n;
	char *p = s;

	while (*p && isspace((unsigned char)*p))
		p++;
	n = strlen(p);
	while (n && isspace((unsigned char)p[n - 1]))
		n--;
	memmove(s, p, n);
	s[n] = '\0';
	return s;
}

static bool is_odigit(char c)
{
	return c >= '0' && c <= '7';
}

void wp_unescape_octal(char *s)
{
	char *w = s;

	for (const char *r = s; *r;) {
		if (r[0] == '\\' && is_odigit(r[1]) && is_odigit(r[2]) &&
		    is_odigit(r[3])) {
			int v = (r[1] - '0') * 64 + (r[2] - '0') * 8 +
				(r[3] - '0');
			/* \000 would end the string early: keep it literal */
			if (v == 0) {
				*w++ = *r++;
				continue;
			}
			*w++ = (char)v;
			r += 4;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

/* Copy at most @max - 1 bytes of [@b, @e) into @dst. */
static void copy_span(char *dst, size_t max, const char *b, const char *e)
{
	size_t n = (size_t)(e - b);

	if (n >= max)
		n = max - 1;
	memcpy(dst, b, n);
	dst[n] = '\0';
}

/* Split @line (not NUL-terminated, ends at @end) on blanks into @tok. */
static int split_fields(const char *line, const char *end, const char **tb,
			const char **te, int max)
{
	int n = 0;
	const char *p = line;

	while (p < end && n < max) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p >= end)
			break;
		tb[n] = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		te[n++] = p;
	}
	return n;
}

#define MI_FIELDS 64

int wp_mountinfo_parse(const char *text, struct wp_mount **out, size_t *n,
		       struct cm_err *err)
{
	struct wp_mount *v = NULL;
	size_t cnt = 0, cap = 0;
	const char *line = text;

	*out = NULL;
	*n = 0;
	while (line && *line) {
		const char *end = strchr(line, '\n');
		const char *tb[MI_FIELDS], *te[MI_FIELDS];
		struct wp_mount m;
		unsigned maj, min;
		char num[32];
		int nf, dash = -1;

		if (!end)
			end = line + strlen(line);
		nf = split_fields(line, end, tb, te, MI_FIELDS);
		for (int i = 6; i < nf; i++)
			if (te[i] - tb[i] == 1 && tb[i][0] == '-') {
				dash = i;
				break;
			}
		if (nf < 7 || dash < 0 || dash + 1 >= nf)
			goto next;
		copy_span(num, sizeof(num), tb[2], te[2]);
		if (sscanf(num, "%u:%u", &maj, &min) != 2)
			goto next;
		memset(&m, 0, sizeof(m));
		m.major = maj;
		m.minor = min;
		copy_span(m.mountpoint, sizeof(m.mountpoint), tb[4], te[4]);
		wp_unescape_octal(m.mountpoint);
		copy_span(m.fstype, sizeof(m.fstype), tb[dash + 1],
			  te[dash + 1]);
		if (dash + 2 < nf) {
			copy_span(m.source, sizeof(m.source), tb[dash + 2],
				  te[dash + 2]);
			wp_unescape_octal(m.source);
		}
		if (cnt == cap) {
			size_t nc = cap ? cap * 2 : 32;
			struct wp_mount *nv = reallocarray(v, nc, sizeof(*v));

			if (!nv) {
				free(v);
				return cm_err_set(err, -ENOMEM,
						  "out of memory");
			}
			v = nv;
			cap = nc;
		}
		v[cnt++] = m;
	next:
		line = *end ? end + 1 : NULL;
	}
	*out = v;
	*n = cnt;
	return 0;
}

int wp_swaps_parse(const char *text, struct wp_swap **out, size_t *n,
		   struct cm_err *err)
{
	struct wp_swap *v = NULL;
	size_t cnt = 0, cap = 0;
	const char *line = text;
	bool first = true;

	*out = NULL;
	*n = 0;
	while (line && *line) {
		const char *end = strchr(line, '\n');
		const char *tb[4], *te[4];
		int nf;

		if (!end)
			end = line + strlen(line);
		nf = split_fields(line, end, tb, te, 4);
		/* the first line is the column header */
		if (first || nf < 2) {
			first = false;
			goto next;
		}
		if (cnt == cap) {
			size_t nc = cap ? cap * 2 : 8;
			struct wp_swap *nv = reallocarray(v, nc, sizeof(*v));

			if (!nv) {
				free(v);
				return cm_err_set(err, -ENOMEM,
						  "out of memory");
			}
			v = nv;
			cap = nc;
		}
		memset(&v[cnt], 0, sizeof(v[cnt]));
		copy_span(v[cnt].path, sizeof(v[cnt].path), tb[0], te[0]);
		wp_unescape_octal(v[cnt].path);
		copy_span(v[cnt].type, sizeof(v[cnt].type), tb[1], te[1]);
		cnt++;
	next:
		line = *end ? end + 1 : NULL;
	}
	*out = v;
	*n = cnt;
	return 0;
}

/* Read a small sysfs text attribute into @buf, trimmed; false if absent. */
bool wp_sysfs_read(const char *dir, const char *name, char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t r;
	int fd;

	if (cm_path_join_buf(path, sizeof(path), dir, name))
		return false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	r = read(fd, buf, len - 1);
	close(fd);
	if (r < 0)
		return false;
	buf[r] = '\0';
	wp_strtrim(buf);
	return true;
}

void wp_unsafe_add(struct wp_devinfo *info, unsigned bit, const char *fmt, ...)
{
	size_t used = strlen(info->unsafe_detail);
	size_t room = sizeof(info->unsafe_detail) - used;
	char reason[256];
	va_list ap;

	info->unsafe |= bit;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	/* the same reason reached twice (bind mounts) is said once */
	if (strstr(info->unsafe_detail, reason))
		return;
	if (used && room > 2) {
		memcpy(info->unsafe_detail + used, "; ", 3);
		used += 2;
		room -= 2;
	}
	wp_copy(info->unsafe_detail + used, room, reason);
}

static void say_ref(const struct wp_devref *r, char *buf, size_t len)
{
	if (r->via[0])
		snprintf(buf, len, "%s, %s", r->name, r->via);
	else
		wp_copy(buf, len, r->name);
}

void wp_use_eval(const struct wp_usectx *ctx, const struct wp_devref *refs,
		 size_t nrefs, struct wp_devinfo *info)
{
	char who[160];

	for (size_t i = 0; i < nrefs; i++) {
		const struct wp_devref *r = &refs[i];

		say_ref(r, who, sizeof(who));
		for (size_t m = 0; m < ctx->nmounts; m++)
			if (makedev(ctx->mounts[m].major,
				    ctx->mounts[m].minor) == r->devno)
				wp_unsafe_add(info, WP_UNSAFE_MOUNTED,
					      "mounted at %s (%s)",
					      ctx->mounts[m].mountpoint, who);
		for (size_t s = 0; s < ctx->nswaps; s++)
			if (ctx->swapdevs[s] && ctx->swapdevs[s] == r->devno)
				wp_unsafe_add(info, WP_UNSAFE_SWAP,
					      "active swap (%s)", who);
		for (size_t s = 0; s < ctx->nsys; s++) {
			if (ctx->sysdevs[s].devno != r->devno)
				continue;
			/*
			 * A disk is the system disk when it, not a sibling
			 * partition, is in the chain; a file when a loop it
			 * backs is.
			 */
			if (info->is_file)
				wp_unsafe_add(
					info, WP_UNSAFE_BACKS_SYSTEM,
					"backs the running system (%s on %s)",
					ctx->sysdevs[s].what, who);
			else if (i == 0)
				wp_unsafe_add(
					info, WP_UNSAFE_SYSTEM,
					"holds the running system (%s on %s)",
					ctx->sysdevs[s].what, who);
		}
	}
}

/* Read a whole kernel text file (at most WP_PROC_MAX). Caller frees. */
static char *read_text(const char *path, struct cm_err *err)
{
	char *buf;

	if (cm_read_file(path, WP_PROC_MAX, &buf, NULL, err) < 0)
		return NULL;
	return buf;
}

/* The device number in a sysfs "dev" attribute ("7:0"), or 0. */
dev_t wp_sysfs_devno(const char *dir)
{
	char buf[32];
	unsigned maj, min;

	if (!wp_sysfs_read(dir, "dev", buf, sizeof(buf)) ||
	    sscanf(buf, "%u:%u", &maj, &min) != 2)
		return 0;
	return makedev(maj, min);
}

int wp_loops_scan(struct wp_loop **out, size_t *n, struct cm_err *err)
{
	struct wp_loop *v = NULL;
	size_t cnt = 0, cap = 0;
	struct dirent *de;
	DIR *d;

	*out = NULL;
	*n = 0;
	d = opendir("/sys/block");
	if (!d)
		return cm_err_set(err, -errno, "cannot read '/sys/block': %s",
				  strerror(errno));
	while ((de = readdir(d))) {
		char dir[PATH_MAX], node[PATH_MAX];
		struct loop_info64 li;
		struct wp_loop l;
		struct stat st;
		int fd;

		if (strncmp(de->d_name, "loop", 4))
			continue;
		memset(&l, 0, sizeof(l));
		snprintf(dir, sizeof(dir), "/sys/block/%s", de->d_name);
		/* only attached loops have a backing file */
		if (!wp_sysfs_read(dir, "loop/backing_file", l.backing,
				   sizeof(l.backing)))
			continue;
		wp_copy(l.name, sizeof(l.name), de->d_name);
		l.devno = wp_sysfs_devno(dir);
		snprintf(node, sizeof(node), "/dev/%s", de->d_name);
		fd = open(node, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		/* zeroed: what the kernel does not fill is 0, never stack
		 * garbage (and Valgrind, which does not model this ioctl,
		 * sees it defined) */
		memset(&li, 0, sizeof(li));
		if (fd >= 0 && ioctl(fd, LOOP_GET_STATUS64, &li) == 0) {
			/* lo_device/lo_rdevice use the kernel's huge
			 * encoding, which makedev() reproduces */
			l.back_dev = (dev_t)li.lo_device;
			l.back_ino = (ino_t)li.lo_inode;
			l.back_rdev = (dev_t)li.lo_rdevice;
		} else if (stat(l.backing, &st) == 0) {
			l.back_dev = st.st_dev;
			l.back_ino = st.st_ino;
			l.back_rdev = S_ISBLK(st.st_mode) ? st.st_rdev : 0;
		}
		if (fd >= 0)
			close(fd);
		if (cnt == cap) {
			size_t nc = cap ? cap * 2 : 8;
			struct wp_loop *nv = reallocarray(v, nc, sizeof(*v));

			if (!nv) {
				closedir(d);
				free(v);
				return cm_err_set(err, -ENOMEM,
						  "out of memory");
			}
			v = nv;
			cap = nc;
		}
		v[cnt++] = l;
	}
	closedir(d);
	*out = v;
	*n = cnt;
	return 0;
}

static int sys_add(struct wp_usectx *ctx, dev_t devno, const char *what,
		   int depth)
{
	char link[64], dir[PATH_MAX], sub[PATH_MAX + 16];
	struct wp_sysdev *nv;
	struct dirent *de;
	DIR *d;

	if (!devno || depth > 16)
		return 0;
	for (size_t i = 0; i < ctx->nsys; i++)
		if (ctx->sysdevs[i].devno == devno) {
			size_t l = strlen(ctx->sysdevs[i].what);

			if (!strstr(ctx->sysdevs[i].what, what))
				snprintf(ctx->sysdevs[i].what + l,
					 sizeof(ctx->sysdevs[i].what) - l,
					 ", %s", what);
			return 0;
		}
	nv = reallocarray(ctx->sysdevs, ctx->nsys + 1, sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	ctx->sysdevs = nv;
	nv[ctx->nsys].devno = devno;
	wp_copy(nv[ctx->nsys].what, sizeof(nv[ctx->nsys].what), what);
	ctx->nsys++;

	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", major(devno),
		 minor(devno));
	if (!realpath(link, dir))
		return 0;
	/* a partition stands on its disk */
	snprintf(sub, sizeof(sub), "%s/partition", dir);
	if (access(sub, F_OK) == 0) {
		char *slash = strrchr(dir, '/');

		if (slash) {
			char parent[PATH_MAX];

			copy_span(parent, sizeof(parent), dir, slash);
			if (sys_add(ctx, wp_sysfs_devno(parent), what,
				    depth + 1))
				return -ENOMEM;
		}
	}
	/* dm and md stand on their slaves */
	snprintf(sub, sizeof(sub), "%s/slaves", dir);
	d = opendir(sub);
	if (d) {
		while ((de = readdir(d))) {
			char sdir[PATH_MAX];

			if (de->d_name[0] == '.')
				continue;
			snprintf(sdir, sizeof(sdir), "/sys/class/block/%s",
				 de->d_name);
			if (sys_add(ctx, wp_sysfs_devno(sdir), what,
				    depth + 1)) {
				closedir(d);
				return -ENOMEM;
			}
		}
		closedir(d);
	}
	/* a loop stands on its backing device, or the file system of its
	 * backing file */
	for (size_t i = 0; i < ctx->nloops; i++) {
		const struct wp_loop *l = &ctx->loops[i];

		if (l->devno != devno)
			continue;
		if (sys_add(ctx, l->back_rdev ? l->back_rdev : l->back_dev,
			    what, depth + 1))
			return -ENOMEM;
	}
	return 0;
}

/*
 * Whether this process may not see every mount: its root is another
 * directory or mount than PID 1's (a chroot), or its mount namespace is
 * another one (a container, unshare -m). What cannot be compared counts
 * as hidden: the exclusive open it leads to only ever adds refusals.
 */
static void detect_confined(struct wp_usectx *ctx)
{
	struct statx a, b;
	char na[64], nb[64];
	ssize_t la, lb;

	if (statx(AT_FDCWD, "/", 0, STATX_INO | STATX_MNT_ID, &a) < 0 ||
	    statx(AT_FDCWD, "/proc/1/root/", 0, STATX_INO | STATX_MNT_ID, &b) <
		    0) {
		snprintf(ctx->confined, sizeof(ctx->confined),
			 "PID 1's root cannot be compared with this one (%s)",
			 strerror(errno));
		return;
	}
	if (a.stx_ino != b.stx_ino || a.stx_dev_major != b.stx_dev_major ||
	    a.stx_dev_minor != b.stx_dev_minor ||
	    ((a.stx_mask & b.stx_mask & STATX_MNT_ID) &&
	     a.stx_mnt_id != b.stx_mnt_id)) {
		snprintf(ctx->confined, sizeof(ctx->confined),
			 "a chroot: its root is not PID 1's");
		return;
	}
	la = readlink("/proc/self/ns/mnt", na, sizeof(na) - 1);
	lb = readlink("/proc/1/ns/mnt", nb, sizeof(nb) - 1);
	if (la < 0 || lb < 0 || la != lb || memcmp(na, nb, (size_t)la))
		snprintf(ctx->confined, sizeof(ctx->confined),
			 "another mount namespace than PID 1's");
}

int wp_usectx_load(struct wp_usectx *ctx, struct cm_err *err)
{
	static const char *const system_mounts[] = {"/", "/boot", "/boot/efi"};
	char *text = NULL;
	int rc;

	memset(ctx, 0, sizeof(*ctx));
	detect_confined(ctx);
	text = read_text("/proc/self/mountinfo", err);
	if (!text)
		return err ? err->code : -EIO;
	rc = wp_mountinfo_parse(text, &ctx->mounts, &ctx->nmounts, err);
	free(text);
	if (rc)
		goto fail;
	/*
	 * btrfs and others report an anonymous 0:N device; the source names
	 * the block device that holds them.
	 */
	for (size_t i = 0; i < ctx->nmounts; i++) {
		struct wp_mount *m = &ctx->mounts[i];
		struct stat st;

		if (m->major == 0 && m->source[0] == '/' &&
		    stat(m->source, &st) == 0 && S_ISBLK(st.st_mode)) {
			m->major = major(st.st_rdev);
			m->minor = minor(st.st_rdev);
		}
	}

	/* a kernel built without swap has no /proc/swaps: nothing is swap */
	if (access("/proc/swaps", F_OK) == 0 || errno != ENOENT) {
		text = read_text("/proc/swaps", err);
		if (!text) {
			rc = err ? err->code : -EIO;
			goto fail;
		}
		rc = wp_swaps_parse(text, &ctx->swaps, &ctx->nswaps, err);
		free(text);
		if (rc)
			goto fail;
	}
	ctx->swapdevs =
		calloc(ctx->nswaps ? ctx->nswaps : 1, sizeof(*ctx->swapdevs));
	if (!ctx->swapdevs) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < ctx->nswaps; i++) {
		struct stat st;

		if (stat(ctx->swaps[i].path, &st) == 0 && S_ISBLK(st.st_mode))
			ctx->swapdevs[i] = st.st_rdev;
	}

	rc = wp_loops_scan(&ctx->loops, &ctx->nloops, err);
	if (rc)
		goto fail;

	for (size_t s = 0; s < sizeof(system_mounts) / sizeof(*system_mounts);
	     s++)
		for (size_t i = 0; i < ctx->nmounts; i++) {
			const struct wp_mount *m = &ctx->mounts[i];

			if (strcmp(m->mountpoint, system_mounts[s]) ||
			    m->major == 0)
				continue;
			if (sys_add(ctx, makedev(m->major, m->minor),
				    system_mounts[s], 0)) {
				rc = cm_err_set(err, -ENOMEM, "out of memory");
				goto fail;
			}
		}
	return 0;
fail:
	wp_usectx_release(ctx);
	return rc;
}

void wp_usectx_release(struct wp_usectx *ctx)
{
	if (!ctx)
		return;
	free(ctx->mounts);
	free(ctx->swaps);
	free(ctx->swapdevs);
	free(ctx->sysdevs);
	free(ctx->loops);
	memset(ctx, 0, sizeof(*ctx));
}

/* One medium: a block device (@blk, @dev its number) or a file. */
struct node {
	bool blk;
	dev_t dev;
	ino_t ino;
};

static void node_of(const struct stat *st, struct node *n)
{
	n->blk = S_ISBLK(st->st_mode);
	n->dev = n->blk ? st->st_rdev : st->st_dev;
	n->ino = n->blk ? 0 : st->st_ino;
}

/* What @x stands on directly (a loop's backing, a partition's disk). */
static bool node_down(const struct wp_loop *loops, size_t n,
		      const struct node *x, struct node *down)
{
	char link[64], dir[PATH_MAX], sub[PATH_MAX + 16], *slash;

	if (!x->blk)
		return false;
	for (size_t i = 0; i < n; i++)
		if (loops[i].devno == x->dev) {
			down->blk = loops[i].back_rdev != 0;
			down->dev = down->blk ? loops[i].back_rdev
					      : loops[i].back_dev;
			down->ino = down->blk ? 0 : loops[i].back_ino;
			return true;
		}
	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", major(x->dev),
		 minor(x->dev));
	if (!realpath(link, dir))
		return false;
	snprintf(sub, sizeof(sub), "%s/partition", dir);
	slash = strrchr(dir, '/');
	if (access(sub, F_OK) != 0 || !slash)
		return false;
	*slash = '\0';
	down->blk = true;
	down->dev = wp_sysfs_devno(dir);
	down->ino = 0;
	return down->dev != 0;
}

bool wp_stands_on(const struct wp_loop *loops, size_t n, const struct stat *top,
		  const struct stat *bottom)
{
	struct node x, b, d;

	node_of(top, &x);
	node_of(bottom, &b);
	/* loops stack at most a few deep; the bound stops a cycle */
	for (int depth = 0; depth < 16 && node_down(loops, n, &x, &d);
	     depth++) {
		if (d.blk == b.blk && d.dev == b.dev && d.ino == b.ino)
			return true;
		x = d;
	}
	return false;
}
