// SPDX-License-Identifier: Apache-2.0
/*
 * One erase job on one target, end to end: guard, method choice, overwrite
 * or purge, verification, certificate.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "cm_file.h"
#include "cm_hash.h"
#include "cm_json.h"
#include "cm_random.h"
#include "cm_time.h"
#include "wp_erase.h"
#include "wp_purge.h"
#include "wp_sample.h"

#define CHECKPOINT_SCHEMA "sanitas.checkpoint/1"

/*
 * What @path is now: device number (and the kernel's disk sequence
 * number, which changes when a loop device or a hot-plugged disk is
 * replaced) or the file's inode. Compared before writing, so a different
 * device that appears under the same name is never erased.
 */
static int pin_identity(const char *path, bool *is_block, dev_t *rdev,
			dev_t *fs_dev, ino_t *ino, char *diskseq, size_t len,
			struct cm_err *err)
{
	char sys[96], *buf = NULL;
	struct stat st;
	size_t n = 0;

	if (stat(path, &st) < 0)
		return cm_err_set(err, -errno, "cannot open '%s': %s", path,
				  strerror(errno));
	*is_block = S_ISBLK(st.st_mode);
	*rdev = st.st_rdev;
	*fs_dev = st.st_dev;
	*ino = st.st_ino;
	diskseq[0] = '\0';
	if (!*is_block)
		return 0;
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u/diskseq",
		 major(st.st_rdev), minor(st.st_rdev));
	if (cm_read_file(sys, 64, &buf, &n, NULL) == 0) {
		while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
			buf[--n] = '\0';
		snprintf(diskseq, len, "%s", buf);
		free(buf);
	}
	return 0;
}

int wp_erase_guard(struct wp_erase_job *job, const struct wp_erase_opts *o,
		   struct cm_err *err)
{
	char why[sizeof(job->info.unsafe_detail) + 64];
	unsigned u;
	int rc;

	rc = wp_devinfo_probe(job->target, &job->info, err);
	if (rc < 0)
		return rc;
	job->probed = true;
	rc = pin_identity(job->target, &job->is_block, &job->rdev, &job->fs_dev,
			  &job->ino, job->diskseq, sizeof(job->diskseq), err);
	if (rc < 0)
		return rc;
	u = job->info.unsafe;
	snprintf(why, sizeof(why), "%s",
		 job->info.unsafe_detail[0] ? job->info.unsafe_detail
					    : "unsafe");
	if (wp_unsafe_is_absolute(u))
		return cm_err_setk(
			err, -EBUSY, CM_ERR_TEMPFAIL,
			"refusing '%s': it holds the running system (%s); --force-unsafe cannot override this",
			job->target, why);
	if (u & WP_UNSAFE_READONLY)
		return cm_err_setk(err, -EROFS, CM_ERR_NOPERM,
				   "refusing '%s': read-only (%s)", job->target,
				   why);
	if ((u & (WP_UNSAFE_MOUNTED | WP_UNSAFE_SWAP | WP_UNSAFE_HOLDERS)) &&
	    !o->force_unsafe)
		return cm_err_setk(
			err, -EBUSY, CM_ERR_TEMPFAIL,
			"refusing '%s': in use: %s (unmount, swapoff or release it first; --force-unsafe overrides)",
			job->target, why);
	return 0;
}

char *wp_checkpoint_path(const char *state_dir, const struct wp_devinfo *info)
{
	char key[1024], hex[CM_SHA256_HEX], *p;
	uint8_t md[CM_SHA256_LEN];
	size_t n;

	snprintf(key, sizeof(key), "%s\n%s\n%llu", info->path, info->serial,
		 (unsigned long long)info->size);
	if (cm_sha256_buf(key, strlen(key), md, NULL) < 0)
		return NULL;
	cm_hex(md, sizeof(md), hex);
	n = strlen(state_dir) + 32;
	p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%.16s.json", state_dir, hex);
	return p;
}

/* Resolve --method for this device: the method and, for overwrite, the
 * pattern. Unsupported purge methods fail here, before anything is sent. */
static int resolve_method(const char *target, const struct wp_caps *caps,
			  const char *name, const struct wp_method **m,
			  struct wp_pattern *pat, struct cm_err *err)
{
	int rc;

