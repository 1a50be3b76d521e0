// SPDX-License-Identifier: Apache-2.0
/* wipe list: the drives of this machine and why any of them is unsafe. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_exit.h"
#include "cli_json.h"
#include "cm_err.h"
#include "cm_size.h"
#include "cmds.h"
#include "wp_discover.h"

static void list_usage(FILE *f)
{
	fprintf(f,
		"usage: wipe list [--all] [--json]\n"
		"\n"
		"List whole disks with identity, size, signatures and the reasons any is unsafe\nto erase.\n"
		"\n"
		"  -a, --all   also attached loop devices, partitions and stacked (dm, md) devices\n"
		"      --json  one JSON document (schema sanitas.devices/1) on stdout\n"
		"  -h, --help  this text\n");
}

/* Copy @src into @dst of @len bytes, cut to fit. */
static void cp(char *dst, size_t len, const char *src)
{
	size_t n = strnlen(src, len - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Column text for a possibly empty field. */
static const char *or_dash(const char *s)
{
	return s && s[0] ? s : "-";
}

static void flags_str(const struct wp_devinfo *d, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s", d->rotational ? "rot," : "",
		 d->removable ? "rm," : "", d->readonly ? "ro," : "",
		 d->is_partition ? "part," : "");
	if (buf[0])
		buf[strlen(buf) - 1] = '\0';
	else
		snprintf(buf, len, "-");
}

static void sigs_str(const struct wp_devinfo *d, char *buf, size_t len)
{
	size_t w = 0;

	buf[0] = '\0';
	if (d->sig_error) {
		/* not read is not the same as none */
		cp(buf, len, "?");
		return;
	}
	for (int i = 0; i < d->nsigs && w + 1 < len; i++) {
		int r = snprintf(buf + w, len - w, "%s%s", i ? "," : "",
				 d->sigs[i].type);

		if (r < 0 || (size_t)r >= len - w)
			break;
		w += (size_t)r;
	}
	if (!buf[0])
		snprintf(buf, len, "-");
}

struct row {
	char dev[64], size[24], transport[16], model[48], serial[48];
	char flags[24], sigs[96];
	const char *why;
};

static void print_table(const struct wp_devinfo *v, size_t n)
{
	static const char *const head[] = {"DEVICE",	"SIZE",	  "TRANSPORT",
					   "MODEL",	"SERIAL", "FLAGS",
					   "SIGNATURES"};
	int w[7];
	struct row *rows = calloc(n ? n : 1, sizeof(*rows));

	if (!rows) {
		fprintf(stderr, "wipe: list: out of memory\n");
		return;
	}
	for (int c = 0; c < 7; c++)
		w[c] = (int)strlen(head[c]);
	for (size_t i = 0; i < n; i++) {
		const struct wp_devinfo *d = &v[i];
		struct row *r = &rows[i];
		char model[192];

		cp(r->dev, sizeof(r->dev), d->is_file ? d->path : d->name);
		cm_size_human(d->size, r->size, sizeof(r->size));
		cp(r->transport, sizeof(r->transport), or_dash(d->transport));
		snprintf(model, sizeof(model), "%s%s%s", d->vendor,
			 d->vendor[0] && d->model[0] ? " " : "", d->model);
		cp(r->model, sizeof(r->model), or_dash(model));
		cp(r->serial, sizeof(r->serial), or_dash(d->serial));
		flags_str(d, r->flags, sizeof(r->flags));
		sigs_str(d, r->sigs, sizeof(r->sigs));
		r->why = d->unsafe ? d->unsafe_detail : "-";
		const char *cols[7] = {r->dev,	 r->size,   r->transport,
				       r->model, r->serial, r->flags,
				       r->sigs};
		for (int c = 0; c < 7; c++)
			if ((int)strlen(cols[c]) > w[c])
				w[c] = (int)strlen(cols[c]);
	}
	printf("%-*s  %*s  %-*s  %-*s  %-*s  %-*s  %-*s  %s\n", w[0], head[0],
	       w[1], head[1], w[2], head[2], w[3], head[3], w[4], head[4], w[5],
	       head[5], w[6], head[6], "UNSAFE");
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];

		printf("%-*s  %*s  %-*s  %-*s  %-*s  %-*s  %-*s  %s\n", w[0],
		       r->dev, w[1], r->size, w[2], r->transport, w[3],
		       r->model, w[4], r->serial, w[5], r->flags, w[6], r->sigs,
		       r->why);
	}
	free(rows);
}

static int print_json(const struct wp_devinfo *v, size_t n)
{
	json_t *doc = json_object(), *arr = json_array();
	struct cm_err err;
	int rc;

	if (!doc || !arr)
		goto fail;
	json_object_set_new(doc, "schema", json_string("sanitas.devices/1"));
	for (size_t i = 0; i < n; i++) {
		json_t *j = wp_devinfo_json(&v[i]);

		if (!j || json_array_append_new(arr, j))
			goto fail;
	}
	json_object_set_new(doc, "devices", arr);
	cm_err_clear(&err);
	rc = cli_json_print(doc, &err) ? cli_exit_code(&err) : CLI_EXIT_OK;
	if (rc)
		fprintf(stderr, "wipe: list: %s\n", err.msg);
	json_decref(doc);
	return rc;
fail:
	json_decref(arr);
	json_decref(doc);
	fprintf(stderr, "wipe: list: cannot write JSON\n");
	return CLI_EXIT_SOFTWARE;
}

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{"all", no_argument, NULL, 'a'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct wp_devinfo *v = NULL;
	struct cm_err err;
	bool all = false, json = false;
	size_t n = 0;
	int c, rc;

	cm_err_clear(&err);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "ah", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			all = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			list_usage(stdout);
			return CLI_EXIT_OK;
		default:
			fprintf(stderr,
				"wipe: list: unknown option '%s'\n"
				"Try 'wipe --help'\n",
				argv[optind - 1]);
			return CLI_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr,
			"wipe: list: unexpected argument '%s'\n"
			"Try 'wipe --help'\n",
			argv[optind]);
		return CLI_EXIT_USAGE;
	}
	rc = wp_discover(all, &v, &n, &err);
	if (rc) {
		fprintf(stderr, "wipe: list: %s\n", err.msg);
		return cli_exit_code(&err);
	}
	if (json) {
		rc = print_json(v, n);
	} else {
		if (n)
			print_table(v, n);
		else
			fprintf(stderr, "wipe: list: no drives found%s\n",
				all ? "" : " (try --all)");
		rc = CLI_EXIT_OK;
	}
	free(v);
	if (fflush(stdout) != 0 && rc == CLI_EXIT_OK) {
		fprintf(stderr, "wipe: list: cannot write output\n");
		rc = CLI_EXIT_IOERR;
	}
	return rc;
}
