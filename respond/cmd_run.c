// SPDX-License-Identifier: Apache-2.0
/* respond run: run a playbook into a new case. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_passphrase.h"
#include "cli_prompt.h"
#include "cli_signal.h"
#include "cm_file.h"
#include "cm_identity.h"
#include "cm_json.h"
#include "cmd_util.h"
#include "cmds.h"
#include "playbook/inputs.h"
#include "playbook/playbook.h"
#include "rs_runner.h"
#include "rs_util.h"

static void run_usage(FILE *f)
{
	fprintf(f,
		"usage: respond run PLAYBOOK --case DIR [--set KEY=VALUE]...\n"
		"                   [--root DIR] [--yes | --approve STEP]...\n"
		"                   [--identity DIR [--passphrase-file F]] [--quiet]\n\n"
		"Run the playbook step by step into the new case DIR, journaling every\nstep in custody.jsonl, then seal the case (SHA256SUMS, signed with the\nidentity). Exit 0 all steps done, 1 a step failed (case sealed anyway),\n65 bad playbook or inputs, 130 interrupted (finish with 'respond resume').\n");
}

/* The identity, its directory (absolute) and the actor name. */
static int load_identity(const char *dir, const char *pass_file,
			 struct cm_identity *id, char **absdir,
			 struct cm_err *err)
{
	char real[PATH_MAX];

	if (!realpath(dir, real))
		return cm_err_setk(err, -errno, CM_ERR_NOINPUT,
				   "identity '%s': %s", dir, strerror(errno));
	*absdir = strdup(real);
	return cli_identity_unlock(id, real, pass_file, err);
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"case", required_argument, NULL, 'c'},
		{"set", required_argument, NULL, 's'},
		{"root", required_argument, NULL, 'r'},
		{"yes", no_argument, NULL, 'y'},
		{"approve", required_argument, NULL, 'a'},
		{"identity", required_argument, NULL, 'i'},
		{"passphrase-file", required_argument, NULL, 'P'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct rs_run_opts o = {0};
	struct rs_playbook pb;
	struct cm_identity id;
	struct cm_err err;
	const char *approve[64];
	const char *case_arg = NULL, *root_arg = NULL, *id_arg = NULL;
	const char *pass_file = NULL;
	char *case_dir = NULL, *id_dir = NULL, *bytes = NULL;
	char root[PATH_MAX];
	json_t *sets = json_object(), *inputs = NULL;
	bool quiet = false, have_id = false;
	size_t len;
	int c, rc, ex = CLI_EXIT_OK;

	memset(&pb, 0, sizeof(pb));
	memset(&id, 0, sizeof(id));
	cm_err_clear(&err);
	while ((c = getopt_long(argc, argv, "hyq", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			run_usage(stdout);
			ex = CLI_EXIT_OK;
			goto out;
		case 'c':
			case_arg = optarg;
			break;
		case 's':
			if (rs_set_parse(sets, optarg, &err)) {
				ex = cli_fail("run", &err);
				goto out;
			}
			break;
		case 'r':
			root_arg = optarg;
			break;
		case 'y':
			o.assume_yes = true;
			break;
		case 'a':
			if (o.n_approve == 64) {
				ex = cli_usage("run", "too many --approve");
				goto out;
			}
			approve[o.n_approve++] = optarg;
			break;
		case 'i':
			id_arg = optarg;
			break;
		case 'P':
			pass_file = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		default:
			ex = cli_usage("run", "unknown option");
			goto out;
		}
	}
	if (optind != argc - 1) {
		ex = cli_usage("run", "give one PLAYBOOK");
		goto out;
	}
	if (pass_file && !id_arg) {
		ex = cli_usage("run", "--passphrase-file needs --identity DIR");
		goto out;
	}
	if (!case_arg) {
		ex = cli_usage("run", "--case DIR is required");
		goto out;
	}
	/* one read: the bytes loaded are the bytes copied into the case */
	rc = cm_read_file(argv[optind], RS_PLAYBOOK_MAX, &bytes, &len, &err);
	if (rc == -EFBIG || rc == -EISDIR) /* the loader words it */
		rc = rs_playbook_load(&pb, argv[optind], &err);
	else if (!rc)
		rc = rs_playbook_load_mem(&pb, argv[optind], bytes, len, &err);
	else
		err.kind = CM_ERR_NOINPUT;
	if (rc || rs_playbook_inputs(&pb, sets, &inputs, &err)) {
		ex = cli_fail("run", &err);
		goto out;
	}
	if (!realpath(root_arg ? root_arg : "/", root)) {
		cm_err_setk(&err, -errno, CM_ERR_NOINPUT, "--root '%s': %s",
			    root_arg, strerror(errno));
		ex = cli_fail("run", &err);
		goto out;
	}
	if (id_arg) {
		if (load_identity(id_arg, pass_file, &id, &id_dir, &err)) {
			ex = cli_fail("run", &err);
			goto out;
		}
		have_id = true;
	} else if (!quiet) {
		fprintf(stderr,
			"respond: run: warning: no --identity: the case will be hashed but not signed\n");
	}
	case_dir = rs_cmd_abspath(case_arg);
	o.case_dir = case_dir;
	o.root = root;
	o.dead_box = root_arg != NULL;
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
	rc = rs_run(&pb, bytes, len, inputs, &o, &err);
	if (rc < 0) {
		ex = cli_fail("run", &err);
	} else {
		if (!quiet)
			fprintf(stderr, "respond: run: case %s %s and sealed\n",
				case_dir,
				rc ? "finished with failed steps" : "complete");
		ex = rc ? CLI_EXIT_NEGATIVE : CLI_EXIT_OK;
	}
out:
	json_decref(sets);
	json_decref(inputs);
	free(bytes);
	free(case_dir);
	free(id_dir);
	rs_playbook_release(&pb);
	if (have_id)
		cm_identity_release(&id);
	return ex;
}
