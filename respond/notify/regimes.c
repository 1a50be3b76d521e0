// SPDX-License-Identifier: Apache-2.0
/* Which notification regimes apply to the breach facts, with reasons. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rs_regimes.h"

/* ---- counts ------------------------------------------------------------ */

static bool prefix(const char *s, const char *p)
{
	return !strncasecmp(s, p, strlen(p));
}

static bool is_us(const char *c)
{
	return !strcasecmp(c, "US") || prefix(c, "US-");
}

static bool is_eu(const char *c)
{
	return !strcasecmp(c, "EU") || !strcasecmp(c, "EEA") ||
	       prefix(c, "EU-") || prefix(c, "EEA-");
}

static bool is_pk(const char *c)
{
	return !strcasecmp(c, "PK") || prefix(c, "PK-");
}

/* Sum of counts for codes matching @pred: -1 if any is unknown, -2 if none */
static long count_of(const struct rs_facts *f, bool (*pred)(const char *))
{
	long sum = 0;
	bool any = false;

	for (size_t i = 0; i < f->n_juris; i++) {
		if (!pred(f->juris[i].code))
			continue;
		any = true;
		if (f->juris[i].count < 0)
			return -1;
		sum += f->juris[i].count;
	}
	return any ? sum : -2;
}

/* ---- decisions --------------------------------------------------------- */

static void say(struct rs_decision *d, enum rs_app app, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct rs_decision *d, enum rs_app app, const char *fmt, ...)
{
	va_list ap;

	d->app = app;
	va_start(ap, fmt);
	vsnprintf(d->reason, sizeof(d->reason), fmt, ap);
	va_end(ap);
}

static bool safe_harbour(const struct rs_facts *f)
{
	return f->encrypted == 1 && f->key_compromised != 1;
}

/*
 * States with more than 500 affected residents into d->detail. Returns 1
 * when there is one, 0 when all US counts are known and none exceeds 500,
 * -1 when it cannot be told.
 */
