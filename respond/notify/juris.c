// SPDX-License-Identifier: Apache-2.0
/*
 * The jurisdiction code list and the EU/EEA supervisory authorities. The
 * authority names were written from general knowledge of the EDPB's list
 * of members and not checked against it (unverified); drafts say so.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rs_juris.h"

/* ISO 3166-1 alpha-2, officially assigned codes */
static const char *const iso3166[] = {
	"AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT",
	"AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI",
	"BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY",
	"BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
	"CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
	"DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK",
	"FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL",
	"GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
	"HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR",
	"IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
	"KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS",
	"LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
	"ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW",
	"MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP",
	"NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
	"PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
	"SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM",
	"SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF",
	"TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW",
	"TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
	"VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW"};

/* USPS codes: the States, DC and the territories HIPAA counts as States */
static const char *const us_states[] = {
	"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID",
	"IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS",
	"MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
	"OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
	"WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP"};

static const struct {
	const char *ms;
	bool eu; /* EU member; the others are EEA only */
	const char *sa;
} members[] = {
	{"AT", true, "Austrian Data Protection Authority (Datenschutzbehörde)"},
	{"BE", true, "Belgian Data Protection Authority (APD/GBA)"},
	{"BG", true, "Commission for Personal Data Protection (Bulgaria)"},
	{"HR", true, "Croatian Personal Data Protection Agency (AZOP)"},
	{"CY", true, "Commissioner for Personal Data Protection (Cyprus)"},
	{"CZ", true, "Office for Personal Data Protection (Czech Republic)"},
	{"DK", true, "Danish Data Protection Agency (Datatilsynet)"},
	{"EE", true, "Estonian Data Protection Inspectorate"},
	{"FI", true, "Office of the Data Protection Ombudsman (Finland)"},
	{"FR", true,
	 "Commission nationale de l'informatique et des libertés (CNIL)"},
	{"DE", true,
	 "the competent German authority: the data protection authority of the Land concerned (the BfDI for federal bodies) [verify which Land]"},
	{"GR", true, "Hellenic Data Protection Authority"},
	{"HU", true,
	 "Hungarian National Authority for Data Protection and Freedom of Information (NAIH)"},
	{"IE", true, "Data Protection Commission (Ireland)"},
	{"IT", true, "Garante per la protezione dei dati personali (Italy)"},
	{"LV", true, "Data State Inspectorate (Latvia)"},
	{"LT", true, "State Data Protection Inspectorate (Lithuania)"},
	{"LU", true,
	 "Commission nationale pour la protection des données (Luxembourg)"},
	{"MT", true, "Information and Data Protection Commissioner (Malta)"},
	{"NL", true, "Autoriteit Persoonsgegevens (Netherlands)"},
	{"PL", true,
	 "President of the Personal Data Protection Office (UODO, Poland)"},
	{"PT", true, "Comissão Nacional de Proteção de Dados (Portugal)"},
	{"RO", true,
	 "National Supervisory Authority for Personal Data Processing (ANSPDCP, Romania)"},
	{"SK", true,
	 "Office for Personal Data Protection of the Slovak Republic"},
	{"SI", true, "Information Commissioner (Slovenia)"},
	{"ES", true, "Agencia Española de Protección de Datos (AEPD)"},
	{"SE", true, "Swedish Authority for Privacy Protection (IMY)"},
	{"IS", false, "Icelandic Data Protection Authority (Persónuvernd)"},
	{"LI", false, "Data Protection Authority of Liechtenstein"},
	{"NO", false, "Norwegian Data Protection Authority (Datatilsynet)"},
};

static bool in_list(const char *const *list, size_t n, const char *two)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], two))
			return true;
	return false;
}

#define IN(list, two) in_list((list), sizeof(list) / sizeof((list)[0]), (two))

static bool is_two_upper(const char *s)
{
	return isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]) &&
	       !s[2];
}

static int member(const char *ms)
{
	for (size_t i = 0; i < sizeof(members) / sizeof(members[0]); i++)
		if (!strcmp(members[i].ms, ms))
			return (int)i;
	return -1;
}

