// SPDX-License-Identifier: Apache-2.0
/* revoke.ssh: authorized_keys editing and KRL update, with rollback. */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cm_atomic.h"
#include "cm_hook.h"
#include "cm_file.h"
#include "cm_path.h"
#include "cm_root.h"
#include "cm_buf.h"
#include "rs_krl.h"
#include "rs_sshdtest.h"
#include "rs_sshkeys.h"
#include "rs_sshrev.h"

extern char **environ;

#define AK_MAX	(4UL * 1024 * 1024)
#define KRL_MAX (64UL * 1024 * 1024)

struct want {
	uint8_t h[32];
	char fp[RS_SSH_FP_LEN];
	const char *source;
};

struct akfile {
	char *path;  /* absolute on this machine (root + path) */
	char *shown; /* as seen from inside root */
	uid_t uid;
	char *old; /* owned */
	size_t old_len;
	char *new_text; /* owned */
	size_t removed;
	size_t kept; /* wanted lines left in place by the lockout guard */
	size_t remaining;
	json_t *removed_lines;
	char *diff; /* owned */
	bool changed;
};

struct sshrev {
	const struct rs_sshrev_req *r;
	struct want *want;
	size_t n_want;
	struct akfile *files;
	size_t n_files;
	struct rs_sshd_conf conf;
	char *conf_path;
	char *krl_path;
	char *krl_shown;
	char *krl_link; /* the symlink the KRL replaced, or NULL */
	uint8_t *krl_old;
	size_t krl_old_len;
	bool krl_existed;
	uint8_t *krl_new;
	size_t krl_new_len;
	json_t *krl_added, *krl_already;
	json_t *lockout; /* accounts whose last key was kept */
	struct rs_sshd_check chk;
	uint64_t krl_version_before, krl_version_after;
	char refusal[CM_ERR_MSG_MAX];
};

static void rev_release(struct sshrev *s)
{
	free(s->want);
	for (size_t i = 0; i < s->n_files; i++) {
		free(s->files[i].path);
		free(s->files[i].shown);
		free(s->files[i].old);
		free(s->files[i].new_text);
		free(s->files[i].diff);
		json_decref(s->files[i].removed_lines);
	}
	free(s->files);
	rs_sshd_conf_release(&s->conf);
	free(s->conf_path);
	free(s->krl_path);
	free(s->krl_shown);
	free(s->krl_link);
	free(s->krl_old);
	free(s->krl_new);
	json_decref(s->krl_added);
	json_decref(s->krl_already);
	json_decref(s->lockout);
}

/*
 * @path as seen inside the root, resolved so that no "..", symlink or
 * configured path of the image leads outside it (cm_root.h).
 */
static int rooted(const struct sshrev *s, const char *path, unsigned flags,
		  char **out, struct cm_err *err)
{
	return cm_root_resolve(s->r->root, path, flags, out, err);
}

static int resolve_keys(struct sshrev *s, struct cm_err *err)
{
	const struct rs_sshrev_req *r = s->r;

	if (!r->n_keys)
		return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
				   "keys: at least one key is needed");
	s->want = calloc(r->n_keys * 16 + 1, sizeof(*s->want));
	if (!s->want)
		return cm_err_set(err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < r->n_keys; i++) {
		const char *k = r->keys[i];
		char *text = NULL;
		size_t len, found = 0;
		int rc;

		if (!strncmp(k, "SHA256:", 7)) {
			struct want *w = &s->want[s->n_want++];

			if (rs_ssh_fp_parse(k, w->h))
				return cm_err_setk(
					err, -EINVAL, CM_ERR_DATAERR,
					"keys: '%s' is not a SHA256 fingerprint",
					k);
			rs_ssh_fp_str(w->h, w->fp);
			w->source = k;
			continue;
		}
		rc = cm_read_file(k, 1024 * 1024, &text, &len, err);
		if (rc)
			return cm_err_setk(
				err, rc, CM_ERR_NOINPUT,
				"keys: cannot read public key file '%s'", k);
		for (char *p = text; p && *p && found < 16;) {
			char *e = strchr(p, '\n');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			struct rs_ssh_line l;

			if (rs_ssh_parse_line(p, n, &l) == 0) {
				struct want *w = &s->want[s->n_want++];

				memcpy(w->h, l.sha256, 32);
				memcpy(w->fp, l.fp, sizeof(w->fp));
				w->source = k;
				found++;
				rs_ssh_line_release(&l);
			}
			p = e ? e + 1 : NULL;
		}
		free(text);
		if (!found)
			return cm_err_setk(
				err, -EINVAL, CM_ERR_DATAERR,
				"keys: '%s' holds no OpenSSH public key", k);
	}
	return 0;
}

