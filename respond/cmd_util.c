// SPDX-License-Identifier: Apache-2.0
/* What the verbs of respond share: step notes, absolute paths. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cm_json.h"
#include "cm_path.h"
#include "cmd_util.h"

void rs_cmd_note(void *cookie, const char *step, const char *status,
		 const char *detail)
{
	if (cookie)
		return;
	if (!strcmp(status, "start"))
		fprintf(stderr, "respond: step '%s' (%s) ...\n", step, detail);
	else
		fprintf(stderr, "respond: step '%s': %s%s%s\n", step, status,
			detail ? ": " : "", detail ? detail : "");
}

char *rs_cmd_abspath(const char *path)
{
	char cwd[PATH_MAX];
	char *p;

	if (path[0] == '/')
		return strdup(path);
	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	p = cm_path_join(cwd, path);
	/* no trailing slash: paths are joined and compared as given */
	while (p && strlen(p) > 1 && p[strlen(p) - 1] == '/')
		p[strlen(p) - 1] = '\0';
	return p;
}

int rs_cmd_utf8_path(const char *what, const char *path, struct cm_err *err)
{
	if (!path || cm_utf8_valid(path))
		return 0;
	return cm_err_setk(
		err, -EINVAL, CM_ERR_USAGE,
		"%s '%s' is not valid UTF-8: the case records it as JSON text; reach it by a UTF-8 name (e.g. a bind mount)",
		what, path);
}
