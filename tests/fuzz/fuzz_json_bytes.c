// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer: names as bytes in JSON (common/cm_json.c), as a manifest
 * holds them: any name survives set then get unchanged, its display form
 * is valid UTF-8, and a manifest entry read from any text never crashes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cm_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *name = strndup((const char *)data, size), *back, *d;
	json_t *o = json_object(), *doc;

	if (!name || !o)
		abort();
	if (cm_json_set_bytes(o, "member", name))
		abort();
	back = cm_json_get_bytes(o, "member");
	if (!back || strcmp(back, name))
		abort();
	d = cm_utf8_display(name);
	doc = d ? json_string(d) : NULL;
	if (!doc)
		abort();
	json_decref(doc);
	free(d);
	free(back);
	json_decref(o);
	free(name);
	doc = json_loadb((const char *)data, size, 0, NULL);
	if (doc) {
		free(cm_json_get_bytes(doc, "member"));
		json_decref(doc);
	}
	return 0;
}
