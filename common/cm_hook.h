/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test hooks: a pinned clock and crash points, present only in a build
 * configured with -DSANITAS_TEST_HOOKS=ON (scripts/test does; a plain or
 * packaged build does not). Without it both are empty inline functions, so
 * the shipped binaries read no SANITAS_FAKE_NOW or SANITAS_FAULT and contain
 * neither name: one environment variable must never backdate a signed
 * record or kill an installed tool half-way.
 */
#ifndef SANITAS_CM_HOOK_H
#define SANITAS_CM_HOOK_H

#include <stdbool.h>
#include <time.h>

#ifdef SANITAS_TEST_HOOKS
/*
 * The clock pinned by SANITAS_FAKE_NOW (whole seconds since the epoch):
 * true and *@out set when the variable holds a number, else false.
 */
bool cm_hook_now(time_t *out);
/*
 * Crash point: when SANITAS_FAULT equals @name the process kills itself
 * (SIGKILL) here, as a power cut between two writes would.
 */
void cm_hook_fault(const char *name);
/*
 * Crash point on a file: when SANITAS_FAULT is "@name:PATTERN" and @path
 * matches the shell PATTERN (fnmatch(3), e.g. "*.json.p7s") the process
 * kills itself (SIGKILL) here.
 */
void cm_hook_fault_path(const char *name, const char *path);
/*
 * Failure point: true when SANITAS_FAULT is "fail:@name"; the caller then
 * fails as a library that set no message would.
 */
bool cm_hook_fail(const char *name);
#else
static inline bool cm_hook_now(time_t *out)
{
	(void)out;
	return false;
}

static inline void cm_hook_fault(const char *name)
{
	(void)name;
}

static inline void cm_hook_fault_path(const char *name, const char *path)
{
	(void)name;
	(void)path;
}

static inline bool cm_hook_fail(const char *name)
{
	(void)name;
	return false;
}
#endif

#endif
