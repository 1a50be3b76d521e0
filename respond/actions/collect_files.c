// SPDX-License-Identifier: Apache-2.0
/*
 * collect.files: globs under the collection root into one pax+zstd
 * archive. Every directory is opened relative to its parent with
 * O_NOFOLLOW, so no symlink anywhere in a path is ever followed; links are
 * archived as links. Files are read with O_NOATIME and hashed as they
 * stream. Whatever is not archived is listed in the manifest with why.
 */
#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rs_action.h"
#include "rs_actions_list.h"
#include "rs_evidence.h"
#include "rs_evidence_age.h"
#include "playbook/playbook.h"
#include "rs_util.h"

#define FC_DEFAULT_DEPTH 64
#define FC_MAX_PATTERNS	 256

static const struct rs_param fc_params[] = {
	{"paths", RS_P_LIST, true,
	 "absolute globs under the root; ** matches any depth; a matched directory is collected whole"},
	{"exclude", RS_P_LIST, false,
	 "globs of paths (or base names) not to collect; listed as excluded"},
	{"max_depth", RS_P_INTEGER, false,
	 "how many directory levels ** and whole-directory collection descend (default 64)"},
	{"max_file_size", RS_P_SIZE, false,
	 "larger files are listed, not read (e.g. 100M; default unlimited)"},
	{"max_total_size", RS_P_SIZE, false,
	 "stop reading once this much is archived (e.g. 2G; default unlimited)"},
	{NULL, 0, false, NULL},
};

struct fc {
	struct rs_ctx *ctx;
	struct rs_evidence ev;
	json_t *seen;
	const json_t *exclude;
	uint64_t max_file, max_total, total;
	int max_depth;
	uint64_t n_files, n_links, n_dirs, n_skipped;
	struct cm_err *err;
};

static int fc_validate(const json_t *with, struct cm_err *err)
{
	const json_t *paths = json_object_get(with, "paths");
	const json_t *ex = json_object_get(with, "exclude");
	const json_t *d = json_object_get(with, "max_depth");
	size_t i;
	json_t *v;

	if (json_is_array(paths)) {
		if (!json_array_size(paths))
			return cm_err_set(
				err, -EINVAL,
				"'with.paths' is empty; list at least one glob like /var/log/**");
		json_array_foreach(paths, i, v)
		{
			const char *s = json_string_value(v);

			if (!s)
				return cm_err_set(
					err, -EINVAL,
					"'with.paths' item %zu is not a string; quote it",
					i + 1);
			if (s[0] != '/' && s[0] != '$')
				return cm_err_set(
					err, -EINVAL,
					"'with.paths' item '%s' is not absolute; start it with '/' (it is taken under --root)",
					s);
			if (strstr(s, "/../") ||
			    !strcmp(s + strlen(s) - (strlen(s) >= 3 ? 3 : 0),
				    "/.."))
				return cm_err_set(
					err, -EINVAL,
					"'with.paths' item '%s' climbs with '..'; name the path directly",
					s);
		}
	}
	if (json_is_array(ex))
		json_array_foreach(ex, i, v) if (!json_is_string(v)) return cm_err_set(
			err, -EINVAL, "'with.exclude' item %zu is not a string",
			i + 1);
	if (json_is_integer(d) && json_integer_value(d) < 0)
		return cm_err_set(err, -EINVAL,
				  "'with.max_depth' must be 0 or more");
	return 0;
}

static bool fc_has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static char *fc_join(const char *rel, const char *name)
{
	size_t n = strlen(rel) + strlen(name) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s%s%s", rel, *rel ? "/" : "", name);
	return p;
}

static const char *fc_excluded(struct fc *c, const char *rel)
{
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	const char *hit = NULL;
	size_t i, n = strlen(rel) + 2;
	char *abs = malloc(n);
	json_t *v;

	if (!abs)
		return NULL;
	snprintf(abs, n, "/%s", rel);
	json_array_foreach(c->exclude, i, v)
	{
		const char *p = json_string_value(v);

		if (!p)
			continue;
		if (!fnmatch(p, abs, 0) ||
		    (!strchr(p, '/') && !fnmatch(p, base, 0))) {
			hit = p;
			break;
		}
	}
	free(abs);
	return hit;
}