static int add_file(struct sshrev *s, const char *real, struct cm_err *err)
{
	const char *shown = cm_root_inside(s->r->root, real);
	struct akfile *f;
	struct stat st;

	for (size_t i = 0; i < s->n_files; i++)
		if (!strcmp(s->files[i].path, real))
			return 0;
	if (lstat(real, &st) || !S_ISREG(st.st_mode))
		return 0; /* absent, or a symlink: never followed */
	f = realloc(s->files, (s->n_files + 1) * sizeof(*f));
	if (!f)
		return cm_err_set(err, -ENOMEM, "out of memory");
	s->files = f;
	f = &s->files[s->n_files++];
	memset(f, 0, sizeof(*f));
	f->path = strdup(real);
	f->shown = strdup(shown);
	f->uid = st.st_uid;
	f->removed_lines = json_array();
	if (!f->path || !f->shown || !f->removed_lines)
		return cm_err_set(err, -ENOMEM, "out of memory");
	return 0;
}

/*
 * @path (inside the root, a home directory from the image's passwd joined
 * with AuthorizedKeysFile, or a glob match) resolved in the root without
 * following its last component; a path that does not resolve (a missing
 * directory, a symlink loop) holds no key to remove.
 */
static int add_rooted(struct sshrev *s, const char *path, struct cm_err *err)
{
	struct cm_err e2 = {0};
	char *real = NULL;
	int rc = rooted(s, path, CM_ROOT_NOFOLLOW, &real, &e2);

	if (rc == -ENOMEM)
		return cm_err_set(err, rc, "out of memory");
	if (rc)
		return 0;
	rc = add_file(s, real, err);
	free(real);
	return rc;
}

/* Users with a home from the root's /etc/passwd, each pattern expanded. */
static int files_from_passwd(struct sshrev *s, struct cm_err *err)
{
	char *pw_path = NULL;
	char *text = NULL;
	size_t len;
	int rc;

	rc = rooted(s, "/etc/passwd", 0, &pw_path, err);
	if (!rc)
		rc = cm_read_file(pw_path, AK_MAX, &text, &len, err);
	free(pw_path);
	if (rc)
		return cm_err_wrap(err, "authorized_keys: cannot list users");
	for (char *p = text; p && *p && !rc;) {
		char *e = strchr(p, '\n');
		char *fld[7] = {0};
		size_t nf = 0;

		if (e)
			*e = '\0';
		for (char *q = p; nf < 7; nf++) {
			fld[nf] = q;
			q = strchr(q, ':');
			if (!q) {
				nf++;
				break;
			}
			*q++ = '\0';
		}
		if (nf >= 6 && fld[5][0] == '/') {
			const char *q = s->conf.authorized_keys_file;

			while (*q && !rc) {
				char tok[1024], *x = NULL;
				size_t n = 0;

				while (*q == ' ' || *q == '\t')
					q++;
				while (q[n] && q[n] != ' ' && q[n] != '\t')
					n++;
				if (!n)
					break;
				if (n >= sizeof(tok)) {
					rc = cm_err_setk(
						err, -EINVAL, CM_ERR_DATAERR,
						"sshd_config: AuthorizedKeysFile too long");
					break;
				}
				memcpy(tok, q, n);
				tok[n] = '\0';
				q += n;
				if (!strcasecmp(tok, "none"))
					continue;
				if (rs_sshd_expand(
					    tok, fld[0], fld[5],
					    (unsigned)strtoul(fld[2], NULL, 10),
					    &x)) {
					rc = cm_err_setk(
						err, -EINVAL, CM_ERR_DATAERR,
						"sshd_config: AuthorizedKeysFile '%s' has an unknown %% token",
						tok);
					break;
				}
				rc = add_rooted(s, x, err);
				free(x);
			}
		}
		p = e ? e + 1 : NULL;
	}
	free(text);
	return rc;
}