const char *rs_sa_name(const char *ms)
{
	int i = ms ? member(ms) : -1;

	return i < 0 ? NULL : members[i].sa;
}

bool rs_juris_is_gdpr(enum rs_jkind k)
{
	return k == RS_J_EU || k == RS_J_EEA || k == RS_J_EU_MS ||
	       k == RS_J_EEA_MS;
}

bool rs_juris_is_us(enum rs_jkind k)
{
	return k == RS_J_US || k == RS_J_US_STATE;
}

const char *rs_juris_member_state(const char *code, enum rs_jkind k)
{
	if (k == RS_J_EU_MS)
		return code + 3;
	if (k == RS_J_EEA_MS)
		return code + 4;
	return NULL;
}

/* A suggestion for an unknown code: case, a bare Member State, EL/UK. */
static void suggest(const char *code, char *hint, size_t len)
{
	char up[16];
	size_t n = strlen(code);
	enum rs_jkind k;

	snprintf(
		hint, len,
		"use US-XX (a State), EU-XX or EEA-XX (a Member State) or an ISO 3166-1 alpha-2 country code such as PK");
	if (n >= sizeof(up))
		return;
	for (size_t i = 0; i <= n; i++)
		up[i] = (char)toupper((unsigned char)code[i]);
	if (strcmp(up, code) && !rs_juris_classify(up, &k, NULL, 0)) {
		snprintf(hint, len, "did you mean '%s'?", up);
		return;
	}
	if (!strcmp(up, "UK") || !strcmp(up, "EU-UK") || !strcmp(up, "EU-GB")) {
		snprintf(
			hint, len,
			"did you mean 'GB'? The United Kingdom is not in the EU/EEA");
		return;
	}
	if (!strcmp(up, "EL") || !strcmp(up, "EU-EL")) {
		snprintf(
			hint, len,
			"did you mean 'EU-GR'? Codes are ISO 3166-1 (Greece is GR)");
		return;
	}
	if (n == 2 && member(up) >= 0) {
		snprintf(
			hint, len,
			"did you mean '%s-%s'? EU/EEA Member States are written EU-XX or EEA-XX so that the GDPR counts them",
			members[member(up)].eu ? "EU" : "EEA", up);
		return;
	}
	if (!strncmp(up, "EU-", 3) && member(up + 3) >= 0 &&
	    !members[member(up + 3)].eu) {
		snprintf(hint, len,
			 "did you mean 'EEA-%s'? %s is in the EEA, not the EU",
			 up + 3, up + 3);
		return;
	}
	if (!strncmp(up, "US-", 3))
		snprintf(
			hint, len,
			"use a USPS State code such as US-CA (States, DC, PR, GU, VI, AS, MP)");
}

int rs_juris_classify(const char *code, enum rs_jkind *kind, char *hint,
		      size_t hintlen)
{
	if (!strcmp(code, "US") || !strcmp(code, "EU") ||
	    !strcmp(code, "EEA")) {
		*kind = code[0] == 'U'	 ? RS_J_US
			: code[1] == 'U' ? RS_J_EU
					 : RS_J_EEA;
		return 0;
	}
	if (!strncmp(code, "US-", 3) && is_two_upper(code + 3) &&
	    IN(us_states, code + 3)) {
		*kind = RS_J_US_STATE;
		return 0;
	}
	if (!strncmp(code, "EU-", 3) && is_two_upper(code + 3) &&
	    member(code + 3) >= 0 && members[member(code + 3)].eu) {
		*kind = RS_J_EU_MS;
		return 0;
	}
	if (!strncmp(code, "EEA-", 4) && is_two_upper(code + 4) &&
	    member(code + 4) >= 0) {
		*kind = RS_J_EEA_MS;
		return 0;
	}
	/* a bare Member State code would escape the GDPR count: refused */
	if (is_two_upper(code) && IN(iso3166, code) && member(code) < 0) {
		*kind = RS_J_COUNTRY;
		return 0;
	}
	if (hint && hintlen)
		suggest(code, hint, hintlen);
	return -EINVAL;
}