static int media_states(const struct rs_facts *f, struct rs_decision *d)
{
	size_t len = 0;
	int found = 0;
	bool unknown = false;

	for (size_t i = 0; i < f->n_juris; i++) {
		const struct rs_juris *j = &f->juris[i];

		if (!prefix(j->code, "US-"))
			continue;
		if (j->count < 0) {
			unknown = true;
			continue;
		}
		if (j->count > 500) {
			len += (size_t)snprintf(d->detail + len,
						sizeof(d->detail) - len,
						"%s%s (%ld)", found ? ", " : "",
						j->code, j->count);
			if (len >= sizeof(d->detail))
				len = sizeof(d->detail) - 1;
			found = 1;
		}
	}
	if (found)
		return 1;
	if (unknown)
		return -1;
	/* no per-State breakdown but more than 500 in all: cannot tell */
	if (count_of(f, is_us) == -2 && rs_facts_total(f) > 500)
		return -1;
	if (count_of(f, is_us) == -2 && rs_facts_total(f) < 0)
		return -1;
	return 0;
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

static void decide_hipaa(const struct rs_facts *f, struct rs_decision *d)
{
	const char *id = d->rule->id;
	long total = rs_facts_total(f);
	bool ce = f->role == RS_ROLE_COVERED_ENTITY;
	bool ba = f->role == RS_ROLE_BUSINESS_ASSOCIATE;
	int ms;

	if (!strcmp(id, "hipaa-ba")) {
		if (!ba) {
			say(d, RS_APP_NOT_APPLICABLE,
			    "Only a business associate notifies the covered entity (45 CFR 164.410); role is '%s'.",
			    rs_role_name(f->role));
			return;
		}
	} else if (f->role == RS_ROLE_UNKNOWN) {
		say(d, RS_APP_CONDITIONAL,
		    "Role not given: applies if the organization is a HIPAA covered entity (45 CFR 160.103) [TO BE COMPLETED: role].");
	} else if (!ce) {
		say(d, RS_APP_NOT_APPLICABLE,
		    "Notices under 45 CFR 164.404-164.408 are the covered entity's; role is '%s'%s.",
		    rs_role_name(f->role),
		    ba ? " (a business associate notifies the covered entity under 164.410)"
		       : "");
		return;
	}
	if (safe_harbour(f)) {
		say(d, RS_APP_NOT_APPLICABLE,
		    "Encryption safe harbour: the PHI was encrypted and the key is not known to be compromised, so it is not 'unsecured protected health information' (45 CFR 164.402; HHS guidance, 74 FR 42740). No notice is required; keep the evidence of encryption (algorithm, key custody) with this case.");
		return;
	}
	if (d->app == RS_APP_CONDITIONAL)
		return;
	if (!strcmp(id, "hipaa-media")) {
		ms = media_states(f, d);
		if (ms > 0)
			say(d, RS_APP_APPLIES,
			    "More than 500 residents of a State are affected: %s (45 CFR 164.406(a)).",
			    d->detail);
		else if (ms < 0)
			say(d, RS_APP_CONDITIONAL,
			    "Applies if more than 500 residents of one State or jurisdiction are affected (45 CFR 164.406(a)); the per-State counts are not known [TO BE COMPLETED: affected_by_jurisdiction].");
		else
			say(d, RS_APP_NOT_APPLICABLE,
			    "No State or jurisdiction has more than 500 affected residents (45 CFR 164.406(a)).");
		return;
	}
	if (!strcmp(id, "hipaa-hhs")) {
		if (total >= 500)
			say(d, RS_APP_APPLIES,
			    "%ld individuals: 500 or more, so HHS is notified contemporaneously with the individuals (45 CFR 164.408(b)).",
			    total);
		else if (total < 0)
			say(d, RS_APP_CONDITIONAL,
			    "Applies if 500 or more individuals are affected (45 CFR 164.408(b)); the number is not known [TO BE COMPLETED: affected_total].");
		else
			say(d, RS_APP_NOT_APPLICABLE,
			    "%ld individuals: less than 500, so HHS is notified in the annual log instead (45 CFR 164.408(c)).",
			    total);
		return;
	}
	if (!strcmp(id, "hipaa-hhs-annual")) {
		if (total >= 0 && total < 500)
			say(d, RS_APP_APPLIES,
			    "%ld individuals: less than 500; log the breach and report it to HHS within 60 days after the end of the calendar year of discovery (45 CFR 164.408(c)).",
			    total);
		else if (total < 0)
			say(d, RS_APP_CONDITIONAL,
			    "Applies if less than 500 individuals are affected (45 CFR 164.408(c)); the number is not known [TO BE COMPLETED: affected_total].");
		else
			say(d, RS_APP_NOT_APPLICABLE,
			    "%ld individuals: 500 or more, so HHS is notified under 164.408(b) instead.",
			    total);
		return;
	}
	say(d, RS_APP_APPLIES,
	    "%s of unsecured PHI%s: notice is required (%s).",
	    ba ? "A business associate discovered a breach"
	       : "A covered entity discovered a breach",
	    f->encrypted == 1 ? " (encrypted, but the key is compromised)"
	    : f->encrypted < 0
		    ? " (encryption not stated: treated as unsecured)"
		    : "",
	    d->rule->citation);
}

static void decide_gdpr(const struct rs_facts *f, struct rs_decision *d)
{
	const char *id = d->rule->id;
	long eu = count_of(f, is_eu);
	bool proc = f->role == RS_ROLE_PROCESSOR ||
		    f->role == RS_ROLE_BUSINESS_ASSOCIATE;

	if (eu == -2 || eu == 0) {
		say(d, RS_APP_NOT_APPLICABLE,
		    "No data subjects in the EU/EEA are listed in affected_by_jurisdiction (keys EU-xx or EEA-xx).");
		return;
	}
	if (!strcmp(id, "gdpr-controller")) {
		if (proc)
			say(d, RS_APP_APPLIES,
			    "As a processor, notify the controller without undue delay (GDPR Art. 33(2)).");
		else
			say(d, RS_APP_NOT_APPLICABLE,
			    "Only a processor notifies the controller (GDPR Art. 33(2)); role is '%s'.",
			    rs_role_name(f->role));
		return;
	}
	if (proc) {
		say(d, RS_APP_NOT_APPLICABLE,
		    "A processor does not notify %s itself; the controller does (GDPR Art. 33(2)).",
		    !strcmp(id, "gdpr-sa") ? "the supervisory authority"
					   : "data subjects");
		return;
	}
	if (!strcmp(id, "gdpr-sa")) {
		if (safe_harbour(f))
			say(d, RS_APP_CONDITIONAL,
			    "EU/EEA data subjects are affected. The data was encrypted with the key not compromised: notice is required unless the controller documents that the breach is unlikely to result in a risk (GDPR Art. 33(1)); record that reasoning under Art. 33(5).");
		else
			say(d, RS_APP_APPLIES,
			    "EU/EEA data subjects are affected and health data is a special category (GDPR Art. 9): a risk is likely, so the supervisory authority is notified (GDPR Art. 33(1)).");
		return;
	}
	if (safe_harbour(f)) {
		say(d, RS_APP_NOT_APPLICABLE,
		    "The data was encrypted and the key is not compromised: communication to data subjects is not required (GDPR Art. 34(3)(a)).");
		return;
	}
	say(d, RS_APP_APPLIES,
	    "Health data of EU/EEA data subjects (special category, GDPR Art. 9) is presumed likely to result in a high risk, so data subjects are told without undue delay (GDPR Art. 34(1)); record the risk assessment.");
}

static void decide_ca_civ(const struct rs_facts *f, struct rs_decision *d)
{
	long ca = rs_facts_count(f, "US-CA");

	if (ca == -2 || ca == 0) {
		say(d, RS_APP_NOT_APPLICABLE,
		    "No California residents are listed in affected_by_jurisdiction (key US-CA).");
		return;
	}
	if (f->role == RS_ROLE_BUSINESS_ASSOCIATE ||
	    f->role == RS_ROLE_PROCESSOR) {
		say(d, RS_APP_NOT_APPLICABLE,
		    "A business that maintains data it does not own notifies the owner or licensee immediately (Cal. Civ. Code 1798.82(b)); the owner notifies residents and the Attorney General.");
		return;
	}
	if (safe_harbour(f)) {
		say(d, RS_APP_NOT_APPLICABLE,
		    "Only unencrypted personal information, or encrypted information whose key was also acquired, triggers notice (Cal. Civ. Code 1798.82(a)); the data was encrypted and the key is not known to be compromised.");
		return;
	}
	if (!strcmp(d->rule->id, "ca-ag")) {
		if (ca > 500)
			say(d, RS_APP_APPLIES,
			    "%ld California residents: more than 500, so a sample copy goes to the Attorney General (Cal. Civ. Code 1798.82(f)).",
			    ca);
		else if (ca < 0)
			say(d, RS_APP_CONDITIONAL,
			    "Applies if more than 500 California residents are notified (Cal. Civ. Code 1798.82(f)); the count is not known [TO BE COMPLETED: affected_by_jurisdiction US-CA].");
		else
			say(d, RS_APP_NOT_APPLICABLE,
			    "%ld California residents: 500 or fewer; the Attorney General copy is required only for more than 500 (Cal. Civ. Code 1798.82(f)).",
			    ca);
		return;
	}
	say(d, RS_APP_APPLIES,
	    "California residents' medical or health insurance information (personal information under Cal. Civ. Code 1798.82(h)) was, or is reasonably believed to have been, acquired.");
}

static void decide_ca_hs(const struct rs_facts *f, struct rs_decision *d)
{
	long ca = rs_facts_count(f, "US-CA");

	if (ca == -2 || ca == 0) {
		say(d, RS_APP_NOT_APPLICABLE,
		    "No California patients are listed in affected_by_jurisdiction (key US-CA).");
		return;
	}
	if (f->role == RS_ROLE_BUSINESS_ASSOCIATE ||
	    f->role == RS_ROLE_PROCESSOR || f->role == RS_ROLE_HEALTH_APP) {
		say(d, RS_APP_NOT_APPLICABLE,
		    "H&S Code 1280.15 binds licensed clinics, health facilities, home health agencies and hospices; role is '%s'.",
		    rs_role_name(f->role));
		return;
	}
	if (f->ca_licensed_facility == 0) {
		say(d, RS_APP_NOT_APPLICABLE,
		    "The organization is not a clinic, health facility, home health agency or hospice licensed by CDPH (H&S Code 1280.15(a)).");
		return;
	}
	if (f->ca_licensed_facility < 0) {
		say(d, RS_APP_CONDITIONAL,
		    "Applies if the organization is a clinic, health facility, home health agency or hospice licensed by CDPH (H&S Code 1280.15(a)) [TO BE COMPLETED: ca_licensed_facility]. There is no encryption exemption in the text: the test is unlawful or unauthorized access, use or disclosure.");
		return;
	}
	say(d, RS_APP_APPLIES,
	    "A CDPH-licensed facility detected unauthorized access, use or disclosure of California patients' medical information (H&S Code 1280.15(b)).");
}

static void decide_ftc(const struct rs_facts *f, struct rs_decision *d)
{
	const char *id = d->rule->id;
	long us = count_of(f, is_us);
	long total = rs_facts_total(f);
	int ms;

	if (f->role != RS_ROLE_HEALTH_APP) {
		say(d, RS_APP_NOT_APPLICABLE,
		    "The FTC rule covers vendors of personal health records and PHR related entities not covered by HIPAA (16 CFR 318.1); role is '%s'.",
		    rs_role_name(f->role));
		return;
	}
	if (f->n_juris && (us == -2 || us == 0)) {
		say(d, RS_APP_NOT_APPLICABLE,
		    "No US residents are listed in affected_by_jurisdiction.");
		return;
	}
	if (safe_harbour(f)) {
		say(d, RS_APP_NOT_APPLICABLE,
		    "The data was encrypted and the key is not compromised: it is not 'unsecured' PHR identifiable health information (16 CFR 318.2).");
		return;
	}
	if (!strcmp(id, "ftc-ftc") || !strcmp(id, "ftc-ftc-annual")) {
		bool big = !strcmp(id, "ftc-ftc");

		if (total < 0)
			say(d, RS_APP_CONDITIONAL,
			    "Applies if %s individuals are affected (16 CFR 318.5(c)) [TO BE COMPLETED: affected_total].",
			    big ? "500 or more" : "fewer than 500");
		else if ((total >= 500) == big)
			say(d, RS_APP_APPLIES,
			    "%ld individuals: %s (16 CFR 318.5(c)).", total,
			    big ? "500 or more, FTC notified at the same time as individuals"
				: "fewer than 500, reported to the FTC after the end of the calendar year");
		else
			say(d, RS_APP_NOT_APPLICABLE,
			    "%ld individuals: the %s rule applies instead.",
			    total, big ? "fewer-than-500" : "500-or-more");
		return;
	}
	if (!strcmp(id, "ftc-media")) {
		ms = media_states(f, d);
		if (ms > 0)
			say(d, RS_APP_APPLIES,
			    "More than 500 residents of a State are affected: %s (16 CFR 318.5(b)).",
			    d->detail);
		else if (ms < 0)
			say(d, RS_APP_CONDITIONAL,
			    "Applies if more than 500 residents of a State are affected (16 CFR 318.5(b)); per-State counts are not known [TO BE COMPLETED: affected_by_jurisdiction].");
		else
			say(d, RS_APP_NOT_APPLICABLE,
			    "No State has more than 500 affected residents (16 CFR 318.5(b)).");
		return;
	}
	say(d, RS_APP_APPLIES,
	    "A health app / PHR vendor not covered by HIPAA had a breach of security of unsecured PHR identifiable health information (16 CFR 318.3).");
}

static void decide_pk(const struct rs_facts *f, struct rs_decision *d)
{
	long pk = count_of(f, is_pk);

	if (pk == -2 || pk == 0) {
		say(d, RS_APP_NOT_APPLICABLE,
		    "No data subjects in Pakistan are listed in affected_by_jurisdiction (key PK).");
		return;
	}
	say(d, RS_APP_DRAFT_LAW,
	    "Pakistan has no enacted breach-notification law in the sources read; the Personal Data Protection Bill 2023 (a draft, not law) would require notice to the National Commission for Personal Data Protection and to data subjects within 72 hours. Drafted for readiness, not as a legal obligation.");
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
	for (size_t i = 0; i < n; i++) {
		struct rs_decision *d = &a->d[i];
		const char *key = rs_rule_regime_key(&rules[i]);

		d->rule = &rules[i];
		if (!requested(only, key))
			say(d, RS_APP_NOT_APPLICABLE,
			    "Not requested: this step's regimes list does not include '%s'.",
			    key);
		else if (!strcmp(key, "hipaa"))
			decide_hipaa(f, d);
		else if (!strcmp(key, "gdpr"))
			decide_gdpr(f, d);
		else if (!strcmp(key, "ca-civ"))
			decide_ca_civ(f, d);
		else if (!strcmp(key, "ca-hs"))
			decide_ca_hs(f, d);
		else if (!strcmp(key, "ftc"))
			decide_ftc(f, d);
		else
			decide_pk(f, d);
		rc = rs_dl_compute(d->rule, &df, &d->dl, err);
		if (rc) {
			rs_assessment_release(a);
			return rc;
		}
	}
	for (size_t i = 0; i < f->n_juris; i++) {
		const struct rs_juris *j = &f->juris[i];

		if (!strcasecmp(j->code, "US-CA") || !strcasecmp(j->code, "US"))
			continue;
		if (is_us(j->code))
			add_na(a, j,
			       "State breach-notification law of %s not assessed; the federal rules above (HIPAA or FTC) were.",
			       j->code);
		else if (is_eu(j->code))
			continue;
		else if (is_pk(j->code))
			continue;
		else
			add_na(a, j,
			       "No rule for %s; its breach-notification law was not assessed.",
			       j->code);
	}
	if (f->role == RS_ROLE_COVERED_ENTITY && rs_facts_count(f, "US-CA") > 0)
		snprintf(
			a->notes[a->n_notes++], sizeof(a->notes[0]),
			"California: a HIPAA covered entity that complies with HITECH section 13402(f) is deemed to comply with the notice content rules of Cal. Civ. Code 1798.82 (subdivision (e) [verify subsection letter]); the HIPAA individual notice may serve as the California notice, but California's 30-day clock still applies.");
	if (f->le.kind != RS_LE_NONE)
		snprintf(
			a->notes[a->n_notes++], sizeof(a->notes[0]),
			"A law-enforcement delay is recorded (%s): keep the statement (written) or a record of the official's identity and the date (oral) with this case (45 CFR 164.412).",
			f->le_str);
	if (!f->discovered.known)
		snprintf(
			a->notes[a->n_notes++], sizeof(a->notes[0]),
			"discovered_at is not known: no clock can be computed [TO BE COMPLETED: discovered_at].");
	return 0;
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
	json_object_set_new(facts, "law_enforcement_delay",
			    json_string(f->le_str ? f->le_str : "none"));
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
			o, "required",
			json_boolean(d->app != RS_APP_NOT_APPLICABLE));
		json_object_set_new(o, "reason", json_string(d->reason));
		json_object_set_new(o, "standard",
				    json_string(d->rule->standard));
		json_object_set_new(o, "due",
				    d->dl.has_due ? json_string(d->dl.due_str)
						  : json_null());
		json_object_set_new(o, "due_kind",
				    json_string(!d->dl.has_due ? "none"
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
	return root;
fail:
	json_decref(root);
	json_decref(facts);
	json_decref(arr);
	json_decref(na);
	json_decref(notes);
	return NULL;
}
