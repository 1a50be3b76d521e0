// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer: the audit bundle reader, the input taken both as SHA256SUMS
 * text and as the tar itself (members, names, types, pairs, chains).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wp_bundle_verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wp_bundle_verify_stats st;
	struct wp_bundle_sums s;
	struct cm_err err = {0};
	int rc;

	if (wp_bundle_sums_parse((const char *)data, size, &s, &err) == 0) {
		/* what it gives is sorted, distinct and plain */
		for (size_t i = 0; i < s.n; i++) {
			if (!wp_bundle_name_ok(s.v[i].name) ||
			    strlen(s.v[i].sha) != 64 ||
			    (i && strcmp(s.v[i - 1].name, s.v[i].name) >= 0))
				abort();
		}
		wp_bundle_sums_release(&s);
	}
	/* no anchors: every signature fails, every member is still read */
	rc = wp_bundle_verify_mem(data, size, "", 0, NULL, NULL, &st, &err);
	if (rc > 1 || (rc == 0 && st.problems))
		abort();
	return 0;
}
