/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One erase job on one device: the job record (the target, what it was
 * when inspected, how it ended) and its outcome as the certificate states
 * it. Engines (overwrite, purge) fill the outcome; wp_cert builds the
 * certificate from it.
 */
#ifndef SANITAS_WP_JOB_H
#define SANITAS_WP_JOB_H

#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "cm_err.h"
#include "wp_discover.h"
#include "wp_method.h"

enum wp_result {
	WP_RESULT_SUCCESS,
	WP_RESULT_FAILED,
	WP_RESULT_INTERRUPTED,
};

const char *wp_result_name(enum wp_result r);

struct wp_job_result {
	enum wp_result result;
	const struct wp_method *method;
	enum wp_category category; /* may differ from method's: a purge
					   that could not cover hidden areas */
	time_t started_at;
	time_t finished_at;
	uint64_t bytes_written;
	char *failure_reason;	  /* owned, NULL on success */
	json_t *details;	  /* owned: sanitization.details object */
	json_t *errors;		  /* owned: array of LBA ranges
					   {"first_lba","last_lba","error"} */
	json_t *device_status;	  /* owned: raw status words, or NULL */
	json_t *verification;	  /* owned: {"method","coverage",
					   "samples","result","details"} */
	json_t *hidden_areas;	  /* owned: media.hidden_areas, or NULL */
	uint64_t native_capacity; /* 0 when unknown */
};

void wp_job_result_init(struct wp_job_result *r);
void wp_job_result_release(struct wp_job_result *r);

/* The record of one job, from the guard's inspection to its certificate. */
struct wp_job {
	const char *target;	/* borrowed */
	struct wp_devinfo info; /* as inspected before confirmation */
	bool probed;
	/* what the path named at inspection: the same must be opened */
	bool is_block;
	dev_t rdev;   /* block devices */
	dev_t fs_dev; /* image files */
	ino_t ino;
	char diskseq[32];  /* the kernel's disk sequence number */
	bool force_unsafe; /* --force-unsafe: re-checked before writing */
	/* outcome */
	const char *method_name; /* what ran (static) */
	enum wp_result result;
	char verification[16]; /* passed|failed|not-run|interrupted */
	char *cert_path;       /* owned */
	char cert_sha256[65];
	struct cm_err err; /* why it failed, with its kind, if it did */
	void *user;	   /* for the progress callback */
	/* bytes this session could not write so far: read while it runs */
	atomic_uint_least64_t unwritten;
};

/* Frees what @job owns (not the target). Accepts NULL. */
void wp_job_release(struct wp_job *job);

#endif
