// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer: the custody event reader (sanitas.custody/1), as `wipe
 * ledger add` meets an event file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wp_custody.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wp_custody v;
	struct cm_err err = {0};

	(void)wp_custody_claimed((const char *)data, size);
	if (wp_custody_parse("fuzz", (const char *)data, size, &v, &err) == 0) {
		/* what parses is whole: a known event, a serial, a signer */
		if (!wp_custody_event_known(v.event) || !v.serial ||
		    !v.by_name || !v.by_fingerprint ||
		    strlen(v.by_fingerprint) != 64)
			abort();
		wp_custody_release(&v);
	} else if (!err.msg[0]) {
		abort(); /* a refusal always says why */
	}
	return 0;
}
