// SPDX-License-Identifier: Apache-2.0
/*
 * wipe erase: options parsed into the core's types, guard, confirm, erase
 * in parallel, certify, summarise.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_json.h"
#include "cli_passphrase.h"
#include "cli_progress.h"
#include "cli_signal.h"
#include "cm_json.h"
#include "cm_progress.h"
#include "cm_random.h"
#include "cm_size.h"
#include "cmds.h"
#include "wp_cert_pdf.h"
#include "wp_cert_text.h"
#include "wp_erase.h"
#include "wp_guard.h"
#include "wp_ingest.h"
#include "wp_ledger.h"

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
	"66 no such device; 69 method unsupported by the device; 73 cannot\n"
	"write a certificate; 74 I/O error; 75 refused (in use, system disk);\n"
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
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

/* The ledger each certificate is recorded in as it is issued. */
struct recorder {
	struct wp_ledger *l;
	pthread_mutex_t lock; /* one connection, used by one job at a time */
};

enum recorded { REC_NONE, REC_STORED, REC_ALREADY, REC_FAILED };

struct worker {
	struct wp_job job;
	struct recorder *rec; /* NULL: no --ledger */
	enum recorded recorded;
	struct cm_err rec_err;
	const struct wp_erase_opts *o;
	struct cm_progress prog;
	cm_progress_fn print; /* the installed printer, NULL for none */
	char phase[32];
	pthread_t th;
	bool started;
	bool refused; /* guard said no: never opened for writing */
	int exit_code;
	char *pdf; /* --pdf: the PDF written (owned) */
	bool pdf_failed;
};

static void progress_cb(void *ctx, const char *phase, uint64_t done,
			uint64_t total)
{
	struct wp_job *job = ctx;
	struct worker *w = job->user;

	if (strcmp(w->phase, phase)) {
		if (w->phase[0])
			cm_progress_end(&w->prog, "done");
		snprintf(w->phase, sizeof(w->phase), "%s", phase);
		cm_progress_begin(&w->prog, w->print, NULL, job->target, phase,
				  total);
	}
	cm_progress_update(&w->prog, done);
}

static void rejected(void *ctx, const char *path, const struct cm_err *why)
{
	struct worker *w = ctx;

	(void)path;
	w->rec_err = *why;
	if (w->rec_err.kind == CM_ERR_NONE)
		w->rec_err.kind = CM_ERR_DATAERR;
}

/* Record @w's certificate in the ledger, whatever the job's outcome. */
static void record(struct worker *w)
{
	struct wp_ingest_stats st;
	char *paths[1] = {w->job.cert_path};
	int rc;

	cm_err_clear(&w->rec_err);
	pthread_mutex_lock(&w->rec->lock);
	rc = wp_ledger_ingest(w->rec->l, paths, 1, rejected, w, &st,
			      &w->rec_err);
	pthread_mutex_unlock(&w->rec->lock);
	if (rc == 0)
		w->recorded = st.stored ? REC_STORED : REC_ALREADY;
	else
		w->recorded = REC_FAILED;
	wp_ingest_stats_release(&st);
}

static void *work(void *arg)
{
	struct worker *w = arg;

	wp_erase_run(&w->job, w->o);
	if (w->phase[0])
		cm_progress_end(&w->prog, wp_result_name(w->job.result));
	if (w->rec && w->job.cert_path)
		record(w);
	return NULL;
}

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

/* @opt's value @v is text for the certificate: 0, or the usage exit. */
static int check_text(const char *opt, const char *v, bool lines)
{
	char msg[256];
	long at = wp_cert_text_bad_at(v, lines);

	if (at < 0)
		return 0;
	snprintf(
		msg, sizeof(msg),
		"--%s is not printable UTF-8 text (byte %ld is 0x%02x): the certificate records it as text; pass it in UTF-8 without control characters",
		opt, at + 1, (unsigned)(unsigned char)v[at]);
	return cli_usage("erase", msg);
}

static bool one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