	if (!strncmp(name, "pattern:", 8)) {
		*m = wp_method_get(WP_M_PATTERN);
		return wp_pattern_parse(name, pat, err);
	}
	*m = wp_method_find(name);
	if (!*m || (*m)->id == WP_M_PATTERN)
		return cm_err_setk(err, -EINVAL, CM_ERR_USAGE,
				   "unknown method '%s' (see 'wipe methods')",
				   name);
	if ((*m)->id == WP_M_AUTO)
		*m = wp_method_get(wp_purge_auto(caps));
	if (wp_method_is_overwrite((*m)->id)) {
		rc = wp_pattern_parse((*m)->name, pat, err);
		return rc;
	}
	if (!caps->supported[(*m)->id])
		return cm_err_setk(err, -EOPNOTSUPP, CM_ERR_UNAVAILABLE,
				   "'%s' does not support %s: %s", target,
				   (*m)->name,
				   caps->unsupported_reason[(*m)->id]
					   ? caps->unsupported_reason[(*m)->id]
					   : "the device does not report it");
	return 0;
}

int wp_erase_plan(struct wp_erase_job *job, const struct wp_erase_opts *o,
		  json_t **out, struct cm_err *err)
{
	struct wp_dev *d = NULL;
	struct wp_caps caps;
	const struct wp_method *m = NULL;
	struct wp_pattern pat;
	char *ck = NULL;
	int rc;

	*out = NULL;
	wp_caps_init(&caps);
	rc = wp_dev_open(job->target, 0, &d, err);
	if (rc < 0)
		return rc;
	rc = wp_caps_probe(d, &caps, err);
	if (rc < 0)
		goto out;
	rc = resolve_method(job->target, &caps, o->method, &m, &pat, err);
	if (rc < 0)
		goto out;
	ck = wp_checkpoint_path(o->state_dir, &job->info);
	*out = json_pack(
		"{s:s, s:o, s:o, s:I, s:s, s:s, s:s, s:i, s:s, s:f, s:b, s:o, s:b}",
		"device", job->target, "model",
		cm_json_str_or_null(job->info.model[0] ? job->info.model
						       : NULL),
		"serial",
		cm_json_str_or_null(job->info.serial[0] ? job->info.serial
							: NULL),
		"size_bytes", (json_int_t)job->info.size, "method", m->name,
		"category",
		wp_category_name(wp_method_is_overwrite(m->id) ? WP_CAT_CLEAR
							       : m->category),
		"technique", m->technique, "passes",
		wp_method_is_overwrite(m->id) ? (int)o->passes : 1, "verify",
		wp_verify_mode_name(o->verify), "sample_percent", o->sample_pct,
		"force_unsafe", o->force_unsafe, "checkpoint",
		cm_json_str_or_null(ck && access(ck, F_OK) == 0 ? ck : NULL),
		"writes", false);
	if (!*out)
		rc = cm_err_set(err, -ENOMEM, "out of memory");
out:
	free(ck);
	wp_caps_release(&caps);
	wp_dev_release(d);
	return rc;
}

/* ---- checkpoint ---- */

struct ow_ctx {
	struct wp_erase_job *job;
	const struct wp_erase_opts *o;
	char *ck_path;
	json_t *ck; /* the checkpoint document being kept */
	/* what earlier sessions of this job did (resume) */
	uint64_t prior_bytes;
	json_t *prior_errors;
	/* this session */
	struct wp_overwrite_state *st;
	time_t session_start;
	unsigned from_pass;
	uint64_t from_off;
	/* the job's parameters: from the flags, or from the checkpoint */
	unsigned passes;
	enum wp_verify_mode verify;
	double sample_pct;
};

static json_t *errors_so_far(const struct ow_ctx *c)
{
	json_t *all = json_array();

	if (c->prior_errors)
		json_array_extend(all, c->prior_errors);
	if (c->st && c->st->bad_ranges)
		json_array_extend(all, c->st->bad_ranges);
	return all;
}

