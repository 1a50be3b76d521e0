// SPDX-License-Identifier: Apache-2.0
/* Error context: recording, wrapping, and the kind an errno means. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cm_err.h"

void cm_err_clear(struct cm_err *err)
{
	if (!err)
		return;
	err->code = 0;
	err->kind = CM_ERR_NONE;
	err->msg[0] = '\0';
}

static int err_vset(struct cm_err *err, int code, enum cm_err_kind kind,
		    const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

static int err_vset(struct cm_err *err, int code, enum cm_err_kind kind,
		    const char *fmt, va_list ap)
{
	if (!err)
		return code;
	err->code = code;
	err->kind = kind;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return code;
}

int cm_err_set(struct cm_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(err, code, CM_ERR_NONE, fmt, ap);
	va_end(ap);
	return code;
}

int cm_err_setk(struct cm_err *err, int code, enum cm_err_kind kind,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(err, code, kind, fmt, ap);
	va_end(ap);
	return code;
}

int cm_err_wrap(struct cm_err *err, const char *fmt, ...)
{
	char prefix[CM_ERR_MSG_MAX];
	char old[CM_ERR_MSG_MAX];
	va_list ap;

	if (!err)
		return 0;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* a message too long for the buffer is cut, never overflowed */
	if (snprintf(err->msg, sizeof(err->msg), "%s: %s", prefix, old) < 0)
		err->msg[0] = '\0';
	return err->code;
}

enum cm_err_kind cm_err_kind_from_errno(int code)
{
	switch (-code) {
	case 0:
		return CM_ERR_NONE;
	case EINVAL:
	case EBADMSG:
	case EILSEQ:
	case ERANGE:
	case EOVERFLOW:
	case EFBIG:
		return CM_ERR_DATAERR;
	case ENOENT:
	case ENODEV:
	case ENXIO:
	case ENOTDIR:
		return CM_ERR_NOINPUT;
	case EOPNOTSUPP:
	case ENOSYS:
	case ENOTTY:
		return CM_ERR_UNAVAILABLE;
	case EEXIST:
	case ENOSPC:
	case EDQUOT:
		return CM_ERR_CANTCREAT;
	case EIO:
		return CM_ERR_IOERR;
	case EBUSY:
	case EAGAIN:
		return CM_ERR_TEMPFAIL;
	case EACCES:
	case EPERM:
	case EROFS:
		return CM_ERR_NOPERM;
	case EINTR:
	case ECANCELED:
		return CM_ERR_INTERRUPTED;
	default:
		return CM_ERR_SOFTWARE;
	}
}

enum cm_err_kind cm_err_kind(const struct cm_err *err)
{
	if (!err)
		return CM_ERR_NONE;
	if (err->kind != CM_ERR_NONE)
		return err->kind;
	return cm_err_kind_from_errno(err->code);
}
