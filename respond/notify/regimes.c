// SPDX-License-Identifier: Apache-2.0
/* Which notification regimes apply to the breach facts, with reasons. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rs_decide.h"
#include "rs_regimes.h"
#include "rs_rules.h"

static bool prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

static const char *const regime_keys[] = {"hipaa", "gdpr", "ca-civ",
					  "ca-hs", "ftc",  "pk"};

const char *rs_rule_regime_key(const struct rs_dl_rule *r)
{
	if (prefix(r->id, "hipaa"))
		return "hipaa";
	if (prefix(r->id, "gdpr"))
		return "gdpr";
	if (!strcmp(r->id, "ca-residents") || !strcmp(r->id, "ca-ag"))
		return "ca-civ";
	if (prefix(r->id, "ca-"))
		return "ca-hs";
	if (prefix(r->id, "ftc"))
		return "ftc";
	return "pk";
}

bool rs_regime_key_valid(const char *key)
{
	for (size_t i = 0; i < sizeof(regime_keys) / sizeof(regime_keys[0]);
	     i++)
		if (key && !strcmp(key, regime_keys[i]))
			return true;
	return false;
}

enum rs_conf rs_decision_conf(const struct rs_decision *d)
{
	enum rs_conf c = rs_rule_conf(d->rule);

	return d->dep_conf > c ? d->dep_conf : c;
}

const char *rs_app_name(enum rs_app app)
{
	switch (app) {
	case RS_APP_APPLIES:
		return "applies";
	case RS_APP_CONDITIONAL:
		return "conditional";
	case RS_APP_DRAFT_LAW:
		return "draft-law";
	case RS_APP_NOT_APPLICABLE:
		break;
	}
	return "not-applicable";
}

static void note(struct rs_assessment *a, const char *only, const char *fmt,
		 ...) __attribute__((format(printf, 3, 4)));

static void note(struct rs_assessment *a, const char *only, const char *fmt,
		 ...)
{
	va_list ap;

	if (a->n_notes >= sizeof(a->notes) / sizeof(a->notes[0]))
		return;
	a->note_only[a->n_notes] = only;
	va_start(ap, fmt);
	vsnprintf(a->notes[a->n_notes++], sizeof(a->notes[0]), fmt, ap);
	va_end(ap);
}

bool rs_note_for(const struct rs_assessment *a, size_t i, const char *id)
{
	const char *o = a->note_only[i], *p;
	size_t n = strlen(id);

	if (!o)
		return true;
	for (p = strstr(o, id); p; p = strstr(p + 1, id))
		if ((p == o || p[-1] == ' ') && (!p[n] || p[n] == ' '))
			return true;
	return false;
}

static void add_notes(const struct rs_facts *f, struct rs_assessment *a)
{
	const char *hourly = "gdpr-sa pk-commission pk-subjects";

	if (f->role == RS_ROLE_COVERED_ENTITY && rs_facts_count(f, "US-CA") > 0)
		note(a, "hipaa-individuals ca-residents",
		     "California: a HIPAA covered entity that complies with HITECH section 13402(f) is deemed to comply with the notice content rules of Cal. Civ. Code 1798.82 [secondary: subsection letter (e) not confirmed]; the HIPAA individual notice may serve as the California notice, but California's 30-day clock still applies.");
	if (f->le.kind != RS_LE_NONE)
		note(a, NULL,
		     "A law-enforcement delay is recorded (%s): keep the statement (written) or a record of the official's identity and the date (oral) with this case.",
		     f->le_str);
	else if (!f->le_str)
		note(a,
		     "hipaa-individuals hipaa-media hipaa-hhs-annual hipaa-ba ca-residents ca-cdph ca-patient ftc-individuals ftc-media",
		     "Whether a law-enforcement agency asked to delay notice is not given [TO BE COMPLETED: law_enforcement_delay: none, 'written DATE until DATE' or 'oral DATE']; the deadlines assume no delay.");
	if (!f->discovered.known)
		note(a, NULL,
		     "discovered_at is not known: no clock can be computed [TO BE COMPLETED: discovered_at].");
	if ((f->aware.known ? f->aware.date_only : f->discovered.date_only))
		note(a, hourly,
		     "WARNING: %s was given as a date without a time; hour-based clocks (72 hours) run from the earliest instant of that date anywhere on Earth (00:00 at UTC+14, 10:00 UTC the day before). Give the time to count from it.",
		     f->aware.known ? "aware_at" : "discovered_at");
	if (f->scope_measures)
		note(a, "ca-residents ca-ag",
		     "1798.82(a) lets notice take the time consistent with \"any measures necessary to determine the scope of the breach and restore the reasonable integrity of the data system\" (recorded: %s). Whether that ground extends SB 446's 30 calendar days is not settled in the sources read [secondary]; the 30-day date is kept.",
		     f->scope_measures);
	if (f->card_payments == 1)
		/* summary and deadlines only: not a legal notice */
		note(a, "",
		     "Payment card data or references are involved (card_payments, as given): card-brand rules and PCI DSS bind by contract (merchant agreement, acquirer), not by law; tell the acquirer as the agreement requires, on the agreement's deadline. No deadline is computed for them here.");
	if (f->business_associate)
		note(a, "hipaa-hhs hipaa-hhs-annual hipaa-individuals",
		     "The breach occurred at or by a business associate (%s): it must notify the covered entity under 45 CFR 164.410. When the covered entity's clock starts depends on whether the business associate acts as its agent (discovery by an agent counts as the covered entity's) [secondary: 164.404(a)(2) and 164.410 not re-read here]; discovered_at should be the earlier date when in doubt.",
		     f->business_associate);
	if (f->role == RS_ROLE_HEALTH_APP && rs_facts_contact_methods(f) < 2)
		note(a, "ftc-individuals ftc-media",
		     "16 CFR 318.6(e) as amended in 2024 asks for two or more contact methods (toll-free telephone number, e-mail address, web site, within-application, postal address) [secondary]; the facts give %d. A telephone counts only with contact.toll_free true.",
		     rs_facts_contact_methods(f));
}

