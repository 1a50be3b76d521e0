// SPDX-License-Identifier: Apache-2.0
/* Breach facts: the JSON a notify.draft step reads, checked and held. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rs_facts.h"
#include "rs_rules.h"

static const char *jstr(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);

	if (!json_is_string(v) || !*json_string_value(v))
		return NULL;
	return json_string_value(v);
}

static int jlong(const json_t *v, const char *k, long *out, struct cm_err *err)
{
	const char *s;
	char *end;
	long n;

	*out = -1;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_integer(v)) {
		n = (long)json_integer_value(v);
	} else if (json_is_string(v)) {
		s = json_string_value(v);
		if (!*s)
			return 0;
		errno = 0;
		n = strtol(s, &end, 10);
		if (errno || end == s || *end)
			return cm_err_setk(
				err, -EINVAL, CM_ERR_DATAERR,
				"input '%s': '%s' is not a whole number", k, s);
	} else {
		return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
				   "input '%s': expected a whole number", k);
	}
	/* a cap far above any real count keeps every sum in range */
	if (n < 0 || n > 100000000000L)
		return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
				   "input '%s': %ld is not a count of people",
				   k, n);
	*out = n;
	return 0;
}

static int jtri(const json_t *o, const char *k, rs_tristate *out,
		struct cm_err *err)
{
	const json_t *v = json_object_get(o, k);
	const char *s;

	*out = -1;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return 0;
	}
	if (json_is_string(v)) {
		s = json_string_value(v);
		if (!*s || !strcasecmp(s, "unknown"))
			return 0;
		if (!strcasecmp(s, "true") || !strcasecmp(s, "yes")) {
			*out = 1;
			return 0;
		}
		if (!strcasecmp(s, "false") || !strcasecmp(s, "no")) {
			*out = 0;
			return 0;
		}
	}
	return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
			   "input '%s': expected true or false", k);
}

static int jwhen(const json_t *o, const char *k, struct rs_when *w,
		 struct cm_err *err)
{
	const char *s = jstr(o, k);

	if (rs_when_parse(s, w))
		return cm_err_setk(
			err, -EINVAL, CM_ERR_DATAERR,
			"input '%s': '%s' is not an RFC 3339 time (e.g. 2027-01-15T09:00:00Z) or a date",
			k, s);
	return 0;
}

/*
 * eu_establishment: true, false, unknown, or the Member State of the main
 * establishment (EU-IE / EEA-NO), which also means true.
 */
static int eu_est(struct rs_facts *f, const json_t *in, struct cm_err *err)
{
	const char *s = jstr(in, "eu_establishment");
	enum rs_jkind k;
	char hint[160];

	f->eu_establishment = -1;
	if (s && (!strncmp(s, "EU-", 3) || !strncmp(s, "EEA-", 4))) {
		if (rs_juris_classify(s, &k, hint, sizeof(hint)) ||
		    !rs_juris_member_state(s, k))
			return cm_err_setk(
				err, -EINVAL, CM_ERR_DATAERR,
				"input 'eu_establishment': '%s' is not a Member State: %s",
				s, hint);
		f->eu_establishment = 1;
		f->eu_main_establishment = rs_juris_member_state(s, k);
		return 0;
	}
	if (jtri(in, "eu_establishment", &f->eu_establishment, err))
		return cm_err_setk(
			err, -EINVAL, CM_ERR_DATAERR,
			"input 'eu_establishment': expected true, false or the Member State of the main establishment (EU-IE)");
	return 0;
}

static const struct {
	const char *name;
	enum rs_role role;
} roles[] = {
	{"covered-entity", RS_ROLE_COVERED_ENTITY},
	{"business-associate", RS_ROLE_BUSINESS_ASSOCIATE},
	{"non-hipaa-health-app", RS_ROLE_HEALTH_APP},
	{"controller", RS_ROLE_CONTROLLER},
	{"processor", RS_ROLE_PROCESSOR},
};

const char *rs_role_name(enum rs_role role)
{
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (roles[i].role == role)
			return roles[i].name;
	return "unknown";
}

void rs_facts_release(struct rs_facts *f)
{
	if (!f)
		return;
	free(f->juris);
	free(f->elements);
	free(f->sent_ids);
	free(f->sent);
	memset(f, 0, sizeof(*f));
}

