/* SPDX-License-Identifier: Apache-2.0 */
/* The entries of an evidence manifest (rs_evidence.h), for its writer. */
#ifndef SANITAS_RS_MANIFEST_H
#define SANITAS_RS_MANIFEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

#include "cm_err.h"
#include "rs_evidence.h"

/* A new object: @member's name and, when @st is given, its type, size,
 * mode, uid, gid, owner and group names (@names) and times. */
json_t *rs_manifest_meta(const char *member, const struct stat *st, bool names);
/* Write @entry (merged with @extra, may be NULL) as the @n-th entry of
 * the list in @f. 0 or -EIO. */
int rs_manifest_write(struct rs_evidence *ev, FILE *f, uint64_t n,
		      json_t *entry, const json_t *extra, struct cm_err *err);
/* The owner and group names of @uid/@gid, cached while they repeat;
 * NULL when there is none. */
const char *rs_owner_of(struct rs_evidence *ev, uid_t uid);
const char *rs_group_of(struct rs_evidence *ev, gid_t gid);
/*
 * Write the entry of the regular file @member (@st, its SHA-256 @hex)
 * straight to ev->man, the same fields in the same order as
 * rs_manifest_meta() and json_dumps() give. 1 when a name needs JSON
 * escaping (then nothing is written), else 0.
 */
int rs_manifest_fast_entry(struct rs_evidence *ev, const char *member,
			   const struct stat *st, const char *hex);

#endif
