/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Jurisdiction codes of affected_by_jurisdiction, from a fixed list:
 * US-XX (States, DC and territories by USPS code), EU-XX and EEA-XX
 * (Member States by ISO 3166-1 alpha-2), bare US, EU and EEA (State or
 * Member State not known), and any other ISO 3166-1 alpha-2 country. The
 * supervisory authority of each EU/EEA Member State.
 */
#ifndef SANITAS_RS_JURIS_H
#define SANITAS_RS_JURIS_H

#include <stdbool.h>
#include <stddef.h>

enum rs_jkind {
	RS_J_US,       /* "US": State not given */
	RS_J_US_STATE, /* "US-CA" */
	RS_J_EU,       /* "EU": Member State not given */
	RS_J_EEA,      /* "EEA" */
	RS_J_EU_MS,    /* "EU-DE" */
	RS_J_EEA_MS,   /* "EEA-NO" (any EEA State, EU members included) */
	RS_J_COUNTRY,  /* another ISO 3166-1 alpha-2 code: "PK", "GB" */
};

/*
 * Classify @code (exact, upper case). Returns 0, or -EINVAL with a
 * suggestion ("did you mean 'EU-DE'?") in @hint (@hintlen bytes).
 */
int rs_juris_classify(const char *code, enum rs_jkind *kind, char *hint,
		      size_t hintlen);
/* GDPR territory: EU, EEA, EU-XX, EEA-XX. */
bool rs_juris_is_gdpr(enum rs_jkind kind);
/* A US code: US, US-XX. */
bool rs_juris_is_us(enum rs_jkind kind);
/* The Member State part of "EU-DE" / "EEA-NO" ("DE"), else NULL. */
const char *rs_juris_member_state(const char *code, enum rs_jkind kind);
/*
 * The data protection supervisory authority of EU/EEA Member State @ms
 * ("DE"), a static string, or NULL for a code that is not one.
 */
const char *rs_sa_name(const char *ms);

#endif
