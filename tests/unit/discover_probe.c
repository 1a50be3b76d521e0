// SPDX-License-Identifier: Apache-2.0
/*
 * Test helper (not installed): print wp_devinfo_probe()'s JSON for each
 * target, so integration tests can check the image-file and partition paths
 * of discovery directly.
 */
#include <stdio.h>

#include "cli_exit.h"
#include "cli_json.h"
#include "cm_err.h"
#include "wp_discover.h"

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		struct wp_devinfo info;
		struct cm_err err;
		json_t *j;

		cm_err_clear(&err);
		if (wp_devinfo_probe(argv[i], &info, &err)) {
			fprintf(stderr, "discover-probe: %s\n", err.msg);
			return cli_exit_code(&err);
		}
		j = wp_devinfo_json(&info);
		if (cli_json_print(j, &err)) {
			fprintf(stderr, "discover-probe: %s\n", err.msg);
			json_decref(j);
			return CLI_EXIT_IOERR;
		}
		json_decref(j);
	}
	return argc > 1 ? 0 : CLI_EXIT_USAGE;
}