static int fc_skip(struct fc *c, const char *rel, const struct stat *st,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fc_skip(struct fc *c, const char *rel, const struct stat *st,
		   const char *fmt, ...)
{
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	c->n_skipped++;
	return rs_evidence_skip(&c->ev, rel, st, reason, c->err);
}

static int fc_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names in directory @fd (malloc'd array of malloc'd names). */
static int fc_list(int fd, char ***names, size_t *n)
{
	int dfd = dup(fd);
	DIR *d;
	struct dirent *de;
	char **v = NULL;
	size_t len = 0, cap = 0;

	*names = NULL;
	*n = 0;
	if (dfd < 0)
		return -errno;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return -errno;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (len == cap) {
			char **nv = realloc(v, (cap = cap ? cap * 2 : 64) *
						       sizeof(*v));

			if (!nv)
				goto nomem;
			v = nv;
		}
		if (!(v[len] = strdup(de->d_name)))
			goto nomem;
		len++;
	}
	closedir(d);
	if (len)
		qsort(v, len, sizeof(*v), fc_cmp);
	*names = v;
	*n = len;
	return 0;
nomem:
	closedir(d);
	for (size_t i = 0; i < len; i++)
		free(v[i]);
	free(v);
	return -ENOMEM;
}

static void fc_free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * Where does a link at @rel pointing to @target lead, lexically? Returns
 * true when it climbs above the collection root.
 */
static bool fc_escapes(const char *rel, const char *target)
{
	int depth = 0;
	const char *p;

	if (target[0] == '/')
		return false; /* absolute: judged by the caller */
	for (p = rel; (p = strchr(p, '/')); p++)
		depth++;
	for (p = target; *p;) {
		const char *q = strchr(p, '/');
		size_t l = q ? (size_t)(q - p) : strlen(p);

		if (l == 2 && !strncmp(p, "..", 2)) {
			if (--depth < 0)
				return true;
		} else if (l && !(l == 1 && *p == '.')) {
			depth++;
		}
		p += l;
		while (*p == '/')
			p++;
	}
	return false;
}

static int fc_emit(struct fc *c, int dirfd, const char *name, const char *rel,
		   const struct stat *st, int depth);

static int fc_dir_children(struct fc *c, int fd, const char *rel, int depth)
{
	char **names;
	size_t n;
	int rc = fc_list(fd, &names, &n);

	if (rc)
		return fc_skip(c, rel, NULL, "unreadable directory: %s",
			       strerror(-rc));
	for (size_t i = 0; i < n && !rc; i++) {
		struct stat st;
		char *crel = fc_join(rel, names[i]);

		if (!crel) {
			rc = cm_err_set(c->err, -ENOMEM, "out of memory");
			break;
		}
		if (fstatat(fd, names[i], &st, AT_SYMLINK_NOFOLLOW))
			rc = fc_skip(c, crel, NULL, "cannot stat: %s",
				     strerror(errno));
		else
			rc = fc_emit(c, fd, names[i], crel, &st, depth);
		free(crel);
	}
	fc_free_list(names, n);
	return rc;
}

