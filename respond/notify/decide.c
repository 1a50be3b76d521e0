// SPDX-License-Identifier: Apache-2.0
/*
 * Which notice rules apply to the breach facts, one regime at a time, with
 * the reason in the rule's words. Nothing the facts do not give is stated:
 * an unknown fact makes a decision "conditional" with a question.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rs_decide.h"
#include "rs_rules.h"

void rs_decide_say(struct rs_decision *d, enum rs_app app, const char *fmt, ...)
{
	va_list ap;

	d->app = app;
	va_start(ap, fmt);
	vsnprintf(d->reason, sizeof(d->reason), fmt, ap);
	va_end(ap);
}

/*
 * The encryption exemptions (HIPAA safe harbour, GDPR Art. 34(3)(a),
 * 1798.82(a), 16 CFR 318.2) rest on two inputs: the data was encrypted
 * and the key was NOT compromised. Only an explicit key_compromised
 * false applies them; an unknown key status is a question (key_unknown),
 * never a "no".
 */
static bool safe_harbour(const struct rs_facts *f)
{
	return f->encrypted == 1 && f->key_compromised == 0;
}

static bool key_unknown(const struct rs_facts *f)
{
	return f->encrypted == 1 && f->key_compromised < 0;
}

#define KEY_QUESTION                                                           \
	"[TO BE COMPLETED: was the key compromised? (key_compromised)]"

/*
 * What the HIPAA notices say about "unsecured" PHI, the same words for
 * every notice: "" when the PHI was not encrypted.
 */
static const char *hipaa_unsecured_cond(const struct rs_facts *f)
{
	if (key_unknown(f))
		return " (if the key was compromised: the PHI was encrypted, but whether the key was compromised is not given " KEY_QUESTION
		       "; if it was not, the encryption safe harbour (45 CFR 164.402; HHS guidance, 74 FR 42740) applies and no notice is required)";
	if (f->encrypted == 1)
		return " (encrypted, but the key is compromised)";
	if (f->encrypted < 0)
		return " (encryption not stated: treated as unsecured until answered [TO BE COMPLETED: encrypted])";
	return "";
}

#define HIPAA_LOW_PROB                                                         \
	"unless the risk assessment of 45 CFR 164.402(2) shows a low probability that the PHI has been compromised (see hipaa-risk-assessment)"

/*
 * hipaa-media, hipaa-hhs and hipaa-hhs-annual rest on the same finding as
 * the individuals' notice (a breach of unsecured PHI, no low probability
 * shown): append its condition to an "applies" reason, make it
 * conditional where the individuals' notice is, and carry its confidence.
 */
static void hipaa_same_condition(const struct rs_facts *f,
				 struct rs_decision *d)
{
	const struct rs_dl_rule *ind = rs_dl_rule_find("hipaa-individuals");
	size_t len = strlen(d->reason);

	if (ind && rs_rule_conf(ind) > d->dep_conf)
		d->dep_conf = rs_rule_conf(ind);
	if (d->app != RS_APP_APPLIES)
		return;
	if (len && d->reason[len - 1] == '.')
		d->reason[--len] = '\0';
	snprintf(
		d->reason + len, sizeof(d->reason) - len,
		"; as for the individuals' notice, this holds for a breach of unsecured PHI%s, " HIPAA_LOW_PROB
		".",
		hipaa_unsecured_cond(f));
	if (key_unknown(f))
		d->app = RS_APP_CONDITIONAL;
}

/*
 * States with at least @min affected residents into d->detail. Returns 1
 * when there is one, 0 when all US counts are known and none reaches it,
 * -1 when it cannot be told.
 */
