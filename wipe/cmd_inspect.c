// SPDX-License-Identifier: Apache-2.0
/* wipe inspect: identity, capabilities and safety of one target. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_json.h"
#include "cm_json.h"
#include "cm_size.h"
#include "cmds.h"
#include "wp_discover.h"
#include "wp_purge.h"

static json_t *caps_json(const struct wp_caps *caps)
{
	json_t *methods = json_array();
	size_t n;
	const struct wp_method *m = wp_methods(&n);

	for (size_t i = 0; i < n; i++) {
		if (m[i].id == WP_M_AUTO)
			continue;
		json_array_append_new(
			methods,
			json_pack(
				"{s:s, s:s, s:s, s:b, s:o, s:o}", "name",
				m[i].id == WP_M_PATTERN ? "pattern:HEX"
							: m[i].name,
				"category", wp_category_name(m[i].category),
				"technique", m[i].technique, "supported",
				caps->supported[m[i].id], "reason",
				cm_json_str_or_null(
					caps->unsupported_reason[m[i].id]),
				"estimate_secs",
				caps->estimate_secs[m[i].id]
					? json_integer(
						  caps->estimate_secs[m[i].id])
					: json_null()));
	}
	return json_pack(
		"{s:s, s:b, s:b, s:b, s:b, s:I, s:o, s:o, s:o, s:s, s:o, s:o}",
		"type", wp_dev_type_name(caps->type), "frozen", caps->frozen,
		"locked", caps->locked, "luks", caps->luks, "opal", caps->opal,
		"visible_bytes", (json_int_t)caps->visible_bytes,
		"native_bytes",
		caps->native_bytes
			? json_integer((json_int_t)caps->native_bytes)
			: json_null(),
		"hidden_area",
		caps->native_bytes > caps->visible_bytes
			? json_true()
			: (caps->native_bytes ? json_false() : json_null()),
		"advice", cm_json_str_or_null(caps->advice), "auto",
		wp_method_get(wp_purge_auto(caps))->name, "raw",
		caps->raw ? json_incref(caps->raw) : json_null(), "methods",
		methods);
}

int cmd_inspect(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	struct wp_devinfo info;
	struct wp_caps caps;
	struct wp_dev *d = NULL;
	struct cm_err err;
	json_t *doc = NULL, *cj;
	bool json = false;
	int c, ret = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			puts("usage: wipe inspect DEVICE [--json]\n\n"
			     "Identity, geometry, signatures, why it is unsafe to erase, the\nerase methods the device really supports (with the drive's own\ntime estimates), frozen/locked state and hidden areas.");
			return 0;
		default:
			return cli_usage("inspect", "unknown option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage("inspect", "give exactly one DEVICE");
	cm_err_clear(&err);
	wp_caps_init(&caps);
	if (wp_devinfo_probe(argv[optind], &info, &err) < 0)
		return cli_fail("inspect", &err);
	if (wp_dev_open(argv[optind], 0, &d, &err) < 0 ||
	    wp_caps_probe(d, &caps, &err) < 0) {
		ret = cli_fail("inspect", &err);
		goto out;
	}
	cj = caps_json(&caps);
	doc = json_pack("{s:s, s:o, s:o}", "schema", "sanitas.inspect/1",
			"device", wp_devinfo_json(&info), "capabilities", cj);
	if (json) {
		if (cli_json_print(doc, &err))
			ret = cli_fail("inspect", &err);
	} else {
		char size[32], usage[256];
		size_t n;
		const struct wp_method *m = wp_methods(&n);

		cm_size_human(info.size, size, sizeof(size));
		wp_unsafe_str(info.unsafe, usage, sizeof(usage));
		printf("%s\n", info.path);
		printf("  vendor/model:   %s %s\n",
		       info.vendor[0] ? info.vendor : "-",
		       info.model[0] ? info.model : "-");
		printf("  serial:         %s\n  wwn:            %s\n"
		       "  firmware:       %s\n",
		       info.serial[0] ? info.serial : "-",
		       info.wwn[0] ? info.wwn : "-",
		       info.firmware[0] ? info.firmware : "-");
		printf("  size:           %s (%llu bytes), sectors %u/%u\n",
		       size, (unsigned long long)info.size, info.logical_block,
		       info.physical_block);
		printf("  transport:      %s, %s%s%s\n",
		       info.transport[0] ? info.transport : "-",
		       info.rotational ? "rotational" : "non-rotational",
		       info.removable ? ", removable" : "",
		       info.readonly ? ", read-only" : "");
		printf("  type:           %s\n", wp_dev_type_name(caps.type));
		printf("  in use:         %s%s%s\n", info.unsafe ? usage : "no",
		       info.unsafe_detail[0] ? " — " : "", info.unsafe_detail);
		printf("  signatures:    ");
		if (info.sig_error)
			printf(" unknown (%s)",
			       strerror(-info.sig_error > 0 ? -info.sig_error
							    : info.sig_error));
		else if (!info.nsigs)
			printf(" none");
		for (int i = 0; i < info.nsigs; i++)
			printf(" %s@%llu", info.sigs[i].type,
			       (unsigned long long)info.sigs[i].offset);
		printf("\n");
		if (caps.native_bytes)
			printf("  native size:    %llu bytes%s\n",
			       (unsigned long long)caps.native_bytes,
			       caps.native_bytes > caps.visible_bytes
				       ? " (HIDDEN AREA present)"
				       : "");
		if (caps.frozen || caps.locked)
			printf("  security:       %s%s\n",
			       caps.frozen ? "frozen " : "",
			       caps.locked ? "locked" : "");
		if (caps.advice)
			printf("  advice:         %s\n", caps.advice);
		printf("  methods:\n");
		for (size_t i = 0; i < n; i++) {
			if (m[i].id == WP_M_AUTO)
				continue;
			printf("    %-26s %-5s %s%s%s\n",
			       m[i].id == WP_M_PATTERN ? "pattern:HEX"
						       : m[i].name,
			       wp_category_name(m[i].category),
			       caps.supported[m[i].id] ? "supported" : "no",
			       caps.unsupported_reason[m[i].id] ? ": " : "",
			       caps.unsupported_reason[m[i].id]
				       ? caps.unsupported_reason[m[i].id]
				       : "");
		}
		printf("  auto picks:     %s\n",
		       wp_method_get(wp_purge_auto(&caps))->name);
	}
out:
	json_decref(doc);
	wp_caps_release(&caps);
	wp_dev_release(d);
	return ret;
}
