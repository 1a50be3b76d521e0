// SPDX-License-Identifier: Apache-2.0
/*
 * One renderer per kind of notice: the elements each law asks for, as
 * headings or labelled lines, in the law's order; the title of each draft
 * and which renderer a rule gets. Nothing is invented: generic wording is
 * limited to the notice's frame.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cm_buf.h"
#include "rs_draft_text.h"
#include "rs_notice_kinds.h"

/*
 * The individual notice. Its headings are California's (1798.82(d)(1));
 * they carry HIPAA 164.404(c)(1)(A)-(E) and 16 CFR 318.6(a)-(e) too.
 */
static void individual_notice(struct rs_draft_ctx *c,
			      const struct rs_decision *d, bool california,
			      bool ftc)
{
	const struct rs_facts *f = c->f;
	bool ssn = rs_draft_has_element(f, "ssn") ||
		   rs_draft_has_element(f, "social security") ||
		   rs_draft_has_element(f, "driver") ||
		   rs_draft_has_element(f, "license");

	cm_buf_appends(&c->md, "## Notice of Data Breach\n\n");
	cm_buf_appends(&c->md, "From: ");
	rs_draft_val(c, f->organization,
		     "name of the organization (organization)");
	cm_buf_appends(&c->md, "\n\nDate of this notice: ");
	rs_draft_tbc(c, "date this notice is sent");
	cm_buf_appends(&c->md, "\n\n## What Happened\n\n");
	rs_draft_val(c, f->description,
		     "brief description of what happened (description)");
	cm_buf_appends(&c->md, " ");
	rs_draft_breach_dates(c);
	if (ftc) {
		cm_buf_appends(
			&c->md,
			" Third parties that acquired the information: ");
		rs_draft_val(
			c, f->third_parties,
			"full name or identity of any third parties that acquired the information, if known (third_parties)");
		cm_buf_appends(&c->md, ".");
	}
	cm_buf_appends(
		&c->md,
		"\n\nWas this notice delayed by a law-enforcement investigation? ");
	/* only an answer the facts give: a default is not a "No" */
	if (!f->le_str)
		rs_draft_tbc(
			c,
			"whether a law-enforcement agency asked to delay this notice (law_enforcement_delay)");
	else if (f->le.kind == RS_LE_NONE)
		cm_buf_appends(&c->md, "No.");
	else
		cm_buf_appendf(&c->md, "Yes (%s).", f->le_str);
	cm_buf_appends(&c->md, "\n\n## What Information Was Involved\n\n");
	cm_buf_appends(&c->md, "The types of information involved were: ");
	rs_draft_elements(c);
	cm_buf_appends(&c->md, ".\n\n## What We Are Doing\n\n");
	rs_draft_val(
		c, f->mitigation,
		"what we are doing to investigate, to mitigate harm and to protect against further breaches (mitigation)");
	if (ftc) {
		/* 16 CFR 318.6(d) as amended in 2024 */
		cm_buf_appends(
			&c->md,
			"\n\nWhat we are doing to protect affected individuals (for example credit monitoring or other services): ");
		rs_draft_val(
			c, f->protections,
			"what the entity is doing to protect affected individuals, such as offering credit monitoring or other services (protections)");
	}
	cm_buf_appends(&c->md, "\n\n## What You Can Do\n\n");
	if (f->individual_steps)
		cm_buf_appends(&c->md, f->individual_steps);
	else
		rs_draft_tbc(
			c,
			"steps individuals should take to protect themselves from potential harm (individual_steps)");
	cm_buf_appends(&c->md, "\n\n");
	if (california && ssn) {
		cm_buf_appends(&c->md, "Credit reporting agencies: ");
		rs_draft_tbc(
			c,
			"toll-free telephone numbers and addresses of the major credit reporting agencies (required when a Social Security number or driver's license number is involved)");
		cm_buf_appends(&c->md,
			       "\n\nIdentity theft prevention services: ");
		rs_draft_tbc(
			c,
			"offer of identity theft prevention and mitigation services at no cost for at least 12 months, if we were the source of the breach");
		cm_buf_appends(&c->md, "\n\n");
	}
	cm_buf_appends(&c->md, "## For More Information\n\n");
	cm_buf_appends(&c->md, "To ask questions or learn more, contact ");
	rs_draft_val(c, f->organization,
		     "name of the organization (organization)");
	cm_buf_appends(&c->md, ":\n\n");
	rs_draft_contacts(c, true);
	if (ftc && rs_facts_contact_methods(f) < 2) {
		char what[200];

		snprintf(
			what, sizeof(what),
			"at least two contact methods: toll-free number, e-mail, web site, within-application or postal address (16 CFR 318.6(e), secondary); %d given",
			rs_facts_contact_methods(f));
		cm_buf_appends(&c->md, "\n");
		rs_draft_tbc(c, what);
		cm_buf_appends(&c->md, "\n");
	}
	if (california && f->role != RS_ROLE_COVERED_ENTITY)
		cm_buf_appends(
			&c->md,
			"\n- Form (Cal. Civ. Code 1798.82(d), secondary: subsection letters): written in plain language, titled \"Notice of Data Breach\" with the headings above, in type no smaller than 10-point, the title and headings designed to call attention to the nature and significance of the information.\n");
	(void)d;
}

