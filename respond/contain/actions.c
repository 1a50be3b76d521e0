// SPDX-License-Identifier: Apache-2.0
/*
 * The containment and notification actions: revoke.x509, revoke.ssh and
 * notify.draft. Their cores are rs_x509.h, rs_sshrev.h and rs_notify.h;
 * this file maps `with:` and the run context onto them and writes what
 * they produce into the case (revocations/, notices/).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cm_atomic.h"
#include "cm_hash.h"
#include "cm_json.h"
#include "cm_time.h"
#include "rs_action.h"
#include "rs_actions_list.h"
#include "rs_fsutil.h"
#include "rs_notify.h"
#include "rs_playbook.h"
#include "rs_sshrev.h"
#include "rs_x509.h"

#define MAX_LIST 256

/* ---- shared ------------------------------------------------------------ */

static bool is_ref(const json_t *v)
{
	return json_is_string(v) && strstr(json_string_value(v), "${");
}

/* A list of strings from `with` (borrowed). -EINVAL names the key. */
static int str_list(const json_t *with, const char *key, bool required,
		    const char **out, size_t *n, struct cm_err *err)
{
	const json_t *v = json_object_get(with, key), *it;
	size_t i;

	*n = 0;
	if (!v || json_is_null(v)) {
		if (required)
			return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
					   "'with.%s' is required", key);
		return 0;
	}
	if (json_is_string(v)) {
		out[(*n)++] = json_string_value(v);
		return 0;
	}
	if (!json_is_array(v) || json_array_size(v) > MAX_LIST)
		return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
				   "'with.%s' must be a list of at most %d "
				   "strings",
				   key, MAX_LIST);
	json_array_foreach(v, i, it)
	{
		if (!json_is_string(it) || !*json_string_value(it))
			return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
					   "'with.%s' item %zu is not a "
					   "non-empty string",
					   key, i + 1);
		out[(*n)++] = json_string_value(it);
	}
	if (required && !*n)
		return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
				   "'with.%s' must not be empty", key);
	return 0;
}

static char *case_path(const struct rs_ctx *ctx, const char *a, const char *b)
{
	char *p = rs_join(ctx->case_dir, a), *q;

	if (!p || !b)
		return p;
	q = rs_join(p, b);
	free(p);
	return q;
}

static char *rooted(const struct rs_ctx *ctx, const char *path)
{
	if (!ctx->root || !strcmp(ctx->root, "/"))
		return strdup(path);
	return rs_join(ctx->root, path);
}

/* Append @entry (borrowed) to CASE/revocations/revocations.json. */
static int record_revocation(const struct rs_ctx *ctx, json_t *entry,
			     struct cm_err *err)
{
	char *path = case_path(ctx, "revocations", "revocations.json");
	json_t *doc = NULL, *list;
	struct cm_err e2 = {0};
	int rc;

	if (!path)
		return cm_err_set(err, -ENOMEM, "out of memory");
	doc = cm_json_load_file(path, 16 * 1024 * 1024, &e2);
	if (!doc)
		doc = json_pack("{s:s,s:[]}", "schema", "sanitas.revocations/1",
				"revocations");
	list = json_object_get(doc, "revocations");
	if (!json_is_array(list)) {
		rc = cm_err_set(err, -EBADMSG, "'%s' is malformed", path);
		goto out;
	}
	json_array_append(list, entry);
	rc = cm_json_write_file(doc, path, 0600, err);
out:
	json_decref(doc);
	free(path);
	return rc;
}

static int journal(const struct rs_ctx *ctx, const char *event, json_t *d,
		   struct cm_err *err)
{
	int rc = 0;

	if (ctx->journal && d)
		rc = cm_journal_append(ctx->journal, ctx->actor, event, d, err);
	json_decref(d);
	return rc;
}

/* ---- revoke.x509 ------------------------------------------------------- */

