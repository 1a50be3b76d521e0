/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Audit bundles: the ledger's certificates exported as one tar that stock
 * tools check (sha256sum -c, openssl cms -verify). Members, in order:
 * every certificate's original NAME.json and NAME.json.p7s (and its
 * RFC 3161 token NAME.json.p7s.tsr where one is stored), index.csv (one
 * row per certificate), SHA256SUMS (every other member) and
 * SHA256SUMS.p7s (its detached DER CMS signature by the exporter).
 */
#ifndef SANITAS_WP_BUNDLE_H
#define SANITAS_WP_BUNDLE_H

#include <stdbool.h>

#include "cm_err.h"
#include "cm_identity.h"
#include "wp_ledger.h"

#define WP_BUNDLE_INDEX	   "index.csv"
#define WP_BUNDLE_SUMS	   "SHA256SUMS"
#define WP_BUNDLE_SUMS_SIG "SHA256SUMS.p7s"

/* The columns of index.csv, in order (NULL-terminated). */
extern const char *const wp_bundle_index_fields[];

/* Which certificates: every NULL bound or filter is "any". */
struct wp_bundle_query {
	const char *since, *until;  /* RFC 3339 UTC, as wp_find_time makes */
	const char *customer, *job; /* exact */
};

struct wp_bundle_stats {
	long certificates;
	long long bytes;    /* of the tar */
	char sha256[65];    /* of the tar */
	char signer_fp[65]; /* the exporter's certificate, SHA-256 of DER */
};

/*
 * Whether @id may name a member as it is: 1 to 64 of [0-9A-Za-z_-], not
 * starting with '-' and not 64 hex digits (the names of records named
 * by their SHA-256).
 */
bool wp_bundle_plain_id(const char *id);

/*
 * Export the certificates matching @q, oldest issue first, into the tar
 * @path, signed by @id (borrowed). The records are streamed from one
 * query, one at a time; index.csv and SHA256SUMS are spooled to unlinked
 * files beside @path and SHA256SUMS is signed as a stream, so memory does
 * not grow with the bundle (only with the number of ids that repeat). The
 * tar is written to a temporary file in @path's directory,
 * fsynced and renamed: on any failure nothing is left at @path. A
 * certificate is named by its id (NAME = id) unless the id is not a plain
 * name or repeats in the bundle; then by its SHA-256. Returns 0 or <0
 * (-EBADMSG, CM_ERR_DATAERR: a stored record does not hash to its key).
 */
int wp_bundle_export(struct wp_ledger *l, const struct wp_bundle_query *q,
		     const struct cm_identity *id, const char *path,
		     struct wp_bundle_stats *st, struct cm_err *err);

#endif