static void hhs_sheet(struct rs_draft_ctx *c, const struct rs_decision *d)
{
	const struct rs_facts *f = c->f;

	cm_buf_appends(
		&c->md,
		"Field sheet for the HHS OCR breach portal form: one form per breach; an addendum may follow as numbers firm up. Reports of 500 or more individuals are posted publicly [secondary: from HHS practice, not a rule text read here].\n\n");
	cm_buf_appends(&c->md, "## 1. Covered Entity\n\n- Name: ");
	rs_draft_val(c, f->organization, "covered entity name (organization)");
	cm_buf_appends(&c->md, "\n- Address: ");
	rs_draft_val(c, f->address, "covered entity address (contact.address)");
	cm_buf_appends(&c->md, "\n- Contact telephone: ");
	rs_draft_val(c, f->phone, "contact telephone (contact.phone)");
	cm_buf_appends(&c->md, "\n- Contact e-mail: ");
	rs_draft_val(c, f->email, "contact e-mail (contact.email)");
	cm_buf_appends(
		&c->md,
		"\n\n## 2. Business Associate\n\n- Did the breach occur at or by a business associate? ");
	if (f->role == RS_ROLE_BUSINESS_ASSOCIATE)
		cm_buf_appends(&c->md, "Yes");
	else if (f->business_associate)
		cm_buf_appendf(&c->md, "Yes: %s", f->business_associate);
	else
		rs_draft_tbc(
			c,
			"whether the breach occurred at or by a business associate, and its name and contact");
	cm_buf_appends(&c->md, "\n\n## 3. Breach\n\n- Breach start date: ");
	rs_draft_date(c, &f->started, "breach start date (breach_started_at)");
	cm_buf_appends(&c->md, "\n- Breach end date: ");
	rs_draft_date(c, &f->ended, "breach end date (breach_ended_at)");
	cm_buf_appends(&c->md, "\n- Discovery date: ");
	rs_draft_date(c, &f->discovered, "discovery date (discovered_at)");
	cm_buf_appends(&c->md,
		       "\n- Approximate number of individuals affected: ");
	rs_draft_count(c);
	cm_buf_appends(
		&c->md,
		"\n- Type of breach (Hacking/IT Incident, Unauthorized Access/Disclosure, Theft, Loss, Improper Disposal, Other): ");
	rs_draft_val(c, f->breach_type, "type of breach (breach_type)");
	cm_buf_appends(
		&c->md,
		"\n- Location of breached information (Laptop, Desktop Computer, Network Server, Email, Other Portable Electronic Device, Electronic Medical Record, Paper/Films, Other): ");
	rs_draft_val(c, f->breach_location,
		     "location of the information (breach_location)");
	cm_buf_appends(
		&c->md,
		"\n- Type of PHI involved (Demographic, Financial, Clinical, Other): ");
	rs_draft_elements(c);
	cm_buf_appends(&c->md, "\n- Brief description of the breach: ");
	rs_draft_val(c, f->description,
		     "description of the breach (description)");
	cm_buf_appends(&c->md, "\n- Safeguards in place prior to the breach: ");
	rs_draft_val(c, f->safeguards,
		     "safeguards in place prior to the breach (safeguards)");
	cm_buf_appends(&c->md,
		       "\n\n## 4. Notice of Breach and Actions Taken\n\n"
		       "- Date individual notice provided: ");
	rs_draft_tbc(c, "date individual notice was provided");
	cm_buf_appends(&c->md, "\n- Substitute notice required? ");
	rs_draft_tbc(
		c,
		"whether substitute notice was required (10 or more individuals with out-of-date contact information)");
	cm_buf_appends(&c->md, "\n- Media notice required? ");
	{
		const struct rs_decision *m =
			rs_draft_decision(c->a, "hipaa-media");

		if (m && (m->app == RS_APP_APPLIES ||
			  (m->app == RS_APP_CONDITIONAL && m->detail[0]))) {
			/* the same condition as the individuals' notice */
			cm_buf_appendf(
				&c->md,
				"Yes (%s), as for the individuals' notice: if the PHI was unsecured and unless the risk assessment of 45 CFR 164.402(2) shows a low probability that it has been compromised",
				m->detail);
			if (c->f->encrypted < 0) {
				cm_buf_appends(&c->md, " ");
				rs_draft_tbc(c, "encrypted");
			} else if (c->f->encrypted == 1 &&
				   c->f->key_compromised < 0) {
				cm_buf_appends(&c->md, " ");
				rs_draft_tbc(
					c,
					"was the key compromised? (key_compromised)");
			}
		} else if (m && m->app == RS_APP_NOT_APPLICABLE)
			cm_buf_appends(&c->md, "No");
		else
			rs_draft_tbc(c, "whether media notice was required");
	}
	cm_buf_appends(&c->md, "\n- Actions taken in response: ");
	rs_draft_val(c, f->mitigation,
		     "actions taken in response (mitigation)");
	cm_buf_appends(
		&c->md,
		"\n\n## 5. Attestation\n\n- Name and title of the person attesting: ");
	rs_draft_tbc(c, "name and title of the person submitting the form");
	cm_buf_appends(
		&c->md,
		"\n\nSubmitted information may be subject to disclosure under the Freedom of Information Act [secondary: the form's notice, not re-read].\n");
	(void)d;
}