static const struct rs_param x509_params[] = {
	{"ca_dir", RS_P_STRING, true,
	 "the openssl ca directory (index.txt, crlnumber, CA key and "
	 "certificate, optional openssl.cnf), under --root"},
	{"serials", RS_P_LIST, true,
	 "certificate serials in hex, as `openssl x509 -serial` prints them"},
	{"reason", RS_P_STRING, false,
	 "RFC 5280 CRL reason (default keyCompromise): unspecified, "
	 "keyCompromise, CACompromise, affiliationChanged, superseded, "
	 "cessationOfOperation, certificateHold, privilegeWithdrawn, "
	 "AACompromise"},
	{"compromised_at", RS_P_DATETIME, false,
	 "when the key was compromised (CRL invalidityDate), RFC 3339"},
	{NULL, 0, false, NULL},
};

static int x509_validate(const json_t *with, struct cm_err *err)
{
	const char *list[MAX_LIST];
	const json_t *reason = json_object_get(with, "reason");
	const json_t *ca = json_object_get(with, "ca_dir");
	size_t n;
	int rc;

	if (!json_is_string(ca))
		return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
				   "'with.ca_dir' is required: the CA "
				   "directory");
	rc = str_list(with, "serials", true, list, &n, err);
	if (rc)
		return rc;
	if (reason && !is_ref(reason) &&
	    (!json_is_string(reason) ||
	     rs_crl_reason_code(json_string_value(reason)) < 0))
		return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
				   "'with.reason' is not an RFC 5280 reason "
				   "(e.g. keyCompromise, superseded)");
	return 0;
}

struct x509_args {
	struct rs_x509_req req;
	const char *serials[MAX_LIST];
	char *ca_dir;
	char *backup;
	char *crl_copy;
};

static int x509_args(struct rs_ctx *ctx, const struct rs_step *step,
		     const json_t *with, bool plan, struct x509_args *a,
		     struct cm_err *err)
{
	const char *ca = cm_json_get_str(with, "ca_dir");
	const char *comp = cm_json_get_str(with, "compromised_at");
	int rc;

	memset(a, 0, sizeof(*a));
	rc = x509_validate(with, err);
	if (rc)
		return rc;
	rc = str_list(with, "serials", true, a->serials, &a->req.n_serials,
		      err);
	if (rc)
		return rc;
	a->req.serials = a->serials;
	if (ca[0] != '/')
		return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
				   "'with.ca_dir' must be an absolute path");
	a->ca_dir = rooted(ctx, ca);
	if (!a->ca_dir)
		return cm_err_set(err, -ENOMEM, "out of memory");
	a->req.ca_dir = a->ca_dir;
	a->req.root = ctx->root;
	a->req.reason = cm_json_get_str(with, "reason");
	if (comp && *comp) {
		if (cm_time_parse(comp, &a->req.compromised_at))
			return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
					   "'with.compromised_at': '%s' is "
					   "not RFC 3339",
					   comp);
		a->req.has_compromise = true;
	}
	a->req.now = cm_time_now();
	if (!plan) {
		a->backup = case_path(ctx, "revocations", step->id);
		a->crl_copy = case_path(ctx, "revocations", "crl.pem");
		if (!a->backup || !a->crl_copy)
			return cm_err_set(err, -ENOMEM, "out of memory");
		a->req.backup_dir = a->backup;
		a->req.crl_copy = a->crl_copy;
	}
	return 0;
}

static void x509_args_release(struct x509_args *a)
{
	free(a->ca_dir);
	free(a->backup);
	free(a->crl_copy);
}

static int x509_plan(struct rs_ctx *ctx, const struct rs_step *step,
		     const json_t *with, json_t **plan, struct cm_err *err)
{
	struct x509_args a;
	int rc = x509_args(ctx, step, with, true, &a, err);

	if (!rc)
		rc = rs_x509_plan(&a.req, plan, err);
	x509_args_release(&a);
	return rc;
}

static int x509_do(struct rs_ctx *ctx, const struct rs_step *step,
		   const json_t *with, bool resuming, json_t **outputs,
		   struct cm_err *err)
{
	struct x509_args a;
	json_t *plan = NULL, *d;
	int rc;

