/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One erase job on one target, end to end: guard, identity re-check,
 * method choice, overwrite or purge, verification, signature scan,
 * certificate (also for failures and interruptions), checkpoint/resume.
 * Several jobs run in parallel threads; nothing here prints.
 */
#ifndef SANITAS_WP_ERASE_H
#define SANITAS_WP_ERASE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "cm_err.h"
#include "cm_identity.h"
#include "wp_caps.h"
#include "wp_cert.h"
#include "wp_discover.h"
#include "wp_engine.h"
#include "wp_method.h"

struct wp_erase_opts {
	const char *method; /* "auto", "zero", "pattern:..", purge */
	unsigned passes;
	enum wp_verify_mode verify;
	double sample_pct;
	bool force_unsafe;
	bool remove_hpa;
	bool resume;
	const char *state_dir; /* checkpoints */
	const char *cert_dir;
	const struct cm_identity *identity;
	struct wp_cert_meta meta;
	volatile sig_atomic_t *stop;
	wp_progress_fn progress; /* ctx = the job */
};

struct wp_erase_job {
	const char *target;	/* borrowed */
	struct wp_devinfo info; /* as inspected before confirmation */
	bool probed;
	/* what the path named at inspection: the same must be opened */
	bool is_block;
	dev_t rdev;   /* block devices */
	dev_t fs_dev; /* image files */
	ino_t ino;
	char diskseq[32]; /* the kernel's disk sequence number */
	/* outcome */
	enum cm_err_kind outcome; /* CM_ERR_NONE: success */
	const char *method_name;  /* what ran (static) */
	enum wp_result result;
	char verification[16]; /* passed|failed|not-run|interrupted */
	char *cert_path;       /* owned */
	char cert_sha256[65];
	struct cm_err err; /* why it failed, if it did */
	void *user;	   /* for the progress callback */
};

/*
 * Inspect @job->target and decide whether it may be erased: fills
 * job->info; returns 0 if allowed, else a negative errno with the kind
 * pinned in @err (TEMPFAIL in use/system, NOPERM read-only, NOINPUT missing).
 */
int wp_erase_guard(struct wp_erase_job *job, const struct wp_erase_opts *o,
		   struct cm_err *err);

/*
 * The plan for @job as JSON (method resolved, category, passes, verify,
 * checkpoint found). Never writes. *@out: new reference.
 */
int wp_erase_plan(struct wp_erase_job *job, const struct wp_erase_opts *o,
		  json_t **out, struct cm_err *err);

/* Run the job; the outcome is in @job (outcome, result, cert_path). */
void wp_erase_run(struct wp_erase_job *job, const struct wp_erase_opts *o);
void wp_erase_job_release(struct wp_erase_job *job);

/* The checkpoint file for a target (malloc'd), whether or not it exists. */
char *wp_checkpoint_path(const char *state_dir, const struct wp_devinfo *info);

#endif
