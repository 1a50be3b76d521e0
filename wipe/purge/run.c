// SPDX-License-Identifier: Apache-2.0
/*
 * Purge run: one job from hidden areas and sampling through the
 * drive's command to verification and the recorded outcome.
 *
 * Trust rules:
 *  - A sanitize is done only after an observed transition: the drive was
 *    seen in progress and then successful, or its status moved from
 *    not-successful (before we sent the command) to successful. A log that
 *    says "success" both before and after, with nothing in between, is a
 *    drive that never ran (or a stale log) and is a failure.
 *  - Polling stops at a timeout derived from the drive's estimate, and
 *    earlier when progress stops moving (stuck).
 *  - ATA SECURITY ERASE needs a password; whatever happens after it was
 *    set, it is disabled again before we return.
 *  - Before a crypto or block erase, seeded samples are hashed; afterwards
 *    every sampled block that held data must differ, and libblkid must
 *    find no signature. Overwrite-type erases are read back against the
 *    pattern.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <time.h>

#include "cm_hash.h"
#include "purge/ata.h"
#include "purge/luks.h"
#include "purge/nvme.h"
#include "purge/run.h"
#include "purge/scsi.h"
#include "purge/verify.h"
#include "wp_purge.h"

void wp_purge_timeouts(uint32_t estimate_secs, uint64_t bytes,
		       uint64_t *timeout_secs, uint64_t *stall_secs)
{
	/* no estimate: as hdparm, 1 s per 30 MB plus 30 minutes */
	uint64_t by_size = bytes / 30000000u + 1800;

	if (estimate_secs)
		*timeout_secs = (uint64_t)estimate_secs * 2 + 600;
	else
		*timeout_secs = by_size;
	/* progress that does not move for a quarter of that (at least ten
	 * minutes) means a stuck drive */
	*stall_secs = *timeout_secs / 4;
	if (*stall_secs < 600)
		*stall_secs = 600;
}

/* ---- clock ---- */