static bool health_data(const struct rs_facts *f)
{
	static const char *const n[] = {
		"diagnos",	"medical",    "health",
		"prescription", "medication", "treatment",
		"recording",	"clinical",   NULL};

	for (size_t i = 0; n[i]; i++)
		if (rs_facts_has_element(f, n[i]))
			return true;
	return false;
}

/* GDPR Art. 3 assessment, the authorities to notify and Art. 27 */
static void gdpr_scope_part(struct rs_draft_ctx *c)
{
	const struct rs_facts *f = c->f;
	const struct rs_assessment *a = c->a;

	cm_buf_appendf(&c->md,
		       "## Territorial scope (Art. 3)\n\n%s\n\n"
		       "## Supervisory authorities to notify\n\n",
		       a->gdpr_scope_reason);
	if (!strcmp(a->gdpr_scope, "art-3(2)"))
		cm_buf_appends(
			&c->md,
			"The controller is not established in the Union, so the one-stop-shop does not apply (a representative does not trigger it): notify the supervisory authority of every Member State where affected data subjects reside (EDPB Guidelines 9/2022, para. 73, 2023 version) [secondary: read in quotations of the paragraph].\n\n");
	else if (a->auth_lead)
		cm_buf_appends(
			&c->md,
			"With a main establishment in the Union, the supervisory authority of the main establishment is the lead authority for cross-border processing (Art. 56(1)) [secondary].\n\n");
	for (size_t i = 0; i < a->n_auth; i++) {
		const struct rs_authority *x = &a->auth[i];

		cm_buf_appendf(&c->md, "- %s: ", x->ms ? x->ms : "-");
		if (x->name)
			cm_buf_appends(&c->md, x->name);
		else
			rs_draft_tbc(
				c,
				x->code ? "the Member State of residence of the data subjects listed without one (EU or EEA)"
					: "the Member State of the main establishment (eu_establishment: EU-XX)");
		if (x->count >= 0)
			cm_buf_appendf(&c->md, " (%ld data subjects)",
				       x->count);
		cm_buf_appends(&c->md, "\n");
	}
	if (!a->n_auth) {
		rs_draft_tbc(
			c,
			"the supervisory authorities to notify (they follow from the Art. 3 facts)");
		cm_buf_appends(&c->md, "\n");
	}
	if (a->n_auth && !strcmp(a->gdpr_scope, "art-3(2)"))
		cm_buf_appends(
			&c->md,
			"\nAuthority names [unverified]: written from general knowledge of the EDPB's member list, not checked against it; confirm each authority and its notification form.\n");
	if (f->eu_establishment != 1) {
		cm_buf_appends(
			&c->md,
			"\n## Representative in the Union (Art. 27)\n\n");
		rs_draft_val(
			c, f->eu_representative,
			"the representative designated under Art. 27 (eu_representative), or why Art. 27(2) exempts the controller");
		cm_buf_appends(&c->md, "\n");
	}
	cm_buf_appends(&c->md, "\n");
}