static int files_from_globs(struct sshrev *s, struct cm_err *err)
{
	const struct rs_sshrev_req *r = s->r;
	bool live = cm_root_is_live(r->root);
	int rc = 0;

	for (size_t i = 0; i < r->n_authorized_keys && !rc; i++) {
		char *pat = live ? strdup(r->authorized_keys[i])
				 : cm_path_join(r->root, r->authorized_keys[i]);
		glob_t g = {0};

		if (!pat)
			return cm_err_set(err, -ENOMEM, "out of memory");
		/* glob(3) follows the image's symlinks: each match is
		 * resolved again inside the root */
		if (glob(pat, GLOB_NOSORT, NULL, &g) == 0)
			for (size_t j = 0; j < g.gl_pathc && !rc; j++)
				rc = add_rooted(
					s,
					live ? g.gl_pathv[j]
					     : cm_root_inside(r->root,
							      g.gl_pathv[j]),
					err);
		globfree(&g);
		free(pat);
	}
	return rc;
}

static bool wanted(const struct sshrev *s, const uint8_t h[32])
{
	for (size_t i = 0; i < s->n_want; i++)
		if (!memcmp(s->want[i].h, h, 32))
			return true;
	return false;
}

/* Compute the new text of @f and its unified diff. */
static int edit_file(struct sshrev *s, struct akfile *f, struct cm_err *err)
{
	struct cm_buf nt = CM_BUF_INIT(CM_BUF_TEXT_MAX),
		      d = CM_BUF_INIT(CM_BUF_TEXT_MAX);
	size_t lineno = 0, removed_before = 0;
	int rc;

	rc = cm_read_file(f->path, AK_MAX, &f->old, &f->old_len, err);
	if (rc)
		return rc;
	for (size_t off = 0; off < f->old_len;) {
		const char *p = f->old + off;
		const char *e = memchr(p, '\n', f->old_len - off);
		size_t n = e ? (size_t)(e - p) : f->old_len - off;
		size_t whole = n + (e ? 1 : 0);
		struct rs_ssh_line l;
		int kind = rs_ssh_parse_line(p, n, &l);

		lineno++;
		off += whole;
		if (kind == 0 && wanted(s, l.sha256)) {
			cm_buf_appendf(&d, "@@ -%zu,1 +%zu,0 @@\n-%.*s\n",
				       lineno, lineno - 1 - removed_before,
				       (int)n, p);
			json_array_append_new(f->removed_lines,
					      json_stringn(p, n));
			removed_before++;
			f->removed++;
		} else {
			if (kind == 0)
				f->remaining++;
			cm_buf_append(&nt, p, whole);
		}
		if (kind == 0)
			rs_ssh_line_release(&l);
	}
	f->changed = f->removed > 0;
	f->new_text = cm_buf_take(&nt);
	if (f->changed) {
		struct cm_buf h = CM_BUF_INIT(CM_BUF_TEXT_MAX);
		char *body = cm_buf_take(&d);

		cm_buf_appendf(&h, "--- a%s\n+++ b%s\n%s", f->shown, f->shown,
			       body ? body : "");
		free(body);
		f->diff = cm_buf_take(&h);
	} else {
		cm_buf_release(&d);
	}
	if (!f->new_text || (f->changed && !f->diff))
		return cm_err_set(err, -ENOMEM, "out of memory");
	return 0;
}

