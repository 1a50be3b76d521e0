// SPDX-License-Identifier: Apache-2.0
/*
 * The orchestrator of one erase job: the plan, and the run that ties the
 * guard, the method, the checkpointed overwrite and its verification (or
 * the drive's Purge), the certificate and the job's outcome together.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "cm_file.h"
#include "cm_json.h"
#include "cm_random.h"
#include "cm_time.h"
#include "wp_checkpoint.h"
#include "wp_erase.h"
#include "wp_guard.h"
#include "wp_overwrite.h"
#include "wp_purge.h"

/* Resolve the requested method for this device: the method and, for
 * overwrite, the pattern. Unsupported purge methods fail here, before
 * anything is sent. */
static int resolve_method(const char *target, const struct wp_caps *caps,
			  const struct wp_method_req *req,
			  const struct wp_method **m, struct wp_pattern *pat,
			  struct cm_err *err)
{
	struct wp_method_req r = *req;

	if (r.id == WP_M_AUTO)
		wp_method_request(wp_purge_auto(caps), &r);
	*m = wp_method_get(r.id);
	if (!*m)
		return cm_err_setk(err, -EINVAL, CM_ERR_SOFTWARE,
				   "no method of id %d", (int)r.id);
	if (wp_method_is_overwrite(r.id)) {
		*pat = r.pattern;
		return 0;
	}
	if (!caps->supported[r.id])
		return cm_err_setk(err, -EOPNOTSUPP, CM_ERR_UNAVAILABLE,
				   "'%s' does not support %s: %s", target,
				   (*m)->name,
				   caps->unsupported_reason[r.id]
					   ? caps->unsupported_reason[r.id]
					   : "the device does not report it");
	return 0;
}

