/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Regime applicability: every notice rule gets a decision with its reason
 * written out and its deadline computed; every jurisdiction no rule
 * covers is listed as "not assessed".
 */
#ifndef SANITAS_RS_REGIMES_H
#define SANITAS_RS_REGIMES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "cm_err.h"
#include "rs_deadline.h"
#include "rs_facts.h"

enum rs_app {
	RS_APP_APPLIES,
	RS_APP_CONDITIONAL, /* applies if a stated condition holds */
	RS_APP_DRAFT_LAW,   /* a bill: tracked, not binding */
	RS_APP_NOT_APPLICABLE,
};

/* One notice rule's decision. */
struct rs_decision {
	const struct rs_dl_rule *rule;
	enum rs_app app;
	char reason[1024];
	char detail[256]; /* e.g. the States for a media notice */
	/* the lowest confidence of other rules this conclusion rests on
	 * (e.g. a media notice on the individuals' one); see rs_decision_conf */
	enum rs_conf dep_conf;
	struct rs_dl_result dl;
};

/* The confidence of a conclusion: its rule's and dep_conf, the lower. */
enum rs_conf rs_decision_conf(const struct rs_decision *d);

struct rs_unassessed {
	const char *code;
	long count;
	char reason[256];
};

/* A supervisory authority to notify under GDPR Art. 33. */
struct rs_authority {
	const char *code; /* "EU-DE" as listed, or NULL (main establishment) */
	const char *ms;	  /* "DE", or NULL when not known */
	const char *name; /* static, or NULL when ms is not known */
	long count;	  /* data subjects residing there, -1 unknown */
};

struct rs_assessment {
	struct rs_decision *d; /* owned, one per rule in table order */
	size_t n;
	struct rs_unassessed *na; /* owned */
	size_t n_na;
	/* cross-regime notes and warnings */
	char notes[8][512];
	/* the rule ids (space separated) whose drafts show note i; NULL:
	 * every draft */
	const char *note_only[8];
	size_t n_notes;
	/* GDPR Art. 3: "not-assessed", "art-3(1)", "art-3(2)", "art-3",
	 * "not-met" or "no-eu-data-subjects" (static) */
	const char *gdpr_scope;
	char gdpr_scope_reason[512];
	struct rs_authority auth[32];
	size_t n_auth;
	bool auth_lead; /* auth[0] is the lead authority (Art. 56(1)) */
};

/*
 * Decide applicability of every rule and compute its deadline. @only,
 * when non-NULL, is a NULL-terminated list of regime keys ("hipaa",
 * "gdpr", "ca-civ", "ca-hs", "ftc", "pk") to restrict to; the others are
 * reported as not requested. Release with rs_assessment_release().
 */
int rs_assess(const struct rs_facts *f, const char *const *only,
	      struct rs_assessment *a, struct cm_err *err);
void rs_assessment_release(struct rs_assessment *a);
const char *rs_app_name(enum rs_app app);
/* The regime key of @rule ("hipaa", "gdpr", ...). */
const char *rs_rule_regime_key(const struct rs_dl_rule *rule);
bool rs_regime_key_valid(const char *key);

/* Whether note @i of @a belongs in the draft of rule @id. */
bool rs_note_for(const struct rs_assessment *a, size_t i, const char *id);
/* The due column: the date, "-" (not applicable), "without undue delay",
 * "open (law enforcement)" or "unknown". Static or borrowed from @d. */
const char *rs_due_text(const struct rs_decision *d);

/* The deadline table as JSON (schema sanitas.deadlines/1). New ref. */
json_t *rs_assessment_json(const struct rs_facts *f,
			   const struct rs_assessment *a);

#endif
