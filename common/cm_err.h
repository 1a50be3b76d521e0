/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Error context and exit codes shared by every sanitas tool.
 *
 * Core code never prints: it fills a caller-owned struct cm_err and returns
 * a negative errno. Only main.c and the verb files turn that into a message
 * and an exit code, through cm_exit_code().
 */
#ifndef SANITAS_CM_ERR_H
#define SANITAS_CM_ERR_H

#include <stdarg.h>
#include <stdbool.h>

/* exit codes are interface: tests pin them (values from <sysexits.h>) */
enum cm_exit {
	CM_EXIT_OK = 0,
	CM_EXIT_NEGATIVE = 1, /* verification found data, bad signature */
	CM_EXIT_USAGE = 64,
	CM_EXIT_DATAERR = 65,	  /* malformed input: playbook, certificate */
	CM_EXIT_NOINPUT = 66,	  /* no such device or file */
	CM_EXIT_UNAVAILABLE = 69, /* unsupported by the device */
	CM_EXIT_SOFTWARE = 70,	  /* internal bug */
	CM_EXIT_CANTCREAT = 73,	  /* cannot create output */
	CM_EXIT_IOERR = 74,
	CM_EXIT_TEMPFAIL = 75, /* busy, in use, refused target */
	CM_EXIT_NOPERM = 77,   /* permission denied or read-only */
	CM_EXIT_INTERRUPTED = 130,
};

#define CM_ERR_MSG_MAX 1024

struct cm_err {
	int code; /* 0 or a negative errno */
	int exit; /* explicit exit code, or 0 to derive it from code */
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

/* As cm_err_set(), and pin the exit code the tool must use. */
int cm_err_setx(struct cm_err *err, int code, int exit_code, const char *fmt,
		...) __attribute__((format(printf, 4, 5)));

/*
 * Prefix the existing message with "@fmt: " (context from an outer caller),
 * keeping code and exit. Returns err->code.
 */
int cm_err_wrap(struct cm_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The exit code for @err: err->exit if set, else derived from err->code. */
int cm_exit_code(const struct cm_err *err);

/* The exit code conventionally used for a negative errno. */
int cm_exit_from_errno(int code);

#endif
