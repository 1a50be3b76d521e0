// SPDX-License-Identifier: Apache-2.0
/*
 * notify.draft: assesses the breach facts with notify/ (rs_facts.h,
 * rs_regimes.h) and writes the drafts, calendar and summary into
 * CASE/notices/.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actions/act_util.h"
#include "cm_file.h"
#include "cm_path.h"
#include "cm_atomic.h"
#include "cm_hash.h"
#include "cm_json.h"
#include "cm_journal.h"
#include "cm_time.h"
#include "rs_action.h"
#include "rs_actions_list.h"
#include "playbook/playbook.h"
#include "notify/rs_facts.h"
#include "notify/rs_ics.h"
#include "notify/rs_notices.h"
#include "notify/rs_regimes.h"
#include "notify/rs_rules.h"
#include "rs_letter_pdf.h"

static const struct rs_param notify_params[] = {
	{"regimes", RS_P_LIST, false,
	 "restrict to these regimes: hipaa, gdpr, ca-civ, ca-hs, ftc, pk (default: every regime that applies)"},
	{NULL, 0, false, NULL},
};

static int notify_validate(const json_t *with, struct cm_err *err)
{
	const char *list[RS_ACT_MAX_LIST];
	size_t n;
	int rc = rs_act_str_list(with, "regimes", false, list, &n, err);

	for (size_t i = 0; !rc && i < n; i++)
		if (!strstr(list[i], "${") && !rs_regime_key_valid(list[i]))
			rc = cm_err_setk(
				err, -EINVAL, CM_ERR_DATAERR,
				"'with.regimes' item '%s' is not one of hipaa, gdpr, ca-civ, ca-hs, ftc, pk",
				list[i]);
	return rc;
}

static int notify_assess(struct rs_ctx *ctx, const json_t *with,
			 struct rs_facts *f, struct rs_assessment *a,
			 struct cm_err *err)
{
	const char *list[RS_ACT_MAX_LIST + 1];
	size_t n;
	int rc;

	rc = notify_validate(with, err);
	if (!rc)
		rc = rs_act_str_list(with, "regimes", false, list, &n, err);
	if (rc)
		return rc;
	list[n] = NULL;
	static json_t *none;

	if (!ctx->inputs && !none)
		none = json_object();
	rc = rs_facts_init(f, ctx->inputs ? ctx->inputs : none, err);
	if (rc)
		return rc;
	rc = rs_assess(f, n ? list : NULL, a, err);
	if (rc)
		rs_facts_release(f);
	return rc;
}

static int notify_plan(struct rs_ctx *ctx, const struct rs_step *step,
		       const json_t *with, json_t **plan, struct cm_err *err)
{
	struct rs_facts f;
	struct rs_assessment a;
	json_t *writes;
	int rc;

	(void)step;
	rc = notify_assess(ctx, with, &f, &a, err);
	if (rc)
		return rc;
	*plan = rs_assessment_json(&f, &a);
	writes = json_array();
	for (size_t i = 0; i < a.n; i++)
		if (a.d[i].app != RS_APP_NOT_APPLICABLE)
			json_array_append_new(
				writes,
				json_sprintf("notices/%s.md", a.d[i].rule->id));
	json_array_append_new(writes, json_string("notices/deadlines.json"));
	json_array_append_new(writes, json_string("notices/deadlines.ics"));
	if (*plan)
		json_object_set_new(*plan, "writes", writes);
	else
		json_decref(writes);
	rs_assessment_release(&a);
	rs_facts_release(&f);
	return *plan ? 0 : cm_err_set(err, -ENOMEM, "out of memory");
}

static int write_text(const char *dir, const char *name, const char *ext,
		      const char *text, struct cm_err *err)
{
	char file[512];
	char *p;
	int rc;

	snprintf(file, sizeof(file), "%s%s", name, ext);
	p = cm_path_join(dir, file);
	if (!p)
		return cm_err_set(err, -ENOMEM, "out of memory");
	rc = cm_atomic_write_file(p, text, strlen(text), 0600, err);
	free(p);
	return rc;
}

/* notices/summary.md: the deadline table and every decision's reason */
static char *summary_md(const struct rs_facts *f, const struct rs_assessment *a)
{
	json_t *j = rs_assessment_json(f, a);
	char *s = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&s, &len);

	json_decref(j);
	if (!m)
		return NULL;
	fprintf(m,
		"# Notification deadlines and applicability\n\n"
		"Day-based deadlines are dates; hour-based deadlines are RFC 3339 UTC. The basis carries the lowest confidence of its rules: verified, secondary or unverified.\n\n| notice | applicability | due | basis |\n|---|---|---|---|\n");
	for (size_t i = 0; i < a->n; i++) {
		const struct rs_decision *d = &a->d[i];

		fprintf(m, "| %s | %s | %s | %s (%s) |\n", d->rule->id,
			rs_app_name(d->app), rs_due_text(d), d->rule->citation,
			rs_conf_name(rs_decision_conf(d)));
	}
	fprintf(m, "\n## Reasons\n\n");
	for (size_t i = 0; i < a->n; i++)
		fprintf(m, "- **%s** (%s): %s%s%s\n", a->d[i].rule->id,
			rs_app_name(a->d[i].app), a->d[i].reason,
			a->d[i].rule->verify ? " [verify] " : "",
			a->d[i].rule->verify ? a->d[i].rule->verify : "");
	fprintf(m, "\n## Not assessed\n\n");
	if (!a->n_na)
		fprintf(m, "Every listed jurisdiction was assessed.\n");
	for (size_t i = 0; i < a->n_na; i++)
		fprintf(m, "- %s: not assessed. %s\n", a->na[i].code,
			a->na[i].reason);
	if (a->n_notes)
		fprintf(m, "\n## Notes\n\n");
	for (size_t i = 0; i < a->n_notes; i++)
		fprintf(m, "- %s\n", a->notes[i]);
	if (fclose(m)) {
		free(s);
		return NULL;
	}
	return s;
}

