/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One evidence archive per collecting step: CASE/evidence/<step>.tar.zst
 * (pax, zstd, streamed in constant memory) and CASE/evidence/<step>.manifest
 * (JSON: per-member sha256, size, mode, owner, times; and every path that
 * was not archived, with the reason). Both are written as .part files and
 * renamed into place by rs_evidence_close(), so an interrupted collection
 * leaves only .part files, which resume removes.
 *
 * Encrypted to age recipients (rs_evidence_open() with @age), the files
 * are <step>.tar.zst.age and <step>.manifest.age: the bytes are encrypted
 * before they reach any file (the .part files, the skipped list's spool),
 * so the member names, metadata and content exist only inside them.
 */
#ifndef SANITAS_RS_EVIDENCE_H
#define SANITAS_RS_EVIDENCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

#include "cm_err.h"

#define RS_MANIFEST_SCHEMA "sanitas.manifest/1"
#define RS_EVIDENCE_BUF	   (256 * 1024) /* bytes read or written at a time */

struct archive;
struct rs_zout;
struct cm_age_recipients;
struct rs_age_file;
struct rs_age_spool;

struct rs_evidence {
	struct archive *ar; /* owned */
	struct rs_zout *z;  /* owned: zstd stream, hash of what is written */
	char archive_sha256[65]; /* set by rs_evidence_close() */
	int fd;			 /* the .part archive, -1 when closed */
	FILE *man;		 /* the .part manifest, members streamed */
	FILE *skip;		 /* skipped entries, spooled (tmpfile) */
	char *tar_path, *tar_part, *man_path, *man_part; /* owned */
	char *step;					 /* owned */
	bool numeric_owner; /* do not look up user/group names */
	uint64_t n_members, n_skipped, bytes;
	unsigned char *buf; /* read buffer, owned */
	size_t buf_len;
	/* --encrypt-to: the archive and the manifest are age files */
	const struct cm_age_recipients *age; /* borrowed, NULL: plain */
	struct rs_age_file *atar, *aman;     /* owned */
	struct rs_age_spool *askip;	     /* owned: the skipped list */
	int man_fd;			     /* the .part manifest */
	char plain_sha256[65]; /* encrypted: of the archive's plaintext */
	/* what many small files share, looked up or formatted once */
	struct rs_ev_cache {
		time_t sec[3];	 /* mtime, atime, ctime seconds */
		char day[3][32]; /* ... as RFC 3339 without the Z */
		uid_t uid;	 /* the last owner looked up */
		gid_t gid;
		char owner[64], group[64]; /* "" when it has no name */
		bool have_uid, have_gid;
	} cache;
};

/* The archive and manifest paths of @step in @case_dir (malloc'd), of a
 * plain case. */
char *rs_evidence_tar_path(const char *case_dir, const char *step);
char *rs_evidence_manifest_path(const char *case_dir, const char *step);

/*
 * Start the archive of @step (removing stale .part files of an earlier,
 * interrupted attempt), encrypted to @age (borrowed; NULL or no
 * recipient: plain).
 */
int rs_evidence_open(struct rs_evidence *ev, const char *case_dir,
		     const char *step, const struct cm_age_recipients *age,
		     struct cm_err *err);

/*
 * Archive the open regular file @fd as @member (metadata from @st; its
 * xattrs are read from @fd). Streams @st->st_size bytes, hashing as it
 * reads; a file that shrinks while read is padded with zeros and flagged.
 * @extra (borrowed, may be NULL) is merged into the manifest entry.
 */
int rs_evidence_add_file(struct rs_evidence *ev, const char *member, int fd,
			 const struct stat *st, const json_t *extra,
			 struct cm_err *err);
/* Archive a symbolic link (never followed). */
int rs_evidence_add_symlink(struct rs_evidence *ev, const char *member,
			    const char *target, const struct stat *st,
			    const json_t *extra, struct cm_err *err);
/* Archive a directory entry (mode, owner, times). */
int rs_evidence_add_dir(struct rs_evidence *ev, const char *member,
			const struct stat *st, struct cm_err *err);
/* Archive @len bytes from memory as a 0600 file (JSON, command output). */
int rs_evidence_add_buf(struct rs_evidence *ev, const char *member,
			const void *buf, size_t len, struct cm_err *err);
/*
 * Record that @path was not archived and why (@st may be NULL). Such
 * entries go to the manifest's "skipped" list, never silently dropped.
 */
int rs_evidence_skip(struct rs_evidence *ev, const char *path,
		     const struct stat *st, const char *reason,
		     struct cm_err *err);

/*
 * Finish: close the archive, fsync, rename both files into place (0600).
 * @summary (borrowed, may be NULL) is added to the manifest. On success
 * ev->archive_sha256 holds the SHA-256 of the archive file as written.
 */
int rs_evidence_close(struct rs_evidence *ev, const json_t *summary,
		      struct cm_err *err);
/* Drop an unfinished archive (removes the .part files). Accepts empty. */
void rs_evidence_abort(struct rs_evidence *ev);

/* The type name of @mode: file, dir, symlink, fifo, socket, chardev... */
const char *rs_mode_type(mode_t mode);

#endif
