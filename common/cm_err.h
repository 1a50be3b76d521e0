/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Error context shared by every sanitas library.
 *
 * Core code never prints and never knows process exit codes: it fills a
 * caller-owned struct cm_err with a negative errno, an optional error kind
 * and a message, and returns the errno. Only the CLI layer (common/cli/)
 * maps a kind to a sysexits code, in one table.
 */
#ifndef SANITAS_CM_ERR_H
#define SANITAS_CM_ERR_H

#include <stdarg.h>
#include <stdbool.h>

/*
 * What went wrong, as a caller needs to know it. CM_ERR_NONE means "derive
 * the kind from the errno" (cm_err_kind()).
 */
enum cm_err_kind {
	CM_ERR_NONE = 0,
	CM_ERR_NEGATIVE,    /* a negative answer: data found, bad signature */
	CM_ERR_USAGE,	    /* the caller asked for something inconsistent */
	CM_ERR_DATAERR,	    /* malformed input: playbook, certificate */
	CM_ERR_NOINPUT,	    /* no such device or file */
	CM_ERR_UNAVAILABLE, /* unsupported by the device */
	CM_ERR_SOFTWARE,    /* internal bug */
	CM_ERR_CANTCREAT,   /* cannot create output */
	CM_ERR_IOERR,	    /* input/output error */
	CM_ERR_TEMPFAIL,    /* busy, in use, refused target */
	CM_ERR_NOPERM,	    /* permission denied or read-only */
	CM_ERR_INTERRUPTED, /* stopped by a signal */
	CM_ERR_KEYLOCKED,   /* the signing key stays locked: no or a wrong
			     * passphrase */
};

#define CM_ERR_MSG_MAX 1024

struct cm_err {
	int code;	       /* 0 or a negative errno */
	enum cm_err_kind kind; /* explicit kind, or CM_ERR_NONE */
	char msg[CM_ERR_MSG_MAX];
};

/* Reset @err to "no error". Accepts NULL. */
void cm_err_clear(struct cm_err *err);

/*
 * Record an error: @code is a negative errno; the message is formatted from
 * @fmt. Returns @code so callers can write `return cm_err_set(...)`.
 * @err may be NULL (the message is dropped).
 */
int cm_err_set(struct cm_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* As cm_err_set(), and pin the kind of the error. */
int cm_err_setk(struct cm_err *err, int code, enum cm_err_kind kind,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Prefix the existing message with "@fmt: " (context from an outer caller),
 * keeping code and kind. Returns err->code.
 */
int cm_err_wrap(struct cm_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The kind of @err: err->kind if set, else derived from err->code. */
enum cm_err_kind cm_err_kind(const struct cm_err *err);

/* The kind conventionally meant by a negative errno. */
enum cm_err_kind cm_err_kind_from_errno(int code);

#endif
