/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Certificates of sanitization as PDF: each certificate read once (its
 * exact JSON and .p7s bytes), its signature checked, then rendered as a
 * page with every NIST SP 800-88 Appendix G field, the result, the
 * standards claimed, the chain link and a QR code, with both files
 * attached; and the summary table of a batch.
 */
#ifndef SANITAS_WP_CERT_PDF_H
#define SANITAS_WP_CERT_PDF_H

#include <stdint.h>

#include "cm_cms.h"
#include "cm_err.h"
#include "cm_pdf.h"
#include "wp_cert.h"

/* One certificate as read from disk. */
struct wp_cert_pdf_doc {
	char *name; /* base name of the JSON file (owned) */
	char *json; /* its exact bytes (owned) */
	size_t json_len;
	uint8_t *sig; /* the exact .p7s bytes (owned) */
	size_t sig_len;
	struct wp_cert_check chk; /* parsed certificate, signer, sha256 */
	bool anchored; /* the signer chains to the given trust anchors */
};

/*
 * Read @path and @path.p7s once, check the schema and verify the
 * signature over the bytes read: against @trust (borrowed) when given,
 * else with the signer's own certificate as anchor (integrity only).
 * Returns 0; 1 when the signature does not verify (reason in @err);
 * <0 unreadable (-ENOENT) or malformed (-EBADMSG). Release @d always.
 */
int wp_cert_pdf_load(const char *path, struct cm_cms_trust *trust,
		     struct wp_cert_pdf_doc *d, struct cm_err *err);
void wp_cert_pdf_doc_release(struct wp_cert_pdf_doc *d);
/*
 * wp_cert_pdf_load() of bytes already read (copied into @d), attached
 * under the base name @name: a ledger's stored certificates.
 */
int wp_cert_pdf_load_mem(const char *name, const void *json, size_t json_len,
			 const void *sig, size_t sig_len,
			 struct cm_cms_trust *trust, struct wp_cert_pdf_doc *d,
			 struct cm_err *err);

/*
 * Render @d (borrowed) on a new page of @p and attach its JSON and .p7s
 * under their base names. @verify_url (may be NULL): a URL the QR code
 * points to, with ?id=&sha256= appended. Returns 0 or a negative errno.
 */
int wp_cert_pdf_render(struct cm_pdf *p, const struct wp_cert_pdf_doc *d,
		       const char *verify_url, struct cm_err *err);

/* The QR payload of @d into @buf (@len bytes). */
void wp_cert_pdf_qr_text(const struct wp_cert_pdf_doc *d,
			 const char *verify_url, char *buf, size_t len);

/* Counts of a batch, for its summary page. */
struct wp_cert_pdf_totals {
	size_t n, success, failed, interrupted;
};

/* The summary page's heading, with @t the batch's counts. */
void wp_cert_pdf_summary_begin(struct cm_pdf *p, const char *title,
			       const struct wp_cert_pdf_totals *t);
/* One row of the summary table for @d, numbered @i (1-based). */
void wp_cert_pdf_summary_row(struct cm_pdf *p, size_t i,
			     const struct wp_cert_pdf_doc *d);

/*
 * One certificate (@cert_path and its .p7s) as a one-page PDF at @out,
 * written atomically. Returns as wp_cert_pdf_load(), or the save's error.
 */
int wp_cert_pdf_write(const char *cert_path, const char *out,
		      struct cm_cms_trust *trust, const char *verify_url,
		      struct cm_err *err);

/*
 * wp_cert_pdf_write() to @cert_path's name with .pdf for .json, checked
 * against the certificates of @ca_pem_path (may be NULL). *@pdf_out: the
 * malloc'd path written.
 */
int wp_cert_pdf_beside(const char *cert_path, const char *ca_pem_path,
		       char **pdf_out, struct cm_err *err);

/*
 * A batch PDF at @out: a summary table of the @n certificates at @paths
 * (borrowed; in the order the pages take), then one page each. One
 * certificate is in memory at a time; the PDF is streamed into an
 * unlinked file in @spool_dir (best the directory of @out; NULL: a
 * memory file). Any signature that does not verify stops the batch
 * (returns 1, nothing written).
 */
int wp_cert_pdf_batch(char *const *paths, size_t n, const char *title,
		      const char *out, const char *spool_dir,
		      struct cm_cms_trust *trust, const char *verify_url,
		      struct cm_err *err);

/*
 * The certificates of a batch, by index 0..@n-1: @load reads and checks
 * the i-th as wp_cert_pdf_load() does (same returns; release @d always).
 * The batch loads each one three times (counts, summary row, page) and
 * stops when a later load's SHA-256 differs from the first.
 */
struct wp_cert_pdf_source {
	size_t n;
	int (*load)(void *ctx, size_t i, struct wp_cert_pdf_doc *d,
		    struct cm_err *err);
	void *ctx;
};

/* wp_cert_pdf_batch() of the certificates @src gives. */
int wp_cert_pdf_batch_from(const struct wp_cert_pdf_source *src,
			   const char *title, const char *out,
			   const char *spool_dir, const char *verify_url,
			   struct cm_err *err);

#endif