static bool requested(const char *const *only, const char *key)
{
	if (!only)
		return true;
	for (size_t i = 0; only[i]; i++)
		if (!strcmp(only[i], key))
			return true;
	return false;
}

static void add_na(struct rs_assessment *a, const struct rs_juris *j,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void add_na(struct rs_assessment *a, const struct rs_juris *j,
		   const char *fmt, ...)
{
	struct rs_unassessed *u = &a->na[a->n_na++];
	va_list ap;

	u->code = j->code;
	u->count = j->count;
	va_start(ap, fmt);
	vsnprintf(u->reason, sizeof(u->reason), fmt, ap);
	va_end(ap);
}

int rs_assess(const struct rs_facts *f, const char *const *only,
	      struct rs_assessment *a, struct cm_err *err)
{
	size_t n;
	const struct rs_dl_rule *rules = rs_dl_rules(&n);
	struct rs_dl_facts df = {0};
	int rc;

	memset(a, 0, sizeof(*a));
	for (size_t i = 0; only && only[i]; i++)
		if (!rs_regime_key_valid(only[i]))
			return cm_err_setk(
				err, -EINVAL, CM_ERR_DATAERR,
				"regimes: unknown regime '%s' (use hipaa, gdpr, ca-civ, ca-hs, ftc, pk)",
				only[i]);
	a->d = calloc(n, sizeof(*a->d));
	a->na = calloc(f->n_juris + 1, sizeof(*a->na));
	if (!a->d || !a->na) {
		rs_assessment_release(a);
		return cm_err_set(err, -ENOMEM, "out of memory");
	}
	a->n = n;
	df.discovered = f->discovered;
	df.aware = f->aware;
	df.le = f->le;
	df.sent_ids = f->sent_ids;
	df.sent = f->sent;
	df.n_sent = f->n_sent;
	rs_gdpr_scope(f, a);
	for (size_t i = 0; i < n; i++) {
		struct rs_decision *d = &a->d[i];
		const char *key = rs_rule_regime_key(&rules[i]);

		d->rule = &rules[i];
		if (!requested(only, key))
			rs_decide_say(
				d, RS_APP_NOT_APPLICABLE,
				"Not requested: this step's regimes list does not include '%s'.",
				key);
		else if (!strcmp(key, "hipaa"))
			rs_decide_hipaa(f, d);
		else if (!strcmp(key, "gdpr"))
			rs_decide_gdpr(f, a, d);
		else if (!strcmp(key, "ca-civ"))
			rs_decide_ca_civ(f, d);
		else if (!strcmp(key, "ca-hs"))
			rs_decide_ca_hs(f, d);
		else if (!strcmp(key, "ftc"))
			rs_decide_ftc(f, d);
		else
			rs_decide_pk(f, d);
		rc = rs_dl_compute(d->rule, &df, &d->dl, err);
		if (rc) {
			rs_assessment_release(a);
			return rc;
		}
	}
	for (size_t i = 0; i < f->n_juris; i++) {
		const struct rs_juris *j = &f->juris[i];

		if (!strcmp(j->code, "US-CA") || !strcmp(j->code, "US") ||
		    !strcmp(j->code, "PK") || rs_juris_is_gdpr(j->kind))
			continue;
		if (j->kind == RS_J_US_STATE)
			add_na(a, j,
			       "State breach-notification law of %s not assessed; the federal rules above (HIPAA or FTC) were.",
			       j->code);
		else
			add_na(a, j,
			       "No rule for %s; its breach-notification law was not assessed.",
			       j->code);
	}
	add_notes(f, a);
	return 0;
}

const char *rs_due_text(const struct rs_decision *d)
{
	if (d->app == RS_APP_NOT_APPLICABLE)
		return "-";
	if (d->dl.has_due)
		return d->dl.due_str;
	if (d->dl.open_ended)
		return "open-law-enforcement";
	if (d->rule->unit == RS_DL_UNDUE_DELAY)
		return "undue-delay";
	return "unknown";
}

void rs_assessment_release(struct rs_assessment *a)
{
	if (!a)
		return;
	free(a->d);
	free(a->na);
	memset(a, 0, sizeof(*a));
}

/* ---- JSON -------------------------------------------------------------- */

static json_t *when_json(const struct rs_when *w)
{
	char buf[32];

	if (!w->known)
		return json_null();
	rs_instant_str(w->t, buf);
	return json_string(buf);
}

static json_t *src_json(const struct rs_source *s)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "citation", s->citation,
			 "text", s->text, "confidence", rs_conf_name(s->conf),
			 "where", s->where);
}