/* GDPR Art. 33(3)(a)-(d); reused for Art. 33(2) and the Pakistan bill */
static void gdpr33(struct rs_draft_ctx *c, const struct rs_decision *d,
		   bool late_reasons)
{
	const struct rs_facts *f = c->f;
	bool pk = !strncmp(d->rule->id, "pk-", 3);

	if (!strcmp(d->rule->id, "gdpr-sa"))
		gdpr_scope_part(c);
	if (pk)
		cm_buf_appends(
			&c->md,
			"The items below follow GDPR Art. 33(3); the bill's own list of content elements was not confirmed [unverified].\n\n");

	cm_buf_appends(&c->md, "## Controller\n\n- Name: ");
	rs_draft_val(c, f->organization, "controller name (organization)");
	/* the GDPR role is given only as role: controller; else inferred */
	cm_buf_appends(&c->md, "\n- Role: ");
	if (f->role == RS_ROLE_CONTROLLER)
		cm_buf_appends(&c->md,
			       "controller (role: controller, as given)");
	else if (f->role == RS_ROLE_UNKNOWN)
		rs_draft_tbc(
			c,
			"is the organization the controller (GDPR Art. 4(7))? (role)");
	else {
		cm_buf_appendf(
			&c->md,
			"controller, inferred from the given role '%s' (not a GDPR role) ",
			rs_role_name(f->role));
		rs_draft_tbc(
			c,
			"confirm that the organization is the controller (GDPR Art. 4(7))");
	}
	cm_buf_appends(&c->md, "\n- Time of awareness: ");
	if (f->aware.known || !f->discovered.known) {
		rs_draft_time(c, &f->aware,
			      "time the controller became aware (aware_at)");
	} else {
		/* the clock ran from discovery: say so, and ask */
		cm_buf_appends(&c->md, "counted from the discovery time ");
		rs_draft_time(c, &f->discovered, "discovered_at");
		cm_buf_appends(&c->md, " ");
		rs_draft_tbc(
			c,
			"time the controller became aware, if later (aware_at)");
	}
	cm_buf_appends(&c->md,
		       "\n\n## (a) Nature of the personal data breach\n\n");
	rs_draft_val(c, f->description, "nature of the breach (description)");
	cm_buf_appends(&c->md, "\n\n- Breach period: ");
	rs_draft_time(c, &f->started,
		      "start of the breach (breach_started_at)");
	cm_buf_appends(&c->md, " to ");
	rs_draft_time(c, &f->ended, "end of the breach (breach_ended_at)");
	cm_buf_appends(&c->md, "\n- Categories of personal data: ");
	rs_draft_elements(c);
	if (!pk && health_data(f))
		cm_buf_appends(
			&c->md,
			" (the elements include data concerning health, a special category under Art. 9)");
	cm_buf_appends(&c->md, "\n- Categories of data subjects: ");
	rs_draft_tbc(c, "categories of data subjects (e.g. patients)");
	cm_buf_appends(&c->md, "\n- Approximate number of data subjects: ");
	{
		/* this regime's own jurisdictions only */
		long n = pk ? rs_facts_count(f, "PK")
			    : rs_facts_count_if(f, rs_juris_is_gdpr);

		if (n >= 0)
			cm_buf_appendf(&c->md, "%ld", n);
		else
			rs_draft_tbc(
				c,
				pk ? "approximate number of data subjects in Pakistan (affected_by_jurisdiction PK)"
				   : "approximate number of data subjects in the EU/EEA (affected_by_jurisdiction EU-XX, EEA-XX)");
	}
	cm_buf_appends(&c->md,
		       "\n- Approximate number of personal data records: ");
	rs_draft_tbc(c,
		     "approximate number of personal data records concerned");
	cm_buf_appends(
		&c->md,
		"\n\n## (b) Contact point\n\n- Data protection officer or other contact point: ");
	rs_draft_val(
		c, f->dpo,
		"name of the data protection officer or other contact point (dpo)");
	cm_buf_appends(&c->md, "\n");
	rs_draft_contacts(c, false);
	cm_buf_appends(&c->md, "\n## (c) Likely consequences\n\n");
	rs_draft_tbc(c,
		     "likely consequences of the breach for the data subjects");
	cm_buf_appends(&c->md, "\n\n## (d) Measures taken or proposed\n\n");
	rs_draft_val(
		c, f->mitigation,
		"measures taken or proposed, including measures to mitigate possible adverse effects (mitigation)");
	cm_buf_appends(&c->md, "\n\n");
	if (late_reasons) {
		cm_buf_appendf(
			&c->md,
			"## Reasons for delay\n\nIf this notification is made after %s, the reasons for the delay must accompany it (Art. 33(1)): ",
			d->dl.has_due ? d->dl.due_str : "the deadline");
		rs_draft_tbc(c, "reasons for any delay beyond 72 hours");
		cm_buf_appends(
			&c->md,
			"\n\nInformation not yet available may be provided in phases without undue further delay (Art. 33(4)). Every breach is documented, whether or not notified (Art. 33(5)).\n");
	}
}