static json_t *session_json(const struct ow_ctx *c, unsigned pass, uint64_t off,
			    time_t end, const char *stop)
{
	char a[CM_RFC3339_LEN], b[CM_RFC3339_LEN];

	cm_time_rfc3339(c->session_start, a);
	cm_time_rfc3339(end, b);
	return json_pack(
		"{s:s, s:s, s:i, s:I, s:i, s:I, s:I, s:s}", "started_at", a,
		"stopped_at", b, "from_pass", (int)c->from_pass + 1,
		"from_offset", (json_int_t)c->from_off, "to_pass",
		(int)(pass < c->passes ? pass + 1 : c->passes), "to_offset",
		(json_int_t)off, "bytes_written",
		(json_int_t)(c->st ? c->st->bytes_written : 0), "stop", stop);
}

/*
 * Everything a resume needs, durably: position, bytes, the errors so far
 * and this session (so that a crash without an orderly stop still leaves
 * an honest record of what was done).
 */
static int checkpoint_write(struct ow_ctx *c, unsigned pass, uint64_t off,
			    struct cm_err *err)
{
	json_object_set_new(c->ck, "pass", json_integer(pass));
	json_object_set_new(c->ck, "offset", json_integer((json_int_t)off));
	json_object_set_new(
		c->ck, "bytes_written",
		json_integer((json_int_t)(c->prior_bytes +
					  (c->st ? c->st->bytes_written : 0))));
	json_object_set_new(c->ck, "errors", errors_so_far(c));
	json_object_set_new(
		c->ck, "current_session",
		session_json(
			c, pass, off, cm_time_now(),
			"unclean (process ended without an orderly stop)"));
	return cm_json_write_file(c->ck, c->ck_path, 0600, err);
}

/* An orderly end of this session: it joins the job's sessions. */
static void close_session(struct ow_ctx *c, unsigned pass, uint64_t off,
			  const char *stop)
{
	json_array_append_new(json_object_get(c->ck, "sessions"),
			      session_json(c, pass, off, cm_time_now(), stop));
	json_object_del(c->ck, "current_session");
}

static void on_checkpoint(void *ctx, unsigned pass, uint64_t off)
{
	/* best effort: a missed periodic checkpoint only costs rework */
	checkpoint_write(ctx, pass, off, NULL);
}

static void on_progress(void *ctx, const char *phase, uint64_t done,
			uint64_t total)
{
	struct ow_ctx *c = ctx;

	if (c->o->progress)
		c->o->progress(c->job, phase, done, total);
}

/* ---- verification record ---- */

static json_t *signatures_json(const struct wp_signature *sigs, int n)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:I}", "type",
						   sigs[i].type, "usage",
						   sigs[i].usage, "offset",
						   (json_int_t)sigs[i].offset));
	return a;
}

/*
 * After any erase, libblkid must find nothing: read through a fresh
 * open so that no cached page of ours is consulted.
 */
static int signature_scan(struct wp_dev *d, json_t **found, struct cm_err *err)
{
	struct wp_signature sigs[16];
	int n = 0, rc;

	rc = wp_dev_drop_cache(d);
	if (rc < 0)
		return cm_err_set(err, rc, "'%s': cannot drop the cache: %s",
				  d->path, strerror(-rc));
	rc = wp_probe_signatures(d->path, sigs, 16, &n, err);
	if (rc < 0)
		return rc;
	*found = signatures_json(sigs, n);
	return n;
}

/* ---- the overwrite path ---- */

static int parse_verify_mode(const char *s, enum wp_verify_mode *m)
{
	if (!s)
		return -EINVAL;
	if (!strcmp(s, "full"))
		*m = WP_VERIFY_FULL;
	else if (!strcmp(s, "sample"))
		*m = WP_VERIFY_SAMPLE;
	else if (!strcmp(s, "none"))
		*m = WP_VERIFY_NONE;
	else
		return -EINVAL;
	return 0;
}

