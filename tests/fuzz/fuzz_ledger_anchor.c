// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer: the ledger's trust anchor reader (one PEM X.509 certificate)
 * and the find arguments (cursor, times) a user types.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wp_find.h"
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
	/* and the cursor and time arguments of find, as typed */
	pem = strndup((const char *)data, size);
	if (pem) {
		char t[32];

		wp_find_cursor_check(pem, &err);
		wp_find_time(pem, size & 1, t, &err);
	}
	free(pem);
	return 0;
}
