// SPDX-License-Identifier: Apache-2.0
/*
 * The certificate PDF renderer on arbitrary JSON: any document jansson
 * accepts, schema-valid or not, is drawn as a certificate page (with its
 * text run through the UTF-8 decoder, the wrapper and the font fallback)
 * and its bytes attached; nothing is saved.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cm_pdf.h"
#include "wp_cert_pdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cm_pdf_info info = {.title = "fuzz", .footer = "fuzz"};
	struct wp_cert_pdf_doc d;
	struct cm_pdf *p = NULL;
	struct cm_err err;
	json_error_t je;

	if (size > 64 * 1024)
		return 0;
	memset(&d, 0, sizeof(d));
	d.chk.cert = json_loadb((const char *)data, size,
				JSON_REJECT_DUPLICATES, &je);
	if (!d.chk.cert)
		return 0;
	d.name = (char *)"fuzz.json";
	d.json = (char *)data;
	d.json_len = size;
	d.sig = (uint8_t *)"sig";
	d.sig_len = 3;
	if (cm_pdf_new(&info, &p, &err) == 0) {
		wp_cert_pdf_render(p, &d, size % 2 ? "https://x/v" : NULL,
				   &err);
		wp_cert_pdf_summary_row(p, 1, &d);
	}
	cm_pdf_free(p);
	json_decref(d.chk.cert);
	return 0;
}
