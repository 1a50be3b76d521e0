/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Chain-of-custody events (sanitas.custody/1): who had a medium, where,
 * when and what happened to it (HIPAA 45 CFR 164.310(d)(2)(iii); ADISA
 * 3.3.59), each a signed record by the person responsible.
 */
#ifndef SANITAS_WP_CUSTODY_H
#define SANITAS_WP_CUSTODY_H

#include <jansson.h>

#include "cm_cms.h"
#include "cm_err.h"
#include "cm_identity.h"

#define WP_CUSTODY_SCHEMA "sanitas.custody/1"
#define WP_CUSTODY_MAX	  (256 * 1024)

/* A parsed event; strings borrowed from @doc (NULL: JSON null). */
struct wp_custody {
	json_t *doc; /* owned */
	const char *id, *at, *serial, *event, *where, *note;
	const char *by_name, *by_title, *by_org, *by_fingerprint;
};

/* Whether @e is one of received, sanitized, validated, shipped, destroyed. */
bool wp_custody_event_known(const char *e);

/*
 * Parse @len bytes at @data as a custody event (duplicate keys refused,
 * every key with its type, a known event, a plain serial). Returns 0
 * (@v filled; wp_custody_release()) or -EBADMSG (CM_ERR_DATAERR).
 */
int wp_custody_parse(const char *name, const char *data, size_t len,
		     struct wp_custody *v, struct cm_err *err);
void wp_custody_release(struct wp_custody *v);

/* Whether the bytes claim the custody schema near their start. */
bool wp_custody_claimed(const char *data, size_t len);

/*
 * A new event by @who (its name, title, organisation and certificate
 * fingerprint): *@body the JSON (malloc'd), *@der its detached CMS
 * signature (malloc'd). @serial, @event required; @where, @note may be
 * NULL. Returns 0 or <0 (-EINVAL, CM_ERR_USAGE, for a bad serial or
 * event).
 */
int wp_custody_make(const struct cm_identity *who, const char *serial,
		    const char *event, const char *where, const char *note,
		    char **body, uint8_t **der, size_t *der_len,
		    struct cm_err *err);

#endif
