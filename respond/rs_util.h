/* SPDX-License-Identifier: Apache-2.0 */
/* Small helpers of the respond core: suggestions, sizes, durations, paths. */
#ifndef SANITAS_RS_UTIL_H
#define SANITAS_RS_UTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cm_err.h"
#include "rs_action.h"

/*
 * The candidate closest to @word (edit distance at most a third of its
 * length, at least 2), or NULL. Borrowed from @cands.
 */
const char *rs_did_you_mean(const char *word, const char *const *cands,
			    size_t n);

/* "123", "100K", "100M", "2G", "1T" (powers of 1024). 0 or -EINVAL. */
int rs_parse_size(const char *s, uint64_t *out);
/* "30", "30s", "5m", "2h" into seconds. 0 or -EINVAL. */
int rs_parse_duration(const char *s, unsigned *out);

/* "a" or "an", for messages about type @t. */
const char *rs_ptype_article(enum rs_ptype t);
/* The name of a parameter type ("string", "size"...). */
const char *rs_ptype_name(enum rs_ptype t);
/*
 * Does @v fit @t? Sizes accept integers and size strings; datetimes
 * RFC 3339 strings. On mismatch, returns false.
 */
bool rs_value_fits(const json_t *v, enum rs_ptype t);

/* The operator's name when no identity names one (login or uid). */
const char *rs_login_name(void);

/*
 * At a safe point of a long loop: -EINTR (exit 130) when interrupted,
 * -ETIMEDOUT when the step's timeout has passed, else 0.
 */
int rs_ctx_check(const struct rs_ctx *ctx, struct cm_err *err);

/* A with-parameter as a size (integer or "100M"), @def when absent. */
uint64_t rs_with_size(const json_t *with, const char *key, uint64_t def);

/*
 * Collection outputs: archive path, its sha256 (@sha256, or hashed from
 * the file when NULL) and manifest path. New reference.
 */
json_t *rs_evidence_outputs(const char *case_dir, const char *step,
			    const char *sha256, struct cm_err *err);
#endif
