// SPDX-License-Identifier: Apache-2.0
/* libFuzzer: the playbook loader on arbitrary bytes, then input checks. */
#include <stddef.h>
#include <stdint.h>

#include "playbook/inputs.h"
#include "playbook/playbook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rs_playbook pb;
	struct cm_err err;
	json_t *sets, *inputs = NULL;

	cm_err_clear(&err);
	if (rs_playbook_load_mem(&pb, "fuzz.yaml", (const char *)data, size,
				 &err))
		return 0;
	sets = json_object();
	if (!rs_playbook_inputs(&pb, sets, &inputs, &err))
		json_decref(inputs);
	json_decref(sets);
	rs_playbook_release(&pb);
	return 0;
}
