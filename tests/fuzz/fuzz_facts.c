// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer: breach facts as JSON (what --set and playbook inputs give)
 * through applicability, deadlines, drafts, the calendar and the table.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rs_facts.h"
#include "rs_ics.h"
#include "rs_notices.h"
#include "rs_regimes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *in = json_loadb((const char *)data, size, 0, NULL);
	struct rs_facts f;
	struct rs_assessment a;
	struct cm_err err = {0};
	struct rs_draft *d;
	size_t n;

	if (!in)
		return 0;
	if (rs_facts_init(&f, in, &err) == 0) {
		if (rs_assess(&f, NULL, &a, &err) == 0) {
			json_t *j = rs_assessment_json(&f, &a);
			char *ics = rs_ics_render(&f, &a, 1800000000);

			if (!j || !ics)
				abort();
			/* RFC 5545: no content line longer than 75 octets */
			for (char *p = ics, *e; (e = strstr(p, "\r\n"));
			     p = e + 2)
				if (e - p > 75)
					abort();
			if (rs_drafts_render(&f, &a, &d, &n, &err) == 0)
				rs_drafts_free(d, n);
			free(ics);
			json_decref(j);
			rs_assessment_release(&a);
		}
		rs_facts_release(&f);
	}
	json_decref(in);
	return 0;
}