static void print_plan(const json_t *plan, const struct worker *w)
{
	char size[32];

	cm_size_human((uint64_t)json_integer_value(
			      json_object_get(plan, "size_bytes")),
		      size, sizeof(size));
	printf("plan for %s\n", w->job.target);
	printf("  identity:  %s %s, serial %s, %s\n",
	       w->job.info.vendor[0] ? w->job.info.vendor : "-",
	       w->job.info.model[0] ? w->job.info.model : "-",
	       w->job.info.serial[0] ? w->job.info.serial : "-", size);
	printf("  method:    %s (%s, %s)\n", cm_json_get_str(plan, "method"),
	       cm_json_get_str(plan, "category"),
	       cm_json_get_str(plan, "technique"));
	printf("  passes:    %lld\n",
	       (long long)json_integer_value(json_object_get(plan, "passes")));
	printf("  verify:    %s\n", cm_json_get_str(plan, "verify"));
	printf("  in use:    %s\n",
	       w->job.info.unsafe_detail[0] ? w->job.info.unsafe_detail : "no");
	if (cm_json_get_str(plan, "checkpoint"))
		printf("  checkpoint: %s (resume with --resume)\n",
		       cm_json_get_str(plan, "checkpoint"));
	printf("  dry run:   nothing was written\n");
}

/* The command line, parsed. */
struct erase_cli {
	struct wp_erase_opts o;
	const char *identity_dir;
	const char *pass_file;	/* --passphrase-file */
	const char *ledger;	/* --ledger */
	const char *method_arg; /* as typed: the prompt names it */
	bool yes, dry, json, json_prog, quiet, pdf;
	bool method_given, params_given;
};

/* The Appendix G options: 0 taken, -1 not one of them, or the exit code. */
static int parse_meta(int c, struct wp_cert_meta *meta)
{
	static const char *const dests[] = {"internal-reuse", "external-reuse",
					    "recycling",      "manufacturer",
					    "other",	      NULL};
	static const char *const backed[] = {"yes", "no", "unknown", NULL};

	switch (c) {
	case OPT_OPERATOR:
		meta->operator_name = optarg;
		break;
	case OPT_ASSET:
		meta->asset_tag = optarg;
		break;
	case OPT_SOURCE:
		meta->source = optarg;
		break;
	case OPT_CLASS:
		meta->classification = optarg;
		break;
	case OPT_BACKED:
		if (!one_of(optarg, backed))
			return cli_usage(
				"erase",
				"--data-backed-up takes yes, no or unknown");
		meta->data_backed_up = optarg;
		break;
	case OPT_BACKLOC:
		meta->backup_location = optarg;
		break;
	case OPT_DEST:
		if (!one_of(optarg, dests))
			return cli_usage(
				"erase",
				"--destination takes internal-reuse, external-reuse, recycling, manufacturer or other");
		meta->destination = optarg;
		break;
	case OPT_POSTCLASS:
		meta->post_classification = optarg;
		break;
	case OPT_NOTES:
		meta->notes = optarg;
		break;
	case OPT_CUSTOMER:
	case OPT_JOB:
		if (!label_ok(optarg))
			return cli_usage(
				"erase",
				"--customer and --job take 1 to 128 printable characters (UTF-8)");
		if (c == OPT_CUSTOMER)
			meta->customer = optarg;
		else
			meta->job = optarg;
		break;
	default:
		return -1;
	}
	/* certificate text is checked now: never erase, then fail to
	 * certify */
	for (const struct option *o = longopts; o->name; o++)
		if (o->val == c)
			return check_text(o->name, optarg, c == OPT_NOTES);
	return 0;
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
			return cli_usage("erase", err.msg);
		a->method_arg = optarg;
		a->method_given = true;
		return -1;
	}
	a->params_given = true;
	if (c == OPT_PASSES) {
		o->passes = (unsigned)strtoul(optarg, &end, 10);
		if (*end || o->passes < 1 || o->passes > 64)
			return cli_usage("erase", "--passes takes 1 to 64");
	} else if (c == OPT_VERIFY) {
		if (wp_verify_mode_parse(optarg, &o->verify) < 0)
			return cli_usage("erase",
					 "--verify takes full, sample or none");
	} else {
		o->sample_pct = strtod(optarg, &end);
		if (*end || !(o->sample_pct > 0 && o->sample_pct <= 100))
			return cli_usage(
				"erase",
				"--sample takes a percentage in (0, 100]");
		o->verify = WP_VERIFY_SAMPLE;
	}
	return -1;
}