/*
 * A user whose every key would go keeps the file as it is, unless
 * allow_lockout: the key is still removed from every other file and added
 * to the KRL, so that one account (which an attacker may have planted)
 * never holds the whole revocation back. The account is recorded with the
 * key still present.
 */
static int lockout_guard(struct sshrev *s, struct cm_err *err)
{
	s->lockout = json_array();
	if (!s->lockout)
		return cm_err_set(err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < s->n_files; i++) {
		struct akfile *f = &s->files[i];
		size_t remaining = 0;

		for (size_t j = 0; j < s->n_files; j++)
			if (s->files[j].uid == f->uid)
				remaining += s->files[j].remaining;
		if (!f->removed || remaining || s->r->allow_lockout)
			continue;
		f->kept = f->removed;
		f->removed = 0;
		f->changed = false;
		json_array_clear(f->removed_lines);
		free(f->diff);
		f->diff = NULL;
		json_array_append_new(
			s->lockout,
			json_pack(
				"{s:I, s:s, s:I, s:s}", "uid",
				(json_int_t)f->uid, "path", f->shown,
				"still_present", (json_int_t)f->kept, "reason",
				"the last authorized key of this user: kept in this file (set allow_lockout: true to remove it too)"));
		if (!s->refusal[0])
			snprintf(
				s->refusal, sizeof(s->refusal),
				"refusing to remove the last authorized key of uid %u ('%s'); set allow_lockout: true to accept the lockout",
				(unsigned)f->uid, f->shown);
	}
	return 0;
}

/*
 * The KRL path inside the root. A symlink whose target is not in the image
 * (aimed at this machine's files) is replaced by the KRL itself, never
 * read or followed; rollback puts the link back.
 */
static int krl_resolve(struct sshrev *s, struct cm_err *err)
{
	struct cm_err e2 = {0};
	char target[4096];
	ssize_t n;
	int rc = rooted(s, s->krl_shown, 0, &s->krl_path, &e2);

	if (rc == -ENOENT)
		rc = rooted(s, s->krl_shown, CM_ROOT_NOFOLLOW, &s->krl_path,
			    err);
	else if (rc)
		*err = e2;
	if (rc)
		return cm_err_wrap(err, "KRL");
	n = readlink(s->krl_path, target, sizeof(target) - 1);
	if (n < 0)
		return 0;
	target[n] = '\0';
	s->krl_link = strdup(target);
	return s->krl_link ? 0 : cm_err_set(err, -ENOMEM, "out of memory");
}