static void gdpr34(struct rs_draft_ctx *c, bool pk)
{
	const struct rs_facts *f = c->f;
	/* the Pakistan notice borrows the GDPR's items: say whose they are */
	const char *g = pk ? "GDPR " : "";

	if (pk)
		cm_buf_appends(
			&c->md,
			"The items below follow GDPR Art. 34(2) and 33(3)(b)-(d): the article numbers are the GDPR's, not the bill's; the bill's own list of content elements was not confirmed [unverified].\n\n");
	cm_buf_appendf(&c->md,
		       "In clear and plain language (%sArt. 34(2)).\n\n"
		       "## What happened\n\n",
		       g);
	rs_draft_val(c, f->description, "nature of the breach (description)");
	cm_buf_appends(&c->md, " ");
	rs_draft_breach_dates(c);
	cm_buf_appends(&c->md, " The information involved: ");
	rs_draft_elements(c);
	cm_buf_appendf(&c->md,
		       ".\n\n## Who you can contact (%sArt. 33(3)(b))\n\n"
		       "- Data protection officer or contact point: ",
		       g);
	rs_draft_val(
		c, f->dpo,
		"name of the data protection officer or other contact point (dpo)");
	cm_buf_appends(&c->md, "\n");
	rs_draft_contacts(c, false);
	cm_buf_appendf(&c->md,
		       "\n## What this may mean for you (%sArt. 33(3)(c))\n\n",
		       g);
	rs_draft_tbc(c,
		     "likely consequences of the breach for the data subjects");
	cm_buf_appendf(
		&c->md,
		"\n\n## What we have done and what you can do (%sArt. 33(3)(d))\n\n",
		g);
	rs_draft_val(c, f->mitigation,
		     "measures taken or proposed (mitigation)");
	cm_buf_appends(&c->md, "\n\n");
	if (f->individual_steps)
		cm_buf_appends(&c->md, f->individual_steps);
	else
		rs_draft_tbc(c,
			     "steps data subjects can take (individual_steps)");
	cm_buf_appends(&c->md, "\n");
}