static json_t *rule_source_json(const struct rs_decision *d)
{
	json_t *o = json_object();

	json_object_set_new(o, "applicability", src_json(&d->rule->app));
	json_object_set_new(o, "clock", src_json(&d->rule->clock));
	if (d->rule->pause != RS_PAUSE_NONE)
		json_object_set_new(o, "law_enforcement_delay",
				    src_json(&d->rule->pause_src));
	return o;
}

static json_t *gdpr_json(const struct rs_assessment *a)
{
	json_t *g = json_object(), *l = json_array();

	json_object_set_new(g, "scope", json_string(a->gdpr_scope));
	json_object_set_new(g, "scope_reason",
			    json_string(a->gdpr_scope_reason));
	json_object_set_new(g, "lead_authority", json_boolean(a->auth_lead));
	for (size_t i = 0; i < a->n_auth; i++) {
		const struct rs_authority *x = &a->auth[i];

		json_array_append_new(
			l,
			json_pack("{s:o, s:o, s:o, s:o}", "jurisdiction",
				  x->code ? json_string(x->code) : json_null(),
				  "member_state",
				  x->ms ? json_string(x->ms) : json_null(),
				  "authority",
				  x->name ? json_string(x->name) : json_null(),
				  "data_subjects",
				  x->count >= 0 ? json_integer(x->count)
						: json_null()));
	}
	json_object_set_new(g, "authorities", l);
	return g;
}