static int prepare_krl(struct sshrev *s, struct cm_err *err)
{
	struct rs_krl k = {0};
	int rc;

	s->krl_added = json_array();
	s->krl_already = json_array();
	if (!s->krl_added || !s->krl_already)
		return cm_err_set(err, -ENOMEM, "out of memory");
	if (s->r->krl)
		s->krl_shown = strdup(s->r->krl);
	else if (s->conf.revoked_keys)
		s->krl_shown = strdup(s->conf.revoked_keys);
	else
		return 0; /* no KRL configured: reported in the outputs */
	if (!s->krl_shown)
		return cm_err_set(err, -ENOMEM, "out of memory");
	rc = krl_resolve(s, err);
	if (rc)
		return rc;
	if (!s->krl_link && access(s->krl_path, F_OK) == 0) {
		rc = cm_read_file(s->krl_path, KRL_MAX, (char **)&s->krl_old,
				  &s->krl_old_len, err);
		if (rc)
			return rc;
		s->krl_existed = true;
	}
	if (s->krl_existed && rs_krl_is_krl(s->krl_old, s->krl_old_len)) {
		rc = rs_krl_parse(s->krl_old, s->krl_old_len, &k, err);
		if (rc)
			return cm_err_wrap(err, "KRL '%s'", s->krl_shown);
	} else if (s->krl_existed) {
		/* a text RevokedKeys file: its keys move into the KRL */
		const char *p = (const char *)s->krl_old;

		while (p && p < (const char *)s->krl_old + s->krl_old_len) {
			const char *e = strchr(p, '\n');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			struct rs_ssh_line l;
			int kind = rs_ssh_parse_line(p, n, &l);

			if (kind < 0) {
				rs_krl_release(&k);
				return cm_err_setk(
					err, -EBADMSG, CM_ERR_DATAERR,
					"RevokedKeys '%s' is neither a KRL nor a list of public keys",
					s->krl_shown);
			}
			if (kind == 0) {
				rc = rs_krl_add(&k, l.sha256);
				rs_ssh_line_release(&l);
				if (rc < 0)
					goto nomem;
			}
			p = e ? e + 1 : NULL;
		}
		k.version = 0;
	}
	s->krl_version_before = k.version;
	for (size_t i = 0; i < s->n_want; i++) {
		if (rs_krl_has(&k, s->want[i].h)) {
			json_array_append_new(s->krl_already,
					      json_string(s->want[i].fp));
			continue;
		}
		rc = rs_krl_add(&k, s->want[i].h);
		if (rc < 0)
			goto nomem;
		json_array_append_new(s->krl_added, json_string(s->want[i].fp));
	}
	if (json_array_size(s->krl_added) || !s->krl_existed ||
	    !rs_krl_is_krl(s->krl_old, s->krl_old_len)) {
		k.version++;
		k.date = (uint64_t)s->r->now;
		if (!k.comment)
			k.comment = strdup("sanitas respond revoke.ssh");
		if (!k.comment ||
		    rs_krl_write(&k, &s->krl_new, &s->krl_new_len))
			goto nomem;
	}
	s->krl_version_after = k.version;
	rs_krl_release(&k);
	return 0;
nomem:
	rs_krl_release(&k);
	return cm_err_set(err, -ENOMEM, "out of memory");
}

static char *backup_name(const char *dir, const char *sub, const char *shown)
{
	struct cm_buf b = CM_BUF_INIT(CM_BUF_TEXT_MAX);

	cm_buf_appendf(&b, "%s/%s/", dir, sub);
	for (const char *p = shown; *p; p++)
		cm_buf_append(&b, *p == '/' ? "_" : p, 1);
	return cm_buf_take(&b);
}

static int backups(struct sshrev *s, struct cm_err *err)
{
	const char *dir = s->r->backup_dir;
	char *sub;
	int rc;

	if (!dir)
		return 0;
	sub = cm_path_join(dir, "authorized_keys");
	if (!sub)
		return cm_err_set(err, -ENOMEM, "out of memory");
	rc = cm_mkdirs(sub, 0700, err);
	free(sub);
	if (rc)
		return rc;
	for (size_t i = 0; i < s->n_files && !rc; i++) {
		char *b;

		if (!s->files[i].changed)
			continue;
		b = backup_name(dir, "authorized_keys", s->files[i].shown);
		rc = b ? cm_atomic_write_file(b, s->files[i].old,
					      s->files[i].old_len, 0600, err)
		       : cm_err_set(err, -ENOMEM, "out of memory");
		free(b);
	}
	if (!rc && s->krl_existed) {
		char *b = cm_path_join(dir, "krl.before");

		rc = b ? cm_atomic_write_file(b, s->krl_old, s->krl_old_len,
					      0600, err)
		       : cm_err_set(err, -ENOMEM, "out of memory");
		free(b);
	}
	return rc;
}

/* Put back what was replaced; best effort, the first error reported. */
static int rollback(struct sshrev *s, size_t files_done, bool krl_done,
		    struct cm_err *err)
{
	struct cm_err e2 = {0};
	int rc;

