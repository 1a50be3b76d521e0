// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer: the report's reading of a stored certificate (any bytes as
 * the JSON of a record) against the Appendix G table.
 */
#include <stdint.h>
#include <stdlib.h>

#include "wp_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum wp_report_state st[WP_REPORT_NFIELDS];
	struct cm_err err = {0};
	bool sig = size & 1;

	if (wp_report_eval((const char *)data, size, sig, st, &err) == 0) {
		for (int i = 0; i < WP_REPORT_NFIELDS; i++)
			if (st[i] != WP_REPORT_FILLED &&
			    st[i] != WP_REPORT_EMPTY &&
			    st[i] != WP_REPORT_UNKNOWN)
				abort();
		/* the stored signature is the only field not read from JSON */
		for (int i = 0; i < WP_REPORT_NFIELDS; i++)
			if (!wp_report_fields[i].path &&
			    st[i] != (sig ? WP_REPORT_FILLED : WP_REPORT_EMPTY))
				abort();
	}
	return 0;
}