static void ba_notice(struct rs_draft_ctx *c)
{
	cm_buf_appends(&c->md, "## Identification of affected individuals\n\n");
	rs_draft_tbc(
		c,
		"identification of each individual whose unsecured PHI has been, or is reasonably believed to have been, accessed, acquired, used or disclosed (attach the list)");
	cm_buf_appends(
		&c->md,
		"\n\n## Information the covered entity needs for its notice (45 CFR 164.404(c))\n\n");
	individual_notice(c, NULL, false, false);
}

static void ca_ag(struct rs_draft_ctx *c)
{
	const struct rs_facts *f = c->f;

	cm_buf_appends(
		&c->md,
		"Submit electronically a single sample copy of the consumer notice (the ca-residents draft), excluding any personally identifiable information, through the Attorney General's data breach form [secondary: the submission method was not read in the statute].\n\n"
		"- Organization: ");
	rs_draft_val(c, f->organization, "organization");
	cm_buf_appends(&c->md, "\n- Date(s) of breach: ");
	rs_draft_date(c, &f->started,
		      "date the breach began (breach_started_at)");
	cm_buf_appends(&c->md, " to ");
	rs_draft_date(c, &f->ended, "date the breach ended (breach_ended_at)");
	cm_buf_appends(&c->md, "\n- Date consumers were notified: ");
	{
		const char *id = "ca-residents";
		bool found = false;
		char buf[11];

		for (size_t i = 0; i < f->n_sent; i++)
			if (!strcmp(f->sent_ids[i], id)) {
				rs_day_str(f->sent[i].day, buf);
				cm_buf_appends(&c->md, buf);
				found = true;
			}
		if (!found)
			rs_draft_tbc(
				c,
				"date consumers were notified (notice_dates.ca-residents)");
	}
	cm_buf_appends(
		&c->md,
		"\n- Number of California residents affected, to be notified (as given in affected_by_jurisdiction): ");
	{
		long n = rs_facts_count(f, "US-CA");

		if (n >= 0)
			cm_buf_appendf(&c->md, "%ld", n);
		else
			rs_draft_tbc(
				c,
				"number of California residents affected (affected_by_jurisdiction US-CA)");
	}
	cm_buf_appends(&c->md, "\n- Sample copy attached: ");
	rs_draft_tbc(
		c,
		"sample copy of the consumer notice with personal information removed");
	cm_buf_appends(&c->md, "\n");
}

static void cdph(struct rs_draft_ctx *c, bool patient)
{
	const struct rs_facts *f = c->f;

	if (patient) {
		individual_notice(c, NULL, true, false);
		return;
	}
	cm_buf_appends(
		&c->md,
		"## Facility\n\n- Facility (licensed under H&S 1280.15(a) if the decision above says so): ");
	rs_draft_val(c, f->organization, "facility name (organization)");
	cm_buf_appends(&c->md, "\n- Facility license number: ");
	rs_draft_tbc(c, "CDPH facility license number");
	cm_buf_appends(&c->md, "\n");
	rs_draft_contacts(c, false);
	cm_buf_appends(&c->md, "\n## Incident\n\n- Detected: ");
	rs_draft_time(c, &f->discovered, "time of detection (discovered_at)");
	cm_buf_appends(&c->md, "\n- Period: ");
	rs_draft_time(c, &f->started, "start (breach_started_at)");
	cm_buf_appends(&c->md, " to ");
	rs_draft_time(c, &f->ended, "end (breach_ended_at)");
	cm_buf_appends(
		&c->md,
		"\n- Number of affected patients (every affected patient counts, wherever the patient resides): ");
	{
		long n = rs_facts_total(f);

		if (n >= 0)
			cm_buf_appendf(&c->md, "%ld", n);
		else
			rs_draft_tbc(
				c,
				"number of patients affected (affected_total)");
	}
	cm_buf_appends(&c->md, "\n- Data elements involved (as given): ");
	rs_draft_elements(c);
	cm_buf_appends(&c->md, "\n- Description: ");
	rs_draft_val(c, f->description, "description (description)");
	cm_buf_appends(&c->md, "\n- Actions taken: ");
	rs_draft_val(c, f->mitigation, "actions taken (mitigation)");
	cm_buf_appends(
		&c->md,
		"\n- [verify] CDPH's reporting form and its required fields were not checked; compare with the form before filing.\n");
}

