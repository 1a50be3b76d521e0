// SPDX-License-Identifier: Apache-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cm_err.h"

void cm_err_clear(struct cm_err *err)
{
	if (!err)
		return;
	err->code = 0;
	err->exit = 0;
	err->msg[0] = '\0';
}

static int err_vset(struct cm_err *err, int code, int exit_code,
		    const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

static int err_vset(struct cm_err *err, int code, int exit_code,
		    const char *fmt, va_list ap)
{
	if (!err)
		return code;
	err->code = code;
	err->exit = exit_code;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return code;
}

int cm_err_set(struct cm_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(err, code, 0, fmt, ap);
	va_end(ap);
	return code;
}

int cm_err_setx(struct cm_err *err, int code, int exit_code, const char *fmt,
		...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(err, code, exit_code, fmt, ap);
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

int cm_exit_from_errno(int code)
{
	switch (-code) {
	case 0:
		return CM_EXIT_OK;
	case EINVAL:
	case EBADMSG:
	case EILSEQ:
	case ERANGE:
	case EOVERFLOW:
	case EFBIG:
		return CM_EXIT_DATAERR;
	case ENOENT:
	case ENODEV:
	case ENXIO:
	case ENOTDIR:
		return CM_EXIT_NOINPUT;
	case EOPNOTSUPP:
	case ENOSYS:
	case ENOTTY:
		return CM_EXIT_UNAVAILABLE;
	case EEXIST:
	case ENOSPC:
	case EDQUOT:
		return CM_EXIT_CANTCREAT;
	case EIO:
		return CM_EXIT_IOERR;
	case EBUSY:
	case EAGAIN:
		return CM_EXIT_TEMPFAIL;
	case EACCES:
	case EPERM:
	case EROFS:
		return CM_EXIT_NOPERM;
	case EINTR:
	case ECANCELED:
		return CM_EXIT_INTERRUPTED;
	default:
		return CM_EXIT_SOFTWARE;
	}
}

int cm_exit_code(const struct cm_err *err)
{
	if (!err)
		return CM_EXIT_OK;
	if (err->exit)
		return err->exit;
	return cm_exit_from_errno(err->code);
}
