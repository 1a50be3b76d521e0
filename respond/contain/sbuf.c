// SPDX-License-Identifier: Apache-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rs_sbuf.h"

static bool grow(struct rs_sbuf *b, size_t more)
{
	size_t cap;
	char *p;

	if (b->oom)
		return false;
	if (b->len + more + 1 <= b->cap)
		return true;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1)
		cap *= 2;
	p = realloc(b->buf, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->buf = p;
	b->cap = cap;
	return true;
}

void rs_sb_addn(struct rs_sbuf *b, const char *s, size_t n)
{
	if (!grow(b, n))
		return;
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void rs_sb_add(struct rs_sbuf *b, const char *s)
{
	rs_sb_addn(b, s, strlen(s));
}

void rs_sb_addf(struct rs_sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *rs_sb_take(struct rs_sbuf *b)
{
	char *p;

	if (!b->buf && !b->oom && grow(b, 0))
		b->buf[0] = '\0';
	if (b->oom) {
		rs_sb_release(b);
		return NULL;
	}
	p = b->buf;
	memset(b, 0, sizeof(*b));
	return p;
}

void rs_sb_release(struct rs_sbuf *b)
{
	free(b->buf);
	memset(b, 0, sizeof(*b));
}
