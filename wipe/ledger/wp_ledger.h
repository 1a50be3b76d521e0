/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The ledger: an append-only archive of certificates of sanitization and
 * the trust anchors whose signatures it accepts, on SQLite (one file) or
 * PostgreSQL (a postgresql:// URI), one schema, created on first use and
 * moved forward by numbered migrations.
 */
#ifndef SANITAS_WP_LEDGER_H
#define SANITAS_WP_LEDGER_H

#include <stdbool.h>
#include <stddef.h>

#include "cm_err.h"

/* The schema version this build creates and understands. */
#define WP_LEDGER_SCHEMA_VERSION 7

enum wp_ledger_backend {
	WP_LEDGER_SQLITE,
	WP_LEDGER_POSTGRES,
};

struct wp_ledger; /* opaque */

/* True when @where names a PostgreSQL database (postgres[ql]://). */
bool wp_ledger_is_uri(const char *where);

/*
 * Open the ledger at @where: a postgresql:// (or postgres://) URI, else
 * the path of a SQLite file (created 0600 when absent; its directory must
 * exist). The schema is created or migrated to WP_LEDGER_SCHEMA_VERSION;
 * a ledger newer than this build is refused (CM_ERR_DATAERR). *@out: new,
 * released with wp_ledger_close().
 */
int wp_ledger_open(const char *where, struct wp_ledger **out,
		   struct cm_err *err);
/* Close @l, rolling back an open transaction. Accepts NULL. */
void wp_ledger_close(struct wp_ledger *l);
enum wp_ledger_backend wp_ledger_backend(const struct wp_ledger *l);

int wp_ledger_begin(struct wp_ledger *l, struct cm_err *err);
int wp_ledger_commit(struct wp_ledger *l, struct cm_err *err);
/* Roll back the open transaction, if any; never fails. */
void wp_ledger_rollback(struct wp_ledger *l);

/* The highest migration applied (schema_migrations). */
int wp_ledger_schema_version(struct wp_ledger *l, int *version,
			     struct cm_err *err);

/* One certificate as stored; every string may be NULL (SQL NULL). */
struct wp_ledger_record {
	char sha256[65];     /* of the JSON bytes: the key */
	char p7s_sha256[65]; /* of the signature bytes */
	const char *id, *issued_at, *previous_sha256;
	const char *station, *machine_id; /* tool.host hostname, machine_id */
	const char *serial, *wwn, *asset_tag, *model;
	const char *result, *method, *category, *operator_name, *org;
	const char *signer_fingerprint, *signer_subject;
	const char *customer, *job;
	const char *json; /* the original bytes (borrowed) */
	size_t json_len;
	const unsigned char *p7s;
	size_t p7s_len;
	/* the RFC 3161 token over p7s (NULL: none) and the TSA's time when
	 * ingest verified it against a TSA anchor (NULL: not checked) */
	const unsigned char *tsr;
	size_t tsr_len;
	const char *tsa_time;
};

/*
 * Store @r unless a record with its sha256 is there. Returns 0 stored,
 * 1 already present (nothing changed), <0 error.
 */
int wp_ledger_insert_cert(struct wp_ledger *l, const struct wp_ledger_record *r,
			  struct cm_err *err);

/* The number of certificates stored. */
int wp_ledger_count(struct wp_ledger *l, long *n, struct cm_err *err);

/* A trust anchor: an X.509 certificate whose signatures are accepted. */
struct wp_ledger_anchor {
	char fingerprint[65]; /* SHA-256 of the DER, hex */
	char subject[512];
	char not_after[32]; /* RFC 3339 */
	char added_at[32];
};

/*
 * Parse @len bytes of PEM holding exactly one X.509 certificate into @a;
 * *@pem_out (may be NULL): a new malloc'd PEM of it alone. Returns 0 or
 * -EBADMSG (CM_ERR_DATAERR).
 */
int wp_ledger_anchor_parse(const char *pem, size_t len,
			   struct wp_ledger_anchor *a, char **pem_out,
			   struct cm_err *err);

/*
 * Trust the certificate in @pem (@len bytes). *@a (may be NULL) gets its
 * description. Returns 0 added, 1 already trusted, <0 error.
 */
int wp_ledger_trust_add(struct wp_ledger *l, const char *pem, size_t len,
			struct wp_ledger_anchor *a, struct cm_err *err);

/*
 * Stop trusting the anchor whose fingerprint is @fp (kept, marked
 * removed: what it once accepted stays explained). Returns 0, or -ENOENT
 * (CM_ERR_NOINPUT) when no such anchor is trusted.
 */
int wp_ledger_trust_remove(struct wp_ledger *l, const char *fp,
			   struct cm_err *err);

typedef int (*wp_ledger_anchor_fn)(void *ctx, const struct wp_ledger_anchor *a);
/* Call @fn for each trusted anchor, oldest first; a non-zero return stops. */
int wp_ledger_trust_list(struct wp_ledger *l, wp_ledger_anchor_fn fn, void *ctx,
			 struct cm_err *err);

/*
 * The PEM of every trusted anchor, concatenated: *@pem malloc'd (owned by
 * the caller, "" when none), *@n how many.
 */
int wp_ledger_trust_pem(struct wp_ledger *l, char **pem, size_t *len, int *n,
			struct cm_err *err);

/*
 * wp_ledger_trust_pem() of every anchor ever trusted, the removed ones
 * too; *@n counts only the removed (0: none was ever removed).
 */
int wp_ledger_trust_pem_ever(struct wp_ledger *l, char **pem, size_t *len,
			     int *n, struct cm_err *err);

#endif
