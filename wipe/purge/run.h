/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Purge run state shared by the protocol runners: the job being run, its
 * clock, the status it records and how it failed.
 */
#ifndef SANITAS_PURGE_RUN_H
#define SANITAS_PURGE_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "cm_err.h"
#include "cm_json.h"
#include "wp_caps.h"
#include "wp_dev.h"
#include "wp_job.h"
#include "wp_method.h"
#include "wp_purge.h"

struct wp_purge_ctx {
	struct wp_dev *d;
	enum wp_method_id m;
	const struct wp_caps *caps;
	const struct wp_purge_opts *o;
	struct wp_job_result *res;
	struct cm_err *err;
	uint64_t (*now)(void *);
	void (*sleep)(void *, uint32_t);
	uint32_t poll_ms;
	json_t *status; /* res->device_status */
	json_t *polls;	/* status samples kept (first, changes, last) */
	bool failed;
	bool interrupted;
	char reason[512];
};

/* Record the first failure reason of @r (later ones are dropped). */
__attribute__((format(printf, 2, 3))) void wp_purge_fail(struct wp_purge_ctx *r,
							 const char *fmt, ...);

/* true once SIGINT/SIGTERM asked the job to stop. */
bool wp_purge_stopped(const struct wp_purge_ctx *r);

/* Keep a status sample: the first 8, then only the last (or @force). */
void wp_purge_record_poll(struct wp_purge_ctx *r, json_t *sample, bool force);

#endif
