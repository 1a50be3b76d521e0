// SPDX-License-Identifier: Apache-2.0
/* Helpers the revoke.x509, revoke.ssh and notify.draft actions share. */
#ifndef RS_ACT_UTIL_H
#define RS_ACT_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "cm_json.h"
#include "rs_action.h"

#define RS_ACT_MAX_LIST 256

/* True when @v is a string holding a ${...} reference. */
bool rs_act_is_ref(const json_t *v);
/* A list of strings from `with` (borrowed). -EINVAL names the key. */
int rs_act_str_list(const json_t *with, const char *key, bool required,
		    const char **out, size_t *n, struct cm_err *err);
/* CASE/@a[/@b], allocated. */
char *rs_act_case_path(const struct rs_ctx *ctx, const char *a, const char *b);
/* @path under the run's root, allocated. */
char *rs_act_rooted(const struct rs_ctx *ctx, const char *path);
/* Append @entry (borrowed) to CASE/revocations/revocations.json. */
int rs_act_record_revocation(const struct rs_ctx *ctx, json_t *entry,
			     struct cm_err *err);
/* Append @d (taken) to the run's journal as @event, if there is one. */
int rs_act_journal(const struct rs_ctx *ctx, const char *event, json_t *d,
		   struct cm_err *err);

#endif
