/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Text a certificate holds: valid UTF-8 without control characters (a
 * terminal would act on them when the certificate is shown), checked for
 * every input before an erase starts, and a display form that shows any
 * other byte as an escape instead of passing it to the terminal.
 */
#ifndef SANITAS_WP_CERT_TEXT_H
#define SANITAS_WP_CERT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "cm_err.h"
#include "cm_identity.h"
#include "wp_cert.h"
#include "wp_discover.h"

/*
 * Where @s stops being certificate text: the byte offset of the first
 * byte that is not valid UTF-8 (overlong forms and surrogates included)
 * or is a control character (C0, DEL, C1; with @lines, tab and newline
 * are allowed), or -1 when all of @s is text.
 */
long wp_cert_text_bad_at(const char *s, bool lines);

/*
 * Whether the certificate of an erase of @target (described by @info,
 * with @meta, signed by @id; @id may be NULL to skip the trial build) can
 * be built before anything is written: the description as text, then a
 * trial build with a placeholder outcome. 0, or -EILSEQ with the kind
 * DATAERR and a message naming the field and the byte.
 */
int wp_cert_inputs_check(const char *target, const struct wp_devinfo *info,
			 const struct wp_cert_meta *meta,
			 const struct cm_identity *id, struct cm_err *err);

/*
 * @s for a terminal into @out (@len bytes, always terminated, cut when
 * full): UTF-8 text as it is, control characters and invalid bytes as
 * \xHH (a backslash as \\), newlines kept when @lines. Returns @out.
 */
char *wp_cert_text_display(const char *s, bool lines, char *out, size_t len);

#endif