/* The options into @a: -1 to go on, else the exit code. */
static int parse_opts(int argc, char **argv, struct erase_cli *a)
{
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
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
		case OPT_HELP:
			fputs(usage_text, stdout);
			return 0;
		default:
			rc = parse_meta(c, &a->o.meta);
			if (rc > 0)
				return rc;
			if (rc < 0)
				return cli_usage("erase", "unknown option");
		}
	}
	if (argc - optind < 1)
		return cli_usage("erase", "no device given");
	if (a->o.resume && (a->method_given || a->params_given))
		return cli_usage(
			"erase",
			"--resume continues the interrupted job as it was started: drop --method, --passes, --verify and --sample");
	return -1;
}

/* Guard every target before touching any; with --dry-run, plan each. */
static void guard_all(struct worker *ws, int n, const struct erase_cli *a,
		      json_t **jobs)
{
	for (int i = 0; i < n; i++) {
		struct worker *w = &ws[i];
		json_t *plan = NULL;

		cm_err_clear(&w->job.err);
		if (wp_guard_check(&w->job, a->o.force_unsafe, &w->job.err) <
			    0 ||
		    wp_cert_inputs_check(w->job.target, &w->job.info,
					 &a->o.meta, a->o.identity,
					 &w->job.err) < 0 ||
		    (a->dry &&
		     wp_erase_plan(&w->job, &a->o, &plan, &w->job.err) < 0)) {
			w->refused = true;
			w->exit_code = cli_exit_code(&w->job.err);
			continue;
		}
		if (!a->dry)
			continue;
		if (a->json) {
			if (!*jobs)
				*jobs = json_array();
			json_array_append_new(*jobs, plan);
		} else {
			print_plan(plan, w);
			json_decref(plan);
		}
		w->exit_code = 0;
	}
}

/* Ask for each target still to be erased, unless --yes. */
static void confirm_all(struct worker *ws, int n, const struct erase_cli *a)
{
	for (int i = 0; i < n; i++) {
		struct worker *w = &ws[i];

		if (w->refused || a->yes)
			continue;
		if (!cli_confirm_erase(&w->job, a->o.resume ? "resume"
							    : a->method_arg)) {
			cm_err_setk(&w->job.err, -ECANCELED, CM_ERR_NEGATIVE,
				    "not confirmed: '%s' left untouched",
				    w->job.target);
			w->refused = true;
			w->exit_code = cli_exit_code(&w->job.err);
		}
	}
}

/* Erase the confirmed targets in parallel: 0, or the exit code. */
static int run_all(struct worker *ws, int n)
{
	struct cm_err err;

	cli_signal_catch();
	cm_err_clear(&err);
	if (cm_crypto_init(&err) < 0)
		return cli_fail("erase", &err);
	for (int i = 0; i < n; i++) {
		if (ws[i].refused)
			continue;
		if (pthread_create(&ws[i].th, NULL, work, &ws[i]) == 0)
			ws[i].started = true;
		else
			work(&ws[i]);
	}
	for (int i = 0; i < n; i++)
		if (ws[i].started)
			pthread_join(ws[i].th, NULL);
	return 0;
}