static void ftc_sheet(struct rs_draft_ctx *c)
{
	const struct rs_facts *f = c->f;

	cm_buf_appends(
		&c->md,
		"Field sheet for the FTC's Health Breach Notification form (OMB 3084-0150).\n\n- Entity: ");
	rs_draft_val(c, f->organization, "entity name (organization)");
	cm_buf_appends(&c->md, "\n");
	rs_draft_contacts(c, false);
	cm_buf_appends(&c->md, "- Breach dates: ");
	rs_draft_date(c, &f->started, "breach start (breach_started_at)");
	cm_buf_appends(&c->md, " to ");
	rs_draft_date(c, &f->ended, "breach end (breach_ended_at)");
	cm_buf_appends(&c->md, "\n- Discovery date: ");
	rs_draft_date(c, &f->discovered, "discovery date (discovered_at)");
	cm_buf_appends(&c->md, "\n- Number of individuals: ");
	rs_draft_count(c);
	cm_buf_appends(&c->md, "\n- Information involved: ");
	rs_draft_elements(c);
	cm_buf_appends(&c->md, "\n- Description: ");
	rs_draft_val(c, f->description, "description (description)");
	cm_buf_appends(&c->md,
		       "\n- Third parties that acquired the information: ");
	rs_draft_val(
		c, f->third_parties,
		"third parties that acquired the information (third_parties)");
	cm_buf_appends(&c->md, "\n- Date individuals were notified: ");
	rs_draft_tbc(c, "date individuals were notified");
	cm_buf_appends(
		&c->md,
		"\n- [verify] the form's exact field list was not re-read; compare before filing.\n");
}

void rs_notice_risk_record(struct rs_draft_ctx *c)
{
	const struct rs_facts *f = c->f;

	cm_buf_appends(
		&c->md,
		"# HIPAA breach risk assessment (45 CFR 164.402(2))\n\n"
		"> DRAFT record. An impermissible use or disclosure of PHI is presumed to be a breach unless a risk assessment of at least the four factors below shows a low probability that the PHI has been compromised. Keep this record 6 years (45 CFR 164.530(j)); the burden of proof is on the entity (164.414(b)) [secondary: 164.402(2), 164.414 and 164.530(j) not re-read here].\n\n");
	cm_buf_appends(&c->md, "- Organization: ");
	rs_draft_val(c, f->organization, "organization");
	cm_buf_appends(&c->md, "\n- Discovered: ");
	rs_draft_time(c, &f->discovered, "discovered_at");
	cm_buf_appends(&c->md, "\n- Encryption: ");
	if (f->encrypted == 1 && f->key_compromised < 0) {
		cm_buf_appends(&c->md, "the PHI was encrypted; ");
		rs_draft_tbc(c, "was the key compromised? (key_compromised)");
		cm_buf_appends(&c->md, "; record algorithm and key custody");
	} else if (f->encrypted == 1)
		cm_buf_appendf(
			&c->md, "the PHI was encrypted%s",
			f->key_compromised == 1
				? ", but the key is compromised"
				: " and the key was not compromised (key_compromised false); record algorithm and key custody");
	else if (f->encrypted == 0)
		cm_buf_appends(&c->md,
			       "the PHI was not encrypted (unsecured PHI)");
	else
		rs_draft_tbc(
			c,
			"whether the PHI was encrypted per HHS guidance (encrypted)");
	cm_buf_appends(
		&c->md,
		"\n\n## (i) Nature and extent of the PHI involved\n\n"
		"Types of identifiers and likelihood of re-identification. Involved: ");
	rs_draft_elements(c);
	cm_buf_appends(&c->md, ". Individuals: ");
	rs_draft_count(c);
	cm_buf_appends(&c->md, ". Assessment: ");
	rs_draft_tbc(c, "assessment of factor (i)");
	cm_buf_appends(&c->md,
		       "\n\n## (ii) The unauthorized person\n\n"
		       "Who used the PHI or to whom it was disclosed: ");
	rs_draft_val(c, f->third_parties,
		     "who used the PHI or received it (third_parties)");
	cm_buf_appends(&c->md, ". Assessment: ");
	rs_draft_tbc(c, "assessment of factor (ii)");
	cm_buf_appends(
		&c->md,
		"\n\n## (iii) Whether the PHI was actually acquired or viewed\n\n");
	rs_draft_tbc(
		c,
		"evidence whether the PHI was actually acquired or viewed (e.g. access logs in this case's evidence)");
	cm_buf_appends(
		&c->md,
		"\n\n## (iv) The extent to which the risk has been mitigated\n\n");
	rs_draft_val(c, f->mitigation, "mitigation (mitigation)");
	cm_buf_appends(&c->md, "\n\n## Conclusion\n\n");
	rs_draft_tbc(
		c,
		"conclusion: low probability of compromise (no notice) or breach (notify), with the name of the person deciding");
	cm_buf_appends(&c->md, "\n");
}