	*outputs = NULL;
	rc = x509_args(ctx, step, with, false, &a, err);
	if (rc)
		goto out;
	/* everything is checked before the intent is written */
	rc = rs_x509_plan(&a.req, &plan, err);
	if (rc)
		goto out;
	d = json_pack("{s:s,s:O,s:b}", "step", step->id, "plan", plan,
		      "resuming", resuming);
	rc = journal(ctx, "revoke.x509.intent", d, err);
	if (rc)
		goto out;
	rc = rs_x509_revoke(&a.req, outputs, err);
	if (rc)
		goto out;
	json_object_set_new(*outputs, "backup",
			    json_string(a.backup + strlen(ctx->case_dir) + 1));
	json_object_set_new(*outputs, "resumed", json_boolean(resuming));
	d = json_pack("{s:s,s:s,s:O}", "action", "revoke.x509", "step",
		      step->id, "result", *outputs);
	rc = d ? record_revocation(ctx, d, err)
	       : cm_err_set(err, -ENOMEM, "out of memory");
	json_decref(d);
out:
	if (rc) {
		json_decref(*outputs);
		*outputs = NULL;
	}
	json_decref(plan);
	x509_args_release(&a);
	return rc;
}

static int x509_run(struct rs_ctx *ctx, const struct rs_step *step,
		    const json_t *with, json_t **outputs, struct cm_err *err)
{
	return x509_do(ctx, step, with, false, outputs, err);
}

/*
 * After a crash: rs_x509_revoke() inspects index.txt, crlnumber and the
 * published CRL and converges (a serial already marked is not marked
 * again; a missing CRL is issued with the next number).
 */
static int x509_resume(struct rs_ctx *ctx, const struct rs_step *step,
		       const json_t *with, const json_t *intent,
		       json_t **outputs, struct cm_err *err)
{
	(void)intent;
	return x509_do(ctx, step, with, true, outputs, err);
}

const struct rs_action rs_action_revoke_x509 = {
	.name = "revoke.x509",
	.summary = "revoke certificates in an OpenSSL CA directory and issue "
		   "a new CRL (RFC 5280 reasons, compromise time)",
	.state_changing = true,
	.collects = false,
	.params = x509_params,
	.validate = x509_validate,
	.plan = x509_plan,
	.run = x509_run,
	.resume = x509_resume,
};

/* ---- revoke.ssh -------------------------------------------------------- */

static const struct rs_param ssh_params[] = {
	{"keys", RS_P_LIST, true,
	 "SHA256:... fingerprints or public key files (paths on the "
	 "responder's machine)"},
	{"authorized_keys", RS_P_LIST, false,
	 "globs of authorized_keys files under --root (default: "
	 "AuthorizedKeysFile of sshd_config for every user in /etc/passwd)"},
	{"krl", RS_P_STRING, false,
	 "the KRL path under --root (default: RevokedKeys of sshd_config); "
	 "created if absent"},
	{"allow_lockout", RS_P_BOOLEAN, false,
	 "remove a user's last authorized key (default false: refused)"},
	{"sshd_check", RS_P_STRING, false,
	 "run `sshd -t` after the change and roll back on failure: auto "
	 "(live host only, default), always, never"},
	{NULL, 0, false, NULL},
};

static int ssh_validate(const json_t *with, struct cm_err *err)
{
	const char *list[MAX_LIST];
	const json_t *lock = json_object_get(with, "allow_lockout");
	const char *chk = cm_json_get_str(with, "sshd_check");
	size_t n;
	int rc;

	rc = str_list(with, "keys", true, list, &n, err);
	if (!rc)
		rc = str_list(with, "authorized_keys", false, list, &n, err);
	if (rc)
		return rc;
	if (lock && !json_is_boolean(lock) && !is_ref(lock))
		return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
				   "'with.allow_lockout' must be true or "
				   "false");
	if (chk && !strstr(chk, "${") && strcmp(chk, "auto") &&
	    strcmp(chk, "always") && strcmp(chk, "never"))
		return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
				   "'with.sshd_check' must be auto, always or "
				   "never");
	return 0;
}

struct ssh_args {
	struct rs_sshrev_req req;
	const char *keys[MAX_LIST];
	const char *ak[MAX_LIST];
	char *backup;
};