int wp_erase_plan(struct wp_job *job, const struct wp_erase_opts *o,
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
	rc = resolve_method(job->target, &caps, &o->method, &m, &pat, err);
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

/* ---- the Clear path: a checkpointed overwrite, then verification ---- */

/* One session of an overwrite job. */
struct clear_run {
	struct wp_job *job;
	const struct wp_erase_opts *o;
	struct wp_dev *d;
	const struct wp_method *m;
	const struct wp_pattern *pat;
	struct wp_checkpoint *c;
	struct wp_job_result *res;
	struct wp_overwrite_opts ow;
	struct wp_overwrite_state st;
	struct wp_keystream ks;
	uint8_t key[WP_KEY_LEN];
	char pname[80];
	uint32_t lbs; /* LBAs in the unit the device reports */
};

/* The checkpoint (new, or the interrupted job's) and the key, durable
 * before the first write. */
static int overwrite_begin(struct clear_run *r, struct cm_err *err)
{
	struct wp_checkpoint *c = r->c;
	const struct wp_erase_opts *o = r->o;
	bool have_key = false;
	int rc;

	c->session_start = cm_time_now();
	r->res->started_at = c->session_start;
	c->st = &r->st;
	if (o->resume) {
		wp_checkpoint_resume_point(c, &r->ow.start_pass,
					   &r->ow.start_off,
					   &r->res->started_at);
		if (r->pat->kind == WP_PAT_RANDOM) {
			rc = wp_checkpoint_key(c, r->key, err);
			if (rc < 0)
				return rc;
			have_key = true;
		}
	} else {
		c->passes = o->passes;
		c->verify = o->verify;
		c->sample_pct = o->sample_pct;
		rc = wp_checkpoint_start(c, &r->job->info,
					 r->m->id == WP_M_PATTERN ? r->pname
								  : r->m->name,
					 r->res->started_at, err);
		if (rc < 0)
			return rc;
	}
	c->from_pass = r->ow.start_pass;
	c->from_off = r->ow.start_off;
	if (r->pat->kind == WP_PAT_RANDOM) {
		if (!have_key) {
			rc = cm_random_bytes(r->key, sizeof(r->key), err);
			if (rc < 0)
				return rc;
		}
		rc = wp_keystream_init(&r->ks, r->key, err);
		if (rc < 0)
			return rc;
		wp_checkpoint_set_key(c, r->key);
		r->ow.ks = &r->ks;
	}
	rc = wp_checkpoint_write(c, r->ow.start_pass, r->ow.start_off, err);
	if (rc < 0)
		cm_err_wrap(err, "cannot write the checkpoint");
	return rc;
}

/* What the passes did, for the certificate: bytes, errors, details. */
static void overwrite_record(struct clear_run *r, int rc)
{
	struct wp_checkpoint *c = r->c;
	struct wp_job_result *res = r->res;
	json_t *completes;

	res->bytes_written = c->prior_bytes + r->st.bytes_written;
	res->finished_at = cm_time_now();
	res->errors = wp_checkpoint_errors(c);
	wp_checkpoint_end_session(c, r->st.pass, r->st.offset,
				  rc < 0	      ? "failed"
				  : r->st.interrupted ? "interrupted (orderly)"
						      : "completed");
	res->details = json_pack(
		"{s:i, s:s, s:o, s:s, s:{s:I, s:I, s:i}, s:O}", "passes",
		(int)c->passes, "pattern", r->pname, "keystream_cipher",
		r->pat->kind == WP_PAT_RANDOM ? json_string("AES-128-CTR")
					      : json_null(),
		"io", r->d->direct ? "O_DIRECT" : "buffered", "range",
		"first_lba", (json_int_t)0, "last_lba",
		(json_int_t)((r->d->size + r->lbs - 1) / r->lbs - 1),
		"block_size", (int)r->lbs, "sessions",
		wp_checkpoint_sessions(c));
	if (r->pat->kind == WP_PAT_RANDOM)
		json_object_set_new(
			res->details, "key_disposal",
			json_string(
				"a random key for this job, held in memory and, while the job is unfinished, in its 0600 checkpoint file; the file is removed when the job ends"));
	completes = wp_checkpoint_completes(c);
	if (completes)
		json_object_set(res->details, "completes", completes);
}

/* Verification of the last pass and the signature scan. */
static int overwrite_verify(struct clear_run *r, struct cm_err *err)
{
	struct wp_checkpoint *c = r->c;
	struct wp_job_result *res = r->res;
	struct wp_verify_opts vo = {0};
	struct wp_verify_result vr = {0};
	json_t *sigs = NULL;
	const char *vres = "failed";
	int rc, vrc, nsig;

	vo.mode = c->verify;
	vo.pct = c->sample_pct;
	vo.pattern = r->pat;
	vo.ks = r->ow.ks;
	vo.pass = c->passes - 1;
	vo.stop = r->o->stop;
	vo.progress = r->o->progress;
	vo.progress_ctx = r->job;
	if (c->verify == WP_VERIFY_SAMPLE) {
		rc = cm_random_bytes(&vo.seed, sizeof(vo.seed), err);
		if (rc < 0)
			return rc;
		vo.seed &= 0x1fffffffffffffULL; /* exact in JSON doubles too */
	}
	rc = 0;
	vrc = wp_verify_run(r->d, &vo, &vr, err);
	if (vrc < 0) {
		res->result = WP_RESULT_FAILED;
		set_failure(res, "verification could not read back: ",
			    err ? err->msg : "");
		goto out;
	}
	nsig = wp_verify_signatures(r->d, &sigs, err);
	if (nsig < 0) {
		res->result = WP_RESULT_FAILED;
		set_failure(res,
			    "signature scan failed: ", err ? err->msg : "");
		goto out;
	}
	res->verification = wp_verify_record(r->d, &vo, &vr, vrc, nsig, sigs,
					     r->pname, &vres);
	sigs = NULL;
	if (vr.interrupted) {
		res->result = WP_RESULT_INTERRUPTED;
		json_object_set_new(
			res->details, "stopped_at",
			json_pack("{s:s}", "phase", "verification"));
		rc = wp_checkpoint_stop(c, c->passes, r->d->size, err);
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
out:
	json_decref(sigs);
	json_decref(vr.mismatches);
	return rc;
}

/* The passes, then verification; @res says how the job ended. */
static int overwrite_session(struct clear_run *r, struct cm_err *err)
{
	struct wp_job_result *res = r->res;
	int rc;

	rc = overwrite_begin(r, err);
	if (rc < 0)
		return rc;
	r->ow.pattern = *r->pat;
	r->ow.passes = r->c->passes;
	r->ow.stop = r->o->stop;
	r->ow.progress = r->o->progress;
	r->ow.progress_ctx = r->job;
	r->ow.checkpoint = wp_checkpoint_tick;
	r->ow.checkpoint_ctx = r->c;
	r->ow.lba_size = r->lbs;
	r->ow.unwritten = &r->job->unwritten;
	rc = wp_overwrite_run(r->d, &r->ow, &r->st, err);
	overwrite_record(r, rc);
	if (rc < 0) {
		res->result = WP_RESULT_FAILED;
		set_failure(res, "", err ? err->msg : "write failed");
		return rc;
	}
	if (r->st.interrupted) {
		res->result = WP_RESULT_INTERRUPTED;
		json_object_set_new(res->details, "stopped_at",
				    json_pack("{s:i, s:I}", "pass",
					      (int)r->st.pass + 1, "offset",
					      (json_int_t)r->st.offset));
		return wp_checkpoint_stop(r->c, r->st.pass, r->st.offset, err);
	}
	if (json_array_size(res->errors)) {
		/* this session's or an earlier one's: never silently passed */
		res->result = WP_RESULT_FAILED;
		set_failure(
			res, "",
			"some blocks could not be written: see sanitization.errors");
		return 0;
	}
	return overwrite_verify(r, err);
}

/*
 * A host overwrite of @d with @pat. From here on the device may be
 * changed: the job is certified whatever happens (*@certify).
 */
static int run_overwrite(struct wp_job *job, struct wp_dev *d,
			 const struct wp_caps *caps, const struct wp_method *m,
			 const struct wp_pattern *pat, struct wp_checkpoint *c,
			 const struct wp_erase_opts *o,
			 struct wp_job_result *res, bool *certify,
			 struct cm_err *err)
{
	struct clear_run r = {.job = job,
			      .o = o,
			      .d = d,
			      .m = m,
			      .pat = pat,
			      .c = c,
			      .res = res};
	bool whole;
	int rc;

	rc = cm_mkdirs(o->state_dir, 0700, err);
	if (rc < 0)
		return rc;
	*certify = true;
	/* a hidden area the host cannot reach is not erased */
	whole = wp_purge_hidden_areas(d, caps, o->remove_hpa, true, res);
	wp_pattern_name(pat, r.pname, sizeof(r.pname));
	res->category = WP_CAT_CLEAR; /* host overwrite: never Purge */
	r.lbs = job->info.logical_block ? job->info.logical_block
					: d->logical_block;
	rc = overwrite_session(&r, err);
	c->st = NULL;
	json_decref(r.st.bad_ranges);
	wp_keystream_release(&r.ks);
	OPENSSL_cleanse(r.key, sizeof(r.key));
	if (rc == 0 && !whole && res->result == WP_RESULT_SUCCESS) {
		res->result = WP_RESULT_FAILED;
		set_failure(
			res, "",
			"the visible area was overwritten and verified, but a hidden area (HPA or DCO) was not: rerun with --remove-hpa for an HPA, or use a Purge method");
	}
	return rc;
}

/* ---- the Purge path: the drive's own command ---- */

static int run_purge(struct wp_dev *d, const struct wp_caps *caps,
		     const struct wp_method *m, const struct wp_erase_opts *o,
		     struct wp_job_result *res, bool *certify,
		     struct cm_err *err)
{
	struct wp_purge_opts po = {.remove_hpa = o->remove_hpa,
				   .stop = (volatile int *)o->stop,
				   .sample_pct = o->sample_pct};
	int rc;

	rc = cm_random_bytes(&po.seed, sizeof(po.seed), err);
	if (rc < 0)
		return rc;
	po.seed &= 0x1fffffffffffffULL;
	res->category = m->category;
	res->started_at = cm_time_now();
	rc = wp_purge_run(d, m->id, caps, &po, res, err);
	if (rc < 0 && res->started_at && !res->finished_at && rc != -EOPNOTSUPP)
		res->finished_at = cm_time_now();
	*certify = rc == 0;
	return rc;
}

/* ---- the end of a job ---- */

/*
 * A certificate for what was done, whatever the outcome; then the
 * checkpoint is kept (interrupted) or removed. Fails with CANTCREAT.
 */
static int certify_job(struct wp_job *job, const struct wp_erase_opts *o,
		       const struct wp_caps *caps,
		       const struct wp_job_result *res, struct wp_checkpoint *c,
		       struct cm_err *err)
{
	struct cm_err cerr;
	json_t *cert = NULL;
	int rc;

	cm_err_clear(&cerr);
	rc = wp_cert_build(o->identity, &job->info, caps, &o->meta, res, &cert,
			   &cerr);
	if (rc == 0)
		rc = wp_cert_issue(o->identity, o->cert_dir, cert,
				   &job->cert_path, job->cert_sha256, &cerr);
	if (rc < 0) {
		*err = cerr;
		cm_err_wrap(
			err,
			"the erase ran but its certificate could not be written");
		err->kind = CM_ERR_CANTCREAT;
		/* a finished job's checkpoint holds a key: remove it */
		if (res->result != WP_RESULT_INTERRUPTED)
			wp_checkpoint_remove(c);
	} else if (res->result == WP_RESULT_INTERRUPTED) {
		wp_checkpoint_keep(c, cm_json_get_str(cert, "id"),
				   job->cert_sha256);
	} else {
		wp_checkpoint_remove(c);
	}
	json_decref(cert);
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

/* The certified outcome into @job: result, verification, error kind. */
static int set_outcome(struct wp_job *job, const struct wp_job_result *res)
{
	struct cm_err *err = &job->err;
	enum cm_err_kind kind = outcome_of(res);

	job->result = res->result;
	if (res->verification)
		snprintf(job->verification, sizeof(job->verification), "%s",
			 cm_json_get_str(res->verification, "result") ?: "?");
	if (res->result != WP_RESULT_SUCCESS && res->failure_reason)
		return cm_err_setk(err, -EIO, kind, "%s", res->failure_reason);
	if (res->result == WP_RESULT_INTERRUPTED)
		return cm_err_setk(
			err, -EINTR, kind,
			"interrupted: resume with 'wipe erase --resume %s'",
			job->target);
	if (kind == CM_ERR_NONE) {
		cm_err_clear(err);
		return 0;
	}
	/* failed before it had a reason of its own: what stopped it */
	err->kind = kind;
	if (!err->code)
		err->code = -EIO;
	return err->code;
}

int wp_erase_run(struct wp_job *job, const struct wp_erase_opts *o)
{
	struct cm_err *err = &job->err;
	struct wp_dev *d = NULL;
	struct wp_caps caps;
	struct wp_job_result res;
	struct wp_checkpoint c = {0};
	const struct wp_method *m = NULL;
	struct wp_pattern pat;
	const struct wp_method_req *req = &o->method;
	bool certify = false;
	int rc;

	wp_caps_init(&caps);
	wp_job_result_init(&res);
	cm_err_clear(err);
	snprintf(job->verification, sizeof(job->verification), "not-run");
	rc = wp_guard_open(job, &d, err);
	if (rc < 0)
		goto out;
	rc = wp_caps_probe(d, &caps, err);
	if (rc < 0)
		goto out;
	rc = wp_checkpoint_init(&c, o->state_dir, &job->info, err);
	if (rc < 0)
		goto out;
	if (o->resume) {
		rc = wp_checkpoint_load(&c, o->state_dir, &job->info, err);
		if (rc < 0)
			goto out;
		req = &c.method;
	}
	rc = resolve_method(job->target, &caps, req, &m, &pat, err);
	if (rc < 0)
		goto out;
	job->method_name = m->name;
	res.method = m;
	if (wp_method_is_overwrite(m->id))
		rc = run_overwrite(job, d, &caps, m, &pat, &c, o, &res,
				   &certify, err);
	else
		rc = run_purge(d, &caps, m, o, &res, &certify, err);
	if (rc < 0 && !certify)
		goto out;
	if (rc < 0 && res.result != WP_RESULT_FAILED) {
		res.result = WP_RESULT_FAILED;
		set_failure(&res, "", err->msg);
	}
	rc = certify_job(job, o, &caps, &res, &c, err);
	if (rc == 0)
		rc = set_outcome(job, &res);
	goto done;
out:
	/* refused or failed before anything was written: its own kind */
	if (err->kind == CM_ERR_NONE)
		err->kind = cm_err_kind(err);
done:
	wp_checkpoint_release(&c);
	wp_job_result_release(&res);
	wp_caps_release(&caps);
	wp_dev_release(d);
	return rc;
}