	for (size_t i = 0; i < files_done; i++) {
		if (!s->files[i].changed)
			continue;
		rc = cm_atomic_replace_file(s->files[i].path, s->files[i].old,
					    s->files[i].old_len, 0600, &e2);
		if (rc && !err->code)
			cm_err_set(err, rc, "rollback incomplete: %s", e2.msg);
	}
	if (!krl_done)
		return err->code;
	if (s->krl_existed)
		rc = cm_atomic_replace_file(s->krl_path, s->krl_old,
					    s->krl_old_len, 0644, &e2);
	else if (unlink(s->krl_path) ||
		 (s->krl_link && symlink(s->krl_link, s->krl_path)))
		rc = cm_err_set(&e2, -errno, "cannot put back '%s': %s",
				s->krl_path, strerror(errno));
	else
		rc = 0;
	if (rc && !err->code)
		cm_err_set(err, rc, "rollback incomplete: %s", e2.msg);
	return err->code;
}

static json_t *describe(struct sshrev *s, json_t *sshd_status)
{
	json_t *keys = json_array(), *files = json_array(), *krl;
	json_t *warn = json_array();

	for (size_t i = 0; i < s->n_want; i++)
		json_array_append_new(keys,
				      json_pack("{s:s, s:s}", "fingerprint",
						s->want[i].fp, "source",
						s->want[i].source));
	for (size_t i = 0; i < s->n_files; i++) {
		struct akfile *f = &s->files[i];

		json_array_append_new(
			files,
			json_pack("{s:s, s:I, s:I, s:I, s:I, s:O, s:s?}",
				  "path", f->shown, "uid", (json_int_t)f->uid,
				  "removed", (json_int_t)f->removed,
				  "still_present", (json_int_t)f->kept,
				  "remaining", (json_int_t)f->remaining,
				  "removed_lines", f->removed_lines, "diff",
				  f->diff));
	}
	if (s->krl_shown)
		krl = json_pack(
			"{s:s, s:b, s:b, s:I, s:I, s:O, s:O}", "path",
			s->krl_shown, "existed", s->krl_existed, "rewritten",
			s->krl_new != NULL, "version_before",
			(json_int_t)s->krl_version_before, "version_after",
			(json_int_t)s->krl_version_after, "added", s->krl_added,
			"already_revoked", s->krl_already);
	else
		krl = json_string(
			"none: RevokedKeys is not set in sshd_config and no krl was given");
	if (s->conf.keys_command)
		json_array_append_new(
			warn,
			json_string(
				"sshd_config sets AuthorizedKeysCommand: keys it serves are not edited here; remove the key at its source too (the KRL still refuses it)"));
	if (s->conf.user_ca)
		json_array_append_new(
			warn,
			json_string(
				"sshd_config sets TrustedUserCAKeys: revoke certificates issued for this key (serial or key ID) in the KRL with ssh-keygen -k -s CA"));
	if (!s->krl_shown)
		json_array_append_new(
			warn,
			json_string(
				"no KRL: the key is removed from authorized_keys only; set RevokedKeys in sshd_config"));
	if (s->chk.failed_before)
		json_array_append_new(
			warn,
			json_sprintf(
				"sshd -t rejected the configuration before the change (%s): the revocation is kept; fix the configuration so that sshd starts",
				s->chk.before));
	if (json_array_size(s->lockout))
		json_array_append_new(
			warn,
			json_string(
				s->krl_shown
					? "a user's last authorized key was kept in place (see lockout); the KRL refuses the key for that user too"
					: "a user's last authorized key was kept in place (see lockout) and there is no KRL: the key still opens that account"));
	return json_pack("{s:o, s:o, s:o, s:o, s:s?, s:O, s:o}", "keys", keys,
			 "authorized_keys", files, "krl", krl, "sshd_check",
			 sshd_status ? sshd_status : json_string("not run"),
			 "refused", s->refusal[0] ? s->refusal : NULL,
			 "lockout", s->lockout, "warnings", warn);
}

