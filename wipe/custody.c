// SPDX-License-Identifier: Apache-2.0
/*
 * Chain-of-custody events: made and signed by the person responsible, and
 * read back (outside data: see tests/fuzz/fuzz_custody.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_json.h"
#include "cm_random.h"
#include "cm_time.h"
#include "wp_custody.h"

static const char *const events[] = {"received", "sanitized", "validated",
				     "shipped",	 "destroyed", NULL};

bool wp_custody_event_known(const char *e)
{
	for (int i = 0; e && events[i]; i++)
		if (!strcmp(e, events[i]))
			return true;
	return false;
}

/* 1 to 128 bytes of printable ASCII: what a drive label carries. */
static bool plain_serial(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n < 1 || n > 128)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x21 || s[i] > 0x7e)
			return false;
	return true;
}

bool wp_custody_claimed(const char *data, size_t len)
{
	static const char s[] = WP_CUSTODY_SCHEMA;

	return memmem(data, len < 256 ? len : 256, s, sizeof(s) - 1) != NULL;
}

static bool str_or_null(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);

	return json_is_string(v) || json_is_null(v);
}

static bool str(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);

	return json_is_string(v) && json_string_length(v) > 0;
}

int wp_custody_parse(const char *name, const char *data, size_t len,
		     struct wp_custody *v, struct cm_err *err)
{
	const json_t *by;
	const char *bad = NULL;
	json_error_t je;

	memset(v, 0, sizeof(*v));
	if (len > WP_CUSTODY_MAX)
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "'%s' is larger than a custody event", name);
	v->doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!v->doc)
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "%s:%d:%d: malformed JSON: %s", name,
				   je.line, je.column, je.text);
	by = json_object_get(v->doc, "by");
	if (!json_is_object(v->doc) ||
	    strcmp(cm_json_get_str(v->doc, "schema") ?: "", WP_CUSTODY_SCHEMA))
		bad = "schema";
	else if (!str(v->doc, "id"))
		bad = "id";
	else if (!str(v->doc, "at"))
		bad = "at";
	else if (!plain_serial(cm_json_get_str(v->doc, "serial")))
		bad = "serial";
	else if (!wp_custody_event_known(cm_json_get_str(v->doc, "event")))
		bad = "event";
	else if (!str_or_null(v->doc, "where"))
		bad = "where";
	else if (!str_or_null(v->doc, "note"))
		bad = "note";
	else if (!json_is_object(by) || !str(by, "name"))
		bad = "by.name";
	else if (!str_or_null(by, "title") || !str_or_null(by, "organization"))
		bad = "by.title or by.organization";
	else if (!str(by, "fingerprint") ||
		 strlen(cm_json_get_str(by, "fingerprint")) != 64 ||
		 strspn(cm_json_get_str(by, "fingerprint"),
			"0123456789abcdef") != 64)
		bad = "by.fingerprint";
	if (bad) {
		json_decref(v->doc);
		v->doc = NULL;
		return cm_err_setk(
			err, -EBADMSG, CM_ERR_DATAERR,
			"'%s' is not a valid custody event: %s is missing or wrong",
			name, bad);
	}
	v->id = cm_json_get_str(v->doc, "id");
	v->at = cm_json_get_str(v->doc, "at");
	v->serial = cm_json_get_str(v->doc, "serial");
	v->event = cm_json_get_str(v->doc, "event");
	v->where = cm_json_get_str(v->doc, "where");
	v->note = cm_json_get_str(v->doc, "note");
	v->by_name = cm_json_get_str(by, "name");
	v->by_title = cm_json_get_str(by, "title");
	v->by_org = cm_json_get_str(by, "organization");
	v->by_fingerprint = cm_json_get_str(by, "fingerprint");
	return 0;
}

void wp_custody_release(struct wp_custody *v)
{
	json_decref(v->doc);
	memset(v, 0, sizeof(*v));
}

int wp_custody_make(const struct cm_identity *who, const char *serial,
		    const char *event, const char *where, const char *note,
		    char **body, uint8_t **der, size_t *der_len,
		    struct cm_err *err)
{
	char uuid[37], when[CM_RFC3339_LEN], fp[65];
	json_t *doc;
	int rc;

	*body = NULL;
	*der = NULL;
	*der_len = 0;
	if (!plain_serial(serial))
		return cm_err_setk(
			err, -EINVAL, CM_ERR_USAGE,
			"the serial must be 1 to 128 printable ASCII characters without spaces");
	if (!wp_custody_event_known(event))
		return cm_err_setk(
			err, -EINVAL, CM_ERR_USAGE,
			"unknown event '%s': received, sanitized, validated, shipped or destroyed",
			event);
	rc = cm_uuid4(uuid, err);
	if (rc < 0)
		return rc;
	cm_time_rfc3339(cm_time_now(), when);
	cm_identity_fingerprint(who, fp);
	static const char fmt[] =
		"{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:{s:s, s:o, s:o, s:s}, s:{s:s, s:s}}";
	doc = json_pack(fmt, "schema", WP_CUSTODY_SCHEMA, "id", uuid, "at",
			when, "serial", serial, "event", event, "where",
			cm_json_str_or_null(where), "note",
			cm_json_str_or_null(note), "by", "name",
			who->operator_name ?: "", "title",
			cm_json_str_or_null(who->title), "organization",
			cm_json_str_or_null(who->organization), "fingerprint",
			fp, "tool", "name", "wipe", "version", SANITAS_VERSION);
	*body = doc ? cm_json_dumps(doc) : NULL;
	json_decref(doc);
	if (!*body)
		return cm_err_set(err, -ENOMEM, "out of memory");
	rc = cm_cms_sign(who, *body, strlen(*body), der, der_len, err);
	if (rc < 0) {
		free(*body);
		*body = NULL;
	}
	return rc;
}
