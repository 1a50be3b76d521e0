/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A growable byte buffer with a maximum: the one buffer every module uses to
 * render text (drafts, calendars, reports, KRLs, digests).
 *
 * Errors are sticky: after the first failed append the buffer ignores
 * further appends, cm_buf_take() returns NULL and cm_buf_check() reports
 * the failure once, with its error kind.
 */
#ifndef SANITAS_CM_BUF_H
#define SANITAS_CM_BUF_H

#include <stddef.h>

#include "cm_err.h"

/* A ceiling for rendered text (notices, calendars, reports, digests). */
#define CM_BUF_TEXT_MAX ((size_t)64 << 20)

struct cm_buf {
	char *p;    /* owned; NUL-terminated once anything was appended */
	size_t len; /* bytes held, not counting the NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* largest len allowed */
	int err;    /* 0, -ENOMEM, or -E2BIG when max would be exceeded */
};

#define CM_BUF_INIT(m)                                                         \
	{                                                                      \
		.p = NULL, .len = 0, .cap = 0, .max = (m), .err = 0            \
	}

/* An empty buffer that will hold at most @max bytes. */
void cm_buf_init(struct cm_buf *b, size_t max);

/*
 * Make room for @more bytes (plus the NUL). Returns 0, -ENOMEM, or -E2BIG
 * if len + @more would exceed the maximum; a failure is sticky.
 */
int cm_buf_reserve(struct cm_buf *b, size_t more);

/* Append @n bytes of @d. Returns 0 or the sticky error. */
int cm_buf_append(struct cm_buf *b, const void *d, size_t n);

/* Append the string @s. Returns 0 or the sticky error. */
int cm_buf_appends(struct cm_buf *b, const char *s);

/* Append formatted text. Returns 0 or the sticky error. */
int cm_buf_appendf(struct cm_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * 0 if every append so far succeeded; otherwise record the failure in @err
 * (kind CM_ERR_DATAERR for -E2BIG: the input asked for more than the
 * maximum; -ENOMEM is "out of memory" with the errno's kind) and return
 * it. @what names the text in the message.
 */
int cm_buf_check(const struct cm_buf *b, const char *what, struct cm_err *err);

/*
 * Hand the text to the caller, who frees it (an empty buffer gives ""); the
 * buffer is left empty with its maximum. NULL after any failure (the buffer
 * is released).
 */
char *cm_buf_take(struct cm_buf *b);

/* Free the bytes and empty the buffer, keeping its maximum. */
void cm_buf_release(struct cm_buf *b);

#endif
