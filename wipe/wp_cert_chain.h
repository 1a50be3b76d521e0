/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The chain check over a set of certificates: each names its predecessor
 * by SHA-256 (previous_sha256). In a set, every predecessor must be
 * present (a gap is a removal) and no two certificates may claim the same
 * predecessor (a fork), per signer. Linear in the number of certificates: hash maps,
 * no nested scans. Also answers, per certificate, which file of its
 * directory is its predecessor, hashing each directory once.
 */
#ifndef SANITAS_WP_CERT_CHAIN_H
#define SANITAS_WP_CERT_CHAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "cm_err.h"

enum wp_cert_chain_finding {
	WP_CHAIN_OK = 0,
	WP_CHAIN_GAP,  /* its predecessor is not in the set */
	WP_CHAIN_FORK, /* another certificate claims the same predecessor */
};

struct wp_cert_chain_entry {
	char *path;	 /* owned */
	char sha[65];	 /* of the file; "" when unreadable */
	char prev[65];	 /* previous_sha256; "" for the first certificate */
	char signer[65]; /* whose chain it is ("": one unnamed signer) */
	enum wp_cert_chain_finding finding; /* set by wp_cert_chain_finish */
	/*
	 * A GAP that is the only start of its signer's chain in the set:
	 * the earlier certificates are elsewhere (another directory) or were
	 * removed, which the set cannot tell apart. A second start of the
	 * same chain is a removal.
	 */
	bool sole_start;
};

struct wp_cert_map; /* private: string -> value hash map */

struct wp_cert_chain {
	struct wp_cert_chain_entry *v;
	size_t n, cap;
	struct wp_cert_map *dirs; /* directory -> (sha -> file name) */
};

/* Start an empty chain. */
void wp_cert_chain_init(struct wp_cert_chain *ch);

/*
 * Add the certificate at @path (copied) with file hash @sha and
 * predecessor @prev (either may be NULL or ""; longer than 64 characters
 * is cut). Returns 0 or -ENOMEM.
 */
int wp_cert_chain_add(struct wp_cert_chain *ch, const char *path,
		      const char *sha, const char *prev, struct cm_err *err);

/*
 * The same, for a certificate of the signer @signer (its fingerprint; NULL
 * or "" as wp_cert_chain_add): each signer's chain is checked on its own.
 */
int wp_cert_chain_add_by(struct wp_cert_chain *ch, const char *signer,
			 const char *path, const char *sha, const char *prev,
			 struct cm_err *err);

/*
 * Whether @path is a regular file, asked without blocking: opened
 * O_NONBLOCK (a FIFO named *.json would otherwise hang the reader) and
 * checked with fstat. Symlinks to regular files count.
 */
bool wp_cert_file_is_regular(const char *path);

/* Whether a certificate hashing to @sha is in the set. */
bool wp_cert_chain_has(const struct wp_cert_chain *ch, const char *sha);

/*
 * Describe the link of the certificate at @path to @prev (NULL: the first
 * of its identity) into @out: "linked to NAME" when a .json file of the
 * same directory hashes to @prev. Each directory is read and hashed once
 * per chain.
 */
void wp_cert_chain_link(struct wp_cert_chain *ch, const char *path,
			const char *prev, char *out, size_t len);

/*
 * Set each entry's finding: GAP for every certificate whose predecessor
 * is not in the set (a set of one included), marked sole_start when it is
 * the only start of its signer's chain there (a survivor, or a chain
 * continued from another directory); FORK. Returns the number of broken
 * entries (FORK, and GAP that is not a sole start), or -ENOMEM.
 */
int wp_cert_chain_finish(struct wp_cert_chain *ch, struct cm_err *err);

/* Free everything @ch holds; accepts an initialised or released chain. */
void wp_cert_chain_release(struct wp_cert_chain *ch);

#endif