static int facts_lists(struct rs_facts *f, const json_t *in, struct cm_err *err)
{
	const json_t *m = json_object_get(in, "affected_by_jurisdiction");
	const json_t *l = json_object_get(in, "data_elements");
	const json_t *nd = json_object_get(in, "notice_dates");
	const char *k;
	json_t *v;
	size_t i;
	int rc;

	if (m && !json_is_null(m)) {
		if (!json_is_object(m))
			return cm_err_setk(
				err, -EINVAL, CM_ERR_DATAERR,
				"input 'affected_by_jurisdiction': expected a map such as {US-CA: 812, EU-DE: 40}");
		f->juris = calloc(json_object_size(m) + 1, sizeof(*f->juris));
		if (!f->juris)
			return cm_err_set(err, -ENOMEM, "out of memory");
		json_object_foreach((json_t *)m, k, v)
		{
			struct rs_juris *j = &f->juris[f->n_juris++];

			char hint[160];

			j->code = k;
			if (rs_juris_classify(k, &j->kind, hint, sizeof(hint)))
				return cm_err_setk(
					err, -EINVAL, CM_ERR_DATAERR,
					"input 'affected_by_jurisdiction': unknown jurisdiction '%s': %s",
					k, hint);
			rc = jlong(v, "affected_by_jurisdiction", &j->count,
				   err);
			if (rc)
				return rc;
		}
	}
	if (l && !json_is_null(l)) {
		if (!json_is_array(l))
			return cm_err_setk(
				err, -EINVAL, CM_ERR_DATAERR,
				"input 'data_elements': expected a list such as [name, diagnosis]");
		f->elements = calloc(json_array_size(l) + 1, sizeof(char *));
		if (!f->elements)
			return cm_err_set(err, -ENOMEM, "out of memory");
		json_array_foreach(l, i, v)
		{
			if (!json_is_string(v))
				return cm_err_setk(
					err, -EINVAL, CM_ERR_DATAERR,
					"input 'data_elements': item %zu is not a string",
					i + 1);
			f->elements[f->n_elements++] = json_string_value(v);
		}
	}
	if (nd && !json_is_null(nd)) {
		if (!json_is_object(nd))
			return cm_err_setk(
				err, -EINVAL, CM_ERR_DATAERR,
				"input 'notice_dates': expected a map of notice id to date");
		f->sent_ids = calloc(json_object_size(nd) + 1, sizeof(char *));
		f->sent = calloc(json_object_size(nd) + 1, sizeof(*f->sent));
		if (!f->sent_ids || !f->sent)
			return cm_err_set(err, -ENOMEM, "out of memory");
		json_object_foreach((json_t *)nd, k, v)
		{
			if (!rs_dl_rule_find(k))
				return cm_err_setk(
					err, -EINVAL, CM_ERR_DATAERR,
					"input 'notice_dates': unknown notice '%s'",
					k);
			if (!json_is_string(v) ||
			    rs_when_parse(json_string_value(v),
					  &f->sent[f->n_sent]))
				return cm_err_setk(
					err, -EINVAL, CM_ERR_DATAERR,
					"input 'notice_dates': '%s' needs a date",
					k);
			f->sent_ids[f->n_sent++] = k;
		}
	}
	return 0;
}

const char *const *rs_facts_keys(void)
{
	/* keep in step with rs_facts_init() below */
	static const char *const keys[] = {
		"organization",
		"contact",
		"role",
		"discovered_at",
		"aware_at",
		"breach_started_at",
		"breach_ended_at",
		"affected_total",
		"affected_by_jurisdiction",
		"data_elements",
		"notice_dates",
		"encrypted",
		"key_compromised",
		"ca_licensed_facility",
		"acquired",
		"eu_establishment",
		"offers_to_eu",
		"monitors_eu",
		"eu_representative",
		"high_risk",
		"subsequent_measures",
		"disproportionate_effort",
		"card_payments",
		"law_enforcement_delay",
		"description",
		"mitigation",
		"breach_type",
		"breach_location",
		"safeguards",
		"individual_steps",
		"third_parties",
		"dpo",
		"scope_measures",
		"protections",
		"business_associate",
		NULL,
	};

	return keys;
}

