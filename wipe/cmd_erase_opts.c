// SPDX-License-Identifier: Apache-2.0
/*
 * wipe erase: its usage and options, parsed into the core's types (the
 * Appendix G fields checked as certificate text).
 */
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cm_json.h"
#include "cm_size.h"
#include "cmd_erase.h"
#include "wp_cert_text.h"
#include "wp_method.h"

static const char usage_text[] =
	"usage: wipe erase DEVICE... [options]\n"
	"       wipe erase --resume DEVICE...\n"
	"\n"
	"Erase drives or image files, verify the result, and write a signed\n"
	"certificate of sanitization for each (also for failures).\n"
	"\n"
	"  --method M           auto (default), zero, one, random, pattern:HEX,\n"
	"                       or a Purge method ('wipe methods')\n"
	"  --passes N           overwrite passes (default 1)\n"
	"  --verify V           full (default), sample or none\n"
	"  --sample PCT         percent read by --verify sample (default 5)\n"
	"  --yes                do not ask for confirmation (automation)\n"
	"  --dry-run            print the plan, write nothing\n"
	"  --force-unsafe       erase a mounted/swap/claimed device (never the\n"
	"                       disk holding the running system)\n"
	"  --resume             continue an interrupted erase from its checkpoint\n"
	"  --remove-hpa         restore a hidden protected area before a Purge\n"
	"  --identity DIR       signing identity (default $SANITAS_IDENTITY or\n"
	"                       /etc/sanitas/identity)\n"
	"  --passphrase-file F  the passphrase of a protected key.pem (its first\n"
	"                       line; else asked at a terminal), checked before\n"
	"                       anything is erased\n"
	"  --tsa URL            an RFC 3161 time-stamp over each certificate's\n"
	"                       signature, beside it as <id>.json.p7s.tsr (default:\n"
	"                       the identity profile's \"tsa\"); the TSA is asked\n"
	"                       once before any erase\n"
	"  --tsa-ca PEM         that first answer must verify against this CA\n"
	"  --cert-dir DIR       where certificates go (default ./certificates)\n"
	"  --state-dir DIR      checkpoints (default $SANITAS_STATE_DIR or\n"
	"                       /var/lib/sanitas/checkpoints)\n"
	"  --operator NAME      --asset-tag TAG  --source S  --classification C\n"
	"  --data-backed-up yes|no|unknown  --backup-location L\n"
	"  --destination internal-reuse|external-reuse|recycling|manufacturer|other\n"
	"  --post-classification C  --notes TEXT\n"
	"                       NIST SP 800-88 Appendix G fields\n"
	"  --customer C  --job J  who the work is for and its job or lot\n"
	"                       (in the certificate; 'wipe ledger find --job J')\n"
	"  --ledger PATH|URI    record each certificate in this ledger as it is\n"
	"                       issued (checked before any erase starts)\n"
	"  --pdf                also render each certificate as <id>.pdf beside\n"
	"                       it ('wipe cert pdf'; exit 73 if one cannot be)\n"
	"  --json               one JSON document on stdout\n"
	"  --json-progress      progress as JSON lines on stderr\n"
	"  --quiet              no progress\n"
	"\n"
	"Exit: 0 all erased and verified; 1 verification found data; 64 usage;\n"
	"66 no such device; 69 method unsupported by the device, or the TSA\n"
	"cannot be reached or gave no time-stamp; 73 cannot write a\n"
	"certificate; 74 I/O error; 75 refused (in use, system disk);\n"
	"77 read-only or permission; 78 the signing key stays locked (no or a\n"
	"wrong passphrase: nothing erased); 130 interrupted. With several\n"
	"devices, the worst.\n";

enum {
	OPT_METHOD = 256,
	OPT_PASSES,
	OPT_VERIFY,
	OPT_SAMPLE,
	OPT_YES,
	OPT_DRY,
	OPT_FORCE,
	OPT_RESUME,
	OPT_HPA,
	OPT_IDENTITY,
	OPT_PASSFILE,
	OPT_TSA,
	OPT_TSACA,
	OPT_CERTDIR,
	OPT_STATEDIR,
	OPT_OPERATOR,
	OPT_ASSET,
	OPT_SOURCE,
	OPT_CLASS,
	OPT_BACKED,
	OPT_BACKLOC,
	OPT_DEST,
	OPT_POSTCLASS,
	OPT_NOTES,
	OPT_CUSTOMER,
	OPT_JOB,
	OPT_LEDGER,
	OPT_PDF,
	OPT_JSON,
	OPT_JSONPROG,
	OPT_QUIET,
	OPT_CONFIRM,
	OPT_HELP,
};

