// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer: the validation record reader (sanitas.validation/1), as
 * `wipe ledger add` and `wipe cert verify` meet outside files.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wp_validation.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wp_validation v;
	struct cm_err err = {0};
	bool claimed = wp_validation_claimed((const char *)data, size);

	if (wp_validation_parse("fuzz", (const char *)data, size, &v, &err) ==
	    0) {
		/* what parses is whole: every key the readers use is there */
		if (!v.cert_sha256 || strlen(v.cert_sha256) != 64 ||
		    !v.validator_fp || !v.validator_key || !v.name ||
		    !v.verdict || (v.reverified && !v.reverify_result))
			abort();
		/* and its schema is where the cheap routing test looks,
		 * unless the JSON puts it later than 256 bytes in */
		(void)claimed;
		wp_validation_release(&v);
	} else if (!err.msg[0]) {
		abort(); /* a refusal always says why */
	}
	return 0;
}
