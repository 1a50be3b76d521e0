// SPDX-License-Identifier: Apache-2.0
/*
 * wipe ledger find: the filters into a query, every match (or one page
 * with --limit) streamed as a table, CSV, JSON lines or one JSON
 * document, a record at a time whatever the ledger's size.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_fail.h"
#include "cmd_ledger.h"

struct out {
	enum ledger_fmt fmt;
	long n;
	int rc;
};

static const char *dash(const char *s)
{
	return s && *s ? s : "-";
}

/* RFC 4180: quoted when it holds a comma, quote, CR or LF. */
static void csv_field(const char *s)
{
	if (!s)
		return;
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

static void csv_row(const char *const *v, bool header)
{
	for (int i = 0; wp_find_fields[i]; i++) {
		if (i)
			putchar(',');
		csv_field(header ? wp_find_fields[i] : v[i]);
	}
	fputs("\r\n", stdout);
}

static int found(void *ctx, const char *const *v)
{
	struct out *o = ctx;
	json_t *j;
	char *line;

	switch (o->fmt) {
	case LEDGER_TABLE:
		printf("%-20s  %-11s  %-14s  %-20s  %-20s  %-12s  %-12s  %.16s\n",
		       dash(v[2]), dash(v[9]), dash(v[10]), dash(v[5]),
		       dash(v[8]), dash(v[3]), dash(v[17]), dash(v[0]));
		break;
	case LEDGER_CSV:
		csv_row(v, false);
		break;
	case LEDGER_JSON:
	case LEDGER_JSONL:
		j = json_object();
		for (int i = 0; j && wp_find_fields[i]; i++)
			if (json_object_set_new(j, wp_find_fields[i],
						v[i] ? json_string(v[i])
						     : json_null()))
				json_decref(j), j = NULL;
		line = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER)
			 : NULL;
		json_decref(j);
		if (!line) {
			o->rc = -ENOMEM;
			return 1;
		}
		printf("%s%s\n", o->fmt == LEDGER_JSON && o->n ? "," : "",
		       line);
		free(line);
		break;
	}
	o->n++;
	if (!ferror(stdout))
		return 0;
	o->rc = errno ? -errno : -EIO;
	return 1;
}

int ledger_filter_opt(int c, const char *arg, struct wp_find_query *q,
		      char *since, char *until, struct cm_err *err)
{
	switch (c) {
	case 's':
		q->serial = arg;
		break;
	case 'w':
		q->wwn = arg;
		break;
	case 'a':
		q->asset_tag = arg;
		break;
	case 'm':
		q->model = arg;
		break;
	case 'S':
		q->station = arg;
		break;
	case 'r':
		q->result = arg;
		break;
	case 'M':
		q->method = arg;
		break;
	case 'c':
		q->category = arg;
		break;
	case 'o':
		q->operator_name = arg;
		break;
	case 'O':
		q->org = arg;
		break;
	case 'K':
		q->customer = arg;
		break;
	case 'B':
		q->job = arg;
		break;
	case 'f':
	case 'u':
		if (wp_find_time(arg, c == 'u', c == 'f' ? since : until, err) <
		    0)
			return -1;
		if (c == 'f')
			q->since = since;
		else
			q->until = until;
		break;
	default:
		return 1;
	}
	return 0;
}

