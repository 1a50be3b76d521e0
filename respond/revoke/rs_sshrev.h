/* SPDX-License-Identifier: Apache-2.0 */
/*
 * revoke.ssh core: remove keys from authorized_keys files and add them to
 * the KRL sshd reads (RevokedKeys), without locking everyone out.
 */
#ifndef SANITAS_RS_SSHREV_H
#define SANITAS_RS_SSHREV_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cm_err.h"

struct rs_sshrev_req {
	const char *root;	 /* "/" or the --root directory */
	const char *const *keys; /* "SHA256:..." or public key files */
	size_t n_keys;
	const char *const
		*authorized_keys; /* globs under root; NULL: sshd_config */
	size_t n_authorized_keys;
	const char *krl; /* under root; NULL: RevokedKeys */
	bool allow_lockout;
	bool plan_only;		/* describe, touch nothing */
	const char *backup_dir; /* CASE/revocations/<step> */
	const char *sshd_check; /* "auto" (live only), "always", "never" */
	bool dead_box;
	const char *sshd_path; /* default /usr/sbin/sshd */
	time_t now;
};

/*
 * Plan or run. Errors change nothing: a missing key file, an unreadable
 * authorized_keys, a malformed KRL or a KRL path that does not resolve
 * inside the root are reported before any write. Every path is resolved
 * inside r->root (cm_root.h). A user's last key is kept in that user's
 * file unless allow_lockout (listed in "lockout", and in "refused" for a
 * plan) while every other file is edited and the KRL written. `sshd -t`
 * (where enabled) runs before and after the change; only a configuration
 * it accepted before and rejects after rolls every file back.
 * *@out: new ref describing keys, files (with a unified diff), the KRL,
 * the sshd check, lockouts and warnings.
 */
int rs_sshrev(const struct rs_sshrev_req *r, json_t **out, struct cm_err *err);

#endif
