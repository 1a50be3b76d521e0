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
#include "cm_age.h"
#include "cm_file.h"
#include "cm_identity.h"
#include "cm_json.h"
#include "cm_tsa.h"
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
		"                   [--identity DIR [--passphrase-file F]]\n"
		"                   [--tsa URL [--tsa-ca PEM]] [--quiet]\n"
		"                   [--encrypt-to RECIPIENT]... [--encrypt-to-file F]...\n\n"
		"Run the playbook step by step into the new case DIR, journaling every\n"
		"step in custody.jsonl, then seal the case (SHA256SUMS, signed with the\n"
		"identity). A passphrase-protected key is unlocked first, from the\n"
		"first line of --passphrase-file F or at the terminal. --tsa URL (else\n"
		"the identity profile's \"tsa\") time-stamps the seal's signature\n"
		"(SHA256SUMS.p7s.tsr); the TSA is asked once before the run, its\n"
		"answer checked against --tsa-ca PEM when given. --encrypt-to (an age1...\n"
		"X25519 recipient, an ssh-ed25519 or ssh-rsa public key line) and\n"
		"--encrypt-to-file F (one a line, # comments) encrypt every archive and\n"
		"manifest to those recipients as it is written (age format): nothing\n"
		"collected is left plain on a disk; SHA256SUMS and the seal still check\n"
		"without the key.\n"
		"Exit 0 all steps done, 1 a step failed (case sealed anyway), 65 bad\n"
		"playbook or inputs, 69 the TSA cannot be reached or gave no token,\n"
		"78 the signing key stays locked (nothing run), 130 interrupted\n"
		"(finish with 'respond resume').\n");
}

/*
 * The identity, unlocked, and its directory (absolute); *@tsa defaults to
 * its profile's TSA, which is then asked once: all before the case is made.
 */
static int load_identity(const char *dir, const char *pass_file,
			 const char **tsa, const char *tsa_ca,
			 struct cm_identity *id, char **absdir,
			 struct cm_err *err)
{
	char real[PATH_MAX];
	int rc;

	if (!realpath(dir, real))
		return cm_err_setk(err, -errno, CM_ERR_NOINPUT,
				   "identity '%s': %s", dir, strerror(errno));
	*absdir = strdup(real);
	rc = cli_identity_unlock(id, real, pass_file, err);
	if (rc)
		return rc;
	if (!*tsa)
		*tsa = id->tsa_url;
	if (*tsa && (rc = cm_tsa_probe(*tsa, tsa_ca, err))) {
		cm_err_wrap(err, "--tsa %s: nothing was run", *tsa);
		cm_identity_release(id);
	}
	return rc;
}

/* The playbook at @path and its inputs; @bytes/@len: what was read. */
static int load_playbook(const char *path, json_t *sets, struct rs_playbook *pb,
			 char **bytes, size_t *len, json_t **inputs,
			 struct cm_err *err)
{
	/* one read: the bytes loaded are the bytes copied into the case */
	int rc = cm_read_file(path, RS_PLAYBOOK_MAX, bytes, len, err);

	if (rc == -EFBIG || rc == -EISDIR) /* the loader words it */
		rc = rs_playbook_load(pb, path, err);
	else if (!rc)
		rc = rs_playbook_load_mem(pb, path, *bytes, *len, err);
	else
		err->kind = CM_ERR_NOINPUT;
	if (!rc)
		rc = rs_playbook_inputs(pb, sets, inputs, err);
	return rc;
}

/* The paths the case records as JSON text must be UTF-8 (NULL: absent). */
static int utf8_paths(const char *pb, const char *root, const char *case_dir,
		      const char *id_dir, struct cm_err *err)
{
	if (rs_cmd_utf8_path("PLAYBOOK", pb, err) ||
	    rs_cmd_utf8_path("--root", root, err) ||
	    rs_cmd_utf8_path("--case", case_dir, err) ||
	    rs_cmd_utf8_path("--identity", id_dir, err))
		return err->code;
	return 0;
}

/* --encrypt-to R (@file false) or --encrypt-to-file R, added to @age. */
static int add_recipients(struct cm_age_recipients *age, bool file,
			  const char *r, struct cm_err *err)
{
	int rc = file ? cm_age_recipients_add_file(age, r, err)
		      : cm_age_recipients_add(age, r, err);

	return rc ? cm_err_wrap(err, "--encrypt-to%s", file ? "-file" : "") : 0;
}

/* Long: one option loop, then the checks in the order nothing is made
 * before all inputs are known good; split, the state would be passed
 * around in a struct for no clarity gained. */
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
		{"tsa", required_argument, NULL, 'T'},
		{"tsa-ca", required_argument, NULL, 'C'},
		{"quiet", no_argument, NULL, 'q'},
		{"encrypt-to", required_argument, NULL, 'e'},
		{"encrypt-to-file", required_argument, NULL, 'E'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct rs_run_opts o = {0};
	struct cm_age_recipients age = {0};
	struct rs_playbook pb;
	struct cm_identity id;
	struct cm_err err;
	const char *approve[64];
	const char *case_arg = NULL, *root_arg = NULL, *id_arg = NULL;
	const char *pass_file = NULL, *tsa = NULL, *tsa_ca = NULL;
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
		case 'P': /* the key's options: passphrase, TSA, TSA CA */
		case 'T':
		case 'C':
			*(c == 'P'   ? &pass_file
			  : c == 'T' ? &tsa
				     : &tsa_ca) = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'e': /* the recipients, checked before anything is made */
		case 'E':
			if (add_recipients(&age, c == 'E', optarg, &err)) {
				ex = cli_fail("run", &err);
				goto out;
			}
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
	if ((pass_file || tsa) && !id_arg) {
		ex = cli_usage("run",
			       "--passphrase-file and --tsa need --identity");
		goto out;
	}
	if (!case_arg) {
		ex = cli_usage("run", "--case DIR is required");
		goto out;
	}
	/* the paths checked before anything is read or created */
	if (utf8_paths(argv[optind], root_arg, case_arg, NULL, &err) ||
	    load_playbook(argv[optind], sets, &pb, &bytes, &len, &inputs,
			  &err)) {
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
		if (load_identity(id_arg, pass_file, &tsa, tsa_ca, &id, &id_dir,
				  &err)) {
			ex = cli_fail("run", &err);
			goto out;
		}
		have_id = true;
	} else if (!quiet) {
		fprintf(stderr,
			"respond: run: warning: no --identity: the case will be hashed but not signed\n");
	}
	case_dir = rs_cmd_abspath(case_arg);
	/* as resolved (symlinks, the working directory), before any write */
	if (utf8_paths(NULL, root, case_dir, id_dir, &err)) {
		ex = cli_fail("run", &err);
		goto out;
	}
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
	o.age = age.n ? &age : NULL;
	cli_signal_catch();
	rc = rs_run(&pb, bytes, len, inputs, &o, &err);
	ex = rs_cmd_finished("run", case_dir, rc, &err, tsa, quiet);
out:
	json_decref(sets);
	json_decref(inputs);
	free(bytes);
	free(case_dir);
	free(id_dir);
	rs_playbook_release(&pb);
	cm_age_recipients_release(&age);
	if (have_id)
		cm_identity_release(&id);
	return ex;
}