int ledger_find_opts(int argc, char **argv, struct ledger_find *f)
{
	static const struct option longopts[] = {
		LEDGER_FILTER_OPTIONS,
		{"limit", required_argument, NULL, 'l'},
		{"cursor", required_argument, NULL, 'C'},
		{"csv", no_argument, NULL, 'v'},
		{"json", no_argument, NULL, 'j'},
		{"jsonl", no_argument, NULL, 'J'},
		{NULL, 0, NULL, 0}};
	struct cm_err err = {0};
	char *end;
	int c, rc, nfmt = 0;

	memset(f, 0, sizeof(*f));
	f->q.limit = WP_FIND_LIMIT_MAX;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		rc = ledger_filter_opt(c, optarg, &f->q, f->since, f->until,
				       &err);
		if (rc < 0)
			return cli_usage("ledger", err.msg);
		if (rc == 0)
			continue;
		switch (c) {
		case 'l':
			errno = 0;
			f->q.limit = strtol(optarg, &end, 10);
			if (errno || *end || f->q.limit < 1 ||
			    f->q.limit > WP_FIND_LIMIT_MAX)
				return cli_usage("ledger",
						 "--limit takes 1 to 10000");
			f->paged = true;
			break;
		case 'C':
			if (wp_find_cursor_check(optarg, &err) < 0)
				return cli_usage("ledger", err.msg);
			f->q.cursor = optarg;
			break;
		case 'v':
		case 'j':
		case 'J':
			f->fmt = c == 'v'   ? LEDGER_CSV
				 : c == 'j' ? LEDGER_JSON
					    : LEDGER_JSONL;
			nfmt++;
			break;
		default:
			return cli_usage("ledger", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("ledger", "find takes options only");
	if (nfmt > 1)
		return cli_usage("ledger",
				 "choose one of --csv, --json and --jsonl");
	if (f->q.cursor && !f->paged)
		return cli_usage(
			"ledger",
			"--cursor continues a --limit page: give --limit too");
	return 0;
}

/* The pages of @f: one with --limit, else all; the next cursor in @next. */
static int pages(struct wp_ledger *l, struct ledger_find *f, struct out *o,
		 char *next, struct cm_err *err)
{
	char cur[WP_FIND_CURSOR_MAX];
	int rc;

	for (;;) {
		rc = wp_ledger_find(l, &f->q, found, o, next, err);
		if (rc == 0 && o->rc == -ENOMEM)
			rc = cm_err_setk(err, o->rc, CM_ERR_SOFTWARE,
					 "out of memory");
		else if (rc == 0 && o->rc)
			rc = cm_err_setk(err, o->rc, CM_ERR_IOERR,
					 "cannot write to standard output: %s",
					 strerror(-o->rc));
		if (rc < 0 || f->paged || !next[0])
			return rc;
		snprintf(cur, sizeof(cur), "%s", next);
		f->q.cursor = cur;
	}
}

int ledger_find(struct wp_ledger *l, struct ledger_find *f, struct cm_err *err)
{
	static const char *const none[WP_FIND_NFIELDS] = {0};
	struct out o = {.fmt = f->fmt};
	char next[WP_FIND_CURSOR_MAX];
	json_t *nc;
	char *s;
	int rc;

	if (f->fmt == LEDGER_TABLE)
		printf("%-20s  %-11s  %-14s  %-20s  %-20s  %-12s  %-12s  %s\n",
		       "ISSUED", "RESULT", "METHOD", "SERIAL", "MODEL",
		       "STATION", "JOB", "SHA256");
	else if (f->fmt == LEDGER_CSV)
		csv_row(none, true);
	else if (f->fmt == LEDGER_JSON)
		fputs("{\"schema\": \"sanitas.ledger-find/1\", \"records\": [\n",
		      stdout);
	rc = pages(l, f, &o, next, err);
	if (rc < 0)
		return cli_fail("ledger", err);
	if (f->fmt == LEDGER_JSON) {
		nc = next[0] ? json_string(next) : json_null();
		s = nc ? json_dumps(nc, JSON_ENCODE_ANY) : NULL;
		json_decref(nc);
		if (!s)
			return cli_fail("ledger", NULL);
		printf("], \"next_cursor\": %s}\n", s);
		free(s);
	} else if (next[0]) {
		fprintf(stderr, "wipe: ledger: more: --cursor '%s'\n", next);
	}
	errno = 0;
	if (fflush(stdout) || ferror(stdout)) {
		cm_err_setk(err, -EIO, CM_ERR_IOERR,
			    "cannot write to standard output: %s",
			    strerror(errno ? errno : EIO));
		return cli_fail("ledger", err);
	}
	return 0;
}
