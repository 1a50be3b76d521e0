// SPDX-License-Identifier: Apache-2.0
/*
 * respond report: the case report for counsel, as a PDF written outside
 * the sealed case.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_exit.h"
#include "cli_fail.h"
#include "cmds.h"
#include "rs_case.h"
#include "rs_report_pdf.h"

static const char usage_text[] =
	"usage: respond report CASE --pdf -o FILE [--ca CERT.pem]\n"
	"\n"
	"Render a sealed case as one PDF for counsel: status, steps with times\n"
	"and results, evidence archives with their SHA-256, the custody\n"
	"journal's summary, revocations, the notice deadlines and the seal's\n"
	"signer, with SHA256SUMS and SHA256SUMS.p7s attached. The case is\n"
	"verified first (as 'respond verify' does) and every file rendered is\n"
	"checked against SHA256SUMS as it is read; FILE must lie outside CASE,\n"
	"which stays as sealed.\n"
	"\n"
	"Exit: 0 written; 1 the case does not verify (nothing written); 64\n"
	"usage; 65 malformed; 66 no such case; 73 cannot write FILE.\n";

/* is @out (which need not exist) inside the directory @dir? */
static int inside(const char *dir, const char *out, bool *in)
{
	char rd[PATH_MAX], ro[PATH_MAX], *copy = strdup(out);
	size_t n;

	*in = false;
	if (!copy)
		return -ENOMEM;
	if (!realpath(dir, rd) || !realpath(dirname(copy), ro)) {
		free(copy);
		return -errno;
	}
	free(copy);
	n = strlen(rd);
	*in = !strncmp(ro, rd, n) && (ro[n] == '/' || ro[n] == '\0');
	return 0;
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{"pdf", no_argument, NULL, 'p'},
		{"output", required_argument, NULL, 'o'},
		{"ca", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	const char *out = NULL, *ca = NULL;
	bool pdf = false, in;
	json_t *info = NULL;
	struct cm_err err;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == 'p')
			pdf = true;
		else if (c == 'o')
			out = optarg;
		else if (c == 'c')
			ca = optarg;
		else if (c == 'h') {
			fputs(usage_text, stdout);
			return 0;
		} else
			return cli_usage("report", "unknown option");
	}
	if (optind != argc - 1)
		return cli_usage("report", "give one CASE directory");
	if (!pdf || !out)
		return cli_usage("report",
				 "the report is a PDF: give --pdf -o FILE");
	cm_err_clear(&err);
	rc = inside(argv[optind], out, &in);
	if (rc < 0) {
		cm_err_setk(&err, rc,
			    rc == -ENOENT ? CM_ERR_NOINPUT : CM_ERR_NONE,
			    "cannot resolve '%s' or the directory of '%s': %s",
			    argv[optind], out, strerror(-rc));
		return cli_fail("report", &err);
	}
	if (in)
		return cli_usage(
			"report",
			"FILE is inside the sealed CASE: write the report elsewhere");
	rc = rs_case_verify(argv[optind], ca, &info, &err);
	json_decref(info);
	if (rc == 0)
		rc = rs_report_pdf(argv[optind], ca, out, &err);
	if (rc == 1) {
		fprintf(stderr,
			"respond: report: %s: not intact, no report written: %s\n",
			argv[optind], err.msg);
		return CLI_EXIT_NEGATIVE;
	}
	if (rc < 0)
		return cli_fail("report", &err);
	printf("%s\n", out);
	return 0;
}