static const struct option longopts[] = {
	{"method", required_argument, NULL, OPT_METHOD},
	{"passes", required_argument, NULL, OPT_PASSES},
	{"verify", required_argument, NULL, OPT_VERIFY},
	{"sample", required_argument, NULL, OPT_SAMPLE},
	{"yes", no_argument, NULL, OPT_YES},
	{"dry-run", no_argument, NULL, OPT_DRY},
	{"force-unsafe", no_argument, NULL, OPT_FORCE},
	{"resume", no_argument, NULL, OPT_RESUME},
	{"remove-hpa", no_argument, NULL, OPT_HPA},
	{"identity", required_argument, NULL, OPT_IDENTITY},
	{"passphrase-file", required_argument, NULL, OPT_PASSFILE},
	{"tsa", required_argument, NULL, OPT_TSA},
	{"tsa-ca", required_argument, NULL, OPT_TSACA},
	{"cert-dir", required_argument, NULL, OPT_CERTDIR},
	{"state-dir", required_argument, NULL, OPT_STATEDIR},
	{"operator", required_argument, NULL, OPT_OPERATOR},
	{"asset-tag", required_argument, NULL, OPT_ASSET},
	{"source", required_argument, NULL, OPT_SOURCE},
	{"classification", required_argument, NULL, OPT_CLASS},
	{"data-backed-up", required_argument, NULL, OPT_BACKED},
	{"backup-location", required_argument, NULL, OPT_BACKLOC},
	{"destination", required_argument, NULL, OPT_DEST},
	{"post-classification", required_argument, NULL, OPT_POSTCLASS},
	{"notes", required_argument, NULL, OPT_NOTES},
	{"customer", required_argument, NULL, OPT_CUSTOMER},
	{"job", required_argument, NULL, OPT_JOB},
	{"ledger", required_argument, NULL, OPT_LEDGER},
	{"pdf", no_argument, NULL, OPT_PDF},
	{"json", no_argument, NULL, OPT_JSON},
	{"json-progress", no_argument, NULL, OPT_JSONPROG},
	{"quiet", no_argument, NULL, OPT_QUIET},
	{"confirm", required_argument, NULL, OPT_CONFIRM},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

/* A customer or job label: 1 to 128 bytes of UTF-8, no control. */
static bool label_ok(const char *s)
{
	json_t *j;
	size_t n = strlen(s);

	if (n < 1 || n > 128)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	j = json_string(s); /* NULL unless valid UTF-8 */
	json_decref(j);
	return j != NULL;
}

static bool one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

/* The Appendix G field of option @name in @meta, or NULL. */
static const char **meta_field(struct wp_cert_meta *meta, const char *name)
{
	static const struct {
		const char *name;
		size_t off;
	} fields[] = {
		{"operator", offsetof(struct wp_cert_meta, operator_name)},
		{"asset-tag", offsetof(struct wp_cert_meta, asset_tag)},
		{"source", offsetof(struct wp_cert_meta, source)},
		{"classification",
		 offsetof(struct wp_cert_meta, classification)},
		{"data-backed-up",
		 offsetof(struct wp_cert_meta, data_backed_up)},
		{"backup-location",
		 offsetof(struct wp_cert_meta, backup_location)},
		{"destination", offsetof(struct wp_cert_meta, destination)},
		{"post-classification",
		 offsetof(struct wp_cert_meta, post_classification)},
		{"notes", offsetof(struct wp_cert_meta, notes)},
		{"customer", offsetof(struct wp_cert_meta, customer)},
		{"job", offsetof(struct wp_cert_meta, job)},
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!strcmp(name, fields[i].name))
			return (const char **)((char *)meta + fields[i].off);
	return NULL;
}

const char *const erase_destinations[] = {"internal-reuse", "external-reuse",
					  "recycling",	    "manufacturer",
					  "other",	    NULL};

int cmd_erase_meta_set(struct wp_cert_meta *meta, const char *name,
		       const char *v, char *msg, size_t len)
{
	static const char *const backed[] = {"yes", "no", "unknown", NULL};
	const char **field = meta_field(meta, name);
	long at;

	if (!field) {
		snprintf(msg, len, "no Appendix G field --%s", name);
		return -1;
	}
	if (!v) {
		*field = NULL;
		return 0;
	}
	if (!strcmp(name, "data-backed-up") && !one_of(v, backed)) {
		snprintf(msg, len, "--data-backed-up takes yes, no or unknown");
		return -1;
	}
	if (!strcmp(name, "destination") && !one_of(v, erase_destinations)) {
		snprintf(
			msg, len,
			"--destination takes internal-reuse, external-reuse, recycling, manufacturer or other");
		return -1;
	}
	if ((!strcmp(name, "customer") || !strcmp(name, "job")) &&
	    !label_ok(v)) {
		snprintf(
			msg, len,
			"--customer and --job take 1 to 128 printable characters (UTF-8)");
		return -1;
	}
	/* certificate text is checked now: never erase, then fail to
	 * certify */
	at = wp_cert_text_bad_at(v, !strcmp(name, "notes"));
	if (at >= 0) {
		snprintf(
			msg, len,
			"--%s is not printable UTF-8 text (byte %ld is 0x%02x): the certificate records it as text; pass it in UTF-8 without control characters",
			name, at + 1, (unsigned)(unsigned char)v[at]);
		return -1;
	}
	*field = v;
	return 0;
}

/* The Appendix G options: 0 taken, -1 not one of them, or the exit code. */
static int parse_meta(const char *verb, int c, struct wp_cert_meta *meta)
{
	char msg[256];

	for (const struct option *o = longopts; o->name; o++) {
		if (o->val != c || !meta_field(meta, o->name))
			continue;
		if (cmd_erase_meta_set(meta, o->name, optarg, msg,
				       sizeof(msg)) < 0)
			return cli_usage(verb, msg);
		return 0;
	}
	return -1;
}

/* --method, --passes, --verify, --sample: -1 taken, else the exit code. */
static int parse_job_opt(int c, struct erase_cli *a)
{
	struct wp_erase_opts *o = &a->o;
	struct cm_err err;
	char *end;

	cm_err_clear(&err);
	if (c == OPT_METHOD) {
		if (wp_method_parse(optarg, &o->method, &err) < 0)
			return cli_usage(a->verb, err.msg);
		a->method_arg = optarg;
		a->method_given = true;
		return -1;
	}
	a->params_given = true;
	if (c == OPT_PASSES) {
		o->passes = (unsigned)strtoul(optarg, &end, 10);
		if (*end || o->passes < 1 || o->passes > 64)
			return cli_usage(a->verb, "--passes takes 1 to 64");
	} else if (c == OPT_VERIFY) {
		if (wp_verify_mode_parse(optarg, &o->verify) < 0)
			return cli_usage(a->verb,
					 "--verify takes full, sample or none");
	} else {
		o->sample_pct = strtod(optarg, &end);
		if (*end || !(o->sample_pct > 0 && o->sample_pct <= 100))
			return cli_usage(
				a->verb,
				"--sample takes a percentage in (0, 100]");
		o->verify = WP_VERIFY_SAMPLE;
	}
	return -1;
}

/* An option of the one-shot command line that the station does not take. */
static bool erase_only(int c)
{
	return c == OPT_YES || c == OPT_DRY || c == OPT_FORCE ||
	       c == OPT_RESUME || c == OPT_JSON || c == OPT_JSONPROG ||
	       c == OPT_QUIET;
}

int cmd_erase_parse(int argc, char **argv, struct erase_cli *a,
		    const char *usage)
{
	bool station = a->verb && !strcmp(a->verb, "station");
	int c, rc;

	if (!a->verb)
		a->verb = "erase";
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if ((station && erase_only(c)) ||
		    (!station && c == OPT_CONFIRM))
			return cli_usage(a->verb, "unknown option");
		switch (c) {
		case OPT_METHOD:
		case OPT_PASSES:
		case OPT_VERIFY:
		case OPT_SAMPLE:
			rc = parse_job_opt(c, a);
			if (rc >= 0)
				return rc;
			break;
		case OPT_YES:
			a->yes = true;
			break;
		case OPT_DRY:
			a->dry = true;
			break;
		case OPT_FORCE:
			a->o.force_unsafe = true;
			break;
		case OPT_RESUME:
			a->o.resume = true;
			break;
		case OPT_HPA:
			a->o.remove_hpa = true;
			break;
		case OPT_IDENTITY:
			a->identity_dir = optarg;
			break;
		case OPT_PASSFILE:
			a->pass_file = optarg;
			break;
		case OPT_TSA:
			a->tsa = optarg;
			break;
		case OPT_TSACA:
			a->tsa_ca = optarg;
			break;
		case OPT_CERTDIR:
			a->o.cert_dir = optarg;
			break;
		case OPT_STATEDIR:
			a->o.state_dir = optarg;
			break;
		case OPT_LEDGER:
			a->ledger = optarg;
			break;
		case OPT_PDF:
			a->pdf = true;
			break;
		case OPT_JSON:
			a->json = true;
			break;
		case OPT_JSONPROG:
			a->json_prog = true;
			break;
		case OPT_QUIET:
			a->quiet = true;
			break;
		case OPT_CONFIRM:
			if (strcmp(optarg, "count") && strcmp(optarg, "serial"))
				return cli_usage(
					a->verb,
					"--confirm takes count or serial");
			a->confirm_serials = !strcmp(optarg, "serial");
			break;
		case OPT_HELP:
			fputs(usage ? usage : usage_text, stdout);
			return 0;
		default:
			rc = parse_meta(a->verb, c, &a->o.meta);
			if (rc > 0)
				return rc;
			if (rc < 0)
				return cli_usage(a->verb, "unknown option");
		}
	}
	if (station) {
		if (optind < argc)
			return cli_usage(
				a->verb,
				"the station lists the drives itself: name none (use 'wipe erase DEVICE...' for named ones)");
		return -1;
	}
	if (argc - optind < 1)
		return cli_usage("erase", "no device given");
	if (a->o.resume && (a->method_given || a->params_given))
		return cli_usage(
			"erase",
			"--resume continues the interrupted job as it was started: drop --method, --passes, --verify and --sample");
	return -1;
}