/* notices/NAME.pdf: the draft as a letter (rs_letter_pdf.h) */
static int write_letter(const char *dir, const struct rs_facts *f,
			const struct rs_draft *d, struct cm_err *err)
{
	const struct rs_letterhead lh = {f->organization, f->phone, f->email,
					 f->website, f->address};
	char *p = NULL, src[300];
	int rc;

	if (asprintf(&p, "%s/%s.pdf", dir, d->name) < 0)
		return cm_err_set(err, -ENOMEM, "out of memory");
	snprintf(src, sizeof(src), "notices/%s.md", d->name);
	rc = rs_letter_pdf(p, d->md, src, &lh, cm_time_now(), err);
	free(p);
	return rc;
}

static int notify_run(struct rs_ctx *ctx, const struct rs_step *step,
		      const json_t *with, json_t **outputs, struct cm_err *err)
{
	struct rs_facts f;
	struct rs_assessment a;
	struct rs_draft *d = NULL;
	size_t n = 0;
	char *dir = NULL, *ics = NULL, *sum = NULL, *jp = NULL;
	json_t *dl = NULL, *files = json_array(), *missing = json_object();
	int rc;

	(void)step;
	*outputs = NULL;
	rc = notify_assess(ctx, with, &f, &a, err);
	if (rc) {
		json_decref(files);
		json_decref(missing);
		return rc;
	}
	dir = rs_act_case_path(ctx, "notices", NULL);
	if (!dir || !files || !missing) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	rc = cm_mkdirs(dir, 0700, err);
	if (rc)
		goto out;
	rc = rs_drafts_render(&f, &a, &d, &n, err);
	for (size_t i = 0; !rc && i < n; i++) {
		json_t *m = json_array();

		rc = write_text(dir, d[i].name, ".md", d[i].md, err);
		if (!rc)
			rc = write_text(dir, d[i].name, ".txt", d[i].txt, err);
		if (!rc)
			rc = write_letter(dir, &f, &d[i], err);
		json_array_append_new(files,
				      json_sprintf("notices/%s.md", d[i].name));
		json_array_append_new(
			files, json_sprintf("notices/%s.txt", d[i].name));
		json_array_append_new(
			files, json_sprintf("notices/%s.pdf", d[i].name));
		for (size_t j = 0; m && j < d[i].n_missing; j++)
			json_array_append_new(m, json_string(d[i].missing[j]));
		json_object_set_new(missing, d[i].name, m);
	}
	if (rc)
		goto out;
	dl = rs_assessment_json(&f, &a);
	ics = rs_ics_render(&f, &a, cm_time_now());
	sum = summary_md(&f, &a);
	jp = cm_path_join(dir, "deadlines.json");
	if (!dl || !ics || !sum || !jp) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	rc = cm_json_write_file(dl, jp, 0600, err);
	if (!rc)
		rc = write_text(dir, "deadlines", ".ics", ics, err);
	if (!rc)
		rc = write_text(dir, "summary", ".md", sum, err);
	if (rc)
		goto out;
	json_array_append_new(files, json_string("notices/deadlines.json"));
	json_array_append_new(files, json_string("notices/deadlines.ics"));
	json_array_append_new(files, json_string("notices/summary.md"));
	*outputs = json_pack("{s:O,s:O,s:O,s:O}", "files", files, "deadlines",
			     json_object_get(dl, "notices"), "not_assessed",
			     json_object_get(dl, "not_assessed"),
			     "to_be_completed", missing);
	if (!*outputs)
		rc = cm_err_set(err, -ENOMEM, "out of memory");
out:
	rs_drafts_free(d, n);
	rs_assessment_release(&a);
	rs_facts_release(&f);
	json_decref(dl);
	json_decref(files);
	json_decref(missing);
	free(dir);
	free(ics);
	free(sum);
	free(jp);
	return rc;
}

const struct rs_action rs_action_notify_draft = {
	.name = "notify.draft",
	.summary =
		"draft breach notices for each applicable regime with computed deadlines, deadlines.json and deadlines.ics",
	.state_changing = false,
	.collects = false,
	.params = notify_params,
	.validate = notify_validate,
	.plan = notify_plan,
	.run = notify_run,
	.resume = NULL,
};
