// SPDX-License-Identifier: Apache-2.0
/* The job record and the outcome of one erase job. */
#include <stdlib.h>
#include <string.h>

#include "wp_job.h"

const char *wp_result_name(enum wp_result r)
{
	switch (r) {
	case WP_RESULT_SUCCESS:
		return "success";
	case WP_RESULT_FAILED:
		return "failed";
	default:
		return "interrupted";
	}
}

void wp_job_result_init(struct wp_job_result *r)
{
	memset(r, 0, sizeof(*r));
	r->result = WP_RESULT_FAILED;
}

void wp_job_result_release(struct wp_job_result *r)
{
	if (!r)
		return;
	free(r->failure_reason);
	json_decref(r->details);
	json_decref(r->errors);
	json_decref(r->device_status);
	json_decref(r->verification);
	json_decref(r->hidden_areas);
	memset(r, 0, sizeof(*r));
}

void wp_job_release(struct wp_job *job)
{
	if (!job)
		return;
	free(job->cert_path);
	job->cert_path = NULL;
}
