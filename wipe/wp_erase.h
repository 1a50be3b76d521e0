/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One erase job on one target, end to end, after the guard: the plan (dry
 * run), then the run: a guarded open, the method resolved for the device,
 * a checkpointed overwrite and its verification or the drive's own Purge,
 * and a certificate (also for failures and interruptions). Several jobs
 * run in parallel threads; nothing here prints or decides an exit code.
 */
#ifndef SANITAS_WP_ERASE_H
#define SANITAS_WP_ERASE_H

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>

#include "cm_err.h"
#include "cm_identity.h"
#include "wp_cert.h"
#include "wp_job.h"
#include "wp_method.h"
#include "wp_ring.h"
#include "wp_verify.h"

/* What the caller asked for, already parsed into types. */
struct wp_erase_opts {
	struct wp_method_req method; /* WP_M_AUTO: the strongest supported */
	unsigned passes;
	enum wp_verify_mode verify;
	double sample_pct;
	bool force_unsafe;
	bool remove_hpa;
	bool resume; /* method, passes and verification from the checkpoint */
	const char *state_dir; /* checkpoints */
	const char *cert_dir;
	const struct cm_identity *identity;
	struct wp_cert_meta meta;
	volatile sig_atomic_t *stop;
	wp_progress_fn progress; /* ctx = the job */
};

/*
 * The plan for @job (inspected by wp_guard_check()) as JSON: method
 * resolved, category, passes, verify, checkpoint found. Never writes.
 * *@out: new reference.
 */
int wp_erase_plan(struct wp_job *job, const struct wp_erase_opts *o,
		  json_t **out, struct cm_err *err);

/*
 * Run @job (inspected by wp_guard_check()). Returns 0 when it erased and
 * verified, else a negative errno; job->err then holds the message and the
 * kind (NEGATIVE: verification found data, INTERRUPTED, UNAVAILABLE,
 * TEMPFAIL, CANTCREAT: no certificate, IOERR, ...). job->result,
 * verification and cert_path say what the certificate says.
 */
int wp_erase_run(struct wp_job *job, const struct wp_erase_opts *o);

#endif
