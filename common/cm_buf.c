// SPDX-License-Identifier: Apache-2.0
/* The growable buffer with a maximum (cm_buf.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_buf.h"

void cm_buf_init(struct cm_buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

int cm_buf_reserve(struct cm_buf *b, size_t more)
{
	size_t need, cap;
	char *p;

	if (b->err)
		return b->err;
	if (more > b->max || b->len > b->max - more)
		return b->err = -E2BIG;
	need = b->len + more + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	/* never allocate far past the maximum */
	if (cap > b->max + 1 && need <= b->max + 1)
		cap = b->max + 1;
	p = realloc(b->p, cap);
	if (!p)
		return b->err = -ENOMEM;
	b->p = p;
	b->cap = cap;
	return 0;
}

int cm_buf_append(struct cm_buf *b, const void *d, size_t n)
{
	int rc = cm_buf_reserve(b, n);

	if (rc)
		return rc;
	if (n)
		memcpy(b->p + b->len, d, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int cm_buf_appends(struct cm_buf *b, const char *s)
{
	return cm_buf_append(b, s, strlen(s));
}

int cm_buf_appendf(struct cm_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, rc;

	if (b->err)
		return b->err;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return b->err = -EINVAL;
	if ((rc = cm_buf_reserve(b, (size_t)n)))
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int cm_buf_check(const struct cm_buf *b, const char *what, struct cm_err *err)
{
	if (!b->err)
		return 0;
	if (b->err == -E2BIG)
		return cm_err_setk(err, b->err, CM_ERR_DATAERR,
				   "%s would exceed %zu bytes", what, b->max);
	if (b->err == -ENOMEM)
		return cm_err_set(err, b->err, "out of memory");
	return cm_err_set(err, b->err, "%s: %s", what, strerror(-b->err));
}

char *cm_buf_take(struct cm_buf *b)
{
	size_t max = b->max;
	char *p;

	if (!b->err && !b->p)
		cm_buf_reserve(b, 0);
	if (b->err) {
		cm_buf_release(b);
		return NULL;
	}
	if (!b->len)
		b->p[0] = '\0';
	p = b->p;
	cm_buf_init(b, max);
	return p;
}

void cm_buf_release(struct cm_buf *b)
{
	free(b->p);
	cm_buf_init(b, b->max);
}
