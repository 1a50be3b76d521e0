// SPDX-License-Identifier: Apache-2.0
/*
 * The notice rules as data. Each rule names, for its clock, for when it
 * applies and for the law-enforcement delay it honours, the citation, the
 * operative words (quoted when read verbatim, else a paraphrase) and a
 * confidence: verified (read in the primary text or a verbatim copy of
 * it, named in `where`), secondary (secondary sources only) or unverified.
 * docs/containment-and-notification.md lists the same table with notes.
 */
#include <string.h>

#include "rs_rules.h"

#define V RS_CONF_VERIFIED
#define S RS_CONF_SECONDARY
#define U RS_CONF_UNVERIFIED

/* where the texts were read */
#define W_HIPAA_404                                                            \
	"45 CFR 164.404(b) as reproduced by brickergraydon.com (HHS rule text)"
#define W_HIPAA_404A                                                           \
	"45 CFR 164.404(a) as reproduced by brickergraydon.com (HHS rule text)"
#define W_HIPAA_406                                                            \
	"45 CFR 164.406 as reproduced by brickergraydon.com (HHS rule text)"
#define W_HIPAA_NOTES                                                          \
	"45 CFR 164.408-164.410 per eCFR reproductions cited in the reference notes (not re-read)"
#define W_HIPAA_408                                                            \
	"45 CFR 164.408 as reproduced by getpocketlaw.com (eCFR text, 74 FR 42767, 78 FR 5695)"
#define W_HIPAA_412                                                            \
	"45 CFR 164.412 as reproduced by law.lawstack.com and getpocketlaw.com (eCFR text)"
#define W_GDPR33                                                               \
	"GDPR Art. 33 as reproduced by source.commonaccord.org (official text)"
#define W_GDPR34                                                               \
	"GDPR Art. 34 as reproduced in the GDPR deskbook (online.flipbuilder.com) and law-reg.org"
#define W_GDPR3                                                                \
	"GDPR Art. 3 paraphrased by EDPB Guidelines 9/2022 summaries (wiggin.co.uk, alstonprivacy.com)"
#define W_CIV                                                                  \
	"Cal. Civ. Code 1798.82 as reproduced by trellis.law (text before SB 446)"
#define W_SB446                                                                \
	"SB 446 (Stats. 2025, ch. 319) per lexace.ai, trellis.law, mondaq, dailyjournal.com (secondary)"
#define W_AB1755                                                               \
	"AB 1755 (Stats. 2014, ch. 412), bill text and digest, leginfo.ca.gov"
#define W_CDPH                                                                 \
	"CDPH guidance (AFL 09-38) as summarised in the reference notes (not read)"
#define W_FTC_RULE                                                             \
	"16 CFR 318.5 and 318.6(a)-(d) as reproduced by ecfr.io, federal.elaws.us, self-law.org"
#define W_FTC_SEC                                                              \
	"FTC rule summaries and the FTC notice form OMB 3084-0150 (secondary)"
#define W_FTC_SCOPE "16 CFR 318.1 as reproduced by checkoutapi.com (eCFR text)"
#define W_PK	    "press reports on the Personal Data Protection Bill 2023 (draft)"

#define HIPAA_HOLD                                                                                                                                                                                                                \
	{                                                                                                                                                                                                                         \
		"45 CFR 164.412",                                                                                                                                                                                                 \
			"\"If the statement is in writing and specifies the time for which a delay is required, delay ... for the time period specified\"; oral: \"no longer than 30 days from the date of the oral statement\"", \
			V, W_HIPAA_412                                                                                                                                                                                            \
	}
#define NO_PAUSE                                                               \
	{                                                                      \
		"-", "no law-enforcement delay provision applied", V, "-"      \
	}