int rs_sshrev(const struct rs_sshrev_req *r, json_t **out, struct cm_err *err)
{
	struct sshrev s = {.r = r};
	char *text = NULL;
	size_t len, files_done = 0;
	bool krl_done = false;
	json_t *sshd_status = NULL;
	int rc;

	*out = NULL;
	rc = resolve_keys(&s, err);
	if (rc)
		goto out;
	rc = rooted(&s, "/etc/ssh/sshd_config", 0, &s.conf_path, err);
	if (rc == -ENOENT) {
		/* no /etc/ssh at all: sshd's defaults, nothing to read */
		cm_err_clear(err);
		rc = 0;
	}
	if (rc)
		goto out;
	if (s.conf_path && access(s.conf_path, F_OK) == 0) {
		rc = cm_read_file(s.conf_path, AK_MAX, &text, &len, err);
		if (rc)
			goto out;
	}
	rc = rs_sshd_conf_parse(text ? text : "", &s.conf);
	free(text);
	if (rc) {
		rc = cm_err_set(err, rc, "out of memory");
		goto out;
	}
	rc = r->n_authorized_keys ? files_from_globs(&s, err)
				  : files_from_passwd(&s, err);
	for (size_t i = 0; !rc && i < s.n_files; i++)
		rc = edit_file(&s, &s.files[i], err);
	if (!rc)
		rc = lockout_guard(&s, err);
	if (!rc)
		rc = prepare_krl(&s, err);
	if (rc || r->plan_only)
		goto done;
	s.chk = (struct rs_sshd_check){
		.mode = r->sshd_check,
		.dead_box = r->dead_box,
		.sshd = r->sshd_path,
		.conf = s.conf_path,
	};
	rc = rs_sshd_check_before(&s.chk, err);
	if (rc)
		goto done;
	rc = backups(&s, err);
	if (rc)
		goto done;
	/* a crash in an earlier run left temporaries beside the files */
	for (size_t i = 0; i < s.n_files; i++)
		if (s.files[i].changed)
			cm_atomic_sweep(s.files[i].path);
	if (s.krl_new)
		cm_atomic_sweep(s.krl_path);
	for (; files_done < s.n_files && !rc; files_done++)
		if (s.files[files_done].changed)
			rc = cm_atomic_replace_file(
				s.files[files_done].path,
				s.files[files_done].new_text,
				strlen(s.files[files_done].new_text), 0600,
				err);
	if (!rc)
		cm_hook_fault("ssh-after-files");
	if (!rc && s.krl_new) {
		/* sshd re-reads RevokedKeys per login: replace, never edit */
		rc = cm_atomic_replace_file(s.krl_path, s.krl_new,
					    s.krl_new_len, 0644, err);
		krl_done = !rc;
	}
	if (!rc)
		rc = rs_sshd_check_after(&s.chk, &sshd_status, err);
	if (rc) {
		struct cm_err e2 = {0};
		bool changed = krl_done;
		char *m = NULL;

		for (size_t i = 0; i < files_done; i++)
			changed = changed || s.files[i].changed;
		if (rollback(&s, files_done, krl_done, &e2)) {
			cm_err_wrap(err, "%s", e2.msg);
		} else if (asprintf(&m, "%s; %s", err->msg,
				    changed ? "every file was rolled back"
					    : "nothing had been changed") > 0) {
			cm_err_setk(err, err->code, err->kind, "%s", m);
			free(m);
		}
	}
done:
	if (!rc)
		*out = describe(&s, sshd_status);
	else
		json_decref(sshd_status);
	if (!rc && !*out)
		rc = cm_err_set(err, -ENOMEM, "out of memory");
out:
	rev_release(&s);
	return rc;
}
