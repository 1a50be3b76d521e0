/* SPDX-License-Identifier: Apache-2.0 */
/* A growable text buffer for rendering drafts and calendars. */
#ifndef SANITAS_RS_SBUF_H
#define SANITAS_RS_SBUF_H

#include <stdbool.h>
#include <stddef.h>

struct rs_sbuf {
	char *buf; /* owned, NUL-terminated */
	size_t len;
	size_t cap;
	bool oom; /* an allocation failed: the text is incomplete */
};

void rs_sb_add(struct rs_sbuf *b, const char *s);
void rs_sb_addn(struct rs_sbuf *b, const char *s, size_t n);
void rs_sb_addf(struct rs_sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hand the text to the caller (NULL after an allocation failure). */
char *rs_sb_take(struct rs_sbuf *b);
void rs_sb_release(struct rs_sbuf *b);

#endif
