// SPDX-License-Identifier: Apache-2.0
/* The path joiner (cm_path.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cm_path.h"

/* Lengths of the parts and whether a slash goes between them. */
static size_t parts(const char **dir, const char **name, size_t *ld, size_t *ln,
		    int *slash)
{
	size_t a = strlen(*dir);

	while (a > 1 && (*dir)[a - 1] == '/')
		a--;
	while (**name == '/')
		(*name)++;
	*ld = a;
	*ln = strlen(*name);
	*slash = a > 0 && !(a == 1 && (*dir)[0] == '/');
	return a + (size_t)*slash + *ln;
}

static void put(char *out, const char *dir, size_t ld, int slash,
		const char *name, size_t ln)
{
	memcpy(out, dir, ld);
	if (slash)
		out[ld++] = '/';
	memcpy(out + ld, name, ln);
	out[ld + ln] = '\0';
}

char *cm_path_join(const char *dir, const char *name)
{
	size_t ld, ln, n;
	int slash;
	char *p;

	n = parts(&dir, &name, &ld, &ln, &slash);
	p = malloc(n + 1);
	if (p)
		put(p, dir, ld, slash, name, ln);
	return p;
}

int cm_path_join_buf(char *out, size_t size, const char *dir, const char *name)
{
	size_t ld, ln, n;
	int slash;

	n = parts(&dir, &name, &ld, &ln, &slash);
	if (n >= size) {
		if (size)
			out[0] = '\0';
		return -ENAMETOOLONG;
	}
	put(out, dir, ld, slash, name, ln);
	return 0;
}