static int media_states(const struct rs_facts *f, struct rs_decision *d,
			long min)
{
	size_t len = 0;
	int found = 0;
	bool unknown = false;
	long us = rs_facts_count_if(f, rs_juris_is_us);

	for (size_t i = 0; i < f->n_juris; i++) {
		const struct rs_juris *j = &f->juris[i];

		if (j->kind != RS_J_US_STATE)
			continue;
		if (j->count < 0) {
			unknown = true;
			continue;
		}
		if (j->count >= min) {
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
	if (unknown || rs_facts_count(f, "US") >= min ||
	    rs_facts_count(f, "US") == -1)
		return -1;
	/* no per-State breakdown: cannot tell unless the total is small */
	if (us == -2 && (rs_facts_total(f) >= min || rs_facts_total(f) < 0))
		return -1;
	return 0;
}

void rs_decide_hipaa(const struct rs_facts *f, struct rs_decision *d)
{
	const char *id = d->rule->id;
	long total = rs_facts_total(f);
	bool ce = f->role == RS_ROLE_COVERED_ENTITY;
	bool ba = f->role == RS_ROLE_BUSINESS_ASSOCIATE;
	int ms;

	if (!strcmp(id, "hipaa-ba")) {
		if (!ba) {
			rs_decide_say(
				d, RS_APP_NOT_APPLICABLE,
				"Only a business associate notifies the covered entity (45 CFR 164.410); role is '%s'.",
				rs_role_name(f->role));
			return;
		}
	} else if (f->role == RS_ROLE_UNKNOWN) {
		rs_decide_say(
			d, RS_APP_CONDITIONAL,
			"Role not given: applies if the organization is a HIPAA covered entity (45 CFR 160.103) [TO BE COMPLETED: role].");
	} else if (!ce) {
		rs_decide_say(
			d, RS_APP_NOT_APPLICABLE,
			"Notices under 45 CFR 164.404-164.408 are the covered entity's; role is '%s'%s.",
			rs_role_name(f->role),
			ba ? " (a business associate notifies the covered entity under 164.410)"
			   : "");
		return;
	}
	if (safe_harbour(f)) {
		rs_decide_say(
			d, RS_APP_NOT_APPLICABLE,
			"Encryption safe harbour: the facts state that the PHI was encrypted and that the key was not compromised (encrypted true, key_compromised false), so it is not 'unsecured protected health information' (45 CFR 164.402; HHS guidance, 74 FR 42740). No notice is required on those two inputs; keep the evidence of encryption (algorithm, key custody) with this case.");
		return;
	}
	if (d->app == RS_APP_CONDITIONAL)
		return;
	if (!strcmp(id, "hipaa-media")) {
		ms = media_states(f, d, 501);
		if (ms > 0)
			rs_decide_say(
				d, RS_APP_APPLIES,
				"More than 500 residents of a State are affected: %s (45 CFR 164.406(a)).",
				d->detail);
		else if (ms < 0)
			rs_decide_say(
				d, RS_APP_CONDITIONAL,
				"Applies if more than 500 residents of one State or jurisdiction are affected (45 CFR 164.406(a)); the per-State counts are not known [TO BE COMPLETED: affected_by_jurisdiction].");
		else
			rs_decide_say(
				d, RS_APP_NOT_APPLICABLE,
				"No State or jurisdiction has more than 500 affected residents (45 CFR 164.406(a)).");
		hipaa_same_condition(f, d);
		return;
	}
	if (!strcmp(id, "hipaa-hhs")) {
		if (total >= 500)
			rs_decide_say(
				d, RS_APP_APPLIES,
				"%ld individuals: 500 or more, so HHS is notified contemporaneously with the individuals (45 CFR 164.408(b)).",
				total);
		else if (total < 0)
			rs_decide_say(
				d, RS_APP_CONDITIONAL,
				"Applies if 500 or more individuals are affected (45 CFR 164.408(b)); the number is not known [TO BE COMPLETED: affected_total].");
		else
			rs_decide_say(
				d, RS_APP_NOT_APPLICABLE,
				"%ld individuals: less than 500, so HHS is notified in the annual log instead (45 CFR 164.408(c)).",
				total);
		hipaa_same_condition(f, d);
		return;
	}
	if (!strcmp(id, "hipaa-hhs-annual")) {
		if (total >= 0 && total < 500)
			rs_decide_say(
				d, RS_APP_APPLIES,
				"%ld individuals: less than 500; log the breach and report it to HHS within 60 days after the end of the calendar year of discovery (45 CFR 164.408(c)).",
				total);
		else if (total < 0)
			rs_decide_say(
				d, RS_APP_CONDITIONAL,
				"Applies if less than 500 individuals are affected (45 CFR 164.408(c)); the number is not known [TO BE COMPLETED: affected_total].");
		else
			rs_decide_say(
				d, RS_APP_NOT_APPLICABLE,
				"%ld individuals: 500 or more, so HHS is notified under 164.408(b) instead.",
				total);
		hipaa_same_condition(f, d);
		return;
	}
	rs_decide_say(
		d, key_unknown(f) ? RS_APP_CONDITIONAL : RS_APP_APPLIES,
		"%s of unsecured PHI%s: notice is required (%s) " HIPAA_LOW_PROB
		".",
		ba ? "A business associate discovered a breach"
		   : "A covered entity discovered a breach",
		hipaa_unsecured_cond(f), d->rule->citation);
}

/* ---- GDPR -------------------------------------------------------------- */

static void add_auth(struct rs_assessment *a, const struct rs_juris *j,
		     const char *ms)
{
	if (a->n_auth >= sizeof(a->auth) / sizeof(a->auth[0]))
		return;
	a->auth[a->n_auth].code = j ? j->code : NULL;
	a->auth[a->n_auth].ms = ms;
	a->auth[a->n_auth].name = ms ? rs_sa_name(ms) : NULL;
	a->auth[a->n_auth].count = j ? j->count : -1;
	a->n_auth++;
}

static void scope_say(struct rs_assessment *a, const char *scope,
		      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void scope_say(struct rs_assessment *a, const char *scope,
		      const char *fmt, ...)
{
	va_list ap;

	a->gdpr_scope = scope;
	va_start(ap, fmt);
	vsnprintf(a->gdpr_scope_reason, sizeof(a->gdpr_scope_reason), fmt, ap);
	va_end(ap);
}

void rs_gdpr_scope(const struct rs_facts *f, struct rs_assessment *a)
{
	long eu = rs_facts_count_if(f, rs_juris_is_gdpr);
	bool targeted = f->offers_to_eu == 1 || f->monitors_eu == 1;
	bool untargeted = f->offers_to_eu == 0 && f->monitors_eu == 0;

	a->n_auth = 0;
	if (eu == -2 || eu == 0) {
		scope_say(
			a, "no-eu-data-subjects",
			"No data subjects in the EU/EEA are listed (keys EU-XX, EEA-XX, EU, EEA).");
		return;
	}
	if (f->eu_establishment == 1)
		scope_say(
			a, "art-3(1)",
			"Art. 3(1): the controller or processor has an establishment in the Union (eu_establishment)%s%s.",
			f->eu_main_establishment ? "; main establishment in "
						 : "",
			f->eu_main_establishment ? f->eu_main_establishment
						 : "");
	else if (f->eu_establishment == 0 && targeted)
		scope_say(
			a, "art-3(2)",
			"Art. 3(2): not established in the Union, but %s%s%s people in the Union (facts: eu_establishment false, offers_to_eu %s, monitors_eu %s).",
			f->offers_to_eu == 1 ? "offers goods or services to"
					     : "",
			f->offers_to_eu == 1 && f->monitors_eu == 1 ? " and "
								    : "",
			f->monitors_eu == 1 ? "monitors the behaviour of" : "",
			f->offers_to_eu == 1   ? "true"
			: f->offers_to_eu == 0 ? "false"
					       : "not given",
			f->monitors_eu == 1   ? "true"
			: f->monitors_eu == 0 ? "false"
					      : "not given");
	else if (f->eu_establishment == 0 && untargeted)
		scope_say(
			a, "not-met",
			"Art. 3 not met on the facts given: no establishment in the Union, no offering of goods or services to, and no monitoring of, people in the Union (eu_establishment, offers_to_eu, monitors_eu all false). Art. 3(3) (public international law) was not assessed.");
	else if (targeted)
		scope_say(
			a, "art-3",
			"GDPR applies under Art. 3(1) or 3(2): goods or services are offered to, or behaviour monitored of, people in the Union; whether the controller is established in the Union is not given, and it decides which authorities are notified [TO BE COMPLETED: eu_establishment].");
	else
		scope_say(
			a, "not-assessed",
			"Art. 3 territorial scope not assessed: listing EU/EEA residents does not by itself bring the GDPR in. It applies to a controller established in the Union (Art. 3(1)), or outside it when offering goods or services to, or monitoring, people in the Union (Art. 3(2)) [TO BE COMPLETED: eu_establishment, offers_to_eu, monitors_eu].");
	if (!strcmp(a->gdpr_scope, "art-3(2)")) {
		/* EDPB Guidelines 9/2022 para. 73: every authority */
		for (size_t i = 0; i < f->n_juris; i++) {
			const struct rs_juris *j = &f->juris[i];

			if (rs_juris_is_gdpr(j->kind))
				add_auth(a, j,
					 rs_juris_member_state(j->code,
							       j->kind));
		}
	} else if (!strcmp(a->gdpr_scope, "art-3(1)")) {
		add_auth(a, NULL, f->eu_main_establishment);
		a->auth_lead = true;
	}
}

static void gdpr_scope_gate(const struct rs_assessment *a,
			    struct rs_decision *d, bool *stop)
{
	*stop = true;
	if (!strcmp(a->gdpr_scope, "no-eu-data-subjects") ||
	    !strcmp(a->gdpr_scope, "not-met")) {
		rs_decide_say(d, RS_APP_NOT_APPLICABLE, "%s",
			      a->gdpr_scope_reason);
		return;
	}
	if (!strcmp(a->gdpr_scope, "not-assessed")) {
		rs_decide_say(d, RS_APP_CONDITIONAL, "%s",
			      a->gdpr_scope_reason);
		return;
	}
	*stop = false;
}

static void gdpr_subjects(const struct rs_facts *f, struct rs_decision *d)
{
	if (safe_harbour(f)) {
		rs_decide_say(
			d, RS_APP_NOT_APPLICABLE,
			"The facts state that the data was encrypted and that the key was not compromised (encrypted true, key_compromised false): on those inputs communication to data subjects is not required (GDPR Art. 34(3)(a)), if the encryption rendered the data unintelligible to anyone not authorised.");
		return;
	}
	if (f->subsequent_measures == 1) {
		rs_decide_say(
			d, RS_APP_NOT_APPLICABLE,
			"The facts state subsequent measures ensure the high risk is no longer likely to materialise (subsequent_measures): communication is not required (GDPR Art. 34(3)(b)); record the measures.");
		return;
	}
	if (f->high_risk == 0) {
		rs_decide_say(
			d, RS_APP_NOT_APPLICABLE,
			"The controller assessed that the breach is not likely to result in a high risk to the rights and freedoms of natural persons (high_risk false), so Art. 34(1) does not require communication; record the assessment (Art. 33(5)).");
		return;
	}
	if (key_unknown(f)) {
		rs_decide_say(
			d, RS_APP_CONDITIONAL,
			"The data was encrypted, but whether the key was compromised is not given " KEY_QUESTION
			". The Art. 34(3)(a) exception (data unintelligible to anyone not authorised) can be claimed only if it was not; otherwise communication is required %s (GDPR Art. 34(1))%s.",
			f->high_risk == 1
				? "because the controller assessed that the breach is likely to result in a high risk"
				: "if the breach is likely to result in a high risk",
			f->high_risk == 1 ? " (high_risk true)"
					  : " [TO BE COMPLETED: high_risk]");
		return;
	}
	if (f->high_risk < 0) {
		rs_decide_say(
			d, RS_APP_CONDITIONAL,
			"Applies if the breach is likely to result in a high risk to the rights and freedoms of natural persons (GDPR Art. 34(1)). The GDPR sets no presumption: the controller assesses the risk, for example from the special categories involved (Art. 9) [TO BE COMPLETED: high_risk]. Exceptions of Art. 34(3)(b) and (c) not claimed (subsequent_measures, disproportionate_effort).");
		return;
	}
	if (f->disproportionate_effort == 1) {
		rs_decide_say(
			d, RS_APP_APPLIES,
			"The controller assessed a high risk (high_risk true), and individual communication would involve disproportionate effort (disproportionate_effort): a public communication or similar measure informing data subjects in an equally effective manner is made instead (GDPR Art. 34(3)(c)).");
		snprintf(d->detail, sizeof(d->detail),
			 "public communication instead (Art. 34(3)(c))");
		return;
	}
	rs_decide_say(
		d, RS_APP_APPLIES,
		"The controller assessed that the breach is likely to result in a high risk (high_risk true), and no Art. 34(3) exception is stated: data subjects are told without undue delay (GDPR Art. 34(1)).");
}

void rs_decide_gdpr(const struct rs_facts *f, const struct rs_assessment *a,
		    struct rs_decision *d)
{
	const char *id = d->rule->id;
	bool proc = f->role == RS_ROLE_PROCESSOR ||
		    f->role == RS_ROLE_BUSINESS_ASSOCIATE;
	bool stop;

	gdpr_scope_gate(a, d, &stop);
	if (stop)
		return;
	if (!strcmp(id, "gdpr-controller")) {
		if (proc)
			rs_decide_say(
				d, RS_APP_APPLIES,
				"%s As a processor, notify the controller without undue delay (GDPR Art. 33(2)).",
				a->gdpr_scope_reason);
		else
			rs_decide_say(
				d, RS_APP_NOT_APPLICABLE,
				"Only a processor notifies the controller (GDPR Art. 33(2)); role is '%s'.",
				rs_role_name(f->role));
		return;
	}
	if (proc) {
		rs_decide_say(
			d, RS_APP_NOT_APPLICABLE,
			"A processor does not notify %s itself; the controller does (GDPR Art. 33(2)).",
			!strcmp(id, "gdpr-sa") ? "the supervisory authority"
					       : "data subjects");
		return;
	}
	if (!strcmp(id, "gdpr-subjects")) {
		gdpr_subjects(f, d);
		return;
	}
	if (safe_harbour(f))
		rs_decide_say(
			d, RS_APP_CONDITIONAL,
			"%s The facts state that the data was encrypted and that the key was not compromised (encrypted true, key_compromised false): notice is required unless the controller documents that the breach is unlikely to result in a risk (GDPR Art. 33(1)); record that reasoning under Art. 33(5).",
			a->gdpr_scope_reason);
	else if (key_unknown(f))
		rs_decide_say(
			d, RS_APP_APPLIES,
			"%s Art. 33(1) requires notice unless the breach is unlikely to result in a risk to the rights and freedoms of natural persons; the data was encrypted, but whether the key was compromised is not given " KEY_QUESTION
			", so the facts do not establish that it is unlikely. Record the assessment (Art. 33(5)).",
			a->gdpr_scope_reason);
	else
		rs_decide_say(
			d, RS_APP_APPLIES,
			"%s Art. 33(1) requires notice unless the breach is unlikely to result in a risk to the rights and freedoms of natural persons; the facts do not establish that it is unlikely. Record the assessment (Art. 33(5)).",
			a->gdpr_scope_reason);
}

/* ---- California -------------------------------------------------------- */

/* The 1798.82(h) categories the data elements name, into @buf. */
static bool ca_categories(const struct rs_facts *f, char *buf, size_t len)
{
	static const struct {
		const char *needle, *cat;
	} map[] = {
		{"social security", "Social Security number"},
		{"ssn", "Social Security number"},
		{"driver", "driver's license number"},
		{"passport", "passport number"},
		{"card number", "account or card number"},
		{"account number", "account or card number"},
		{"insurance", "health insurance information"},
		{"diagnos", "medical information"},
		{"medical", "medical information"},
		{"prescription", "medical information"},
		{"medication", "medical information"},
		{"treatment", "medical information"},
		{"recording", "medical information"},
		{"visit note", "medical information"},
		{"password", "username or e-mail with password"},
		{"biometric", "unique biometric data"},
		{"genetic", "genetic data"},
	};
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (!rs_facts_has_element(f, map[i].needle) ||
		    strstr(buf, map[i].cat))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 used ? ", " : "", map[i].cat);
		if (used >= len)
			used = len - 1;
	}
	return buf[0] != '\0';
}

void rs_decide_ca_civ(const struct rs_facts *f, struct rs_decision *d)
{
	long ca = rs_facts_count(f, "US-CA");
	char cats[256];

	if (ca == -2 || ca == 0) {
		rs_decide_say(
			d, RS_APP_NOT_APPLICABLE,
			"No California residents are listed in affected_by_jurisdiction (key US-CA).");
		return;
	}
	if (f->role == RS_ROLE_BUSINESS_ASSOCIATE ||
	    f->role == RS_ROLE_PROCESSOR) {
		rs_decide_say(
			d, RS_APP_NOT_APPLICABLE,
			"A business that maintains data it does not own notifies the owner or licensee immediately (Cal. Civ. Code 1798.82(b)); the owner notifies residents and the Attorney General.");
		return;
	}
	if (safe_harbour(f)) {
		rs_decide_say(
			d, RS_APP_NOT_APPLICABLE,
			"Only unencrypted personal information, or encrypted information whose key was also acquired, triggers notice (Cal. Civ. Code 1798.82(a)); the facts state that the data was encrypted and that the key was not compromised (encrypted true, key_compromised false), and this conclusion rests on those inputs.");
		return;
	}
	if (!strcmp(d->rule->id, "ca-ag") && ca >= 0 && ca <= 500) {
		rs_decide_say(
			d, RS_APP_NOT_APPLICABLE,
			"%ld California residents: 500 or fewer; the Attorney General copy is required only for more than 500 (Cal. Civ. Code 1798.82(f)).",
			ca);
		return;
	}
	if (f->acquired == 0) {
		rs_decide_say(
			d, RS_APP_NOT_APPLICABLE,
			"The facts state that the information was not, and is not reasonably believed to have been, acquired by an unauthorized person (acquired false); 1798.82(a) is triggered by acquisition, so keep the evidence for that finding with this case.");
		return;
	}
	if (!ca_categories(f, cats, sizeof(cats))) {
		rs_decide_say(
			d, RS_APP_CONDITIONAL,
			"Applies if the information includes a name with an element 1798.82(h) lists (for example medical information, health insurance information, a Social Security number), or a username or e-mail address with a password; the data elements given do not show one [TO BE COMPLETED: data_elements].");
		return;
	}
	if (key_unknown(f)) {
		rs_decide_say(
			d, RS_APP_CONDITIONAL,
			"Applies if the personal information (%s, as read from the data elements) of the California residents listed was, or is reasonably believed to have been, acquired by an unauthorized person in unencrypted form, or encrypted with the key also acquired (Cal. Civ. Code 1798.82(a)): the data was encrypted, but whether the key was compromised is not given " KEY_QUESTION
			"%s%s.",
			cats,
			f->acquired < 0 ? " [TO BE COMPLETED: acquired]" : "",
			strcmp(d->rule->id, "ca-ag") ? ""
			: ca > 500
				? "; more than 500 California residents are listed, so a sample copy then goes to the Attorney General (Cal. Civ. Code 1798.82(f))"
				: "; a sample copy then goes to the Attorney General if more than 500 California residents are notified (Cal. Civ. Code 1798.82(f)) [TO BE COMPLETED: affected_by_jurisdiction US-CA]");
		return;
	}
	if (f->acquired < 0) {
		rs_decide_say(
			d, RS_APP_CONDITIONAL,
			"Applies if the personal information (%s, as read from the data elements) of the California residents listed was, or is reasonably believed to have been, acquired by an unauthorized person (Cal. Civ. Code 1798.82(a)); exposure alone is not the test [TO BE COMPLETED: acquired].",
			cats);
		return;
	}
	if (!strcmp(d->rule->id, "ca-ag")) {
		if (ca > 500)
			rs_decide_say(
				d, RS_APP_APPLIES,
				"%ld California residents: more than 500, so a sample copy goes to the Attorney General (Cal. Civ. Code 1798.82(f)).",
				ca);
		else if (ca < 0)
			rs_decide_say(
				d, RS_APP_CONDITIONAL,
				"Applies if more than 500 California residents are notified (Cal. Civ. Code 1798.82(f)); the count is not known [TO BE COMPLETED: affected_by_jurisdiction US-CA].");
		else
			rs_decide_say(
				d, RS_APP_NOT_APPLICABLE,
				"%ld California residents: 500 or fewer; the Attorney General copy is required only for more than 500 (Cal. Civ. Code 1798.82(f)).",
				ca);
		return;
	}
	rs_decide_say(
		d, RS_APP_APPLIES,
		"The facts state that California residents' personal information (%s, as read from the data elements) was, or is reasonably believed to have been, acquired by an unauthorized person (acquired true; Cal. Civ. Code 1798.82(a), (h)).",
		cats);
}

void rs_decide_ca_hs(const struct rs_facts *f, struct rs_decision *d)
{
	long n = rs_facts_total(f);

	if (f->role == RS_ROLE_BUSINESS_ASSOCIATE ||
	    f->role == RS_ROLE_PROCESSOR || f->role == RS_ROLE_HEALTH_APP) {
		rs_decide_say(
			d, RS_APP_NOT_APPLICABLE,
			"H&S Code 1280.15 binds licensed clinics, health facilities, home health agencies and hospices; role is '%s'.",
			rs_role_name(f->role));
		return;
	}
	if (f->ca_licensed_facility == 0) {
		rs_decide_say(
			d, RS_APP_NOT_APPLICABLE,
			"The organization is not a clinic, health facility, home health agency or hospice licensed in California (H&S Code 1280.15(a); ca_licensed_facility false).");
		return;
	}
	if (f->ca_licensed_facility < 0) {
		rs_decide_say(
			d, RS_APP_CONDITIONAL,
			"Applies if the organization is a clinic, health facility, home health agency or hospice licensed in California (H&S Code 1280.15(a)) [TO BE COMPLETED: ca_licensed_facility]. The duty covers every patient of the facility, wherever the patient lives. Whether encryption affects it was not found in the text read [unverified].");
		return;
	}
	if (n >= 0)
		snprintf(
			d->detail, sizeof(d->detail),
			"%ld affected patients (every affected patient counts, wherever the patient resides)",
			n);
	rs_decide_say(
		d, RS_APP_APPLIES,
		"A California-licensed facility (ca_licensed_facility true) detected unlawful or unauthorized access to, or use or disclosure of, patients' medical information (H&S Code 1280.15(b)); every affected patient counts, not only California residents%s%s.",
		n >= 0 ? ": " : "", n >= 0 ? d->detail : "");
}

/* ---- FTC and Pakistan -------------------------------------------------- */

static void decide_ftc(const struct rs_facts *f, struct rs_decision *d)
{
	const char *id = d->rule->id;
	long us = rs_facts_count_if(f, rs_juris_is_us);
	long total = rs_facts_total(f);
	int ms;

	if (f->role != RS_ROLE_HEALTH_APP) {
		rs_decide_say(
			d, RS_APP_NOT_APPLICABLE,
			"The FTC rule covers vendors of personal health records and PHR related entities, not HIPAA covered entities or business associates (16 CFR 318.1); role is '%s'.",
			rs_role_name(f->role));
		return;
	}
	if (f->n_juris && (us == -2 || us == 0)) {
		rs_decide_say(
			d, RS_APP_NOT_APPLICABLE,
			"No US residents are listed in affected_by_jurisdiction.");
		return;
	}
	if (safe_harbour(f)) {
		rs_decide_say(
			d, RS_APP_NOT_APPLICABLE,
			"The facts state that the data was encrypted and that the key was not compromised (encrypted true, key_compromised false): on those inputs it is not 'unsecured' PHR identifiable health information (16 CFR 318.2).");
		return;
	}
	if (!strcmp(id, "ftc-ftc") || !strcmp(id, "ftc-ftc-annual")) {
		bool big = !strcmp(id, "ftc-ftc");

		if (total < 0)
			rs_decide_say(
				d, RS_APP_CONDITIONAL,
				"Applies if %s individuals are affected (16 CFR 318.5(c)) [TO BE COMPLETED: affected_total].",
				big ? "500 or more" : "fewer than 500");
		else if ((total >= 500) == big)
			rs_decide_say(
				d, RS_APP_APPLIES,
				"%ld individuals: %s (16 CFR 318.5(c)).", total,
				big ? "500 or more, FTC notified at the same time as individuals"
				    : "fewer than 500, reported to the FTC after the end of the calendar year");
		else
			rs_decide_say(
				d, RS_APP_NOT_APPLICABLE,
				"%ld individuals: the %s rule applies instead.",
				total, big ? "fewer-than-500" : "500-or-more");
		return;
	}
	if (!strcmp(id, "ftc-media")) {
		ms = media_states(f, d, 500);
		if (ms > 0)
			rs_decide_say(
				d, RS_APP_APPLIES,
				"500 or more residents of a State are affected: %s (16 CFR 318.5(b); threshold wording [secondary]).",
				d->detail);
		else if (ms < 0)
			rs_decide_say(
				d, RS_APP_CONDITIONAL,
				"Applies if 500 or more residents of a State or jurisdiction are affected (16 CFR 318.5(b); threshold wording [secondary]); per-State counts are not known [TO BE COMPLETED: affected_by_jurisdiction].");
		else
			rs_decide_say(
				d, RS_APP_NOT_APPLICABLE,
				"No State or jurisdiction has 500 or more affected residents, so no media notice under 16 CFR 318.5(b) as secondary sources word its threshold [secondary: confirm against the rule text].");
		return;
	}
	rs_decide_say(
		d, RS_APP_APPLIES,
		"A vendor of personal health records or PHR related entity not covered by HIPAA had a breach of security of unsecured PHR identifiable health information (16 CFR 318.3).");
}

void rs_decide_ftc(const struct rs_facts *f, struct rs_decision *d)
{
	size_t len;

	decide_ftc(f, d);
	/* "unsecured" rests on the key too: an unknown key is a question */
	if (!key_unknown(f) || d->app != RS_APP_APPLIES)
		return;
	d->app = RS_APP_CONDITIONAL;
	len = strlen(d->reason);
	snprintf(
		d->reason + len, sizeof(d->reason) - len,
		" This holds only if the information is 'unsecured' (16 CFR 318.2): it was encrypted, but whether the key was compromised is not given " KEY_QUESTION
		".");
}

void rs_decide_pk(const struct rs_facts *f, struct rs_decision *d)
{
	long pk = rs_facts_count(f, "PK");

	if (pk == -2 || pk == 0) {
		rs_decide_say(
			d, RS_APP_NOT_APPLICABLE,
			"No data subjects in Pakistan are listed in affected_by_jurisdiction (key PK).");
		return;
	}
	rs_decide_say(
		d, RS_APP_DRAFT_LAW,
		"Pakistan has no enacted breach-notification law in the sources read; the Personal Data Protection Bill 2023 (a draft, not law) would require notice to the National Commission for Personal Data Protection and to data subjects within 72 hours [unverified: press reports]. Drafted for readiness, not as a legal obligation.");
}
