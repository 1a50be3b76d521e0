/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `sshd -t`: whether sshd accepts a configuration, with what it said.
 * revoke.ssh runs it before and after its change, so that a configuration
 * sshd already rejected is never taken for a failure of the change.
 */
#ifndef SANITAS_RS_SSHDTEST_H
#define SANITAS_RS_SSHDTEST_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "cm_err.h"

/* The check around one revoke.ssh change. */
struct rs_sshd_check {
	const char
		*mode; /* "auto" (NULL: live hosts only), "always", "never" */
	bool dead_box; /* --root: auto skips */
	const char *sshd; /* NULL: /usr/sbin/sshd */
	const char *conf; /* the sshd_config to test; NULL: skipped */
	bool failed_before;
	char before[256]; /* what sshd said before the change */
};

/*
 * Before the change: records whether sshd already rejects the
 * configuration. Returns 0, or a negative errno when sshd cannot be run.
 */
int rs_sshd_check_before(struct rs_sshd_check *c, struct cm_err *err);

/*
 * After the change: *@status (new ref) says what was run and what sshd
 * said. Returns -EINVAL (CM_ERR_DATAERR, the caller rolls back) only when
 * sshd accepted the configuration before the change and rejects it now;
 * a configuration rejected before and after is kept and recorded.
 */
int rs_sshd_check_after(const struct rs_sshd_check *c, json_t **status,
			struct cm_err *err);

/*
 * Run `@sshd -t -f @conf` and wait for it. Returns 0 with *@accepted set
 * and the first line sshd wrote to stderr (or how it ended) in @msg of
 * @size bytes, or a negative errno when it cannot be run.
 */
int rs_sshd_test(const char *sshd, const char *conf, bool *accepted, char *msg,
		 size_t size, struct cm_err *err);

#endif
