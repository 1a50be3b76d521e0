/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Breach facts, regime applicability, notice drafts and the deadline
 * calendar. The facts come from playbook inputs (or `respond deadlines
 * --set`); every regime gets a decision with its reason written out, and
 * every jurisdiction no rule covers is listed as "not assessed".
 */
#ifndef SANITAS_RS_NOTIFY_H
#define SANITAS_RS_NOTIFY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "cm_err.h"
#include "rs_deadline.h"

enum rs_role {
	RS_ROLE_UNKNOWN = 0,
	RS_ROLE_COVERED_ENTITY,
	RS_ROLE_BUSINESS_ASSOCIATE,
	RS_ROLE_HEALTH_APP, /* non-hipaa-health-app */
	RS_ROLE_CONTROLLER,
	RS_ROLE_PROCESSOR,
};

/* -1 unknown, 0 false, 1 true */
typedef int rs_tristate;

struct rs_juris {
	const char *code; /* "US-CA", "EU-DE", "PK" (borrowed) */
	long count;	  /* -1 unknown */
};

/*
 * The facts. Strings are borrowed from the inputs object given to
 * rs_facts_init(), which must outlive the struct.
 */
struct rs_facts {
	const char *organization;
	const char *phone, *email, *address, *website;
	const char *role_str;
	enum rs_role role;
	struct rs_when discovered, aware, started, ended;
	long affected_total;	/* -1 unknown */
	struct rs_juris *juris; /* owned array */
	size_t n_juris;
	const char **elements; /* owned array of borrowed strings */
	size_t n_elements;
	rs_tristate encrypted;
	rs_tristate key_compromised;	  /* the encryption key went too */
	rs_tristate ca_licensed_facility; /* H&S 1280.15 licensee */
	const char *le_str;
	struct rs_le_delay le;
	const char *description, *mitigation;
	const char *breach_type, *breach_location, *safeguards;
	const char *individual_steps, *third_parties, *dpo;
	/* notice_dates: rule id -> date a notice was (or will be) sent */
	const char **sent_ids; /* owned array of borrowed strings */
	struct rs_when *sent;  /* owned */
	size_t n_sent;
};

/*
 * Read the facts from @inputs (an object; values may be strings as given
 * by --set). Unknown keys are ignored; malformed values are -EINVAL with
 * the key named (exit 65). Release with rs_facts_release().
 */
int rs_facts_init(struct rs_facts *f, const json_t *inputs, struct cm_err *err);
void rs_facts_release(struct rs_facts *f);
const char *rs_role_name(enum rs_role role);

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
	struct rs_dl_result dl;
};

struct rs_unassessed {
	const char *code;
	long count;
	char reason[256];
};

struct rs_assessment {
	struct rs_decision *d; /* owned, one per rule in table order */
	size_t n;
	struct rs_unassessed *na; /* owned */
	size_t n_na;
	char notes[4][512]; /* cross-regime notes (HIPAA and 1798.82(e)) */
	size_t n_notes;
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

/* The deadline table as JSON (schema sanitas.deadlines/1). New ref. */
json_t *rs_assessment_json(const struct rs_facts *f,
			   const struct rs_assessment *a);

/*
 * The calendar (RFC 5545): one VEVENT with a VALARM per deadline that has
 * a date, CRLF line ends, lines folded at 75 octets. @stamp is DTSTAMP.
 * Returns a malloc'd string (caller frees) or NULL on allocation failure.
 */
char *rs_ics_render(const struct rs_facts *f, const struct rs_assessment *a,
		    time_t stamp);

/* A rendered notice draft. */
struct rs_draft {
	char *name;	/* file stem, e.g. "hipaa-individuals" (owned) */
	char *title;	/* owned */
	char *md;	/* Markdown (owned) */
	char *txt;	/* plain text (owned) */
	char **missing; /* owned: each [TO BE COMPLETED] item */
	size_t n_missing;
};

/*
 * One draft per required notice (applies / conditional / draft law), the
 * HHS portal field sheet when HHS notice applies and the HIPAA four-factor
 * risk-assessment record when HIPAA is in scope. *@out is an owned array.
 */
int rs_drafts_render(const struct rs_facts *f, const struct rs_assessment *a,
		     struct rs_draft **out, size_t *n, struct cm_err *err);
void rs_drafts_free(struct rs_draft *d, size_t n);

#endif