static uint64_t real_now_ms(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void real_sleep_ms(void *ctx, uint32_t ms)
{
	struct timespec ts = {.tv_sec = ms / 1000,
			      .tv_nsec = (long)(ms % 1000) * 1000000};

	(void)ctx;
	nanosleep(&ts, NULL);
}

__attribute__((format(printf, 2, 3))) void wp_purge_fail(struct wp_purge_ctx *r,
							 const char *fmt, ...)
{
	va_list ap;

	if (r->failed)
		return;
	r->failed = true;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
}

bool wp_purge_stopped(const struct wp_purge_ctx *r)
{
	return r->o && r->o->stop && *r->o->stop;
}

void wp_purge_record_poll(struct wp_purge_ctx *r, json_t *sample, bool force)
{
	size_t n = json_array_size(r->polls);

	/* keep the first 8 and the last: enough to show the transition */
	if (n < 8 || force)
		json_array_append_new(r->polls, sample);
	else {
		json_array_set_new(r->polls, n - 1, sample);
	}
}

int wp_purge_run(struct wp_dev *d, enum wp_method_id m,
		 const struct wp_caps *caps, const struct wp_purge_opts *opts,
		 struct wp_job_result *res, struct cm_err *err)
{
	static const struct wp_purge_opts defaults;
	const struct wp_method *meth = wp_method_get(m);
	struct wp_purge_samples s = {0};
	struct wp_purge_ctx r = {0};
	enum wp_purge_verify_kind vk = WP_PURGE_V_DIFF;
	uint8_t pattern = 0;
	bool covered = true, verified = false, sampled = false;
	int rc = 0;

	if (!meth || meth->category != WP_CAT_PURGE || m == WP_M_AUTO)
		return cm_err_setk(err, -EINVAL, CM_ERR_SOFTWARE,
				   "'%s' is not a Purge method",
				   meth ? meth->name : "?");
	if (!caps->supported[m])
		return cm_err_setk(err, -EOPNOTSUPP, CM_ERR_UNAVAILABLE,
				   "'%s' does not support %s: %s", d->path,
				   meth->name,
				   caps->unsupported_reason[m]
					   ? caps->unsupported_reason[m]
					   : "not supported");
	r.d = d;
	r.m = m;
	r.caps = caps;
	r.o = opts ? opts : &defaults;
	r.res = res;
	r.err = err;
	r.now = r.o->now_ms ? r.o->now_ms : real_now_ms;
	r.sleep = r.o->sleep_ms ? r.o->sleep_ms : real_sleep_ms;
	r.poll_ms = r.o->poll_ms ? r.o->poll_ms : 1000;
	r.status = json_object();
	r.polls = json_array();
	res->method = meth;
	res->category = meth->category;
	res->started_at = time(NULL);
	json_decref(res->details);
	res->details = json_pack("{s:s, s:s}", "command", meth->description,
				 "technique", meth->technique);

	covered = wp_purge_hidden_areas(d, caps, r.o->remove_hpa, false, res);

	switch (m) {
	case WP_M_NVME_SANITIZE_OVERWRITE:
	case WP_M_ATA_SANITIZE_OVERWRITE:
	case WP_M_SCSI_SANITIZE_OVERWRITE:
		vk = WP_PURGE_V_PATTERN;
		pattern = 0x00;
		json_object_set_new(res->details, "pattern",
				    json_string("0x00000000"));
		json_object_set_new(res->details, "passes", json_integer(1));
		break;
	case WP_M_NVME_FORMAT_ERASE:
	case WP_M_ATA_SECURE_ERASE:
		vk = WP_PURGE_V_DEALLOC;
		break;
	default:
		vk = WP_PURGE_V_DIFF;
		break;
	}

	if (m != WP_M_LUKS_ERASE) {
		rc = wp_purge_sample_plan(&r, &s);
		if (rc == 0)
			rc = wp_purge_sample_hash(&r, &s, false);
		if (rc < 0) {
			rc = cm_err_set(
				err, rc,
				"cannot read the before-erase samples of '%s': %s",
				d->path, strerror(-rc));
			goto out_err;
		}
		sampled = true;
	}
	if (wp_purge_stopped(&r)) {
		r.interrupted = true;
		wp_purge_fail(&r, "interrupted before the erase started");
		goto done;
	}

	switch (m) {
	case WP_M_NVME_SANITIZE_CRYPTO:
		rc = wp_purge_nvme_sanitize(&r, WP_NVME_SANACT_CRYPTO);
		break;
	case WP_M_NVME_SANITIZE_BLOCK:
		rc = wp_purge_nvme_sanitize(&r, WP_NVME_SANACT_BLOCK);
		break;
	case WP_M_NVME_SANITIZE_OVERWRITE:
		rc = wp_purge_nvme_sanitize(&r, WP_NVME_SANACT_OVERWRITE);
		break;
	case WP_M_NVME_FORMAT_CRYPTO:
		rc = wp_purge_nvme_format(&r, WP_NVME_SES_CRYPTO);
		break;
	case WP_M_NVME_FORMAT_ERASE:
		rc = wp_purge_nvme_format(&r, WP_NVME_SES_USER_DATA);
		break;
	case WP_M_ATA_SANITIZE_CRYPTO:
		rc = wp_purge_ata_sanitize(&r, WP_ATA_SAN_CRYPTO);
		break;
	case WP_M_ATA_SANITIZE_BLOCK:
		rc = wp_purge_ata_sanitize(&r, WP_ATA_SAN_BLOCK);
		break;
	case WP_M_ATA_SANITIZE_OVERWRITE:
		rc = wp_purge_ata_sanitize(&r, WP_ATA_SAN_OVERWRITE);
		break;
	case WP_M_ATA_SECURE_ERASE:
		rc = wp_purge_ata_secure_erase(&r, false);
		break;
	case WP_M_ATA_SECURE_ERASE_ENHANCED:
		rc = wp_purge_ata_secure_erase(&r, true);
		break;
	case WP_M_SCSI_SANITIZE_CRYPTO:
		rc = wp_purge_scsi_sanitize(&r, WP_SCSI_SAN_CRYPTO);
		break;
	case WP_M_SCSI_SANITIZE_BLOCK:
		rc = wp_purge_scsi_sanitize(&r, WP_SCSI_SAN_BLOCK);
		break;
	case WP_M_SCSI_SANITIZE_OVERWRITE:
		rc = wp_purge_scsi_sanitize(&r, WP_SCSI_SAN_OVERWRITE);
		break;
	case WP_M_BLK_SECURE_DISCARD:
		rc = wp_dev_discard(d, 0, d->size, true);
		json_object_set_new(r.status, "ioctl",
				    json_pack("{s:s, s:i}", "request",
					      "BLKSECDISCARD", "result",
					      (json_int_t)rc));
		json_object_set_new(r.status, "completion",
				    json_string("synchronous"));
		if (rc == -EOPNOTSUPP) {
			rc = cm_err_setk(err, -EOPNOTSUPP, CM_ERR_UNAVAILABLE,
					 "'%s' does not support secure discard",
					 d->path);
			goto out_err;
		}
		if (rc < 0)
			wp_purge_fail(&r, "BLKSECDISCARD failed: %s",
				      strerror(-rc));
		rc = 0;
		break;
	case WP_M_LUKS_ERASE:
		rc = wp_purge_luks_erase(&r);
		verified = !r.failed;
		break;
	default:
		rc = cm_err_setk(err, -EINVAL, CM_ERR_SOFTWARE,
				 "no runner for '%s'", meth->name);
		goto out_err;
	}
	if (rc < 0)
		goto out_err;

	if (!r.failed && m != WP_M_LUKS_ERASE) {
		verified = wp_purge_verify_after(&r, &s, vk, pattern);
		if (!verified)
			wp_purge_fail(
				&r,
				"verification failed: the erase did not change what it should have");
	} else if (r.failed && sampled && m != WP_M_LUKS_ERASE) {
		char before_hex[65];

		cm_hex(s.commit_before, 32, before_hex);
		json_decref(res->verification);
		res->verification = json_pack(
			"{s:s, s:f, s:i, s:s, s:{s:s, s:I, s:s}}", "method",
			"sample", "coverage", 0.0, "samples", (json_int_t)0,
			"result", "not-run", "details", "reason",
			"the erase did not complete", "seed",
			(json_int_t)s.seed, "before_sha256", before_hex);
	}
done:
	if (!covered) {
		/* what the host could not reach was not purged */
		res->category = WP_CAT_CLEAR;
		json_object_set_new(
			res->details, "hidden_area_not_erased",
			json_string(
				"a Host Protected Area was not removed (use --remove-hpa): the hidden sectors were not sanitized"));
	}
	res->result = r.interrupted ? WP_RESULT_INTERRUPTED
		      : r.failed    ? WP_RESULT_FAILED
				    : WP_RESULT_SUCCESS;
	free(res->failure_reason);
	res->failure_reason = r.failed ? strdup(r.reason) : NULL;
	if (json_array_size(r.polls))
		json_object_set(r.status, "samples", r.polls);
	json_decref(res->device_status);
	res->device_status = r.status;
	r.status = NULL;
	res->finished_at = time(NULL);
	(void)verified;
	rc = 0;
out_err:
	json_decref(r.status);
	json_decref(r.polls);
	free(s.v);
	return rc;
}