static int ssh_args(struct rs_ctx *ctx, const struct rs_step *step,
		    const json_t *with, bool plan, struct ssh_args *a,
		    struct cm_err *err)
{
	const json_t *lock = json_object_get(with, "allow_lockout");
	int rc;

	memset(a, 0, sizeof(*a));
	rc = ssh_validate(with, err);
	if (!rc)
		rc = str_list(with, "keys", true, a->keys, &a->req.n_keys, err);
	if (!rc)
		rc = str_list(with, "authorized_keys", false, a->ak,
			      &a->req.n_authorized_keys, err);
	if (rc)
		return rc;
	a->req.keys = a->keys;
	a->req.authorized_keys = a->ak;
	a->req.root = ctx->root;
	a->req.krl = cm_json_get_str(with, "krl");
	a->req.allow_lockout = json_is_true(lock) ||
			       (json_is_string(lock) &&
				!strcmp(json_string_value(lock), "true"));
	a->req.sshd_check = cm_json_get_str(with, "sshd_check");
	a->req.dead_box = ctx->dead_box;
	a->req.now = cm_time_now();
	a->req.plan_only = plan;
	if (!plan) {
		a->backup = case_path(ctx, "revocations", step->id);
		if (!a->backup)
			return cm_err_set(err, -ENOMEM, "out of memory");
		a->req.backup_dir = a->backup;
	}
	return 0;
}

static int ssh_plan(struct rs_ctx *ctx, const struct rs_step *step,
		    const json_t *with, json_t **plan, struct cm_err *err)
{
	struct ssh_args a;
	int rc = ssh_args(ctx, step, with, true, &a, err);

	if (!rc)
		rc = rs_sshrev(&a.req, plan, err);
	free(a.backup);
	return rc;
}

static int ssh_do(struct rs_ctx *ctx, const struct rs_step *step,
		  const json_t *with, bool resuming, json_t **outputs,
		  struct cm_err *err)
{
	struct ssh_args a;
	json_t *plan = NULL, *d;
	int rc;

	*outputs = NULL;
	rc = ssh_args(ctx, step, with, true, &a, err);
	if (rc)
		goto out;
	/* the exact change (with its diff) is journaled before it is made */
	rc = rs_sshrev(&a.req, &plan, err);
	if (rc)
		goto out;
	if (cm_json_get_str(plan, "refused")) {
		rc = cm_err_setk(err, -EPERM, CM_ERR_TEMPFAIL, "%s",
				 cm_json_get_str(plan, "refused"));
		goto out;
	}
	d = json_pack("{s:s,s:O,s:b}", "step", step->id, "plan", plan,
		      "resuming", resuming);
	rc = journal(ctx, "revoke.ssh.intent", d, err);
	if (rc)
		goto out;
	free(a.backup);
	rc = ssh_args(ctx, step, with, false, &a, err);
	if (!rc)
		rc = rs_sshrev(&a.req, outputs, err);
	if (rc)
		goto out;
	{
		const json_t *krl = json_object_get(*outputs, "krl");
		const char *kp = cm_json_get_str(krl, "path");
		char *src = kp ? rooted(ctx, kp) : NULL;
		char *dst = case_path(ctx, "revocations", step->id);
		char *dst2 = dst ? rs_join(dst, "krl") : NULL;

		if (kp && (!src || !dst2))
			rc = cm_err_set(err, -ENOMEM, "out of memory");
		else if (kp && access(src, F_OK) == 0 &&
			 !(rc = cm_mkdirs(dst, 0700, err)))
			rc = rs_copy_file(src, dst2, err);
		free(src);
		free(dst);
		free(dst2);
		if (rc)
			goto out;
	}
	json_object_set_new(*outputs, "resumed", json_boolean(resuming));
	d = json_pack("{s:s,s:s,s:O}", "action", "revoke.ssh", "step", step->id,
		      "result", *outputs);
	rc = d ? record_revocation(ctx, d, err)
	       : cm_err_set(err, -ENOMEM, "out of memory");
	json_decref(d);
out:
	if (rc) {
		json_decref(*outputs);
		*outputs = NULL;
	}
	json_decref(plan);
	free(a.backup);
	return rc;
}

