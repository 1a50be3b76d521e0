// SPDX-License-Identifier: Apache-2.0
/* respond deadlines: the notification deadline table for given facts. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_json.h"
#include "cm_atomic.h"
#include "cm_time.h"
#include "cmd_util.h"
#include "cmds.h"
#include "notify/rs_facts.h"
#include "notify/rs_ics.h"
#include "notify/rs_regimes.h"
#include "notify/rs_rules.h"
#include "playbook/inputs.h"

static void deadlines_usage(FILE *f)
{
	fprintf(f,
		"usage: respond deadlines --set KEY=VALUE... [--regimes LIST] [--json] [--ics FILE]\n\n"
		"Print which breach-notification rules apply to the facts, why, and when\neach notice is due, without running a playbook. Facts (as playbook inputs):\n"
		"  organization, contact={phone: .., toll_free: true, email: .., address: ..,\n"
		"  website: .., in_app: ..}, role (covered-entity | business-associate |\n"
		"  non-hipaa-health-app | controller | processor), discovered_at, aware_at,\n"
		"  breach_started_at, breach_ended_at, affected_total,\n"
		"  affected_by_jurisdiction={US-CA: 812, EU-DE: 40, PK: 25}, data_elements=[..],\n"
		"  encrypted, key_compromised, acquired, ca_licensed_facility,\n"
		"  law_enforcement_delay (none | written [DATE] until DATE | oral DATE [until DATE]),\n"
		"  scope_measures, eu_establishment (true | false | EU-XX), offers_to_eu,\n"
		"  monitors_eu, eu_representative, high_risk, subsequent_measures,\n"
		"  disproportionate_effort, protections, notice_dates={ca-residents: DATE},\n"
		"  description, mitigation. A fact not given is a question, never a no.\n"
		"Day-based deadlines are dates, hour-based ones RFC 3339 UTC; a date\nwithout a time starts an hour clock at its earliest instant (UTC+14).\n"
		"Rules below 'verified' carry [secondary] or [unverified].\n"
		"  --regimes LIST  comma-separated: hipaa, gdpr, ca-civ, ca-hs, ftc, pk\n"
		"  --json          one sanitas.deadlines/1 document on stdout\n"
		"  --ics FILE      also write the RFC 5545 calendar to FILE\n");
}

static void print_table(const struct rs_assessment *a)
{
	printf("%-18s %-15s %-21s %s\n", "NOTICE", "APPLIES", "DUE", "BASIS");
	for (size_t i = 0; i < a->n; i++) {
		const struct rs_decision *d = &a->d[i];
		enum rs_conf conf = rs_decision_conf(d);

		printf("%-18s %-15s %-21s %s%s%s%s%s\n", d->rule->id,
		       rs_app_name(d->app), rs_due_text(d), d->rule->citation,
		       d->rule->draft_law ? " (draft law)" : "",
		       conf != RS_CONF_VERIFIED ? " [" : "",
		       conf != RS_CONF_VERIFIED ? rs_conf_name(conf) : "",
		       conf != RS_CONF_VERIFIED ? "]" : "");
	}
	printf("\nReasons:\n");
	for (size_t i = 0; i < a->n; i++) {
		const struct rs_decision *d = &a->d[i];
		const struct rs_dl_rule *r = d->rule;

		printf("  %s: %s\n", r->id, d->reason);
		if (d->app == RS_APP_NOT_APPLICABLE)
			continue;
		if (d->dl.note[0])
			printf("    deadline: %s\n", d->dl.note);
		printf("    rule: %s [%s]; clock: %s [%s]\n", r->app.citation,
		       rs_conf_name(r->app.conf), r->clock.citation,
		       rs_conf_name(r->clock.conf));
		if (r->verify)
			printf("    [verify] %s\n", r->verify);
	}
	printf("\nGDPR territorial scope: %s\n  %s\n", a->gdpr_scope,
	       a->gdpr_scope_reason);
	for (size_t i = 0; i < a->n_auth; i++)
		printf("  authority %s: %s\n",
		       a->auth[i].ms ? a->auth[i].ms : "?",
		       a->auth[i].name ? a->auth[i].name
				       : "[TO BE COMPLETED: Member State]");
	if (a->n_na) {
		printf("\nNot assessed:\n");
		for (size_t i = 0; i < a->n_na; i++)
			printf("  %s: %s\n", a->na[i].code, a->na[i].reason);
	}
	if (a->n_notes) {
		printf("\nNotes:\n");
		for (size_t i = 0; i < a->n_notes; i++)
			printf("  %s\n", a->notes[i]);
	}
}

int cmd_deadlines(int argc, char **argv)
{
	static const struct option opts[] = {
		{"set", required_argument, NULL, 's'},
		{"regimes", required_argument, NULL, 'r'},
		{"json", no_argument, NULL, 'j'},
		{"ics", required_argument, NULL, 'i'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	json_t *sets = json_object();
	struct rs_facts f;
	struct rs_assessment a;
	struct cm_err err;
	const char *only[16];
	char *regimes = NULL;
	const char *ics_path = NULL;
	bool json = false, have_facts = false, have_assess = false;
	size_t n_only = 0;
	int c, rc = CLI_EXIT_OK;

	cm_err_clear(&err);
	if (!sets)
		return CLI_EXIT_SOFTWARE;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			deadlines_usage(stdout);
			goto out;
		case 's':
			if (rs_set_parse(sets, optarg, &err)) {
				rc = cli_fail("deadlines", &err);
				goto out;
			}
			break;
		case 'r':
			free(regimes);
			regimes = strdup(optarg);
			break;
		case 'j':
			json = true;
			break;
		case 'i':
			ics_path = optarg;
			break;
		default:
			rc = cli_usage("deadlines", "unknown option");
			goto out;
		}
	}
	if (optind != argc) {
		rc = cli_usage("deadlines", "unexpected argument");
		goto out;
	}
	if (!json_object_size(sets)) {
		rc = cli_usage("deadlines",
			       "give the facts with --set KEY=VALUE");
		goto out;
	}
	for (char *p = regimes; p && *p && n_only < 15;) {
		char *e = strchr(p, ',');

		if (e)
			*e = '\0';
		if (*p)
			only[n_only++] = p;
		p = e ? e + 1 : NULL;
	}
	only[n_only] = NULL;
	if (rs_facts_init(&f, sets, &err)) {
		rc = cli_fail("deadlines", &err);
		goto out;
	}
	have_facts = true;
	if (rs_assess(&f, n_only ? only : NULL, &a, &err)) {
		rc = cli_fail("deadlines", &err);
		goto out;
	}
	have_assess = true;
	if (ics_path) {
		char *ics = rs_ics_render(&f, &a, cm_time_now());

		if (!ics) {
			rc = CLI_EXIT_SOFTWARE;
			goto out;
		}
		if (cm_atomic_write_file(ics_path, ics, strlen(ics), 0644,
					 &err)) {
			free(ics);
			rc = cli_fail("deadlines", &err);
			goto out;
		}
		free(ics);
	}
	if (json) {
		json_t *j = rs_assessment_json(&f, &a);

		int wrc = cli_json_print(j, &err);

		json_decref(j);
		if (wrc) {
			rc = cli_fail("deadlines", &err);
			goto out;
		}
	} else {
		print_table(&a);
	}
	if (fflush(stdout))
		rc = CLI_EXIT_IOERR;
out:
	if (have_assess)
		rs_assessment_release(&a);
	if (have_facts)
		rs_facts_release(&f);
	free(regimes);
	json_decref(sets);
	return rc;
}