static const struct rs_dl_rule
	dl_rules
		[] =
			{
				{.id = "hipaa-individuals",
				 .regime = "HIPAA",
				 .recipient = "Affected individuals",
				 .citation = "45 CFR 164.404(b)",
				 .standard =
					 "without unreasonable delay and in no case later than 60 calendar days after discovery of a breach",
				 .trigger = RS_TRIG_DISCOVERY,
				 .unit = RS_DL_CAL_DAYS,
				 .amount = 60,
				 .pause = RS_PAUSE_HOLD,
				 .oral_cap_days = 30,
				 .clock =
					 {"45 CFR 164.404(b)",
					  "\"without unreasonable delay and in no case later than 60 calendar days after discovery of a breach\"",
					  V, W_HIPAA_404},
				 .app = {"45 CFR 164.404(a)(1)",
					 "\"A covered entity shall, following the discovery of a breach of unsecured protected health information, notify each individual whose unsecured protected health information has been, or is reasonably believed by the covered entity to have been, accessed, acquired, used, or disclosed as a result of such breach.\"",
					 V, W_HIPAA_404A},
				 .pause_src = HIPAA_HOLD},
				{.id = "hipaa-media",
				 .regime = "HIPAA",
				 .recipient =
					 "Prominent media outlets serving the State",
				 .citation = "45 CFR 164.406(b)",
				 .standard =
					 "without unreasonable delay and in no case later than 60 calendar days after discovery of a breach",
				 .trigger = RS_TRIG_DISCOVERY,
				 .unit = RS_DL_CAL_DAYS,
				 .amount = 60,
				 .pause = RS_PAUSE_HOLD,
				 .oral_cap_days = 30,
				 .clock =
					 {"45 CFR 164.406(b)",
					  "\"without unreasonable delay and in no case later than 60 calendar days after discovery of a breach\"",
					  V, W_HIPAA_406},
				 .app = {"45 CFR 164.406(a)",
					 "\"For a breach of unsecured protected health information involving more than 500 residents of a State or jurisdiction\"",
					 V, W_HIPAA_406},
				 .pause_src = HIPAA_HOLD},
				{.id = "hipaa-hhs",
				 .regime = "HIPAA",
				 .recipient =
					 "Secretary of HHS (OCR breach portal), 500 or more individuals",
				 .citation = "45 CFR 164.408(b)",
				 .standard =
					 "contemporaneously with the notice required by § 164.404(a) and in the manner specified on the HHS Web site",
				 .trigger = RS_TRIG_DISCOVERY,
				 .unit = RS_DL_SAME_AS,
				 .ref = "hipaa-individuals",
				 .clock =
					 {"45 CFR 164.408(b)",
					  "\"provide the notification required by paragraph (a) of this section contemporaneously with the notice required by § 164.404(a) and in the manner specified on the HHS Web site\"",
					  V, W_HIPAA_408},
				 .app = {"45 CFR 164.408(b)",
					 "\"For breaches of unsecured protected health information involving 500 or more individuals, a covered entity shall, except as provided in § 164.412, provide the notification\"",
					 V, W_HIPAA_408},
				 .pause_src = NO_PAUSE},
				{.id = "hipaa-hhs-annual",
				 .regime = "HIPAA",
				 .recipient =
					 "Secretary of HHS (OCR breach portal), less than 500 individuals",
				 .citation = "45 CFR 164.408(c)",
				 .standard =
					 "not later than 60 days after the end of each calendar year, provide the notification required by paragraph (a) of this section for breaches discovered during the preceding calendar year",
				 .trigger = RS_TRIG_DISCOVERY,
				 .unit = RS_DL_AFTER_YEAR_END,
				 .amount = 60,
				 .pause = RS_PAUSE_HOLD,
				 .oral_cap_days = 30,
				 .clock =
					 {"45 CFR 164.408(c)",
					  "\"shall maintain a log or other documentation of such breaches and, not later than 60 days after the end of each calendar year, provide the notification required by paragraph (a) of this section for breaches discovered during the preceding calendar year\"",
					  V, W_HIPAA_408},
				 .app = {"45 CFR 164.408(c)",
					 "\"For breaches of unsecured protected health information involving less than 500 individuals\"",
					 V, W_HIPAA_408},
				 .pause_src = HIPAA_HOLD},
				{.id = "hipaa-ba",
				 .regime = "HIPAA",
				 .recipient =
					 "Covered entity (from the business associate)",
				 .citation = "45 CFR 164.410(b)",
				 .standard =
					 "without unreasonable delay and in no case later than 60 calendar days after discovery of a breach",
				 .trigger = RS_TRIG_DISCOVERY,
				 .unit = RS_DL_CAL_DAYS,
				 .amount = 60,
				 .pause = RS_PAUSE_HOLD,
				 .oral_cap_days = 30,
				 .clock =
					 {"45 CFR 164.410(b)",
					  "without unreasonable delay and in no case later than 60 calendar days after discovery",
					  S, W_HIPAA_NOTES},
				 .app = {"45 CFR 164.410(a)",
					 "a business associate notifies the covered entity following discovery of a breach of unsecured PHI",
					 S, W_HIPAA_NOTES},
				 .pause_src = HIPAA_HOLD},
				{.id = "gdpr-sa",
				 .regime = "GDPR",
				 .recipient =
					 "Supervisory authority (authorities) competent for the breach",
				 .citation = "GDPR Art. 33(1)",
				 .standard =
					 "without undue delay and, where feasible, not later than 72 hours after having become aware of it",
				 .trigger = RS_TRIG_AWARENESS,
				 .unit = RS_DL_HOURS,
				 .amount = 72,
				 .clock =
					 {"GDPR Art. 33(1)",
					  "\"without undue delay and, where feasible, not later than 72 hours after having become aware of it\"",
					  V, W_GDPR33},
				 .app = {"GDPR Art. 3(1)-(2); Art. 33(1); EDPB Guidelines 9/2022 para. 73", "GDPR reaches a controller established in the Union, or one outside it that offers goods or services to, or monitors, people in the Union; notice is due \"unless the personal data breach is unlikely to result in a risk\"; a controller not established in the Union notifies every authority of a Member State where affected data subjects reside",
					 S, W_GDPR3},
				 .pause_src = NO_PAUSE},
				{.id = "gdpr-controller",
				 .regime = "GDPR",
				 .recipient = "Controller (from the processor)",
				 .citation = "GDPR Art. 33(2)",
				 .standard =
					 "without undue delay after becoming aware of a personal data breach",
				 .trigger = RS_TRIG_AWARENESS,
				 .unit = RS_DL_UNDUE_DELAY,
				 .clock =
					 {"GDPR Art. 33(2)",
					  "\"The processor shall notify the controller without undue delay after becoming aware of a personal data breach\"",
					  V, W_GDPR33},
				 .app = {"GDPR Art. 3; Art. 33(2)",
					 "a processor within the territorial scope of Art. 3 notifies the controller",
					 S, W_GDPR3},
				 .pause_src = NO_PAUSE},
				{.id = "gdpr-subjects",
				 .regime = "GDPR",
				 .recipient = "Data subjects",
				 .citation = "GDPR Art. 34(1)",
				 .standard =
					 "without undue delay, when the breach is likely to result in a high risk to the rights and freedoms of natural persons",
				 .trigger = RS_TRIG_AWARENESS,
				 .unit = RS_DL_UNDUE_DELAY,
				 .clock =
					 {"GDPR Art. 34(1)",
					  "\"the controller shall communicate the personal data breach to the data subject without undue delay\"",
					  V, W_GDPR34},
				 .app = {"GDPR Art. 34(1), (3)",
					 "\"When the personal data breach is likely to result in a high risk\"; not required if (a) protection measures such as encryption rendered the data unintelligible, (b) subsequent measures ensure the high risk \"is no longer likely to materialise\", (c) it would involve disproportionate effort (then a public communication)",
					 V, W_GDPR34},
				 .pause_src = NO_PAUSE},
				{.id = "ca-residents",
				 .regime = "California Civ. Code 1798.82",
				 .recipient = "Affected California residents",
				 .citation =
					 "Cal. Civ. Code 1798.82(a) (as amended by SB 446)",
				 .standard =
					 "within 30 calendar days of discovery or notification of the data breach",
				 .trigger = RS_TRIG_DISCOVERY,
				 .unit = RS_DL_CAL_DAYS,
				 .amount = 30,
				 .pause = RS_PAUSE_CLEARS,
				 .verify =
					 "the 30-day wording of SB 446 (effective 2026-01-01) and its subsection numbering are from secondary sources",
				 .clock =
					 {"Cal. Civ. Code 1798.82(a) (SB 446)",
					  "within 30 calendar days of discovery or notification of the breach, consistent with the legitimate needs of law enforcement (subdivision (c))",
					  S, W_SB446},
				 .app = {"Cal. Civ. Code 1798.82(a), (h)",
					 "\"whose unencrypted personal information was, or is reasonably believed to have been, acquired by an unauthorized person\"; personal information includes a name with medical information, health insurance information, a Social Security number and other listed elements",
					 V, W_CIV},
				 .pause_src =
					 {"Cal. Civ. Code 1798.82(c)",
					  "\"may be delayed if a law enforcement agency determines that the notification will impede a criminal investigation\"; it \"shall be made promptly after the law enforcement agency determines that it will not compromise the investigation\" (no fixed cap)",
					  V, W_CIV}},
				{.id = "ca-ag",
				 .regime = "California Civ. Code 1798.82",
				 .recipient =
					 "California Attorney General (sample copy)",
				 .citation = "Cal. Civ. Code 1798.82(f)",
				 .standard =
					 "within 15 calendar days of notifying affected consumers",
				 .trigger = RS_TRIG_NOTICE,
				 .unit = RS_DL_CAL_DAYS,
				 .amount = 15,
				 .ref = "ca-residents",
				 .verify =
					 "the 15-day wording of SB 446 and the subsection letter (f) are from secondary sources",
				 .clock =
					 {"Cal. Civ. Code 1798.82(f) (SB 446)",
					  "a sample copy within 15 calendar days of notifying affected consumers",
					  S, W_SB446},
				 .app = {"Cal. Civ. Code 1798.82(f)",
					 "a business required to notify more than 500 California residents of a single breach submits a sample copy to the Attorney General",
					 S, W_SB446},
				 .pause_src = NO_PAUSE},
				{.id = "ca-cdph",
				 .regime = "California H&S Code 1280.15",
				 .recipient =
					 "California Department of Public Health",
				 .citation =
					 "Cal. Health & Safety Code 1280.15(b)(1)",
				 .standard =
					 "no later than 15 business days after the unlawful or unauthorized access, use, or disclosure has been detected",
				 .trigger = RS_TRIG_DISCOVERY,
				 .unit = RS_DL_BUS_DAYS,
				 .amount = 15,
				 .holidays = RS_HOL_US_CA,
				 .pause = RS_PAUSE_RESTART,
				 .oral_cap_days = 30,
				 .written_cap_days = 60,
				 .verify =
					 "business days counted against the days California state offices close (CalHR list); the statute does not define them",
				 .clock =
					 {"Cal. Health & Safety Code 1280.15(b)",
					  "\"no later than 15 business days after the unlawful or unauthorized access, use, or disclosure has been detected\"; a delayed report within 15 business days after the delay ends",
					  V, W_AB1755},
				 .app = {"Cal. Health & Safety Code 1280.15(a)-(b)",
					 "\"A clinic, health facility, home health agency, or hospice licensed pursuant to Section 1204, 1250, 1725, or 1747\" reports unlawful or unauthorized access to, or use or disclosure of, a patient's medical information (every patient, not only California residents)",
					 V, W_AB1755},
				 .pause_src =
					 {"Cal. Health & Safety Code 1280.15(c); CDPH guidance", "a delay for law enforcement; the statement's end date at most 60 days after a written request or 30 days after an oral one, unless extended in writing",
					  S, W_CDPH}},
				{.id = "ca-patient",
				 .regime = "California H&S Code 1280.15",
				 .recipient =
					 "Affected patient or the patient's representative",
				 .citation =
					 "Cal. Health & Safety Code 1280.15(b)(2)",
				 .standard =
					 "no later than 15 business days after the unlawful or unauthorized access, use, or disclosure has been detected",
				 .trigger = RS_TRIG_DISCOVERY,
				 .unit = RS_DL_BUS_DAYS,
				 .amount = 15,
				 .holidays = RS_HOL_US_CA,
				 .pause = RS_PAUSE_RESTART,
				 .oral_cap_days = 30,
				 .written_cap_days = 60,
				 .verify =
					 "business days counted against the days California state offices close (CalHR list); the statute does not define them",
				 .clock =
					 {"Cal. Health & Safety Code 1280.15(b)",
					  "\"no later than 15 business days after the unlawful or unauthorized access, use, or disclosure has been detected\"",
					  V, W_AB1755},
				 .app = {"Cal. Health & Safety Code 1280.15(a)-(b)",
					 "the licensed facility also reports to the affected patient or the patient's representative",
					 V, W_AB1755},
				 .pause_src =
					 {"Cal. Health & Safety Code 1280.15(c); CDPH guidance",
					  "a delay for law enforcement; the statement's end date at most 60 days after a written request or 30 days after an oral one, unless extended in writing",
					  S, W_CDPH}},
				{.id = "ftc-individuals",
				 .regime =
					 "FTC Health Breach Notification Rule",
				 .recipient = "Affected individuals",
				 .citation = "16 CFR 318.4(a)",
				 .standard =
					 "without unreasonable delay and in no case later than 60 calendar days after the discovery of a breach of security",
				 .trigger = RS_TRIG_DISCOVERY,
				 .unit = RS_DL_CAL_DAYS,
				 .amount = 60,
				 .pause = RS_PAUSE_HOLD,
				 .oral_cap_days = 30,
				 .verify =
					 "the law-enforcement delay of 16 CFR 318.4 was not read; HIPAA's 164.412 terms are applied as a working reading",
				 .clock =
					 {"16 CFR 318.4(a)",
					  "without unreasonable delay and in no case later than 60 calendar days after discovery",
					  S, W_FTC_SEC},
				 .app = {"16 CFR 318.1, 318.3",
					 "\"This part does not apply to HIPAA-covered entities, or to any other entity to the extent that it engages in activities as a business associate\"; vendors of personal health records and PHR related entities notify individuals of a breach of security",
					 V, W_FTC_SCOPE},
				 .pause_src =
					 {"16 CFR 318.4 (law enforcement)",
					  "a delay when a law enforcement official determines notice would impede a criminal investigation or damage national security; applied as in 45 CFR 164.412",
					  U, "not read"}},
				{.id = "ftc-ftc",
				 .regime =
					 "FTC Health Breach Notification Rule",
				 .recipient =
					 "Federal Trade Commission, 500 or more individuals",
				 .citation = "16 CFR 318.5(c)",
				 .standard =
					 "at the same time as notice to individuals, and no later than 60 calendar days after discovery",
				 .trigger = RS_TRIG_DISCOVERY,
				 .unit = RS_DL_SAME_AS,
				 .ref = "ftc-individuals",
				 .clock =
					 {"16 CFR 318.5(c)",
					  "for 500 or more individuals, at the same time as the individual notice and within 60 calendar days of discovery",
					  S, W_FTC_SEC},
				 .app = {"16 CFR 318.5(c)",
					 "breaches involving 500 or more individuals",
					 S, W_FTC_SEC},
				 .pause_src = NO_PAUSE},
				{.id = "ftc-ftc-annual",
				 .regime =
					 "FTC Health Breach Notification Rule",
				 .recipient =
					 "Federal Trade Commission, fewer than 500 individuals",
				 .citation = "16 CFR 318.5(c)",
				 .standard =
					 "by the 60th day of the calendar year following the breach (FTC form)",
				 .trigger = RS_TRIG_DISCOVERY,
				 .unit = RS_DL_AFTER_YEAR_END,
				 .amount = 60,
				 .verify =
					 "the verbatim text of 16 CFR 318.5(c) was not retrieved; timing taken from the FTC's own notice form (OMB 3084-0150)",
				 .clock =
					 {"16 CFR 318.5(c)",
					  "fewer than 500: log, and submit within 60 days after the end of the calendar year",
					  S, W_FTC_SEC},
				 .app = {"16 CFR 318.5(c)",
					 "breaches involving fewer than 500 individuals",
					 S, W_FTC_SEC},
				 .pause_src = NO_PAUSE},
				{.id = "ftc-media",
				 .regime =
					 "FTC Health Breach Notification Rule",
				 .recipient =
					 "Prominent media outlets serving the State",
				 .citation = "16 CFR 318.5(b)",
				 .standard =
					 "without unreasonable delay and in no case later than 60 calendar days after discovery",
				 .trigger = RS_TRIG_DISCOVERY,
				 .unit = RS_DL_CAL_DAYS,
				 .amount = 60,
				 .pause = RS_PAUSE_HOLD,
				 .oral_cap_days = 30,
				 .verify =
					 "the media threshold \"500 or more residents of a State or jurisdiction\" is the wording secondary sources give; the primary text of 318.5(b) was not read",
				 .clock =
					 {"16 CFR 318.4(a), 318.5(b)",
					  "as the individual notice: within 60 calendar days of discovery",
					  S, W_FTC_SEC},
				 .app = {"16 CFR 318.5(b)",
					 "\"500 or more residents of a State or jurisdiction\" (wording per secondary sources)",
					 S, W_FTC_SEC},
				 .pause_src = {"16 CFR 318.4 (law enforcement)",
					       "applied as in 45 CFR 164.412",
					       U, "not read"}},
				{.id = "pk-commission",
				 .regime = "Pakistan PDPB (draft)",
				 .recipient =
					 "National Commission for Personal Data Protection",
				 .citation =
					 "Personal Data Protection Bill 2023 (draft), breach notification",
				 .standard =
					 "without undue delay and, where reasonably possible, not beyond 72 hours of becoming aware",
				 .trigger = RS_TRIG_AWARENESS,
				 .unit = RS_DL_HOURS,
				 .amount = 72,
				 .draft_law = true,
				 .verify =
					 "a bill, not enacted law; clause numbers and content elements not confirmed from the final draft text",
				 .clock =
					 {"Personal Data Protection Bill 2023 (draft)",
					  "notice to the Commission within 72 hours of becoming aware (press reports)",
					  U, W_PK},
				 .app = {"Personal Data Protection Bill 2023 (draft)",
					 "would apply to personal data of people in Pakistan; not enacted",
					 U, W_PK},
				 .pause_src = NO_PAUSE},
				{.id = "pk-subjects",
				 .regime = "Pakistan PDPB (draft)",
				 .recipient = "Data subjects",
				 .citation =
					 "Personal Data Protection Bill 2023 (draft), breach notification",
				 .standard =
					 "without undue delay and, where reasonably possible, not beyond 72 hours of becoming aware",
				 .trigger = RS_TRIG_AWARENESS,
				 .unit = RS_DL_HOURS,
				 .amount = 72,
				 .draft_law = true,
				 .verify =
					 "a bill, not enacted law; clause numbers and content elements not confirmed from the final draft text",
				 .clock =
					 {"Personal Data Protection Bill 2023 (draft)",
					  "notice to affected individuals within 72 hours (press reports)",
					  U, W_PK},
				 .app = {"Personal Data Protection Bill 2023 (draft)",
					 "would apply to personal data of people in Pakistan; not enacted",
					 U, W_PK},
				 .pause_src = NO_PAUSE},
};

const struct rs_dl_rule *rs_dl_rules(size_t *n)
{
	*n = sizeof(dl_rules) / sizeof(dl_rules[0]);
	return dl_rules;
}

const struct rs_dl_rule *rs_dl_rule_find(const char *id)
{
	for (size_t i = 0; id && i < sizeof(dl_rules) / sizeof(dl_rules[0]);
	     i++)
		if (!strcmp(dl_rules[i].id, id))
			return &dl_rules[i];
	return NULL;
}
