/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Evidence encrypted as it is written (respond run --encrypt-to): a FILE
 * whose bytes reach a descriptor as an age file to the case's recipients,
 * hashed both as plaintext and as written; and a spool for what must be
 * read back before the end (the manifest's skipped list), encrypted to a
 * key that exists only in memory, so no plaintext reaches a disk.
 */
#ifndef SANITAS_RS_EVIDENCE_AGE_H
#define SANITAS_RS_EVIDENCE_AGE_H

#include <jansson.h>
#include <stdio.h>

#include "cm_age.h"
#include "cm_err.h"
#include "cm_hash.h"

struct rs_age_file {
	struct cm_age_enc *enc;		/* owned */
	int fd;				/* borrowed: where the age file goes */
	struct cm_sha256 plain, sealed; /* of the plaintext, of the file */
	struct cm_err err;		/* the first failure of a write */
	FILE *f; /* writes through the encryptor (fopencookie), owned */
};

/*
 * Start an age file to @r (borrowed) on @fd: @a->f takes the plaintext.
 * Returns 0 or a negative errno.
 */
int rs_age_file_open(struct rs_age_file *a, int fd,
		     const struct cm_age_recipients *r, struct cm_err *err);
/* Plaintext bytes without the FILE (the archive's compressed stream). */
int rs_age_file_write(struct rs_age_file *a, const void *buf, size_t len,
		      struct cm_err *err);
/*
 * Flush, write the last chunk and close @a->f (not @a->fd); @sealed and
 * @plain (65 bytes each, may be NULL) receive the hex SHA-256 of the file
 * as written and of its plaintext.
 */
int rs_age_file_finish(struct rs_age_file *a, char *sealed, char *plain,
		       struct cm_err *err);
/* Drop an unfinished file's state. Accepts a zeroed @a. */
void rs_age_file_abort(struct rs_age_file *a);

struct rs_age_spool {
	struct rs_age_file w;
	struct cm_age_recipients r; /* the in-memory key's recipient */
	struct cm_age_identities id;
	int fd; /* an unlinked temporary file, -1 when none */
};

/*
 * A new spool, an unnamed file in @dir (the case's evidence directory):
 * @s->w.f takes what is spooled.
 */
int rs_age_spool_open(struct rs_age_spool *s, const char *dir,
		      struct cm_err *err);
/* Finish the spool and copy its plaintext to @to. */
int rs_age_spool_copy(struct rs_age_spool *s, FILE *to, struct cm_err *err);
/* Wipe the key, close and free. Accepts a zeroed @s. */
void rs_age_spool_release(struct rs_age_spool *s);

/*
 * Name the encrypted archive and manifest in @outputs (from
 * rs_evidence_outputs()) and add the plaintext's SHA-256
 * (archive_plain_sha256), when @ev was encrypted; nothing otherwise.
 */
struct rs_evidence;
void rs_evidence_outputs_age(json_t *outputs, const struct rs_evidence *ev);

#endif
