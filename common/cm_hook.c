// SPDX-License-Identifier: Apache-2.0
/* Test hooks (compiled only with SANITAS_TEST_HOOKS): see cm_hook.h. */
#include <fnmatch.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cm_hook.h"

bool cm_hook_now(time_t *out)
{
	const char *fake = getenv("SANITAS_FAKE_NOW");
	char *end;
	long long v;

	if (!fake || !*fake)
		return false;
	v = strtoll(fake, &end, 10);
	if (*end != '\0')
		return false;
	*out = (time_t)v;
	return true;
}

void cm_hook_fault(const char *name)
{
	const char *f = getenv("SANITAS_FAULT");

	if (f && !strcmp(f, name))
		raise(SIGKILL);
}

void cm_hook_fault_path(const char *name, const char *path)
{
	const char *f = getenv("SANITAS_FAULT");
	size_t n = strlen(name);

	if (f && !strncmp(f, name, n) && f[n] == ':' && f[n + 1] &&
	    fnmatch(f + n + 1, path, 0) == 0)
		raise(SIGKILL);
}

bool cm_hook_fail(const char *name)
{
	const char *f = getenv("SANITAS_FAULT");

	return f && !strncmp(f, "fail:", 5) && !strcmp(f + 5, name);
}
