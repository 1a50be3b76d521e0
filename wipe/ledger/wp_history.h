/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The history of a medium in the ledger: its certificates in issue
 * order, each followed by the validations of it.
 */
#ifndef SANITAS_WP_HISTORY_H
#define SANITAS_WP_HISTORY_H

#include <stdbool.h>

#include "cm_err.h"
#include "wp_ledger.h"
#include "wp_ledger_validation.h"

/* Which records: exactly one of the three. */
struct wp_history_query {
	const char *sha256; /* one certificate */
	const char *serial, *asset_tag;
};

/* A certificate of the history; strings may be NULL. */
struct wp_history_cert {
	const char *sha256, *id, *issued_at, *station, *serial, *asset_tag;
	const char *model, *result, *method, *operator_name, *org;
	const char *signer_subject, *signer_fingerprint;
	const char *tsa_time; /* the TSA's time, when ingest checked it */
	bool has_tsr;	      /* a time-stamp token is stored */
};

/* A custody event of the medium; strings may be NULL. */
struct wp_history_custody {
	const char *sha256, *id, *at, *where, *serial, *event;
	const char *by_name, *by_title, *by_org, *note, *signer_fingerprint;
};

struct wp_history_fns {
	int (*cert)(void *ctx, const struct wp_history_cert *c);
	/* with --serial: each custody event, in time order among them */
	int (*custody)(void *ctx, const struct wp_history_custody *e);
	int (*validation)(void *ctx, const struct wp_ledger_validation *v);
	void *ctx;
};

/*
 * Stream the history @q selects: each certificate (oldest issue first),
 * then its validations (oldest first), and for a serial its custody
 * events, all in time order (a certificate at its issue time), in one
 * query. A non-zero return
 * of a callback stops. Returns 0, <0 error.
 */
int wp_ledger_history(struct wp_ledger *l, const struct wp_history_query *q,
		      const struct wp_history_fns *fns, struct cm_err *err);

#endif
