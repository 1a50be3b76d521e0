/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The case report for counsel as PDF (respond report --pdf): rendered from
 * the sealed files of a case, each checked against the signed SHA256SUMS
 * as it is read, with SHA256SUMS and its .p7s attached.
 */
#ifndef SANITAS_RS_REPORT_PDF_H
#define SANITAS_RS_REPORT_PDF_H

#include <stddef.h>

#include "cm_err.h"

/*
 * The hash SHA256SUMS (@len bytes at @sums) lists for @path, into @hex
 * (65 bytes). Returns 0, -ENOENT when not listed, -EBADMSG (kind
 * DATAERR) naming the line when a line is not "HEX  PATH".
 */
int rs_sums_find(const char *sums, size_t len, const char *path, char *hex,
		 struct cm_err *err);

/* What the custody journal holds, for the report. */
struct rs_journal_summary {
	size_t entries;
	char first[40], last[40]; /* times of the first and last entry */
	char head[65];		  /* sha256 of the last entry */
	size_t steps_started, steps_finished, approvals, other;
	char actors[256]; /* distinct actors, comma separated */
};

/*
 * Summarise @len bytes of custody.jsonl at @text. Returns 0, or -EBADMSG
 * naming the line that is not a journal entry.
 */
int rs_journal_summarise(const char *text, size_t len,
			 struct rs_journal_summary *s, struct cm_err *err);

/*
 * Render the sealed case @dir as a PDF at @out (outside @dir; written
 * atomically). The seal's signature is checked over the SHA256SUMS bytes
 * read (against @ca_pem, or the signer's own certificate when NULL) and
 * each file rendered is hashed as read and compared with its line.
 * Returns 0; 1 when the seal or a file does not match (nothing
 * written); <0 on error.
 */
int rs_report_pdf(const char *dir, const char *ca_pem, const char *out,
		  struct cm_err *err);

#endif
