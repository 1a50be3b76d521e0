// SPDX-License-Identifier: Apache-2.0
/*
 * The parsers of the case report PDF on arbitrary bytes: SHA256SUMS
 * lookups (a listed name and an absent one) and the custody journal
 * summary. The first byte picks which.
 */
#include <stddef.h>
#include <stdint.h>

#include "rs_report_pdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rs_journal_summary s;
	struct cm_err err;
	char hex[65];

	if (size < 1)
		return 0;
	if (data[0] % 2) {
		rs_journal_summarise((const char *)data + 1, size - 1, &s,
				     &err);
	} else {
		rs_sums_find((const char *)data + 1, size - 1, "case.json", hex,
			     &err);
		rs_sums_find((const char *)data + 1, size - 1, "", hex, &err);
	}
	return 0;
}