/* One job of the sanitas.erase-result/1 document. */
static json_t *job_json(const struct worker *w)
{
	json_t *j = json_pack(
		"{s:s, s:o, s:o, s:o, s:i, s:o, s:o}", "device", w->job.target,
		"method", cm_json_str_or_null(w->job.method_name), "result",
		w->refused || !w->job.method_name
			? json_string("refused")
			: json_string(wp_result_name(w->job.result)),
		"verification",
		w->refused ? json_null() : json_string(w->job.verification),
		"exit_code", w->exit_code, "certificate",
		cm_json_str_or_null(w->job.cert_path), "error",
		cm_json_str_or_null(w->exit_code ? w->job.err.msg : NULL));

	if (j && w->job.cert_path) {
		char sig[4096];

		snprintf(sig, sizeof(sig), "%s.p7s", w->job.cert_path);
		json_object_set_new(j, "signature", json_string(sig));
		if (w->pdf)
			json_object_set_new(j, "pdf", json_string(w->pdf));
	}
	if (j && w->rec) {
		static const char *const names[] = {"not-issued", "recorded",
						    "already-recorded",
						    "not-recorded"};

		json_object_set_new(j, "ledger",
				    json_string(names[w->recorded]));
		if (w->recorded == REC_FAILED)
			json_object_set_new(j, "ledger_error",
					    json_string(w->rec_err.msg));
	}
	return j;
}

static void print_summary(const struct worker *ws, int n)
{
	printf("%-24s %-24s %-12s %-11s %s\n", "DEVICE", "METHOD", "RESULT",
	       "VERIFY", "CERTIFICATE");
	for (int i = 0; i < n; i++) {
		const struct worker *w = &ws[i];

		printf("%-24s %-24s %-12s %-11s %s\n", w->job.target,
		       w->job.method_name ? w->job.method_name : "-",
		       w->refused || !w->job.method_name
			       ? "refused"
			       : wp_result_name(w->job.result),
		       w->refused ? "-" : w->job.verification,
		       w->job.cert_path ? w->job.cert_path : "-");
	}
}

/* Each job's exit code, the messages, the summary; returns the worst. */
static int report(struct worker *ws, int n, const struct erase_cli *a,
		  json_t *jobs)
{
	struct cm_err err;
	json_t *out;
	int worst = 0;

	for (int i = 0; i < n; i++) {
		struct worker *w = &ws[i];

		if (!a->dry && !w->refused)
			w->exit_code = cli_exit_code(&w->job.err);
		if (w->recorded == REC_FAILED) {
			/* the certificate stands; the ledger lacks it */
			if (!w->exit_code)
				w->exit_code = cli_exit_code(&w->rec_err);
			fprintf(stderr,
				"wipe: erase: %s: the certificate %s was written but not recorded in the ledger: %s (record it with 'wipe ledger add %s')\n",
				w->job.target, w->job.cert_path, w->rec_err.msg,
				w->job.cert_path);
		}
		if (w->pdf_failed && !w->exit_code)
			w->exit_code = CLI_EXIT_CANTCREAT;
		if (w->exit_code > worst)
			worst = w->exit_code;
		if (a->dry && !w->refused)
			continue;
		if (a->json) {
			if (!jobs)
				jobs = json_array();
			json_array_append_new(jobs, job_json(w));
		} else if (w->exit_code) {
			fprintf(stderr, "wipe: erase: %s\n",
				w->job.err.msg[0] ? w->job.err.msg : "failed");
		}
	}
	if (a->json) {
		out = json_pack("{s:s, s:b, s:o, s:i}", "schema",
				a->dry ? "sanitas.erase-plan/1"
				       : "sanitas.erase-result/1",
				"dry_run", a->dry, "jobs",
				jobs ? jobs : json_array(), "exit_code", worst);
		/* the drives' outcome outranks a lost summary */
		cm_err_clear(&err);
		if (cli_json_print(out, &err)) {
			int wrc = cli_fail("erase", &err);

			if (!worst)
				worst = wrc;
		}
		json_decref(out);
	} else if (!a->dry) {
		print_summary(ws, n);
	}
	return worst;
}

