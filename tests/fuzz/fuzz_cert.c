// SPDX-License-Identifier: Apache-2.0
/*
 * The certificate reader: JSON parsing plus the schema check, and the
 * detached CMS signature parser/verifier, on arbitrary bytes. The first
 * byte picks which: even -> certificate JSON, odd -> CMS DER (verified on
 * its own and against a trust set, whose DER splitter it also runs).
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "cm_cms.h"
#include "wp_cert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cm_err err;
	json_error_t je;
	json_t *j;

	if (size < 1)
		return 0;
	if (data[0] % 2 == 0) {
		j = json_loadb((const char *)data + 1, size - 1,
			       JSON_REJECT_DUPLICATES, &je);
		if (j) {
			wp_cert_check_schema(j, &err);
			json_decref(j);
		}
	} else {
		static const char content[] = "{\"schema\":\"x\"}\n";
		static struct cm_cms_trust *t;

		cm_cms_verify(content, sizeof(content) - 1, data + 1, size - 1,
			      NULL, NULL, &err);
		if (!t && cm_cms_trust_new("", 0, &t, &err) < 0)
			return 0;
		cm_cms_verify_trusted(content, sizeof(content) - 1, data + 1,
				      size - 1, t, NULL, &err);
	}
	return 0;
}
