// SPDX-License-Identifier: Apache-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_json.h"
#include "rs_report.h"

struct rs_md {
	char *p;
	size_t len, cap;
	int oom;
};

static void md(struct rs_md *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void md(struct rs_md *m, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (m->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(m->p ? m->p + m->len : NULL,
			      m->p ? m->cap - m->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			m->oom = 1;
			return;
		}
		if (m->p && m->len + (size_t)n < m->cap) {
			m->len += (size_t)n;
			return;
		}
		{
			size_t cap = (m->cap + (size_t)n + 1) * 2;
			char *np = realloc(m->p, cap);

			if (!np) {
				m->oom = 1;
				return;
			}
			m->p = np;
			m->cap = cap;
		}
	}
}

static const char *s_or(const json_t *o, const char *k, const char *def)
{
	const char *s = cm_json_get_str(o, k);

	return s ? s : def;
}

/* Markdown table cells must not break the table. */
static void md_cell(struct rs_md *m, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			md(m, "\\|");
		else if (*s == '\n')
			md(m, " ");
		else
			md(m, "%c", *s);
	}
}

char *rs_report_md(const json_t *c)
{
	struct rs_md m = {0};
	const json_t *pb = json_object_get(c, "playbook");
	const json_t *host = json_object_get(c, "host");
	const json_t *id = json_object_get(c, "identity");
	const json_t *steps = json_object_get(c, "steps"), *s;
	size_t i;

	md(&m, "# Incident case: %s\n\n",
	   s_or(pb, "title", s_or(pb, "id", "?")));
	md(&m, "| | |\n|---|---|\n");
	md(&m, "| playbook | `%s` (sha256 `%s`) |\n", s_or(pb, "id", "?"),
	   s_or(pb, "sha256", "?"));
	md(&m, "| status | **%s** |\n", s_or(c, "status", "?"));
	md(&m, "| started | %s |\n", s_or(c, "started", "?"));
	md(&m, "| finished | %s |\n", s_or(c, "finished", "?"));
	md(&m, "| operator | ");
	md_cell(&m, s_or(c, "operator", "?"));
	md(&m, " |\n| signed by | ");
	md_cell(&m,
		json_is_object(id) ? s_or(id, "subject", "?") : "(not signed)");
	md(&m, " |\n| evidence root | `%s`%s |\n", s_or(host, "root", "/"),
	   json_is_true(json_object_get(host, "dead_box"))
		   ? " (dead-box: a mounted image or tree)"
		   : " (live host)");
	{
		const json_t *col = json_object_get(host, "collector");

		md(&m, "| collected on | %s (kernel %s) |\n\n",
		   s_or(col, "hostname", "?"), s_or(col, "kernel", "?"));
	}
	md(&m, "## Inputs\n\n");
	{
		char *txt = json_dumps(json_object_get(c, "inputs"),
				       JSON_INDENT(2) | JSON_PRESERVE_ORDER);

		md(&m, "```json\n%s\n```\n\n", txt ? txt : "{}");
		free(txt);
	}
	md(&m, "## Steps\n\n| # | step | action | phase | status | started "
	       "| finished |\n|---|---|---|---|---|---|---|\n");
	json_array_foreach(steps, i, s)
	{
		md(&m, "| %zu | `%s` | %s | %s | **%s** | %s | %s |\n", i + 1,
		   s_or(s, "id", "?"), s_or(s, "action", "?"),
		   s_or(s, "phase", "-"), s_or(s, "status", "?"),
		   s_or(s, "started", "-"), s_or(s, "finished", "-"));
	}
	md(&m, "\n");
	json_array_foreach(steps, i, s)
	{
		const json_t *out = json_object_get(s, "outputs");

		md(&m, "### %zu. `%s` — %s\n\n", i + 1, s_or(s, "id", "?"),
		   s_or(s, "status", "?"));
		if (cm_json_get_str(s, "error")) {
			md(&m, "Reason: ");
			md_cell(&m, cm_json_get_str(s, "error"));
			md(&m, "\n\n");
		}
		if (json_is_object(out) && json_object_size(out)) {
			char *txt = json_dumps(
				out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

			md(&m, "```json\n%s\n```\n\n", txt ? txt : "{}");
			free(txt);
		}
	}
	md(&m,
	   "## Verifying this case\n\n"
	   "Every file is listed in `SHA256SUMS`, which is signed in "
	   "`SHA256SUMS.p7s`; `custody.jsonl` is a hash-chained "
	   "journal of every step.\n\n"
	   "```sh\nrespond verify CASE\n"
	   "cd CASE && sha256sum -c SHA256SUMS\n"
	   "openssl cms -verify -binary -inform DER -in SHA256SUMS.p7s "
	   "-content SHA256SUMS -CAfile SIGNER-CERT.pem -purpose any\n```\n");
	if (m.oom) {
		free(m.p);
		return NULL;
	}
	return m.p;
}
