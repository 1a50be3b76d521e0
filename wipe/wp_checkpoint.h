/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The checkpoint of an overwrite job: one 0600 JSON file per target in the
 * state directory, holding everything a resume needs (the job's own
 * parameters, the position, the bytes and errors so far, the random key)
 * and every session of the job, so that even a crash leaves an honest
 * record of what was done. Removed when the job ends; kept, naming the
 * interrupted certificate, when it is interrupted.
 */
#ifndef SANITAS_WP_CHECKPOINT_H
#define SANITAS_WP_CHECKPOINT_H

#include <jansson.h>
#include <stdint.h>
#include <time.h>

#include "cm_err.h"
#include "wp_discover.h"
#include "wp_keystream.h"
#include "wp_method.h"
#include "wp_overwrite.h"
#include "wp_verify.h"

struct wp_checkpoint {
	char *path;  /* owned */
	json_t *doc; /* owned: the document being kept, NULL until
			started or loaded */
	/* what earlier sessions of this job did (resume) */
	uint64_t prior_bytes;
	json_t *prior_errors; /* owned */
	/* this session: st is the running engine's state (borrowed) */
	const struct wp_overwrite_state *st;
	time_t session_start;
	unsigned from_pass;
	uint64_t from_off;
	/* the job's parameters: from the options, or from the checkpoint */
	struct wp_method_req method;
	unsigned passes;
	enum wp_verify_mode verify;
	double sample_pct;
};

/* The checkpoint file for a target (malloc'd), whether or not it exists. */
char *wp_checkpoint_path(const char *state_dir, const struct wp_devinfo *info);

/* An empty checkpoint for @info in @state_dir (its path only). */
int wp_checkpoint_init(struct wp_checkpoint *c, const char *state_dir,
		       const struct wp_devinfo *info, struct cm_err *err);

/*
 * Load the checkpoint of an interrupted job (--resume): its parameters,
 * bytes and errors so far. Refuses one that is missing (NOINPUT), belongs
 * to another device (TEMPFAIL: serial or size differ, or the medium's
 * identity the checkpoint recorded: an image file's inode, a loop's
 * backing file, the WWN or EUI, and for a disk with neither serial nor
 * WWN its disk sequence number) or is damaged (DATAERR).
 */
int wp_checkpoint_load(struct wp_checkpoint *c, const char *state_dir,
		       const struct wp_devinfo *info, struct cm_err *err);

/*
 * A new job's document (nothing written yet) from c->passes, c->verify,
 * c->sample_pct and @method (the name the certificate gives it).
 */
int wp_checkpoint_start(struct wp_checkpoint *c, const struct wp_devinfo *info,
			const char *method, time_t started_at,
			struct cm_err *err);

/* Where a loaded job stopped, and when it started (unchanged if unknown). */
void wp_checkpoint_resume_point(const struct wp_checkpoint *c, unsigned *pass,
				uint64_t *off, time_t *started_at);

/* The loaded job's random key into @key, or DATAERR when it has none. */
int wp_checkpoint_key(const struct wp_checkpoint *c, uint8_t key[WP_KEY_LEN],
		      struct cm_err *err);
/* Keep @key in the document: a resume must regenerate the same data. */
void wp_checkpoint_set_key(struct wp_checkpoint *c,
			   const uint8_t key[WP_KEY_LEN]);

/* Write the document durably with resume point (@pass, @off). */
int wp_checkpoint_write(struct wp_checkpoint *c, unsigned pass, uint64_t off,
			struct cm_err *err);
/* wp_overwrite_opts.checkpoint: the same, best effort (@ctx = @c). */
void wp_checkpoint_tick(void *ctx, unsigned pass, uint64_t off);
/* An orderly end of this session at (@pass, @off): it joins the job's
 * sessions with @stop saying why. */
void wp_checkpoint_end_session(struct wp_checkpoint *c, unsigned pass,
			       uint64_t off, const char *stop);
/* The job stopped at (@pass, @off) and will be resumed: written durably. */
int wp_checkpoint_stop(struct wp_checkpoint *c, unsigned pass, uint64_t off,
		       struct cm_err *err);

/* Every error of the job so far (earlier sessions and this one): new. */
json_t *wp_checkpoint_errors(const struct wp_checkpoint *c);
/* The job's sessions (borrowed). */
json_t *wp_checkpoint_sessions(const struct wp_checkpoint *c);
/* The interrupted certificate this job completes (borrowed), or NULL. */
json_t *wp_checkpoint_completes(const struct wp_checkpoint *c);

/*
 * The job was interrupted and will be resumed: the checkpoint is kept and
 * names the certificate of the interrupted part (best effort).
 */
void wp_checkpoint_keep(struct wp_checkpoint *c, const char *cert_id,
			const char *cert_sha256);
/* The job ended (either way): the file holds the key, it is removed. */
void wp_checkpoint_remove(struct wp_checkpoint *c);
/* Frees what @c owns; the file stays. Accepts NULL. */
void wp_checkpoint_release(struct wp_checkpoint *c);

#endif
