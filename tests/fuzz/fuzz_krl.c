// SPDX-License-Identifier: Apache-2.0
/* libFuzzer: the KRL reader, and write(parse(x)) parses to the same set. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rs_krl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rs_krl k, k2;
	struct cm_err err = {0};
	uint8_t *out;
	size_t len;

	if (rs_krl_parse(data, size, &k, &err))
		return 0;
	if (rs_krl_write(&k, &out, &len) == 0) {
		if (rs_krl_parse(out, len, &k2, &err))
			abort();
		for (size_t i = 0; i < k.n_sha256; i++)
			if (!rs_krl_has(&k2, k.sha256[i]))
				abort();
		rs_krl_release(&k2);
		free(out);
	}
	rs_krl_release(&k);
	return 0;
}
