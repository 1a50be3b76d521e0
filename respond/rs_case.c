// SPDX-License-Identifier: Apache-2.0
/*
 * The case directory: created 0700, sealed by SHA256SUMS and its detached
 * signature.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cm_path.h"
#include "cm_atomic.h"
#include "cm_buf.h"
#include "cm_cms.h"
#include "cm_crl.h"
#include "cm_hash.h"
#include "cm_journal.h"
#include "cm_json.h"
#include "rs_case.h"
#include "rs_evidence.h"
#include "rs_evidence_verify.h"
#include "rs_util.h"
#include "cm_file.h"

#define RS_SUMS_MAX (64UL * 1024 * 1024)
/* the journal's run.start line, inputs included */
#define RS_FIRST_LINE_MAX (1024 * 1024)

/* playbook.yaml, equal to @pb when @pb is given */
static bool same_playbook(int dfd, const char *name, const void *pb,
			  size_t pb_len)
{
	char buf[65536];
	size_t off = 0;
	ssize_t n = 0;
	bool same = true;
	int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return false;
	if (!pb) {
		close(fd);
		return true;
	}
	while (same && (n = read(fd, buf, sizeof(buf))) > 0) {
		if ((size_t)n > pb_len - off ||
		    memcmp(buf, (const char *)pb + off, (size_t)n))
			same = false;
		off += (size_t)n;
	}
	close(fd);
	return same && n == 0 && off == pb_len;
}

/* custody.jsonl without one complete entry (a torn first append) */
static bool journal_unstarted(int dfd, const char *name)
{
	char buf[65536];
	ssize_t n = 0;
	bool nl = false;
	int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return false;
	while (!nl && (n = read(fd, buf, sizeof(buf))) > 0)
		nl = memchr(buf, '\n', (size_t)n) != NULL;
	close(fd);
	return !nl;
}

enum rs_case_start rs_case_start_state(const char *dir, const void *pb,
				       size_t pb_len)
{
	static const char pbname[] = "playbook.yaml";
	enum rs_case_start r = RS_CASE_EMPTY;
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st;

	if (!d)
		return RS_CASE_USED;
	while (r != RS_CASE_USED && (de = readdir(d))) {
		const char *n = de->d_name;

		if (!strcmp(n, ".") || !strcmp(n, ".."))
			continue;
		if (fstatat(dirfd(d), n, &st, AT_SYMLINK_NOFOLLOW) ||
		    !S_ISREG(st.st_mode)) {
			r = RS_CASE_USED;
		} else if (!strcmp(n, pbname)) {
			if (!same_playbook(dirfd(d), n, NULL, 0))
				r = RS_CASE_USED;
			else if (!same_playbook(dirfd(d), n, pb, pb_len))
				r = RS_CASE_OTHER_PB;
			else if (r == RS_CASE_EMPTY)
				r = RS_CASE_UNSTARTED;
		} else if ((strlen(n) == sizeof(pbname) - 1 + 10 &&
			    !strncmp(n, pbname, sizeof(pbname) - 1) &&
			    cm_atomic_is_tmp_name(n)) ||
			   (!strcmp(n, "custody.jsonl") &&
			    journal_unstarted(dirfd(d), n))) {
			if (r == RS_CASE_EMPTY)
				r = RS_CASE_UNSTARTED;
		} else {
			r = RS_CASE_USED;
		}
	}
	/* leftovers are ours only in the 0700 directory the run made */
	if (r != RS_CASE_EMPTY && r != RS_CASE_USED &&
	    (fstat(dirfd(d), &st) || st.st_uid != geteuid() ||
	     (st.st_mode & 077)))
		r = RS_CASE_USED;
	closedir(d);
	return r;
}

int rs_case_create(const char *dir, const void *pb, size_t pb_len,
		   struct cm_err *err)
{
	struct stat st;
	int rc = 0;