json_t *rs_assessment_json(const struct rs_facts *f,
			   const struct rs_assessment *a)
{
	json_t *root = json_object(), *facts = json_object();
	json_t *arr = json_array(), *na = json_array(), *notes = json_array();

	if (!root || !facts || !arr || !na || !notes)
		goto fail;
	json_object_set_new(root, "schema", json_string("sanitas.deadlines/1"));
	json_object_set_new(facts, "role", json_string(rs_role_name(f->role)));
	json_object_set_new(facts, "discovered_at", when_json(&f->discovered));
	json_object_set_new(facts, "aware_at", when_json(&f->aware));
	json_object_set_new(facts, "affected_total",
			    rs_facts_total(f) >= 0
				    ? json_integer(rs_facts_total(f))
				    : json_null());
	json_object_set_new(facts, "encrypted",
			    f->encrypted < 0 ? json_null()
					     : json_boolean(f->encrypted));
	/* not given stays null: never reported as "none" */
	json_object_set_new(facts, "law_enforcement_delay",
			    f->le_str ? json_string(f->le_str) : json_null());
	json_object_set_new(facts, "aware_at_date_only",
			    json_boolean(f->aware.known
						 ? f->aware.date_only
						 : f->discovered.date_only));
	json_object_set_new(root, "facts", facts);
	facts = NULL;
	for (size_t i = 0; i < a->n; i++) {
		const struct rs_decision *d = &a->d[i];
		json_t *o = json_object();

		if (!o)
			goto fail;
		json_object_set_new(o, "id", json_string(d->rule->id));
		json_object_set_new(o, "regime", json_string(d->rule->regime));
		json_object_set_new(o, "recipient",
				    json_string(d->rule->recipient));
		json_object_set_new(o, "citation",
				    json_string(d->rule->citation));
		json_object_set_new(o, "applicability",
				    json_string(rs_app_name(d->app)));
		json_object_set_new(
			o, "confidence",
			json_string(rs_conf_name(rs_decision_conf(d))));
		json_object_set_new(o, "source", rule_source_json(d));
		json_object_set_new(
			o, "required",
			json_boolean(d->app != RS_APP_NOT_APPLICABLE));
		json_object_set_new(o, "reason", json_string(d->reason));
		json_object_set_new(o, "standard",
				    json_string(d->rule->standard));
		/* a rule that does not apply has no due date */
		json_object_set_new(
			o, "due",
			d->dl.has_due && d->app != RS_APP_NOT_APPLICABLE
				? json_string(d->dl.due_str)
				: json_null());
		json_object_set_new(
			o, "due_kind",
			json_string(
				!d->dl.has_due ||
						d->app == RS_APP_NOT_APPLICABLE
					? (d->dl.open_ended ? "open" : "none")
				: d->dl.hourly ? "datetime"
					       : "date"));
		json_object_set_new(o, "computation", json_string(d->dl.note));
		json_object_set_new(o, "law_enforcement_delay_applied",
				    json_boolean(d->dl.paused));
		json_object_set_new(o, "draft_law",
				    json_boolean(d->rule->draft_law));
		json_object_set_new(o, "verify",
				    d->rule->verify
					    ? json_string(d->rule->verify)
					    : json_null());
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "notices", arr);
	arr = NULL;
	for (size_t i = 0; i < a->n_na; i++) {
		json_t *o = json_object();

		if (!o)
			goto fail;
		json_object_set_new(o, "jurisdiction",
				    json_string(a->na[i].code));
		json_object_set_new(o, "affected",
				    a->na[i].count >= 0
					    ? json_integer(a->na[i].count)
					    : json_null());
		json_object_set_new(o, "status", json_string("not assessed"));
		json_object_set_new(o, "reason", json_string(a->na[i].reason));
		json_array_append_new(na, o);
	}
	json_object_set_new(root, "not_assessed", na);
	na = NULL;
	for (size_t i = 0; i < a->n_notes; i++)
		json_array_append_new(notes, json_string(a->notes[i]));
	json_object_set_new(root, "notes", notes);
	notes = NULL;
	json_object_set_new(root, "gdpr", gdpr_json(a));
	return root;
fail:
	json_decref(root);
	json_decref(facts);
	json_decref(arr);
	json_decref(na);
	json_decref(notes);
	return NULL;
}