const char *rs_notice_title(const struct rs_dl_rule *r)
{
	static const struct {
		const char *id, *title;
	} t[] = {
		{"hipaa-individuals", "HIPAA notice to affected individuals"},
		{"hipaa-media", "HIPAA notice to prominent media outlets"},
		{"hipaa-hhs",
		 "HIPAA notice to the Secretary of HHS (500 or more)"},
		{"hipaa-hhs-annual",
		 "HIPAA annual notice to the Secretary of HHS (less than 500)"},
		{"hipaa-ba", "Business associate notice to the covered entity"},
		{"gdpr-sa",
		 "GDPR Art. 33 notification to the supervisory authority"},
		{"gdpr-controller",
		 "GDPR Art. 33(2) notification to the controller"},
		{"gdpr-subjects",
		 "GDPR Art. 34 communication to data subjects"},
		{"ca-residents",
		 "California notice of data breach to residents"},
		{"ca-ag", "California Attorney General submission"},
		{"ca-cdph", "California H&S 1280.15 report to CDPH"},
		{"ca-patient", "California H&S 1280.15 notice to patients"},
		{"ftc-individuals",
		 "FTC Health Breach Notification: notice to individuals"},
		{"ftc-ftc",
		 "FTC Health Breach Notification: notice to the FTC (500 or more)"},
		{"ftc-ftc-annual",
		 "FTC Health Breach Notification: annual notice to the FTC (fewer than 500)"},
		{"ftc-media",
		 "FTC Health Breach Notification: notice to media"},
		{"pk-commission", "Pakistan (draft bill): notice to the NCPDP"},
		{"pk-subjects",
		 "Pakistan (draft bill): notice to data subjects"},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(t[i].id, r->id))
			return t[i].title;
	return r->recipient;
}

void rs_notice_body(struct rs_draft_ctx *c, const struct rs_decision *d)
{
	const char *id = d->rule->id;

	if (!strcmp(id, "hipaa-individuals") || !strcmp(id, "hipaa-media"))
		individual_notice(c, d, false, false);
	else if (!strcmp(id, "hipaa-hhs") || !strcmp(id, "hipaa-hhs-annual"))
		hhs_sheet(c, d);
	else if (!strcmp(id, "hipaa-ba"))
		ba_notice(c);
	else if (!strcmp(id, "gdpr-sa"))
		gdpr33(c, d, true);
	else if (!strcmp(id, "gdpr-controller"))
		gdpr33(c, d, false);
	else if (!strcmp(id, "gdpr-subjects") || !strcmp(id, "pk-subjects"))
		gdpr34(c, !strcmp(id, "pk-subjects"));
	else if (!strcmp(id, "ca-residents"))
		individual_notice(c, d, true, false);
	else if (!strcmp(id, "ca-ag"))
		ca_ag(c);
	else if (!strcmp(id, "ca-cdph"))
		cdph(c, false);
	else if (!strcmp(id, "ca-patient"))
		cdph(c, true);
	else if (!strcmp(id, "ftc-individuals") || !strcmp(id, "ftc-media"))
		individual_notice(c, d, false, true);
	else if (!strcmp(id, "ftc-ftc") || !strcmp(id, "ftc-ftc-annual"))
		ftc_sheet(c);
	else if (!strcmp(id, "pk-commission"))
		gdpr33(c, d, false);
}
