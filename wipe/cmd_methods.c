// SPDX-License-Identifier: Apache-2.0
/* wipe methods: the erase methods and their NIST SP 800-88 category. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_json.h"
#include "cmds.h"
#include "wp_method.h"

int cmd_methods(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	const struct wp_method *m;
	struct cm_err err;
	bool json = false;
	size_t n;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			puts("usage: wipe methods [--json]\n\nEvery erase method with its NIST SP 800-88 category, technique\nand the media it suits.");
			return 0;
		default:
			return cli_usage("methods", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("methods", "no arguments expected");
	m = wp_methods(&n);
	if (json) {
		json_t *arr = json_array(), *doc;

		for (size_t i = 0; i < n; i++) {
			json_t *media = json_array();

			for (int k = 0; m[i].media[k]; k++)
				json_array_append_new(
					media, json_string(m[i].media[k]));
			json_array_append_new(
				arr,
				json_pack("{s:s, s:s, s:s, s:o, s:s}", "name",
					  m[i].id == WP_M_PATTERN
						  ? "pattern:HEX"
						  : m[i].name,
					  "category",
					  m[i].id == WP_M_AUTO
						  ? "auto"
						  : wp_category_name(
							    m[i].category),
					  "technique", m[i].technique, "media",
					  media, "description",
					  m[i].description));
		}
		doc = json_pack("{s:s, s:o}", "schema", "sanitas.methods/1",
				"methods", arr);
		cm_err_clear(&err);
		rc = cli_json_print(doc, &err) ? cli_fail("methods", &err) : 0;
		json_decref(doc);
		return rc;
	}
	printf("%-26s %-6s %-13s %s\n", "METHOD", "NIST", "TECHNIQUE",
	       "DESCRIPTION");
	for (size_t i = 0; i < n; i++)
		printf("%-26s %-6s %-13s %s\n",
		       m[i].id == WP_M_PATTERN ? "pattern:HEX" : m[i].name,
		       m[i].id == WP_M_AUTO ? "-"
					    : wp_category_name(m[i].category),
		       m[i].technique, m[i].description);
	return 0;
}
