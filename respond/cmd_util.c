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
#include "cm_time.h"
#include "cm_tsa.h"
#include "rs_case.h"
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

int rs_cmd_stamp_case(const char *verb, const char *case_dir, const char *url,
		      bool quiet, int ex)
{
	char *sig = cm_path_join(case_dir, RS_CASE_SIG);
	struct cm_tsa_info info;
	struct cm_err err;
	char when[CM_RFC3339_LEN];

	cm_err_clear(&err);
	if (!sig || cm_tsa_stamp_file(url, sig, &info, &err)) {
		fprintf(stderr,
			"respond: %s: the case is sealed, but has no time-stamp: %s (its time is the signer's own claim)\n",
			verb, sig ? err.msg : "out of memory");
		free(sig);
		return ex ? ex : CLI_EXIT_UNAVAILABLE;
	}
	cm_time_rfc3339(info.gen_time, when);
	if (!quiet)
		fprintf(stderr, "respond: %s: seal time-stamped at %s by %s\n",
			verb, when, info.tsa_subject);
	free(sig);
	return ex;
}

int rs_cmd_finished(const char *verb, const char *case_dir, int rc,
		    const struct cm_err *err, const char *tsa, bool quiet)
{
	int ex;

	if (rc < 0)
		return cli_fail(verb, err);
	if (!quiet)
		fprintf(stderr, "respond: %s: case %s %s and sealed\n", verb,
			case_dir,
			rc ? "finished with failed steps" : "complete");
	ex = rc ? CLI_EXIT_NEGATIVE : CLI_EXIT_OK;
	if (tsa)
		ex = rs_cmd_stamp_case(verb, case_dir, tsa, quiet, ex);
	return ex;
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