static int load_checkpoint(struct ow_ctx *c, struct cm_err *err)
{
	const struct wp_devinfo *info = &c->job->info;
	const char *serial;
	json_t *dev, *cur, *errs;
	json_int_t passes;

	if (access(c->ck_path, F_OK) != 0)
		return cm_err_setk(
			err, -ENOENT, CM_ERR_NOINPUT,
			"no checkpoint for '%s' in '%s': nothing to resume",
			info->path, c->o->state_dir);
	c->ck = cm_json_load_file(c->ck_path, 1 << 20, err);
	if (!c->ck)
		return err ? err->code : -EBADMSG;
	dev = json_object_get(c->ck, "device");
	serial = cm_json_get_str(dev, "serial");
	if (strcmp(cm_json_get_str(c->ck, "schema") ?: "", CHECKPOINT_SCHEMA) ||
	    !serial || strcmp(serial, info->serial) ||
	    (uint64_t)json_integer_value(json_object_get(dev, "size")) !=
		    info->size)
		return cm_err_setk(
			err, -EINVAL, CM_ERR_TEMPFAIL,
			"checkpoint '%s' does not match '%s' (serial or size differ): refusing to resume",
			c->ck_path, info->path);
	/* the interrupted job's own parameters, not today's defaults */
	passes = json_integer_value(json_object_get(c->ck, "passes"));
	if (passes < 1 || passes > 64 ||
	    parse_verify_mode(cm_json_get_str(c->ck, "verify"), &c->verify) <
		    0 ||
	    !json_is_array(json_object_get(c->ck, "sessions")))
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "checkpoint '%s' is damaged", c->ck_path);
	c->passes = (unsigned)passes;
	c->sample_pct =
		json_number_value(json_object_get(c->ck, "sample_percent"));
	c->prior_bytes = (uint64_t)json_integer_value(
		json_object_get(c->ck, "bytes_written"));
	errs = json_object_get(c->ck, "errors");
	c->prior_errors =
		json_is_array(errs) ? json_incref(errs) : json_array();
	/* a session that ended without an orderly stop still counts */
	cur = json_object_get(c->ck, "current_session");
	if (json_is_object(cur)) {
		json_array_append(json_object_get(c->ck, "sessions"), cur);
		json_object_del(c->ck, "current_session");
	}
	return 0;
}

/* failure_reason = @prefix followed by @msg */
static void set_failure(struct wp_job_result *res, const char *prefix,
			const char *msg)
{
	size_t n = strlen(prefix) + strlen(msg) + 1;

	free(res->failure_reason);
	res->failure_reason = malloc(n);
	if (res->failure_reason)
		snprintf(res->failure_reason, n, "%s%s", prefix, msg);
}

static int run_overwrite(struct wp_erase_job *job, struct wp_dev *d,
			 const struct wp_method *m, struct wp_pattern *pat,
			 struct ow_ctx *c, struct wp_job_result *res,
			 struct cm_err *err)
{
	const struct wp_erase_opts *o = c->o;
	struct wp_overwrite_opts ow = {0};
	struct wp_overwrite_state st = {0};
	struct wp_verify_opts vo = {0};
	struct wp_verify_result vr = {0};
	struct wp_keystream ks = {0};
	uint8_t key[WP_KEY_LEN];
	char pname[80], when[CM_RFC3339_LEN];
	json_t *sigs = NULL, *vdetails;
	/* LBAs in the unit the device reports, not our I/O alignment */
	uint32_t lbs = job->info.logical_block ? job->info.logical_block
					       : d->logical_block;
	int rc, nsig = 0, vrc = 0;
	bool have_key = false;

