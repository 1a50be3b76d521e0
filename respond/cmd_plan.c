// SPDX-License-Identifier: Apache-2.0
/* respond plan: what a playbook would do, without doing it. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_json.h"
#include "cm_json.h"
#include "cmd_util.h"
#include "cmds.h"
#include "playbook/inputs.h"
#include "playbook/playbook.h"
#include "rs_runner.h"
#include "rs_util.h"

int cmd_plan(int argc, char **argv)
{
	static const struct option opts[] = {
		{"set", required_argument, NULL, 's'},
		{"root", required_argument, NULL, 'r'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct rs_run_opts o = {0};
	struct rs_playbook pb;
	struct cm_err err;
	const char *root_arg = NULL;
	char root[PATH_MAX];
	json_t *sets = json_object(), *inputs = NULL, *plan = NULL, *s;
	bool json = false;
	size_t i;
	int c, ex = CLI_EXIT_OK;

	memset(&pb, 0, sizeof(pb));
	cm_err_clear(&err);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			printf("usage: respond plan PLAYBOOK [--set KEY=VALUE]... [--root DIR] [--json]\n\nDry run: check the input values and show what each step would\nread or change, in run order. Nothing is touched.\n");
			goto out;
		case 's':
			if (rs_set_parse(sets, optarg, &err)) {
				ex = cli_fail("plan", &err);
				goto out;
			}
			break;
		case 'r':
			root_arg = optarg;
			break;
		case 'j':
			json = true;
			break;
		default:
			ex = cli_usage("plan", "unknown option");
			goto out;
		}
	}
	if (optind != argc - 1) {
		ex = cli_usage("plan", "give one PLAYBOOK");
		goto out;
	}
	if (rs_cmd_utf8_path("PLAYBOOK", argv[optind], &err) ||
	    rs_cmd_utf8_path("--root", root_arg, &err) ||
	    rs_playbook_load(&pb, argv[optind], &err) ||
	    rs_playbook_inputs(&pb, sets, &inputs, &err)) {
		ex = cli_fail("plan", &err);
		goto out;
	}
	if (!realpath(root_arg ? root_arg : "/", root)) {
		cm_err_setk(&err, -errno, CM_ERR_NOINPUT, "--root '%s': %s",
			    root_arg, strerror(errno));
		ex = cli_fail("plan", &err);
		goto out;
	}
	if (rs_cmd_utf8_path("--root", root, &err)) {
		ex = cli_fail("plan", &err);
		goto out;
	}
	o.root = root;
	o.dead_box = root_arg != NULL;
	o.actor = rs_login_name();
	if (rs_plan(&pb, inputs, &o, &plan, &err)) {
		ex = cli_fail("plan", &err);
		goto out;
	}
	if (json) {
		if (cli_json_print(plan, &err))
			ex = cli_fail("plan", &err);
		goto out;
	}
	printf("playbook %s (sha256 %s), root %s%s\n", pb.id, pb.sha256, root,
	       o.dead_box ? " (dead-box)" : "");
	json_array_foreach(json_object_get(plan, "steps"), i, s)
	{
		char *p = json_dumps(json_object_get(s, "params"),
				     JSON_COMPACT | JSON_PRESERVE_ORDER);
		char *w = json_dumps(json_object_get(s, "plan"),
				     JSON_COMPACT | JSON_PRESERVE_ORDER |
					     JSON_ENCODE_ANY);

		printf("%zu. %s: %s%s%s\n   params: %s\n   plan:   %s\n", i + 1,
		       cm_json_get_str(s, "id"), cm_json_get_str(s, "action"),
		       json_is_true(json_object_get(s, "approval"))
			       ? " [approval required]"
			       : "",
		       cm_json_get_str(s, "when") ? " [conditional]" : "",
		       p ? p : "{}", w ? w : "null");
		free(p);
		free(w);
	}
out:
	json_decref(sets);
	json_decref(inputs);
	json_decref(plan);
	rs_playbook_release(&pb);
	return ex;
}