int rs_facts_init(struct rs_facts *f, const json_t *in, struct cm_err *err)
{
	const json_t *c;
	int rc;

	memset(f, 0, sizeof(*f));
	f->affected_total = -1;
	f->toll_free = -1;
	if (!json_is_object(in))
		return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
				   "inputs: expected an object");
	f->organization = jstr(in, "organization");
	c = json_object_get(in, "contact");
	if (json_is_object(c)) {
		f->phone = jstr(c, "phone");
		f->email = jstr(c, "email");
		f->address = jstr(c, "address");
		f->website = jstr(c, "website");
		f->in_app = jstr(c, "in_app");
		rc = jtri(c, "toll_free", &f->toll_free, err);
		if (rc)
			return rc;
	} else if (c && !json_is_null(c)) {
		return cm_err_setk(
			err, -EINVAL, CM_ERR_DATAERR,
			"input 'contact': expected a map {phone, toll_free, email, address, website, in_app}");
	}
	f->role_str = jstr(in, "role");
	if (f->role_str) {
		for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
			if (!strcmp(roles[i].name, f->role_str))
				f->role = roles[i].role;
		if (f->role == RS_ROLE_UNKNOWN)
			return cm_err_setk(
				err, -EINVAL, CM_ERR_DATAERR,
				"input 'role': '%s' is not one of covered-entity, business-associate, non-hipaa-health-app, controller, processor",
				f->role_str);
	}
	if ((rc = jwhen(in, "discovered_at", &f->discovered, err)) ||
	    (rc = jwhen(in, "aware_at", &f->aware, err)) ||
	    (rc = jwhen(in, "breach_started_at", &f->started, err)) ||
	    (rc = jwhen(in, "breach_ended_at", &f->ended, err)) ||
	    (rc = jlong(json_object_get(in, "affected_total"), "affected_total",
			&f->affected_total, err)) ||
	    (rc = jtri(in, "encrypted", &f->encrypted, err)) ||
	    (rc = jtri(in, "key_compromised", &f->key_compromised, err)) ||
	    (rc = jtri(in, "ca_licensed_facility", &f->ca_licensed_facility,
		       err)) ||
	    (rc = jtri(in, "acquired", &f->acquired, err)) ||
	    (rc = jtri(in, "offers_to_eu", &f->offers_to_eu, err)) ||
	    (rc = jtri(in, "monitors_eu", &f->monitors_eu, err)) ||
	    (rc = jtri(in, "high_risk", &f->high_risk, err)) ||
	    (rc = jtri(in, "subsequent_measures", &f->subsequent_measures,
		       err)) ||
	    (rc = jtri(in, "disproportionate_effort",
		       &f->disproportionate_effort, err)) ||
	    (rc = jtri(in, "card_payments", &f->card_payments, err)) ||
	    (rc = eu_est(f, in, err)))
		goto fail;
	f->le_str = jstr(in, "law_enforcement_delay");
	if (rs_le_parse(f->le_str, &f->le)) {
		rc = cm_err_setk(
			err, -EINVAL, CM_ERR_DATAERR,
			"input 'law_enforcement_delay': '%s' is not 'none', 'written until DATE' or 'oral DATE'",
			f->le_str);
		goto fail;
	}
	f->description = jstr(in, "description");
	f->mitigation = jstr(in, "mitigation");
	f->breach_type = jstr(in, "breach_type");
	f->breach_location = jstr(in, "breach_location");
	f->safeguards = jstr(in, "safeguards");
	f->individual_steps = jstr(in, "individual_steps");
	f->third_parties = jstr(in, "third_parties");
	f->dpo = jstr(in, "dpo");
	f->scope_measures = jstr(in, "scope_measures");
	f->eu_representative = jstr(in, "eu_representative");
	f->protections = jstr(in, "protections");
	f->business_associate = jstr(in, "business_associate");
	rc = facts_lists(f, in, err);
	if (rc)
		goto fail;
	if (f->affected_total >= 0 && f->n_juris) {
		long sum = 0;

		for (size_t i = 0; i < f->n_juris; i++)
			sum += f->juris[i].count > 0 ? f->juris[i].count : 0;
		if (sum > f->affected_total) {
			rc = cm_err_setk(
				err, -EINVAL, CM_ERR_DATAERR,
				"input 'affected_total': %ld is less than the %ld people listed in affected_by_jurisdiction; correct one of them",
				f->affected_total, sum);
			goto fail;
		}
	}
	return 0;
fail:
	rs_facts_release(f);
	return rc;
}

long rs_facts_total(const struct rs_facts *f)
{
	long sum = 0;

	if (f->affected_total >= 0)
		return f->affected_total;
	if (!f->n_juris)
		return -1;
	for (size_t i = 0; i < f->n_juris; i++) {
		if (f->juris[i].count < 0)
			return -1;
		sum += f->juris[i].count;
	}
	return sum;
}

long rs_facts_count(const struct rs_facts *f, const char *code)
{
	for (size_t i = 0; i < f->n_juris; i++)
		if (!strcmp(f->juris[i].code, code))
			return f->juris[i].count;
	return -2;
}

long rs_facts_count_if(const struct rs_facts *f, bool (*pred)(enum rs_jkind))
{
	long sum = 0;
	bool any = false;

	for (size_t i = 0; i < f->n_juris; i++) {
		if (!pred(f->juris[i].kind))
			continue;
		any = true;
		if (f->juris[i].count < 0)
			return -1;
		sum += f->juris[i].count;
	}
	return any ? sum : -2;
}

int rs_facts_contact_methods(const struct rs_facts *f)
{
	/* a telephone counts only as the toll-free number 318.6(e) names */
	return (f->phone && f->toll_free == 1) + !!f->email + !!f->website +
	       !!f->in_app + !!f->address;
}

bool rs_facts_has_element(const struct rs_facts *f, const char *needle)
{
	for (size_t i = 0; i < f->n_elements; i++)
		if (strcasestr(f->elements[i], needle))
			return true;
	return false;
}
