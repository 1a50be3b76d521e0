// SPDX-License-Identifier: Apache-2.0
/*
 * The one writer of JSON documents to stdout: flushed and checked, so a
 * full disk is an error (exit 74), never a silent exit 0. (A closed pipe
 * ends a verb by SIGPIPE, as it does any filter, unless the verb ignores
 * SIGPIPE; then the write fails with EPIPE and the verb exits 74.)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_json.h"
#include "cm_json.h"

int cli_json_print(const json_t *j, struct cm_err *err)
{
	char *s = j ? cm_json_dumps(j) : NULL;
	size_t n;
	int e = 0;

	if (!s)
		return cm_err_setk(err, -ENOMEM, CM_ERR_SOFTWARE,
				   "cannot serialise the JSON document");
	n = strlen(s);
	errno = 0;
	/* the first failure's errno is the one to report */
	if (fwrite(s, 1, n, stdout) != n)
		e = errno ? errno : EIO;
	if (fflush(stdout) == EOF && !e)
		e = errno ? errno : EIO;
	if (!e && ferror(stdout))
		e = EIO;
	free(s);
	if (e)
		return cm_err_setk(err, -e, CM_ERR_IOERR,
				   "cannot write to standard output: %s",
				   strerror(e));
	return 0;
}