	wp_pattern_name(pat, pname, sizeof(pname));
	res->category = WP_CAT_CLEAR; /* host overwrite: never Purge */
	c->session_start = cm_time_now();
	res->started_at = c->session_start;
	c->st = &st;
	if (o->resume) {
		const char *hk = cm_json_get_str(c->ck, "key");
		time_t t0;

		ow.start_pass = (unsigned)json_integer_value(
			json_object_get(c->ck, "pass"));
		ow.start_off = (uint64_t)json_integer_value(
			json_object_get(c->ck, "offset"));
		if (cm_time_parse(cm_json_get_str(c->ck, "started_at") ?: "",
				  &t0) == 0)
			res->started_at = t0;
		if (pat->kind == WP_PAT_RANDOM) {
			if (!hk || cm_unhex(hk, key, sizeof(key)) < 0) {
				rc = cm_err_setk(
					err, -EINVAL, CM_ERR_DATAERR,
					"checkpoint '%s' has no valid key",
					c->ck_path);
				goto out;
			}
			have_key = true;
		}
	} else {
		c->passes = o->passes;
		c->verify = o->verify;
		c->sample_pct = o->sample_pct;
		c->prior_errors = json_array();
		cm_time_rfc3339(res->started_at, when);
		c->ck = json_pack(
			"{s:s, s:{s:s, s:s, s:I, s:s}, s:s, s:i, s:s, s:f, s:s, s:n, s:[]}",
			"schema", CHECKPOINT_SCHEMA, "device", "path",
			job->info.path, "serial", job->info.serial, "size",
			(json_int_t)job->info.size, "model", job->info.model,
			"method", m->id == WP_M_PATTERN ? pname : m->name,
			"passes", (int)c->passes, "verify",
			wp_verify_mode_name(c->verify), "sample_percent",
			c->sample_pct, "started_at", when,
			"interrupted_certificate", "sessions");
		if (!c->ck) {
			rc = cm_err_set(err, -ENOMEM, "out of memory");
			goto out;
		}
	}
	c->from_pass = ow.start_pass;
	c->from_off = ow.start_off;
	if (pat->kind == WP_PAT_RANDOM) {
		char hex[2 * WP_KEY_LEN + 1];

		if (!have_key) {
			rc = cm_random_bytes(key, sizeof(key), err);
			if (rc < 0)
				goto out;
		}
		rc = wp_keystream_init(&ks, key, err);
		if (rc < 0)
			goto out;
		/* the checkpoint (0600) must hold the key to resume */
		cm_hex(key, sizeof(key), hex);
		json_object_set_new(c->ck, "key", json_string(hex));
		OPENSSL_cleanse(hex, sizeof(hex));
		ow.ks = &ks;
	}
	rc = checkpoint_write(c, ow.start_pass, ow.start_off, err);
	if (rc < 0) {
		cm_err_wrap(err, "cannot write the checkpoint");
		goto out;
	}
	ow.pattern = *pat;
	ow.passes = c->passes;
	ow.stop = o->stop;
	ow.progress = on_progress;
	ow.progress_ctx = c;
	ow.checkpoint = on_checkpoint;
	ow.checkpoint_ctx = c;
	ow.lba_size = lbs;
	rc = wp_overwrite_run(d, &ow, &st, err);
	res->bytes_written = c->prior_bytes + st.bytes_written;
	res->finished_at = cm_time_now();
	res->errors = errors_so_far(c);
	close_session(c, st.pass, st.offset,
		      rc < 0	       ? "failed"
		      : st.interrupted ? "interrupted (orderly)"
				       : "completed");
	res->details = json_pack(
		"{s:i, s:s, s:o, s:s, s:{s:I, s:I, s:i}, s:O}", "passes",
		(int)c->passes, "pattern", pname, "keystream_cipher",
		pat->kind == WP_PAT_RANDOM ? json_string("AES-128-CTR")
					   : json_null(),
		"io", d->direct ? "O_DIRECT" : "buffered", "range", "first_lba",
		(json_int_t)0, "last_lba",
		(json_int_t)((d->size + lbs - 1) / lbs - 1), "block_size",
		(int)lbs, "sessions", json_object_get(c->ck, "sessions"));
	if (pat->kind == WP_PAT_RANDOM)
		json_object_set_new(
			res->details, "key_disposal",
			json_string(
				"a random key for this job, held in memory and, while the job is unfinished, in its 0600 checkpoint file; the file is removed when the job ends"));
	if (json_object_get(c->ck, "interrupted_certificate") &&
	    !json_is_null(json_object_get(c->ck, "interrupted_certificate")))
		json_object_set(
			res->details, "completes",
			json_object_get(c->ck, "interrupted_certificate"));
	if (rc < 0) {
		res->result = WP_RESULT_FAILED;
		set_failure(res, "", err ? err->msg : "write failed");
		goto out;
	}
	if (st.interrupted) {
		res->result = WP_RESULT_INTERRUPTED;
		json_object_set_new(res->details, "stopped_at",
				    json_pack("{s:i, s:I}", "pass",
					      (int)st.pass + 1, "offset",
					      (json_int_t)st.offset));
		rc = checkpoint_write(c, st.pass, st.offset, err);
		json_object_del(c->ck, "current_session");
		if (rc == 0)
			rc = cm_json_write_file(c->ck, c->ck_path, 0600, err);
		goto out;
	}
	if (json_array_size(res->errors)) {
		/* this session's or an earlier one's: never silently passed */
		res->result = WP_RESULT_FAILED;
		set_failure(
			res, "",
			"some blocks could not be written: see sanitization.errors");
		rc = 0;
		goto out;
	}
	/* verification of the last pass */
	vo.mode = c->verify;
	vo.pct = c->sample_pct;
	vo.pattern = pat;
	vo.ks = ow.ks;
	vo.pass = c->passes - 1;
	vo.stop = o->stop;
	vo.progress = on_progress;
	vo.progress_ctx = c;
	if (c->verify == WP_VERIFY_SAMPLE) {
		rc = cm_random_bytes(&vo.seed, sizeof(vo.seed), err);
		if (rc < 0)
			goto out;
		vo.seed &= 0x1fffffffffffffULL; /* exact in JSON doubles too */
	}
	vrc = wp_verify_run(d, &vo, &vr, err);
	if (vrc < 0) {
		res->result = WP_RESULT_FAILED;
		set_failure(res, "verification could not read back: ",
			    err ? err->msg : "");
		rc = 0;
		goto out;
	}
	nsig = signature_scan(d, &sigs, err);
	if (nsig < 0) {
		res->result = WP_RESULT_FAILED;
		set_failure(res,
			    "signature scan failed: ", err ? err->msg : "");
		rc = 0;
		goto out;
	}
	vdetails = json_pack(
		"{s:s, s:I, s:I, s:O, s:o, s:s}", "expected", pname,
		"bytes_checked", (json_int_t)vr.bytes_checked,
		"mismatched_bytes", (json_int_t)vr.mismatched_bytes,
		"mismatches", vr.mismatches, "signatures_found", sigs,
		"cache_bypass",
		d->direct
			? "O_DIRECT reads after cache drop"
			: "buffered reads after BLKFLSBUF and POSIX_FADV_DONTNEED");
	sigs = NULL;
	if (c->verify == WP_VERIFY_SAMPLE) {
		json_object_set_new(vdetails, "seed",
				    json_integer((json_int_t)vo.seed));
		json_object_set_new(vdetails, "sample_percent",
				    json_real(c->sample_pct));
		json_object_set_new(vdetails, "sample_block",
				    json_integer(WP_SAMPLE_BLOCK));
		json_object_set_new(vdetails, "edges",
				    json_string("first and last MiB"));
	}
	if (vr.mismatched_bytes)
		json_object_set_new(
			vdetails, "first_mismatch",
			json_integer((json_int_t)vr.first_mismatch));
	{
		const char *vres = vr.interrupted		 ? "interrupted"
				   : vrc == 1 || nsig > 0	 ? "failed"
				   : c->verify == WP_VERIFY_NONE ? "not-run"
								 : "passed";

		res->verification = json_pack(
			"{s:s, s:o, s:o, s:s, s:o}", "method",
			wp_verify_mode_name(c->verify), "coverage",
			c->verify == WP_VERIFY_NONE
				? json_null()
				: json_real(d->size ? (double)vr.bytes_checked /
							      (double)d->size
						    : 1.0),
			"samples",
			c->verify == WP_VERIFY_NONE
				? json_null()
				: json_integer((json_int_t)vr.samples),
			"result", vres, "details", vdetails);
		if (vr.interrupted) {
			res->result = WP_RESULT_INTERRUPTED;
			json_object_set_new(
				res->details, "stopped_at",
				json_pack("{s:s}", "phase", "verification"));
			rc = checkpoint_write(c, c->passes, d->size, err);
			json_object_del(c->ck, "current_session");
			if (rc == 0)
				rc = cm_json_write_file(c->ck, c->ck_path, 0600,
							err);
			goto out;
		} else if (!strcmp(vres, "failed")) {
			res->result = WP_RESULT_FAILED;
			set_failure(
				res, "",
				nsig > 0
					? "a signature is still found on the device"
					: "verification found data that is not the written pattern");
		} else {
			res->result = WP_RESULT_SUCCESS;
		}
	}
	rc = 0;
out:
	c->st = NULL;
	json_decref(sigs);
	json_decref(vr.mismatches);
	json_decref(st.bad_ranges);
	wp_keystream_release(&ks);
	OPENSSL_cleanse(key, sizeof(key));
	return rc;
}

