// SPDX-License-Identifier: Apache-2.0
/* Renders a case as the Markdown report. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_buf.h"
#include "cm_json.h"
#include "rs_report.h"

static const char *s_or(const json_t *o, const char *k, const char *def)
{
	const char *s = cm_json_get_str(o, k);

	return s ? s : def;
}

/* Markdown table cells must not break the table. */
static void md_cell(struct cm_buf *m, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			cm_buf_appendf(m, "\\|");
		else if (*s == '\n')
			cm_buf_appendf(m, " ");
		else
			cm_buf_appendf(m, "%c", *s);
	}
}

char *rs_report_md(const json_t *c)
{
	struct cm_buf m = CM_BUF_INIT(CM_BUF_TEXT_MAX);
	const json_t *pb = json_object_get(c, "playbook");
	const json_t *host = json_object_get(c, "host");
	const json_t *id = json_object_get(c, "identity");
	const json_t *steps = json_object_get(c, "steps"), *s;
	size_t i;

	cm_buf_appendf(&m, "# Incident case: %s\n\n",
		       s_or(pb, "title", s_or(pb, "id", "?")));
	cm_buf_appendf(&m, "| | |\n|---|---|\n");
	cm_buf_appendf(&m, "| playbook | `%s` (sha256 `%s`) |\n",
		       s_or(pb, "id", "?"), s_or(pb, "sha256", "?"));
	cm_buf_appendf(&m, "| status | **%s** |\n", s_or(c, "status", "?"));
	cm_buf_appendf(&m, "| started | %s |\n", s_or(c, "started", "?"));
	cm_buf_appendf(&m, "| finished | %s |\n", s_or(c, "finished", "?"));
	cm_buf_appendf(&m, "| operator | ");
	md_cell(&m, s_or(c, "operator", "?"));
	cm_buf_appendf(&m, " |\n| signed by | ");
	md_cell(&m,
		json_is_object(id) ? s_or(id, "subject", "?") : "(not signed)");
	cm_buf_appendf(&m, " |\n| evidence root | `%s`%s |\n",
		       s_or(host, "root", "/"),
		       json_is_true(json_object_get(host, "dead_box"))
			       ? " (dead-box: a mounted image or tree)"
			       : " (live host)");
	{
		const json_t *col = json_object_get(host, "collector");

		cm_buf_appendf(&m, "| collected on | %s (kernel %s) |\n\n",
			       s_or(col, "hostname", "?"),
			       s_or(col, "kernel", "?"));
	}
	cm_buf_appendf(&m, "## Inputs\n\n");
	{
		char *txt = json_dumps(json_object_get(c, "inputs"),
				       JSON_INDENT(2) | JSON_PRESERVE_ORDER);

		cm_buf_appendf(&m, "```json\n%s\n```\n\n", txt ? txt : "{}");
		free(txt);
	}
	cm_buf_appendf(
		&m,
		"## Steps\n\n| # | step | action | phase | status | started | finished |\n|---|---|---|---|---|---|---|\n");
	json_array_foreach(steps, i, s)
	{
		cm_buf_appendf(
			&m, "| %zu | `%s` | %s | %s | **%s** | %s | %s |\n",
			i + 1, s_or(s, "id", "?"), s_or(s, "action", "?"),
			s_or(s, "phase", "-"), s_or(s, "status", "?"),
			s_or(s, "started", "-"), s_or(s, "finished", "-"));
	}
	cm_buf_appendf(&m, "\n");
	json_array_foreach(steps, i, s)
	{
		const json_t *out = json_object_get(s, "outputs");

		cm_buf_appendf(&m, "### %zu. `%s` — %s\n\n", i + 1,
			       s_or(s, "id", "?"), s_or(s, "status", "?"));
		if (cm_json_get_str(s, "error")) {
			cm_buf_appendf(&m, "Reason: ");
			md_cell(&m, cm_json_get_str(s, "error"));
			cm_buf_appendf(&m, "\n\n");
		}
		if (json_is_object(out) && json_object_size(out)) {
			char *txt = json_dumps(
				out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

			cm_buf_appendf(&m, "```json\n%s\n```\n\n",
				       txt ? txt : "{}");
			free(txt);
		}
	}
	cm_buf_appendf(
		&m,
		"## Verifying this case\n\n"
		"Every file is listed in `SHA256SUMS`, which is signed in `SHA256SUMS.p7s`; `custody.jsonl` is a hash-chained journal of every step.\n\n"
		"```sh\nrespond verify CASE\n"
		"cd CASE && sha256sum -c SHA256SUMS\n"
		"openssl cms -verify -binary -inform DER -in SHA256SUMS.p7s -content SHA256SUMS -CAfile SIGNER-CERT.pem -purpose any\n```\n");
	return cm_buf_take(&m);
}