	if (mkdir(dir, 0700) == 0)
		return chmod(dir, 0700)
			       ? cm_err_setk(err, -errno, CM_ERR_CANTCREAT,
					     "cannot chmod '%s': %s", dir,
					     strerror(errno))
			       : 0;
	if (errno != EEXIST)
		return cm_err_setk(err, -errno, CM_ERR_CANTCREAT,
				   "cannot create case '%s': %s", dir,
				   strerror(errno));
	if (stat(dir, &st))
		return cm_err_setk(err, -errno, CM_ERR_CANTCREAT,
				   "cannot open case '%s': %s", dir,
				   strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return cm_err_setk(
			err, -ENOTDIR, CM_ERR_CANTCREAT,
			"case '%s' exists and is a %s, not a directory", dir,
			rs_mode_type(st.st_mode));
	switch (rs_case_start_state(dir, pb, pb_len)) {
	case RS_CASE_EMPTY:
	case RS_CASE_UNSTARTED:
		break;
	case RS_CASE_OTHER_PB:
		return cm_err_setk(
			err, -EEXIST, CM_ERR_CANTCREAT,
			"case '%s' holds the start of a run of another playbook (its playbook.yaml differs; no custody journal entry, nothing was collected): give a new directory, or remove '%s' and start again",
			dir, dir);
	case RS_CASE_USED:
		return cm_err_setk(
			err, -EEXIST, CM_ERR_CANTCREAT,
			"case '%s' is not empty; give a new directory (or 'respond resume --case %s')",
			dir, dir);
	}
	if (chmod(dir, 0700))
		rc = cm_err_setk(err, -errno, CM_ERR_CANTCREAT,
				 "cannot chmod '%s': %s", dir, strerror(errno));
	return rc;
}

int rs_case_write(const char *dir, const char *rel, const void *buf, size_t len,
		  struct cm_err *err)
{
	char *p = cm_path_join(dir, rel);
	int rc;

	if (!p)
		return cm_err_set(err, -ENOMEM, "out of memory");
	rc = cm_atomic_write_file(p, buf, len, 0600, err);
	free(p);
	return rc;
}

struct names {
	char **v;
	size_t n, cap;
};

static int names_add(struct names *l, const char *s)
{
	if (l->n == l->cap) {
		char **nv = realloc(l->v, (l->cap = l->cap ? l->cap * 2 : 32) *
						  sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		l->v = nv;
	}
	return (l->v[l->n] = strdup(s)) ? (int)(l->n++, 0) : -ENOMEM;
}

static void names_free(struct names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file below @dir/@rel (relative names) into @l. */
static int case_files(const char *dir, const char *rel, struct names *l,
		      bool sweep, struct cm_err *err)
{
	char *path = *rel ? cm_path_join(dir, rel) : strdup(dir);
	DIR *d = path ? opendir(path) : NULL;
	struct dirent *de;
	int rc = 0;

	if (!d) {
		rc = cm_err_setk(err, path ? -errno : -ENOMEM, CM_ERR_NOINPUT,
				 "cannot read '%s': %s", path ? path : dir,
				 strerror(errno));
		free(path);
		return rc;
	}
	while (!rc && (de = readdir(d))) {
		char sub[4096];
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "",
			 de->d_name);
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW)) {
			rc = cm_err_set(err, -errno, "cannot stat '%s': %s",
					sub, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			rc = case_files(dir, sub, l, sweep, err);
		} else if (S_ISREG(st.st_mode)) {
			if (!*rel && (!strcmp(sub, RS_CASE_SUMS) ||
				      !strcmp(sub, RS_CASE_SIG) ||
				      !strcmp(sub, RS_CASE_TSR)))
				continue;
			/* a crash's half-written temporary file is no part
			 * of the case: the seal removes it, never lists it */
			if (sweep && cm_atomic_is_tmp_name(de->d_name)) {
				if (unlinkat(dirfd(d), de->d_name, 0))
					rc = cm_err_set(
						err, -errno,
						"cannot remove the leftover '%s': %s",
						sub, strerror(errno));
				continue;
			}
			if (names_add(l, sub))
				rc = cm_err_set(err, -ENOMEM, "out of memory");
		} else {
			rc = cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
					 "'%s' in the case is a %s, not a file",
					 sub, rs_mode_type(st.st_mode));
		}
	}
	closedir(d);
	free(path);
	return rc;
}

