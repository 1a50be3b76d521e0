// SPDX-License-Identifier: Apache-2.0
/* libFuzzer: the ledger's trust anchor reader (one PEM X.509 certificate). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wp_ledger.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wp_ledger_anchor a;
	struct cm_err err = {0};
	char *pem = NULL;

	if (wp_ledger_anchor_parse((const char *)data, size, &a, &pem, &err) ==
	    0) {
		struct wp_ledger_anchor b;

		/* what it keeps reads back as the same certificate */
		if (wp_ledger_anchor_parse(pem, strlen(pem), &b, NULL, &err) ||
		    strcmp(a.fingerprint, b.fingerprint))
			abort();
	}
	free(pem);
	return 0;
}