static int fc_emit(struct fc *c, int dirfd, const char *name, const char *rel,
		   const struct stat *st, int depth)
{
	const char *ex;
	int rc, fd;

	if ((rc = rs_ctx_check(c->ctx, c->err)))
		return rc;
	if (json_object_get(c->seen, rel))
		return 0;
	/* names are bytes: a key that is not UTF-8 is kept all the same */
	json_object_set_new_nocheck(c->seen, rel, json_true());
	if ((ex = fc_excluded(c, rel)))
		return fc_skip(c, rel, st, "excluded by '%s'", ex);
	if (S_ISLNK(st->st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlinkat(dirfd, name, target, sizeof(target) - 1);
		json_t *extra;
		bool esc;

		if (n < 0)
			return fc_skip(c, rel, st, "unreadable symlink: %s",
				       strerror(errno));
		target[n] = '\0';
		esc = fc_escapes(rel, target);
		extra = json_pack(
			"{s:b,s:b,s:s}", "followed", 0, "escapes_root", esc,
			"note",
			esc ? "symlink target is outside the collection root; recorded as a link, not followed"
			: target[0] == '/'
				? "absolute symlink; recorded as a link, not followed"
				: "recorded as a link, not followed");
		rc = rs_evidence_add_symlink(&c->ev, rel, target, st, extra,
					     c->err);
		json_decref(extra);
		c->n_links++;
		return rc;
	}
	if (S_ISDIR(st->st_mode)) {
		if ((rc = rs_evidence_add_dir(&c->ev, rel, st, c->err)))
			return rc;
		c->n_dirs++;
		if (depth + 1 > c->max_depth)
			return fc_skip(
				c, rel, st,
				"contents not collected: deeper than max_depth %d",
				c->max_depth);
		fd = openat(dirfd, name,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC |
				    O_NOATIME);
		if (fd < 0 && errno == EPERM)
			fd = openat(dirfd, name,
				    O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					    O_CLOEXEC);
		if (fd < 0)
			return fc_skip(c, rel, st, "unreadable directory: %s",
				       strerror(errno));
		rc = fc_dir_children(c, fd, rel, depth + 1);
		close(fd);
		return rc;
	}
	if (!S_ISREG(st->st_mode))
		return fc_skip(c, rel, st, "special file (%s): not read",
			       rs_mode_type(st->st_mode));
	if (c->max_file && (uint64_t)st->st_size > c->max_file)
		return fc_skip(c, rel, st,
			       "over max_file_size (%jd > %" PRIu64
			       " bytes): not read",
			       (intmax_t)st->st_size, c->max_file);
	if (c->max_total && c->total + (uint64_t)st->st_size > c->max_total)
		return fc_skip(c, rel, st,
			       "over max_total_size (%" PRIu64
			       " bytes already archived): not read",
			       c->total);
	{
		struct stat fst;
		json_t *extra = NULL;
		bool noatime = true;

		/* O_NONBLOCK: a path swapped for a FIFO must not hang us */
		fd = openat(dirfd, name,
			    O_RDONLY | O_NOFOLLOW | O_NOATIME | O_NONBLOCK |
				    O_CLOEXEC);
		if (fd < 0 && errno == EPERM) {
			noatime = false;
			fd = openat(dirfd, name,
				    O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
					    O_CLOEXEC);
		}
		if (fd < 0)
			return fc_skip(c, rel, st, "unreadable: %s",
				       strerror(errno));
		if (fstat(fd, &fst) || !S_ISREG(fst.st_mode) ||
		    fst.st_ino != st->st_ino || fst.st_dev != st->st_dev) {
			close(fd);
			return fc_skip(c, rel, st,
				       "replaced while collected: not read");
		}
		if (c->max_file && (uint64_t)fst.st_size > c->max_file) {
			close(fd);
			return fc_skip(c, rel, &fst,
				       "over max_file_size (%jd > %" PRIu64
				       " bytes): not read",
				       (intmax_t)fst.st_size, c->max_file);
		}
		if (!noatime)
			extra = json_pack("{s:b}", "atime_preserved", 0);
		rc = rs_evidence_add_file(&c->ev, rel, fd, &fst, extra, c->err);
		json_decref(extra);
		close(fd);
		c->total += (uint64_t)fst.st_size;
		c->n_files++;
		return rc;
	}
}

/* Match components @comps[@i..] below directory @dirfd (path @rel). */
static int fc_match(struct fc *c, int dirfd, const char *rel, char **comps,
		    size_t n, size_t i, int depth)
{
	char **names = NULL;
	size_t nn = 0;
	int rc = 0;

	if (!strcmp(comps[i], "**")) {
		if ((rc = fc_match(c, dirfd, rel, comps, n, i + 1, depth)))
			return rc;
		if ((rc = fc_list(dirfd, &names, &nn)))
			return fc_skip(c, *rel ? rel : "/", NULL,
				       "unreadable directory: %s",
				       strerror(-rc));
		for (size_t k = 0; k < nn && !rc; k++) {
			struct stat st;
			char *crel;
			int fd;

			if (fstatat(dirfd, names[k], &st,
				    AT_SYMLINK_NOFOLLOW) ||
			    !S_ISDIR(st.st_mode))
				continue;
			if (!(crel = fc_join(rel, names[k]))) {
				rc = -ENOMEM;
				break;
			}
			if (fc_excluded(c, crel)) {
				rc = fc_emit(c, dirfd, names[k], crel, &st,
					     depth);
			} else if (depth + 1 > c->max_depth) {
				if (!json_object_get(c->seen, crel))
					rc = fc_skip(
						c, crel, &st,
						"not searched: deeper than max_depth %d",
						c->max_depth);
			} else {
				fd = openat(dirfd, names[k],
					    O_RDONLY | O_DIRECTORY |
						    O_NOFOLLOW | O_CLOEXEC);
				if (fd < 0) {
					rc = fc_emit(c, dirfd, names[k], crel,
						     &st, depth);
				} else {
					rc = fc_match(c, fd, crel, comps, n, i,
						      depth + 1);
					close(fd);
				}
			}
			free(crel);
		}
		fc_free_list(names, nn);
		return rc;
	}
	if (fc_has_glob(comps[i])) {
		if ((rc = fc_list(dirfd, &names, &nn)))
			return fc_skip(c, *rel ? rel : "/", NULL,
				       "unreadable directory: %s",
				       strerror(-rc));
	} else {
		names = calloc(1, sizeof(*names));
		if (!names || !(names[0] = strdup(comps[i]))) {
			free(names);
			return cm_err_set(c->err, -ENOMEM, "out of memory");
		}
		nn = 1;
	}
	for (size_t k = 0; k < nn && !rc; k++) {
		struct stat st;
		char *crel;

		if (fc_has_glob(comps[i]) && fnmatch(comps[i], names[k], 0))
			continue;
		if (fstatat(dirfd, names[k], &st, AT_SYMLINK_NOFOLLOW))
			continue; /* no such path: the pattern does not match */
		if (!(crel = fc_join(rel, names[k]))) {
			rc = cm_err_set(c->err, -ENOMEM, "out of memory");
			break;
		}
		if (i + 1 == n || !S_ISDIR(st.st_mode)) {
			/* a link or file where the pattern wanted a directory
			 * is recorded as itself, never followed */
			if (i + 1 == n || S_ISLNK(st.st_mode))
				rc = fc_emit(c, dirfd, names[k], crel, &st,
					     depth);
		} else if (fc_excluded(c, crel)) {
			rc = fc_emit(c, dirfd, names[k], crel, &st, depth);
		} else {
			int fd = openat(dirfd, names[k],
					O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
						O_CLOEXEC);

			if (fd < 0) {
				rc = fc_skip(c, crel, &st,
					     "unreadable directory: %s",
					     strerror(errno));
			} else {
				rc = fc_match(c, fd, crel, comps, n, i + 1,
					      depth);
				close(fd);
			}
		}
		free(crel);
	}
	fc_free_list(names, nn);
	return rc;
}

static int fc_pattern(struct fc *c, int rootfd, const char *pat)
{
	char *copy = strdup(pat), *save = NULL, *tok;
	char *comps[128];
	size_t n = 0;
	int rc = 0;

	if (!copy)
		return cm_err_set(c->err, -ENOMEM, "out of memory");
	for (tok = strtok_r(copy, "/", &save); tok && n < 128;
	     tok = strtok_r(NULL, "/", &save))
		if (strcmp(tok, "."))
			comps[n++] = tok;
	/* a trailing ** is the whole subtree of what precedes it */
	while (n && !strcmp(comps[n - 1], "**"))
		n--;
	if (n == 0)
		rc = fc_dir_children(c, rootfd, "", 0);
	else
		rc = fc_match(c, rootfd, "", comps, n, 0, 0);
	free(copy);
	return rc;
}

static int fc_plan(struct rs_ctx *ctx, const struct rs_step *step,
		   const json_t *with, json_t **plan, struct cm_err *err)
{
	const json_t *ex = json_object_get(with, "exclude");

	(void)err;
	*plan = json_pack("{s:s,s:O,s:o,s:s++}", "reads", ctx->root, "paths",
			  json_object_get(with, "paths"), "exclude",
			  ex ? json_incref((json_t *)ex) : json_array(),
			  "writes", "evidence/", step->id, ".tar.zst");
	return *plan ? 0 : -ENOMEM;
}

static int fc_run(struct rs_ctx *ctx, const struct rs_step *step,
		  const json_t *with, json_t **outputs, struct cm_err *err)
{
	struct fc c = {0};
	const json_t *paths = json_object_get(with, "paths");
	const json_t *d = json_object_get(with, "max_depth");
	json_t *summary = NULL, *v;
	size_t i;
	int rootfd = -1, rc;

	c.ctx = ctx;
	c.err = err;
	c.seen = json_object();
	c.exclude = json_object_get(with, "exclude");
	c.max_file = rs_with_size(with, "max_file_size", 0);
	c.max_total = rs_with_size(with, "max_total_size", 0);
	c.max_depth = json_is_integer(d) ? (int)json_integer_value(d)
					 : FC_DEFAULT_DEPTH;
	if ((rc = fc_validate(with, err)))
		return cm_err_setk(err, rc, CM_ERR_DATAERR, "%s", err->msg);
	rootfd = open(ctx->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return cm_err_setk(err, -errno, CM_ERR_NOINPUT,
				   "cannot open the root '%s': %s", ctx->root,
				   strerror(errno));
	if ((rc = rs_evidence_open(&c.ev, ctx->case_dir, step->id, ctx->age,
				   err)))
		goto out;
	c.ev.numeric_owner = ctx->dead_box;
	json_array_foreach(paths, i, v)
	{
		const char *p = json_string_value(v);

		if (!p || p[0] != '/') {
			rc = cm_err_setk(
				err, -EINVAL, CM_ERR_DATAERR,
				"'with.paths' item %zu is not an absolute path",
				i + 1);
			goto out;
		}
		if ((rc = fc_pattern(&c, rootfd, p)))
			goto out;
	}
	summary = json_pack("{s:s,s:O,s:I,s:I,s:I,s:I}", "root", ctx->root,
			    "paths", paths, "files", (json_int_t)c.n_files,
			    "symlinks", (json_int_t)c.n_links, "dirs",
			    (json_int_t)c.n_dirs, "not_collected",
			    (json_int_t)c.n_skipped);
	if ((rc = rs_evidence_close(&c.ev, summary, err)))
		goto out;
	*outputs = rs_evidence_outputs(ctx->case_dir, step->id,
				       c.ev.archive_sha256, err);
	rs_evidence_outputs_age(*outputs, &c.ev);
	if (!*outputs) {
		rc = err->code ? err->code : -ENOMEM;
		goto out;
	}
	json_object_set_new(*outputs, "files",
			    json_integer((json_int_t)c.n_files));
	json_object_set_new(*outputs, "symlinks",
			    json_integer((json_int_t)c.n_links));
	json_object_set_new(*outputs, "not_collected",
			    json_integer((json_int_t)c.n_skipped));
	json_object_set_new(*outputs, "bytes",
			    json_integer((json_int_t)c.total));
out:
	if (rc)
		rs_evidence_abort(&c.ev);
	json_decref(summary);
	json_decref(c.seen);
	if (rootfd >= 0)
		close(rootfd);
	return rc;
}

const struct rs_action rs_action_collect_files = {
	.name = "collect.files",
	.summary =
		"copy files matching globs into a pax+zstd archive with a SHA-256 manifest (O_NOATIME, links never followed)",
	.state_changing = false,
	.collects = true,
	.params = fc_params,
	.validate = fc_validate,
	.plan = fc_plan,
	.run = fc_run,
	.resume = NULL,
};