int rs_case_seal(const char *dir, const struct cm_identity *id,
		 const json_t *known, struct cm_err *err)
{
	struct names l = {0};
	struct cm_buf buf = CM_BUF_INIT(CM_BUF_TEXT_MAX);
	char *sums = NULL, *sig = NULL, *tsr = NULL;
	int rc;

	if ((rc = case_files(dir, "", &l, true, err)))
		goto out;
	qsort(l.v, l.n, sizeof(*l.v), cmp);
	for (size_t i = 0; i < l.n; i++) {
		uint8_t md[CM_SHA256_LEN];
		char hex[CM_SHA256_HEX];
		char *p = cm_path_join(dir, l.v[i]);

		if (!p) {
			rc = cm_err_set(err, -ENOMEM, "out of memory");
			goto out;
		}
		{
			const char *k = cm_json_get_str(known, l.v[i]);

			if (k && !cm_unhex(k, md, sizeof(md)))
				rc = 0;
			else
				rc = cm_sha256_file(p, md, err);
		}
		/* the seal never leaves a case file group- or world-readable */
		if (!rc)
			chmod(p, 0600);
		free(p);
		if (rc)
			goto out;
		cm_hex(md, sizeof(md), hex);
		if (cm_buf_appendf(&buf, "%s  %s\n", hex, l.v[i])) {
			rc = cm_buf_check(&buf, "'" RS_CASE_SUMS "'", err);
			goto out;
		}
	}
	if ((rc = rs_case_write(dir, RS_CASE_SUMS, buf.p ? buf.p : "", buf.len,
				err)))
		goto out;
	sums = cm_path_join(dir, RS_CASE_SUMS);
	sig = cm_path_join(dir, RS_CASE_SIG);
	tsr = cm_path_join(dir, RS_CASE_TSR);
	if (!sums || !sig || !tsr) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	/* a token over the signature being replaced would time nothing */
	if (unlink(tsr) && errno != ENOENT) {
		rc = cm_err_setk(err, -errno, CM_ERR_IOERR,
				 "cannot remove '%s': %s", tsr,
				 strerror(errno));
		goto out;
	}
	if (id) {
		if ((rc = cm_cms_sign_file(id, sums, sig, err)))
			goto out;
		if (chmod(sig, 0600))
			rc = cm_err_setk(err, -errno, CM_ERR_IOERR,
					 "cannot chmod '%s': %s", sig,
					 strerror(errno));
	} else {
		unlink(sig);
	}
out:
	names_free(&l);
	cm_buf_release(&buf);
	free(sums);
	free(sig);
	free(tsr);
	return rc;
}

/*
 * The signer fingerprint in the journal's run.start (malloc'd), or NULL
 * when the run was unsigned or the journal does not say.
 */
static char *recorded_signer(const char *dir)
{
	char *j = cm_path_join(dir, "custody.jsonl");
	int fd = j ? open(j, O_RDONLY | O_CLOEXEC) : -1;
	char *buf = malloc(RS_FIRST_LINE_MAX), *fp = NULL, *nl;
	ssize_t n = fd >= 0 && buf
			    ? cm_read_some(fd, buf, RS_FIRST_LINE_MAX, j, NULL)
			    : -1;

	nl = n > 0 ? memchr(buf, '\n', (size_t)n) : NULL;
	if (nl) {
		json_t *e = json_loadb(buf, (size_t)(nl - buf), 0, NULL);
		const char *ev = cm_json_get_str(e, "event");
		const char *v = cm_json_get_str(
			json_object_get(json_object_get(e, "details"),
					"identity"),
			"fingerprint");

		if (v && ev && !strcmp(ev, "run.start"))
			fp = strdup(v);
		json_decref(e);
	}
	if (fd >= 0)
		close(fd);
	free(buf);
	free(j);
	return fp;
}

