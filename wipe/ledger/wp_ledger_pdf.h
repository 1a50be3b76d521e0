/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The ledger's certificates as one batch PDF: a summary table, then one
 * page per certificate with its stored JSON and .p7s attached, rendered
 * from the bytes the ledger holds.
 */
#ifndef SANITAS_WP_LEDGER_PDF_H
#define SANITAS_WP_LEDGER_PDF_H

#include "cm_err.h"
#include "wp_bundle.h"
#include "wp_ledger.h"

/*
 * Render the certificates matching @q (oldest issue first, as export
 * --bundle orders them) into the PDF @path, written atomically, pages
 * spooled beside it. Each record's bytes are checked against its key and
 * its signature against the ledger's trust anchors before it is drawn;
 * attachments are named NAME.json and NAME.json.p7s, NAME as in a bundle
 * (the id, or the SHA-256 when the id is not plain or repeats). *@n: the
 * number of certificates. Returns 0; 1 a signature does not verify
 * (nothing written); <0 (-ENOENT CM_ERR_NOINPUT: none matches, or the
 * ledger trusts no signer; -EBADMSG: a record does not hash to its key).
 */
int wp_ledger_pdf_export(struct wp_ledger *l, const struct wp_bundle_query *q,
			 const char *path, const char *verify_url, long *n,
			 struct cm_err *err);

#endif
