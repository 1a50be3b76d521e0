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
/*
 * @path as seen inside the run's root, resolved so that it stays there
 * (cm_root_resolve()): 0 with *out malloc'd, or a negative errno.
 */
int rs_act_rooted(const struct rs_ctx *ctx, const char *path, char **out,
		  struct cm_err *err);

/*
 * Journal "@action.intent" with the step, the exact change it is about to
 * make (@plan, borrowed) and whether it is resuming: written before the
 * change is made.
 */
int rs_act_journal_intent(const struct rs_ctx *ctx, const char *action,
			  const struct rs_step *step, const json_t *plan,
			  bool resuming, struct cm_err *err);
/*
 * The end of a revoke.* step: mark @outputs (borrowed) "resumed" or not
 * and append {action, step, result} to the case's revocations record.
 */
int rs_act_record_result(const struct rs_ctx *ctx, const char *action,
			 const struct rs_step *step, bool resuming,
			 json_t *outputs, struct cm_err *err);

#endif
