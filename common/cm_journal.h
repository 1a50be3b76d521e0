/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hash-chained, append-only journal (custody.jsonl). Each line is one JSON
 * object with keys in this order:
 *   {"seq":N,"time":"RFC3339","actor":"...","event":"...","details":{...},
 *    "prev":"<sha256 hex of the previous line, 64 zeros for the first>",
 *    "sha256":"<sha256 hex of this line serialised without its sha256 key>"}
 * Every append is fsynced. Removing, reordering or editing any line breaks
 * the chain and cm_journal_verify() names the first bad line.
 */
#ifndef SANITAS_CM_JOURNAL_H
#define SANITAS_CM_JOURNAL_H

#include <jansson.h>
#include <stdint.h>

#include "cm_err.h"
#include "cm_hash.h"

struct cm_journal {
	int fd;
	uint64_t next_seq;
	char prev[CM_SHA256_HEX];
};

/*
 * Open (creating 0600 if absent) the journal at @path for appending. An
 * existing journal is verified first; a torn final line (crash mid-write)
 * is truncated away and reported through @truncated (may be NULL).
 */
int cm_journal_open(struct cm_journal *j, const char *path, int *truncated,
		    struct cm_err *err);
/* Append one entry. @details is borrowed (may be NULL -> {}). */
int cm_journal_append(struct cm_journal *j, const char *actor,
		      const char *event, json_t *details, struct cm_err *err);
void cm_journal_close(struct cm_journal *j);

/*
 * Verify the chain of @path. Returns 0 intact; 1 broken, with *bad_line set
 * to the first bad line (1-based) and the reason in @err; <0 on I/O error.
 */
int cm_journal_verify(const char *path, uint64_t *bad_line, struct cm_err *err);

#endif
