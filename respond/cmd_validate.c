// SPDX-License-Identifier: Apache-2.0
/* respond validate: check a playbook without running it. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli_json.h"
#include "cmd_util.h"
#include "cmds.h"
#include "playbook/playbook.h"

static void validate_usage(FILE *f)
{
	fprintf(f,
		"usage: respond validate [--json] PLAYBOOK\n\n"
		"Check a playbook without input values: syntax, keys, types, actions,\nstep references, cycles. Exit 0 valid, 65 invalid (FILE:LINE:COL: what; fix).\n");
}

int cmd_validate(int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct rs_playbook pb;
	struct cm_err err;
	bool json = false, has_volatile = false, has_change = false;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			validate_usage(stdout);
			return CLI_EXIT_OK;
		}
		if (c == 'j')
			json = true;
		else
			return cli_usage("validate", "unknown option");
	}
	if (optind != argc - 1)
		return cli_usage("validate", "give one PLAYBOOK");
	cm_err_clear(&err);
	if (rs_playbook_load(&pb, argv[optind], &err)) {
		if (json) {
			json_t *o = json_pack("{s:s,s:b,s:s}", "schema",
					      "sanitas.validate/1", "valid", 0,
					      "error", err.msg);
			struct cm_err werr;

			/* an invalid playbook stays the answer (65) */
			cm_err_clear(&werr);
			if (cli_json_print(o, &werr))
				cli_fail("validate", &werr);
			json_decref(o);
		}
		return cli_fail("validate", &err);
	}
	for (size_t i = 0; i < pb.n_steps; i++) {
		has_volatile |= !strcmp(pb.steps[i].action, "collect.volatile");
		has_change |= pb.steps[i].act->state_changing;
	}
	if (has_change && !has_volatile)
		fprintf(stderr,
			"respond: validate: warning: %s changes state but collects no volatile state first\n",
			argv[optind]);
	if (json) {
		json_t *o =
			json_pack("{s:s,s:b,s:s,s:s,s:i,s:i}", "schema",
				  "sanitas.validate/1", "valid", 1, "id", pb.id,
				  "sha256", pb.sha256, "steps", (int)pb.n_steps,
				  "inputs", (int)pb.n_inputs);
		int wrc = cli_json_print(o, &err);

		json_decref(o);
		if (wrc) {
			rs_playbook_release(&pb);
			return cli_fail("validate", &err);
		}
	} else {
		printf("%s: valid playbook '%s' (%zu steps, %zu inputs)\n",
		       argv[optind], pb.id, pb.n_steps, pb.n_inputs);
	}
	rs_playbook_release(&pb);
	return CLI_EXIT_OK;
}