static enum cm_err_kind outcome_of(const struct wp_job_result *res)
{
	const char *v;

	switch (res->result) {
	case WP_RESULT_SUCCESS:
		return CM_ERR_NONE;
	case WP_RESULT_INTERRUPTED:
		return CM_ERR_INTERRUPTED;
	case WP_RESULT_FAILED:
		break;
	}
	v = res->verification ? cm_json_get_str(res->verification, "result")
			      : NULL;
	if (v && !strcmp(v, "failed"))
		return CM_ERR_NEGATIVE;
	return CM_ERR_IOERR;
}

void wp_erase_run(struct wp_erase_job *job, const struct wp_erase_opts *o)
{
	struct cm_err *err = &job->err;
	struct wp_devinfo now;
	struct wp_dev *d = NULL;
	struct wp_caps caps;
	struct wp_job_result res;
	struct ow_ctx c = {.job = job, .o = o};
	const struct wp_method *m = NULL;
	struct wp_pattern pat;
	json_t *cert = NULL;
	bool certify = false;
	int rc;

	wp_caps_init(&caps);
	wp_job_result_init(&res);
	cm_err_clear(err);
	job->outcome = CM_ERR_SOFTWARE;
	snprintf(job->verification, sizeof(job->verification), "not-run");
	rc = wp_dev_open(job->target,
			 WP_DEV_WRITE | WP_DEV_EXCL | WP_DEV_DIRECT, &d, err);
	if (rc == -EBUSY) {
		cm_err_setk(
			err, rc, CM_ERR_TEMPFAIL,
			"refusing '%s': in use (another job holds it, or the kernel refused an exclusive open: mounted, swap or claimed)",
			job->target);
		goto out;
	}
	if (rc < 0)
		goto out;
	/* the same device (or file) as inspected, not one that took its name */
	{
		bool blk;
		dev_t rdev, fsd;
		ino_t ino;
		char seq[32];
		struct stat fst;

		if (pin_identity(job->target, &blk, &rdev, &fsd, &ino, seq,
				 sizeof(seq), err) < 0 ||
		    fstat(d->fd, &fst) < 0 || blk != job->is_block ||
		    (blk ? rdev != job->rdev || fst.st_rdev != job->rdev ||
				     strcmp(seq, job->diskseq)
			 : ino != job->ino || fsd != job->fs_dev ||
				     fst.st_ino != job->ino ||
				     fst.st_dev != job->fs_dev)) {
			rc = cm_err_setk(
				err, -ESTALE, CM_ERR_TEMPFAIL,
				"refusing '%s': it is no longer the device that was inspected (device number, disk sequence or file changed)",
				job->target);
			goto out;
		}
	}
	/* identity re-check right before writing: same serial, same size */
	rc = wp_devinfo_probe(job->target, &now, err);
	if (rc < 0)
		goto out;
	if (strcmp(now.serial, job->info.serial) ||
	    now.size != job->info.size || d->size != job->info.size) {
		rc = cm_err_setk(
			err, -ESTALE, CM_ERR_TEMPFAIL,
			"refusing '%s': its identity changed since it was inspected (serial '%s' -> '%s', size %llu -> %llu)",
			job->target, job->info.serial, now.serial,
			(unsigned long long)job->info.size,
			(unsigned long long)now.size);
		goto out;
	}
	rc = wp_caps_probe(d, &caps, err);
	if (rc < 0)
		goto out;
	c.ck_path = wp_checkpoint_path(o->state_dir, &job->info);
	if (!c.ck_path) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	if (o->resume) {
		rc = load_checkpoint(&c, err);
		if (rc < 0)
			goto out;
		rc = resolve_method(job->target, &caps,
				    cm_json_get_str(c.ck, "method") ?: "?", &m,
				    &pat, err);
	} else {
		rc = resolve_method(job->target, &caps, o->method, &m, &pat,
				    err);
	}
	if (rc < 0)
		goto out;
	job->method_name = m->name;
	res.method = m;
	if (wp_method_is_overwrite(m->id)) {
		rc = cm_mkdirs(o->state_dir, 0700, err);
		if (rc < 0)
			goto out;
		bool whole;

		certify = true; /* from here on the device may be changed */
		/* a hidden area the host cannot reach is not erased */
		whole = wp_purge_hidden_areas(d, &caps, o->remove_hpa, true,
					      &res);
		rc = run_overwrite(job, d, m, &pat, &c, &res, err);
		if (rc == 0 && !whole && res.result == WP_RESULT_SUCCESS) {
			res.result = WP_RESULT_FAILED;
			set_failure(
				&res, "",
				"the visible area was overwritten and verified, but a hidden area (HPA or DCO) was not: rerun with --remove-hpa for an HPA, or use a Purge method");
		}
	} else {
		struct wp_purge_opts po = {.remove_hpa = o->remove_hpa,
					   .stop = (volatile int *)o->stop,
					   .sample_pct = o->sample_pct};

		rc = cm_random_bytes(&po.seed, sizeof(po.seed), err);
		if (rc < 0)
			goto out;
		po.seed &= 0x1fffffffffffffULL;
		res.category = m->category;
		res.started_at = cm_time_now();
		rc = wp_purge_run(d, m->id, &caps, &po, &res, err);
		if (rc < 0 && res.started_at && !res.finished_at &&
		    rc != -EOPNOTSUPP)
			res.finished_at = cm_time_now();
		certify = rc == 0;
	}
	if (rc < 0 && !certify)
		goto out;
	if (rc < 0 && res.result != WP_RESULT_FAILED) {
		res.result = WP_RESULT_FAILED;
		set_failure(&res, "", err->msg);
	}
	/* a certificate for what was done, whatever the outcome */
	{
		struct cm_err cerr;
		int crc;

		cm_err_clear(&cerr);
		crc = wp_cert_build(o->identity, &job->info, &caps, &o->meta,
				    &res, &cert, &cerr);
		if (crc == 0)
			crc = wp_cert_issue(o->identity, o->cert_dir, cert,
					    &job->cert_path, job->cert_sha256,
					    &cerr);
		if (crc < 0) {
			*err = cerr;
			cm_err_wrap(
				err,
				"the erase ran but its certificate could not be written");
			job->outcome = CM_ERR_CANTCREAT;
			/* a finished job's checkpoint holds a key: remove it */
			if (res.result != WP_RESULT_INTERRUPTED && c.ck_path &&
			    c.ck)
				unlink(c.ck_path);
			goto done;
		}
	}
	if (res.result == WP_RESULT_INTERRUPTED && c.ck) {
		/* the resumed job's certificate will name this record */
		json_object_set_new(c.ck, "interrupted_certificate",
				    json_pack("{s:s, s:s}", "id",
					      cm_json_get_str(cert, "id"),
					      "sha256", job->cert_sha256));
		cm_json_write_file(c.ck, c.ck_path, 0600, NULL);
	} else if (c.ck_path && c.ck) {
		/* done (either way): the checkpoint holds a key, remove it */
		unlink(c.ck_path);
	}
	job->result = res.result;
	if (res.verification)
		snprintf(job->verification, sizeof(job->verification), "%s",
			 cm_json_get_str(res.verification, "result") ?: "?");
	job->outcome = outcome_of(&res);
	if (res.result != WP_RESULT_SUCCESS && res.failure_reason)
		cm_err_set(err, -EIO, "%s", res.failure_reason);
	else if (res.result == WP_RESULT_INTERRUPTED)
		cm_err_set(err, -EINTR,
			   "interrupted: resume with 'wipe erase --resume %s'",
			   job->target);
	goto done;
out:
	job->outcome = cm_err_kind(err);
done:
	json_decref(cert);
	json_decref(c.prior_errors);
	json_decref(c.ck);
	free(c.ck_path);
	wp_job_result_release(&res);
	wp_caps_release(&caps);
	wp_dev_release(d);
}

void wp_erase_job_release(struct wp_erase_job *job)
{
	if (!job)
		return;
	free(job->cert_path);
	job->cert_path = NULL;
}
