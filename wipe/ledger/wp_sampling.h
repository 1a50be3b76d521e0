/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sampling for independent validation (R2v3 Appendix B(13): at least 5 %
 * of logically sanitized media re-checked by someone other than the
 * operator): a reproducible, seeded pick of ceil(P % x N) of the N
 * successful certificates a selection holds, stored as a sample record;
 * and the share of them validated, per month and station.
 */
#ifndef SANITAS_WP_SAMPLING_H
#define SANITAS_WP_SAMPLING_H

#include <jansson.h>
#include <stdint.h>

#include "cm_err.h"
#include "wp_find.h"
#include "wp_ledger.h"

#define WP_SAMPLE_SCHEMA "sanitas.ledger-sample/1"

/*
 * How many of @population a sample of @percent takes: ceil(P/100 x N),
 * computed in hundredths of a percent so that 5 % of 200 is exactly 10.
 * @percent must be in (0, 100].
 */
long wp_sample_size(long population, double percent);

/*
 * Pick the sample: among the certificates with result "success" matching
 * @q's filters (its result must be NULL or "success"; limit and cursor
 * unused), the wp_sample_size() ones whose keys SHA-256("sanitas.sample/1:"
 * SEED ":" SHA256) are smallest: the same seed and the same population
 * give the same members, whatever the order rows arrive in. Read from one
 * snapshot, then the record stored (table samples) in one transaction.
 * @filters (borrowed) is the selection as the caller shows it, kept in
 * the record. *@out: the record (new reference): {"schema", "id",
 * "created_at", "seed", "percent", "rule", "selection", "population",
 * "size", "members": [{sha256, id, issued_at, station, serial, asset_tag,
 * model}...] in issue order}.
 */
int wp_ledger_sample(struct wp_ledger *l, const struct wp_find_query *q,
		     json_t *filters, double percent, uint64_t seed,
		     json_t **out, struct cm_err *err);

/*
 * The share of the selection @q validated, per month of issue (YYYY-MM)
 * and station: *@out, a new array of {"period", "station", "records",
 * "sanitized" (result success), "validated" (sanitized with at least one
 * stored validation), "share" (validated / sanitized, null when none)}.
 */
int wp_ledger_validation_share(struct wp_ledger *l,
			       const struct wp_find_query *q, json_t **out,
			       struct cm_err *err);

#endif
