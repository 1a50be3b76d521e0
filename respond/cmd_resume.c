// SPDX-License-Identifier: Apache-2.0
/* respond resume: finish a case after a crash or kill. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_passphrase.h"
#include "cli_prompt.h"
#include "cli_signal.h"
#include "cm_path.h"
#include "cm_identity.h"
#include "cm_json.h"
#include "cm_tsa.h"
#include "cmd_util.h"
#include "cmds.h"
#include "rs_runner.h"
#include "rs_util.h"

/*
 * A case is sealed by the identity it was started with: another one would
 * re-sign it silently. Returns 0, or -EPERM with the two fingerprints.
 */
static int other_signer(const struct cm_identity *id, const json_t *start,
			struct cm_err *err)
{
	const char *was = cm_json_get_str(json_object_get(start, "identity"),
					  "fingerprint");
	char fp[65];

	cm_identity_fingerprint(id, fp);
	if (!was || !strcmp(was, fp))
		return 0;
	return cm_err_setk(
		err, -EPERM, CM_ERR_USAGE,
		"identity '%s' (sha256 %s) is not the one the case was started with (sha256 %s): resume without --identity, or with the recorded identity, so that the case is sealed by its own signer",
		id->dir ? id->dir : "?", fp, was);
}

int cmd_resume(int argc, char **argv)
{
	static const struct option opts[] = {
		{"case", required_argument, NULL, 'c'},
		{"identity", required_argument, NULL, 'i'},
		{"passphrase-file", required_argument, NULL, 'P'},
		{"yes", no_argument, NULL, 'y'},
		{"approve", required_argument, NULL, 'a'},
		{"tsa", required_argument, NULL, 'T'},
		{"tsa-ca", required_argument, NULL, 'C'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct rs_run_opts o = {0};
	struct cm_identity id;
	struct cm_err err;
	const char *approve[64];
	const char *case_arg = NULL, *id_arg = NULL, *pass_file = NULL;
	const char *tsa = NULL, *tsa_ca = NULL;
	char *case_dir = NULL, *id_dir = NULL;
	json_t *start = NULL;
	bool quiet = false, have_id = false;
	int c, rc, ex = CLI_EXIT_OK;

	memset(&id, 0, sizeof(id));
	cm_err_clear(&err);
	while ((c = getopt_long(argc, argv, "hyq", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			printf("usage: respond resume --case DIR [--identity DIR] [--passphrase-file F]\n                      [--tsa URL [--tsa-ca PEM]] [--yes | --approve STEP]...\n\nFinish an interrupted run: completed steps are not repeated, an\ninterrupted collection is redone cleanly, then the case is sealed.\nA passphrase-protected key is unlocked first (exit 78 if it cannot be).\n");
			goto out;
		case 'c':
			case_arg = optarg;
			break;
		case 'i':
			id_arg = optarg;
			break;
		case 'P':
			pass_file = optarg;
			break;
		case 'T':
			tsa = optarg;
			break;
		case 'C':
			tsa_ca = optarg;
			break;
		case 'y':
			o.assume_yes = true;
			break;
		case 'a':
			if (o.n_approve < 64)
				approve[o.n_approve++] = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		default:
			ex = cli_usage("resume", "unknown option");
			goto out;
		}
	}
	if (optind != argc || !case_arg) {
		ex = cli_usage("resume", "--case DIR is required");
		goto out;
	}
	case_dir = rs_cmd_abspath(case_arg);
	{
		/* the identity the run started with, recorded by path */
		char *j = cm_path_join(case_dir, "custody.jsonl");
		FILE *f = j ? fopen(j, "r") : NULL;
		char line[65536];

		if (f && fgets(line, sizeof(line), f)) {
			json_t *e = json_loads(line, 0, NULL);

			start = json_incref(json_object_get(e, "details"));
			json_decref(e);
			if (!id_arg)
				id_arg = cm_json_get_str(
					json_object_get(start, "options"),
					"identity_dir");
		}
		if (f)
			fclose(f);
		free(j);
	}
	if (id_arg) {
		char real[PATH_MAX];

		if (!realpath(id_arg, real) ||
		    cli_identity_unlock(&id, real, pass_file, &err)) {
			if (!err.msg[0])
				cm_err_setk(&err, -errno, CM_ERR_NOINPUT,
					    "identity '%s': %s", id_arg,
					    strerror(errno));
			ex = cli_fail("resume", &err);
			goto out;
		}
		id_dir = strdup(real);
		have_id = true;
		if (other_signer(&id, start, &err)) {
			ex = cli_fail("resume", &err);
			goto out;
		}
		if (!tsa)
			tsa = id.tsa_url;
		if (tsa && cm_tsa_probe(tsa, tsa_ca, &err)) {
			cm_err_wrap(&err, "--tsa %s: nothing was resumed", tsa);
			ex = cli_fail("resume", &err);
			goto out;
		}
	}
	if (tsa && !have_id) {
		ex = cli_usage(
			"resume",
			"--tsa needs an identity: it stamps the signature");
		goto out;
	}
	o.case_dir = case_dir;
	o.approve = approve;
	o.identity = have_id ? &id : NULL;
	o.identity_dir = id_dir;
	o.actor = have_id && id.operator_name ? id.operator_name
					      : rs_login_name();
	o.ask = cli_prompt_can_ask() ? cli_prompt_ask : NULL;
	o.note = rs_cmd_note;
	o.note_cookie = quiet ? &quiet : NULL;
	o.interrupted = &cli_interrupted;
	cli_signal_catch();
	rc = rs_resume(&o, &err);
	ex = rs_cmd_finished("resume", case_dir, rc, &err, tsa, quiet);
out:
	json_decref(start);
	free(case_dir);
	free(id_dir);
	if (have_id)
		cm_identity_release(&id);
	return ex;
}
