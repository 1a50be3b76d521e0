// SPDX-License-Identifier: Apache-2.0
/* respond actions: the playbook actions this build knows. */
#include <getopt.h>
#include <stdio.h>

#include "cli_json.h"
#include "cmd_util.h"
#include "cmds.h"
#include "rs_action.h"
#include "rs_util.h"

int cmd_actions(int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	size_t n;
	const struct rs_action *const *a = rs_actions(&n);
	bool json = false;
	json_t *all;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			printf("usage: respond actions [--json]\n\nList the playbook actions and their parameters.\n");
			return CLI_EXIT_OK;
		}
		if (c == 'j')
			json = true;
		else
			return cli_usage("actions", "unknown option");
	}
	if (optind != argc)
		return cli_usage("actions", "no arguments expected");
	all = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *params = json_array();

		if (!json) {
			printf("%s%s\n  %s\n", a[i]->name,
			       a[i]->state_changing
				       ? " (state-changing: approval required)"
				       : "",
			       a[i]->summary);
		}
		for (const struct rs_param *p = a[i]->params; p && p->name;
		     p++) {
			if (!json)
				printf("    %-16s %-8s %s%s\n", p->name,
				       rs_ptype_name(p->type),
				       p->required ? "(required) " : "",
				       p->description ? p->description : "");
			json_array_append_new(
				params,
				json_pack(
					"{s:s,s:s,s:b,s:s}", "name", p->name,
					"type", rs_ptype_name(p->type),
					"required", p->required, "description",
					p->description ? p->description : ""));
		}
		json_array_append_new(
			all,
			json_pack("{s:s,s:s,s:b,s:b,s:o}", "name", a[i]->name,
				  "summary", a[i]->summary, "state_changing",
				  a[i]->state_changing, "collects",
				  a[i]->collects, "params", params));
	}
	if (json) {
		json_t *o = json_pack("{s:s,s:o}", "schema",
				      "sanitas.actions/1", "actions", all);
		struct cm_err err;
		int wrc;

		cm_err_clear(&err);
		wrc = cli_json_print(o, &err);
		json_decref(o);
		if (wrc)
			return cli_fail("actions", &err);
	} else {
		json_decref(all);
	}
	return CLI_EXIT_OK;
}