static int mismatch(struct cm_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int mismatch(struct cm_err *err, const char *fmt, ...)
{
	char msg[CM_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cm_err_setk(err, -EBADMSG, CM_ERR_NEGATIVE, "%s", msg);
	return 1;
}

const char *rs_case_plain_sha256(const json_t *cj, const char *rel)
{
	size_t i;
	json_t *s;

	json_array_foreach(json_object_get(cj, "steps"), i, s)
	{
		json_t *o = json_object_get(s, "outputs");
		const char *a = cm_json_get_str(o, "archive");

		if (a && !strcmp(a, rel))
			return cm_json_get_str(o, "archive_plain_sha256");
	}
	return NULL;
}

/*
 * The encrypted archive @name (listed, relative) against its encrypted
 * manifest, with @ids: 0, 1 mismatch, <0 error.
 */
static int verify_age(const char *dir, const char *name,
		      const struct cm_age_identities *ids, struct cm_err *err)
{
	char *tar = cm_path_join(dir, name), *man, *cjp;
	json_t *cj;
	int rc;

	man = tar ? malloc(strlen(tar) + 8) : NULL;
	cjp = cm_path_join(dir, "case.json");
	if (!man || !cjp) {
		free(tar);
		free(man);
		free(cjp);
		return cm_err_set(err, -ENOMEM, "out of memory");
	}
	snprintf(man, strlen(tar) + 8, "%.*s.manifest.age",
		 (int)(strlen(tar) - 12), tar);
	/* case.json is listed and was checked against SHA256SUMS above */
	cj = cm_json_load_file(cjp, 64 * 1024 * 1024, NULL);
	rc = rs_evidence_verify_age(tar, man, ids,
				    rs_case_plain_sha256(cj, name), err);
	json_decref(cj);
	free(tar);
	free(man);
	free(cjp);
	return rc;
}

static int verify_in(const char *dir, const struct cm_verify_trust *tr,
		     const struct cm_age_identities *ids, json_t **info,
		     struct cm_err *err)
{
	size_t n_sealed = 0;
	const char *ca_pem = tr->ca_pem;
	struct cm_signed_time when;
	struct cm_revocation rev;
	bool rev_checked = false;
	char *sums = cm_path_join(dir, RS_CASE_SUMS);
	char *sig = cm_path_join(dir, RS_CASE_SIG);
	char *text = NULL, *line, *save = NULL;
	struct names listed = {0}, present = {0};
	struct cm_cms_info ci;
	struct cm_err e2;
	char *recorded = NULL;
	size_t len, n_archives = 0;
	int rc;

	if (info)
		*info = NULL;
	if (!sums || !sig) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	if (access(dir, F_OK))
		return free(sums), free(sig),
		       cm_err_setk(err, -errno, CM_ERR_NOINPUT,
				   "no case at '%s': %s", dir, strerror(errno));
	if ((rc = cm_read_file(sums, RS_SUMS_MAX, &text, &len, err))) {
		rc = mismatch(err, "%s: missing or unreadable (not sealed)",
			      RS_CASE_SUMS);
		goto out;
	}
	if (access(sig, F_OK)) {
		rc = mismatch(err, "%s: missing (the case is not signed)",
			      RS_CASE_SIG);
		goto out;
	}
	cm_err_clear(&e2);
	memset(&ci, 0, sizeof(ci));
	rc = cm_cms_verify_file(sums, sig, ca_pem, &ci, &e2);
	if (rc) {
		rc = mismatch(err, "%s: signature does not verify: %s",
			      RS_CASE_SIG, e2.msg);
		goto out;
	}
	{
		char *sb = NULL;
		size_t sl = 0;

		cm_err_clear(&e2);
		rc = cm_read_file(sig, 1024 * 1024, &sb, &sl, &e2);
		if (!rc)
			rc = cm_tsa_signature_time(sig, (uint8_t *)sb, sl, &ci,
						   tr->tsa_ca_pem, &when, &e2);
		free(sb);
		if (rc) {
			rc = mismatch(err, "%s: %s", RS_CASE_TSR, e2.msg);
			goto out;
		}
	}
	if (tr->crl_pem) {
		cm_err_clear(&e2);
		rc = cm_crl_judge(tr->crl_pem, ca_pem, &ci, &when, &rev, &e2);
		if (rc < 0)
			*err = e2;
		else if (rc)
			rc = mismatch(err, "%s: %s", RS_CASE_SIG, e2.msg);
		if (rc)
			goto out;
		rev_checked = true;
	}
	/* the fingerprint the run recorded at its start: shown, never trust
	 * (whoever re-signs a case can rewrite its journal too) */
	recorded = recorded_signer(dir);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		uint8_t md[CM_SHA256_LEN];
		char hex[CM_SHA256_HEX];
		const char *name = line + 66;
		char *p;

		if (strlen(line) < 67 || line[64] != ' ' || line[65] != ' ' ||
		    strstr(name, "..") || name[0] == '/') {
			rc = mismatch(err, "%s: malformed line '%.80s'",
				      RS_CASE_SUMS, line);
			goto out;
		}
		if (names_add(&listed, name)) {
			rc = cm_err_set(err, -ENOMEM, "out of memory");
			goto out;
		}
		p = cm_path_join(dir, name);
		cm_err_clear(&e2);
		if (!p || cm_sha256_file(p, md, &e2)) {
			free(p);
			rc = mismatch(err,
				      "%s: listed but missing or unreadable",
				      name);
			goto out;
		}
		free(p);
		cm_hex(md, sizeof(md), hex);
		if (strncmp(hex, line, 64)) {
			rc = mismatch(err, "%s: sha256 does not match %s", name,
				      RS_CASE_SUMS);
			goto out;
		}
	}
	cm_err_clear(&e2);
	if ((rc = case_files(dir, "", &present, false, &e2))) {
		rc = mismatch(err, "%s", e2.msg);
		goto out;
	}
	qsort(listed.v, listed.n, sizeof(*listed.v), cmp);
	for (size_t i = 0; i < present.n; i++)
		if (!bsearch(&present.v[i], listed.v, listed.n,
			     sizeof(*listed.v), cmp)) {
			rc = mismatch(err, "%s: not listed in %s", present.v[i],
				      RS_CASE_SUMS);
			goto out;
		}
	for (size_t i = 0; i < listed.n; i++) {
		const char *name = listed.v[i];
		size_t nl = strlen(name);
		char *tar, *man;

		if (!strncmp(name, "evidence/", 9) && nl > 9 + 12 &&
		    !strcmp(name + nl - 12, ".tar.zst.age")) {
			/* encrypted: without the key, the seal is the check */
			n_sealed++;
			if (!ids || !ids->n)
				continue;
			cm_err_clear(&e2);
			rc = verify_age(dir, name, ids, &e2);
			if (rc < 0) {
				*err = e2;
				goto out;
			}
			if (rc) {
				rc = mismatch(err, "evidence/%s", e2.msg);
				goto out;
			}
			n_archives++;
			continue;
		}
		if (strncmp(name, "evidence/", 9) || nl < 9 + 9 ||
		    strcmp(name + nl - 8, ".tar.zst"))
			continue;
		tar = cm_path_join(dir, name);
		man = tar ? malloc(strlen(tar) + 2) : NULL;
		if (!man) {
			free(tar);
			rc = cm_err_set(err, -ENOMEM, "out of memory");
			goto out;
		}
		snprintf(man, strlen(tar) + 2, "%.*s.manifest",
			 (int)(strlen(tar) - 8), tar);
		cm_err_clear(&e2);
		rc = rs_evidence_verify(tar, man, &e2);
		free(tar);
		free(man);
		if (rc) {
			rc = mismatch(err, "evidence/%s", e2.msg);
			goto out;
		}
		n_archives++;
	}
	{
		char *j = cm_path_join(dir, "custody.jsonl");
		uint64_t bad = 0;

		cm_err_clear(&e2);
		rc = j ? cm_journal_verify(j, &bad, &e2) : -ENOMEM;
		free(j);
		if (rc) {
			rc = mismatch(
				err,
				"custody.jsonl: chain broken at line %llu: %s",
				(unsigned long long)bad, e2.msg);
			goto out;
		}
	}
	if (info) {
		*info = json_pack(
			"{s:s,s:s,s:s?,s:b,s:b,s:I,s:I,s:I}", "signer",
			ci.signer_subject, "signer_fingerprint",
			ci.signer_fingerprint, "recorded_fingerprint", recorded,
			"matches_recorded",
			recorded && !strcmp(recorded, ci.signer_fingerprint),
			"trusted", ci.anchored, "signing_time",
			(json_int_t)ci.signing_time, "files",
			(json_int_t)listed.n, "archives",
			(json_int_t)n_archives);
		json_object_set_new(*info, "encrypted_archives",
				    json_integer((json_int_t)n_sealed));
		json_object_set_new(*info, "plaintext_checked",
				    json_boolean(n_sealed && ids && ids->n));
		json_object_set_new(
			*info, "time_source",
			json_string(cm_time_source_name(when.source)));
		json_object_set_new(
			*info, "sealed_at",
			json_integer((json_int_t)cm_signed_time_value(&when)));
		json_object_set_new(*info, "tsa",
				    when.source == CM_TIME_TSA
					    ? json_string(when.tsa.tsa_subject)
					    : json_null());
		if (rev_checked)
			json_object_set_new(
				*info, "revocation",
				json_string(cm_revocation_name(rev.verdict)));
	}
	rc = 0;
	if (!ci.anchored)
		rc = mismatch(
			err,
			"UNTRUSTED: the case is intact, but its signer (%s, sha256 %s) is not anchored: pass --ca PEM or --identity DIR; the signer recorded at the start of the case is %s (%s)",
			ci.signer_subject, ci.signer_fingerprint,
			recorded ? recorded : "none",
			recorded && !strcmp(recorded, ci.signer_fingerprint)
				? "the same"
				: "a different one");
out:
	free(recorded);
	names_free(&listed);
	names_free(&present);
	free(text);
	free(sums);
	free(sig);
	return rc;
}

/* @path opened one component at a time: no PATH_MAX limit on its length. */
static int open_long(const char *path)
{
	int fd = open(path[0] == '/' ? "/" : ".",
		      O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char *copy, *save = NULL;

	if (fd < 0)
		return -errno;
	copy = strdup(path);
	if (!copy) {
		close(fd);
		return -ENOMEM;
	}
	for (char *c = strtok_r(copy, "/", &save); c && fd >= 0;
	     c = strtok_r(NULL, "/", &save)) {
		int next = openat(fd, c, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		int e = errno;

		close(fd);
		fd = next < 0 ? -e : next;
	}
	free(copy);
	return fd;
}

int rs_case_verify(const char *dir, const char *ca_pem, json_t **info,
		   struct cm_err *err)
{
	struct cm_verify_trust tr = {.ca_pem = ca_pem};

	return rs_case_verify_trust(dir, &tr, info, err);
}

int rs_case_verify_trust(const char *dir, const struct cm_verify_trust *tr,
			 json_t **info, struct cm_err *err)
{
	return rs_case_verify_age(dir, tr, NULL, info, err);
}

int rs_case_verify_age(const char *dir, const struct cm_verify_trust *tr,
		       const struct cm_age_identities *ids, json_t **info,
		       struct cm_err *err)
{
	char proc[64];
	int fd, rc;

	/* a case deeper than PATH_MAX is reached through its descriptor,
	 * so every name below it stays short */
	if (strlen(dir) < 1024)
		return verify_in(dir, tr, ids, info, err);
	if (info)
		*info = NULL;
	fd = open_long(dir);
	if (fd < 0)
		return cm_err_setk(err, fd, CM_ERR_NOINPUT,
				   "no case at '%.300s...%s': %s", dir,
				   dir + strlen(dir) - 200, strerror(-fd));
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	rc = verify_in(proc, tr, ids, info, err);
	close(fd);
	return rc;
}
