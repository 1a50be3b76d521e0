/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Breach facts: what notify.draft (or `respond deadlines --set`) knows
 * about the incident, read from the playbook inputs and checked.
 */
#ifndef SANITAS_RS_FACTS_H
#define SANITAS_RS_FACTS_H

#include <jansson.h>
#include <stddef.h>

#include "cm_err.h"
#include "rs_deadline.h"
#include "rs_juris.h"

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
	enum rs_jkind kind;
	long count; /* -1 unknown */
};

/*
 * The facts. Strings are borrowed from the inputs object given to
 * rs_facts_init(), which must outlive the struct.
 */
struct rs_facts {
	const char *organization;
	const char *phone, *email, *address, *website;
	const char *in_app;    /* contact.in_app: within-application contact */
	rs_tristate toll_free; /* contact.toll_free: the phone is toll-free */
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
	const char *le_str; /* NULL: not given (a question, never "no") */
	struct rs_le_delay le;
	rs_tristate acquired;	    /* acquired, or reasonably believed to be */
	const char *scope_measures; /* 1798.82(a) scope/integrity measures */
	/* GDPR Art. 3 scope, Art. 27 and Art. 34 */
	rs_tristate eu_establishment;
	const char *eu_main_establishment; /* "IE" when given as EU-IE */
	rs_tristate offers_to_eu, monitors_eu;
	const char *eu_representative;
	rs_tristate high_risk;		     /* Art. 34(1) assessment */
	rs_tristate subsequent_measures;     /* Art. 34(3)(b) */
	rs_tristate disproportionate_effort; /* Art. 34(3)(c) */
	const char *protections; /* 318.6(d): e.g. credit monitoring offered */
	rs_tristate card_payments; /* card data involved: contractual duties */
	const char *business_associate; /* the BA at which it occurred */
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
/* The number of people affected: affected_total when given, else the sum
 * of the per-jurisdiction counts; -1 when unknown. */
long rs_facts_total(const struct rs_facts *f);
/* The count given for jurisdiction @code (exact): -1 when the
 * jurisdiction is listed without a count, -2 when it is not listed. */
long rs_facts_count(const struct rs_facts *f, const char *code);
/*
 * Sum of the counts of the jurisdictions @pred accepts: -1 when one of
 * them has no count, -2 when none is listed.
 */
long rs_facts_count_if(const struct rs_facts *f, bool (*pred)(enum rs_jkind));
/* True when a data element contains @needle (case insensitive). */
bool rs_facts_has_element(const struct rs_facts *f, const char *needle);
/* The contact methods 16 CFR 318.6(e) lists that the facts give. */
int rs_facts_contact_methods(const struct rs_facts *f);
/*
 * The input names rs_facts_init() reads (NULL-terminated, static): the
 * notice inputs every playbook with a notify.draft step declares, so a
 * question a draft asks can be answered with `respond run --set`.
 */
const char *const *rs_facts_keys(void);

#endif
