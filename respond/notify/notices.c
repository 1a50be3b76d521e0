// SPDX-License-Identifier: Apache-2.0
/*
 * Notice drafts. Each draft is written as Markdown and converted to plain
 * text. Every element the law asks for is a heading or a labelled line,
 * filled from the facts; what the facts do not say becomes a visible
 * "[TO BE COMPLETED: ...]" and is listed in the draft's missing items.
 * Nothing is invented: generic wording is limited to the notice's frame.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cm_buf.h"
#include "rs_draft_text.h"
#include "rs_notice_kinds.h"
#include "rs_notices.h"

/* Markdown to plain text: headings underlined, quote marks dropped. */
static char *md_to_txt(const char *md)
{
	struct cm_buf t = CM_BUF_INIT(CM_BUF_TEXT_MAX);
	const char *p = md;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		int level = 0;

		while (level < (int)n && p[level] == '#')
			level++;
		if (level && level < (int)n && p[level] == ' ') {
			size_t hl = n - level - 1;

			cm_buf_append(&t, p + level + 1, hl);
			cm_buf_appends(&t, "\n");
			for (size_t i = 0; i < hl; i++)
				cm_buf_appends(&t, level == 1 ? "=" : "-");
		} else if (n >= 2 && p[0] == '>' && p[1] == ' ') {
			cm_buf_append(&t, p + 2, n - 2);
		} else {
			cm_buf_append(&t, p, n);
		}
		if (!e)
			break;
		cm_buf_appends(&t, "\n");
		p = e + 1;
	}
	return cm_buf_take(&t);
}

static int finish_draft(struct rs_draft_ctx *c, const char *name,
			const char *title, struct rs_draft *out)
{
	memset(out, 0, sizeof(*out));
	out->name = strdup(name);
	out->title = strdup(title);
	out->md = cm_buf_take(&c->md);
	out->txt = out->md ? md_to_txt(out->md) : NULL;
	out->missing = c->missing;
	out->n_missing = c->n_missing;
	c->missing = NULL;
	c->n_missing = 0;
	if (!out->name || !out->title || !out->md || !out->txt || c->oom)
		return -ENOMEM;
	return 0;
}

void rs_drafts_free(struct rs_draft *d, size_t n)
{
	for (size_t i = 0; d && i < n; i++) {
		free(d[i].name);
		free(d[i].title);
		free(d[i].md);
		free(d[i].txt);
		for (size_t j = 0; j < d[i].n_missing; j++)
			free(d[i].missing[j]);
		free(d[i].missing);
	}
	free(d);
}

int rs_drafts_render(const struct rs_facts *f, const struct rs_assessment *a,
		     struct rs_draft **out, size_t *n, struct cm_err *err)
{
	struct rs_draft *d = calloc(a->n + 2, sizeof(*d));
	struct rs_draft_ctx c = {
		.f = f, .a = a, .md = CM_BUF_INIT(CM_BUF_TEXT_MAX)};
	size_t k = 0;
	bool hipaa = f->role == RS_ROLE_COVERED_ENTITY ||
		     f->role == RS_ROLE_BUSINESS_ASSOCIATE;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!d)
		return cm_err_set(err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < a->n; i++) {
		const struct rs_decision *dec = &a->d[i];
		const char *title = rs_notice_title(dec->rule);

		if (dec->app == RS_APP_NOT_APPLICABLE)
			continue;
		rs_draft_header(&c, dec, title);
		rs_notice_body(&c, dec);
		rc = finish_draft(&c, dec->rule->id, title, &d[k++]);
		if (rc)
			goto fail;
	}
	if (hipaa) {
		rs_notice_risk_record(&c);
		rc = finish_draft(&c, "hipaa-risk-assessment",
				  "HIPAA breach risk assessment", &d[k++]);
		if (rc)
			goto fail;
	}
	*out = d;
	*n = k;
	return 0;
fail:
	cm_buf_release(&c.md);
	for (size_t i = 0; i < c.n_missing; i++)
		free(c.missing[i]);
	free(c.missing);
	rs_drafts_free(d, k);
	return cm_err_set(err, rc,
			  "cannot render notice drafts: out of memory");
}