/* --pdf: each certificate issued, rendered beside it */
static void render_pdfs(struct worker *ws, int n, const char *identity_dir)
{
	char ca[4096];

	snprintf(ca, sizeof(ca), "%s/cert.pem", identity_dir);
	for (int i = 0; i < n; i++) {
		struct cm_err err;

		if (!ws[i].job.cert_path)
			continue;
		cm_err_clear(&err);
		if (wp_cert_pdf_beside(ws[i].job.cert_path, ca, &ws[i].pdf,
				       &err) < 0) {
			ws[i].pdf_failed = true;
			fprintf(stderr,
				"wipe: erase: %s: the certificate %s was written but not its PDF: %s (render it with 'wipe cert pdf %s')\n",
				ws[i].job.target, ws[i].job.cert_path, err.msg,
				ws[i].job.cert_path);
		}
	}
}

int cmd_erase(int argc, char **argv)
{
	struct erase_cli a = {.o = {.passes = 1,
				    .verify = WP_VERIFY_FULL,
				    .sample_pct = 5.0,
				    .cert_dir = "certificates",
				    .stop = &cli_interrupted,
				    .progress = progress_cb},
			      .method_arg = "auto"};
	struct cm_identity id = {0};
	struct recorder rec = {.lock = PTHREAD_MUTEX_INITIALIZER};
	struct worker *ws = NULL;
	struct cm_err err;
	json_t *jobs = NULL;
	int ntargets, worst = 0, rc;

	wp_method_request(WP_M_AUTO, &a.o.method);
	a.identity_dir = cli_default_identity();
	a.o.state_dir = cli_default_state_dir();
	rc = parse_opts(argc, argv, &a);
	if (rc >= 0)
		return rc;
	ntargets = argc - optind;
	/* the same device or file under two names is one target */
	cm_err_clear(&err);
	if (wp_guard_distinct(argv + optind, ntargets, &err) < 0) {
		cli_usage("erase", err.msg);
		return cli_exit_code(&err);
	}
	ws = calloc((size_t)ntargets, sizeof(*ws));
	if (!ws)
		return CLI_EXIT_SOFTWARE;
	for (int i = 0; i < ntargets; i++) {
		ws[i].job.target = argv[optind + i];
		ws[i].job.user = &ws[i];
		ws[i].o = &a.o;
		ws[i].print = cli_progress_pick(a.json_prog, a.quiet || a.json);
	}
	/* the identity first, unlocked: without it nothing could be
	 * certified, and a wrong passphrase must stop us before any write */
	if (!a.dry) {
		cm_err_clear(&err);
		if (cli_identity_unlock(&id, a.identity_dir, a.pass_file,
					&err) < 0) {
			if (cm_err_kind(&err) == CM_ERR_KEYLOCKED)
				cm_err_wrap(&err, "nothing was erased");
			else
				cm_err_wrap(
					&err,
					"cannot load the signing identity (create one with 'wipe identity create DIR --org ORG --operator NAME', pass --identity DIR)");
			worst = cli_fail("erase", &err);
			goto out;
		}
		a.o.identity = &id;
	}
	/* the ledger before any erase: a certificate it would refuse is
	 * better known now than after the drives are gone */
	if (!a.dry && a.ledger) {
		cm_err_clear(&err);
		if (wp_ledger_open(a.ledger, &rec.l, &err) < 0 ||
		    wp_ledger_accepts(rec.l, &id, &err) < 0) {
			cm_err_wrap(&err, "--ledger %s", a.ledger);
			worst = cli_fail("erase", &err);
			goto out;
		}
		for (int i = 0; i < ntargets; i++)
			ws[i].rec = &rec;
	}
	guard_all(ws, ntargets, &a, &jobs);
	if (!a.dry) {
		confirm_all(ws, ntargets, &a);
		worst = run_all(ws, ntargets);
		if (worst)
			goto out;
	}
	if (a.pdf && !a.dry)
		render_pdfs(ws, ntargets, a.identity_dir);
	worst = report(ws, ntargets, &a, jobs);
	jobs = NULL;
out:
	json_decref(jobs);
	for (int i = 0; i < ntargets; i++) {
		wp_job_release(&ws[i].job);
		free(ws[i].pdf);
	}
	free(ws);
	wp_ledger_close(rec.l);
	pthread_mutex_destroy(&rec.lock);
	cm_identity_release(&id);
	return worst;
}
