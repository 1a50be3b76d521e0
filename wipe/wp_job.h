/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The outcome of one erase job on one device: what the certificate says.
 * Engines (overwrite, purge) fill it; wp_cert builds the certificate.
 */
#ifndef SANITAS_WP_JOB_H
#define SANITAS_WP_JOB_H

#include <jansson.h>
#include <stdint.h>
#include <time.h>

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

#endif
