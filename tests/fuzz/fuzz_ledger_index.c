// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer: index.csv read back, the input taken as RFC 4180 text (every
 * row's fields checked to lie inside the input's length) and as an index
 * checked against two expected certificates.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wp_bundle_index.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	size_t size, rows;
};

static int row(void *ctx, size_t line, int nf, const char *const *f)
{
	struct seen *s = ctx;
	size_t total = 0;

	if (nf < 1 || nf > WP_CSV_FIELDS_MAX || line < 1 || line > s->size + 1)
		abort();
	for (int i = 0; i < nf; i++)
		total += strlen(f[i]);
	/* a field never holds more than the input gave */
	if (total > s->size)
		abort();
	s->rows++;
	return 0;
}

static void told(void *ctx, const char *detail)
{
	if (!detail[0])
		abort();
	(void)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wp_bundle_index *ix = NULL;
	struct wp_ledger_record r = {
		.id = "a", .issued_at = "x", .result = "ok"};
	struct seen s = {.size = size};
	struct cm_err err = {0};
	int rc;

	rc = wp_csv_parse((const char *)data, size, row, &s, &err);
	if (rc > 0 || (rc < 0 && !err.msg[0]) || s.rows > size + 1)
		abort();
	memcpy(r.sha256, "00", 3);
	if (wp_bundle_index_expect(&ix, "a.json", &r) == 0 &&
	    wp_bundle_index_expect(&ix, "b.json", NULL) == 0) {
		/* findings are told; only running out of memory fails */
		rc = wp_bundle_index_check(ix, (const char *)data, size, told,
					   NULL, &err);
		if (rc != 0 && rc != -ENOMEM)
			abort();
	}
	wp_bundle_index_free(ix);
	return 0;
}