static int ssh_run(struct rs_ctx *ctx, const struct rs_step *step,
		   const json_t *with, json_t **outputs, struct cm_err *err)
{
	return ssh_do(ctx, step, with, false, outputs, err);
}

/*
 * After a crash: the files are re-read; lines already removed are not
 * found again, a KRL already holding the keys is left alone, so running
 * again finishes the change and never half-writes (every write is
 * temp + rename).
 */
static int ssh_resume(struct rs_ctx *ctx, const struct rs_step *step,
		      const json_t *with, const json_t *intent,
		      json_t **outputs, struct cm_err *err)
{
	(void)intent;
	return ssh_do(ctx, step, with, true, outputs, err);
}

const struct rs_action rs_action_revoke_ssh = {
	.name = "revoke.ssh",
	.summary = "remove SSH keys from authorized_keys atomically and add "
		   "them to the OpenSSH KRL, refusing to lock users out",
	.state_changing = true,
	.collects = false,
	.params = ssh_params,
	.validate = ssh_validate,
	.plan = ssh_plan,
	.run = ssh_run,
	.resume = ssh_resume,
};

/* ---- notify.draft ------------------------------------------------------ */

static const struct rs_param notify_params[] = {
	{"regimes", RS_P_LIST, false,
	 "restrict to these regimes: hipaa, gdpr, ca-civ, ca-hs, ftc, pk "
	 "(default: every regime that applies)"},
	{NULL, 0, false, NULL},
};

static int notify_validate(const json_t *with, struct cm_err *err)
{
	const char *list[MAX_LIST];
	size_t n;
	int rc = str_list(with, "regimes", false, list, &n, err);

	for (size_t i = 0; !rc && i < n; i++)
		if (!strstr(list[i], "${") && !rs_regime_key_valid(list[i]))
			rc = cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
					 "'with.regimes' item '%s' is not one "
					 "of hipaa, gdpr, ca-civ, ca-hs, ftc, "
					 "pk",
					 list[i]);
	return rc;
}

static int notify_assess(struct rs_ctx *ctx, const json_t *with,
			 struct rs_facts *f, struct rs_assessment *a,
			 struct cm_err *err)
{
	const char *list[MAX_LIST + 1];
	size_t n;
	int rc;

	rc = notify_validate(with, err);
	if (!rc)
		rc = str_list(with, "regimes", false, list, &n, err);
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
	p = rs_join(dir, file);
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
	fprintf(m, "# Notification deadlines and applicability\n\n"
		   "Day-based deadlines are dates; hour-based deadlines are "
		   "RFC 3339 UTC.\n\n| notice | applicability | due | basis "
		   "|\n|---|---|---|---|\n");
	for (size_t i = 0; i < a->n; i++) {
		const struct rs_decision *d = &a->d[i];

		fprintf(m, "| %s | %s | %s | %s |\n", d->rule->id,
			rs_app_name(d->app),
			d->app == RS_APP_NOT_APPLICABLE ? "-"
			: d->dl.has_due			? d->dl.due_str
							: "without undue delay",
			d->rule->citation);
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
	dir = case_path(ctx, "notices", NULL);
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
		json_array_append_new(files,
				      json_sprintf("notices/%s.md", d[i].name));
		json_array_append_new(
			files, json_sprintf("notices/%s.txt", d[i].name));
		for (size_t j = 0; m && j < d[i].n_missing; j++)
			json_array_append_new(m, json_string(d[i].missing[j]));
		json_object_set_new(missing, d[i].name, m);
	}
	if (rc)
		goto out;
	dl = rs_assessment_json(&f, &a);
	ics = rs_ics_render(&f, &a, cm_time_now());
	sum = summary_md(&f, &a);
	jp = rs_join(dir, "deadlines.json");
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
	.summary = "draft breach notices for each applicable regime with "
		   "computed deadlines, deadlines.json and deadlines.ics",
	.state_changing = false,
	.collects = false,
	.params = notify_params,
	.validate = notify_validate,
	.plan = notify_plan,
	.run = notify_run,
	.resume = NULL,
};
