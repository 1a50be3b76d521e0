// SPDX-License-Identifier: Apache-2.0
/* wipe erase: guard, confirm, erase in parallel, certify, summarise. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cli_signal.h"
#include "cm_json.h"
#include "cm_progress.h"
#include "cm_random.h"
#include "cmds.h"
#include "wp_erase.h"

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
	"  --cert-dir DIR       where certificates go (default ./certificates)\n"
	"  --state-dir DIR      checkpoints (default $SANITAS_STATE_DIR or\n"
	"                       /var/lib/sanitas/checkpoints)\n"
	"  --operator NAME      --asset-tag TAG  --source S  --classification C\n"
	"  --data-backed-up yes|no|unknown  --backup-location L\n"
	"  --destination internal-reuse|external-reuse|recycling|manufacturer|other\n"
	"  --post-classification C  --notes TEXT\n"
	"                       NIST SP 800-88 Appendix G fields\n"
	"  --json               one JSON document on stdout\n"
	"  --json-progress      progress as JSON lines on stderr\n"
	"  --quiet              no progress\n"
	"\n"
	"Exit: 0 all erased and verified; 1 verification found data; 64 usage;\n"
	"66 no such device; 69 method unsupported by the device; 73 cannot\n"
	"write a certificate; 74 I/O error; 75 refused (in use, system disk);\n"
	"77 read-only or permission; 130 interrupted. With several devices,\n"
	"the worst.\n";

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
	{"json", no_argument, NULL, OPT_JSON},
	{"json-progress", no_argument, NULL, OPT_JSONPROG},
	{"quiet", no_argument, NULL, OPT_QUIET},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

struct worker {
	struct wp_erase_job job;
	const struct wp_erase_opts *o;
	struct cm_progress prog;
	enum cm_progress_mode mode;
	char phase[32];
	pthread_t th;
	bool started;
	bool refused; /* guard said no: never opened for writing */
	int exit_code;
};

static void progress_cb(void *ctx, const char *phase, uint64_t done,
			uint64_t total)
{
	struct wp_erase_job *job = ctx;
	struct worker *w = job->user;

	if (strcmp(w->phase, phase)) {
		if (w->phase[0])
			cm_progress_end(&w->prog, "done");
		snprintf(w->phase, sizeof(w->phase), "%s", phase);
		cm_progress_begin(&w->prog, w->mode, job->target, phase, total);
	}
	cm_progress_update(&w->prog, done);
}

static void *work(void *arg)
{
	struct worker *w = arg;

	wp_erase_run(&w->job, w->o);
	if (w->phase[0])
		cm_progress_end(&w->prog, wp_result_name(w->job.result));
	return NULL;
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

	cli_size((uint64_t)json_integer_value(
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

int cmd_erase(int argc, char **argv)
{
	struct wp_erase_opts o = {.method = "auto",
				  .passes = 1,
				  .verify = WP_VERIFY_FULL,
				  .sample_pct = 5.0,
				  .cert_dir = "certificates",
				  .stop = &cli_interrupted,
				  .progress = progress_cb};
	static const char *const dests[] = {"internal-reuse", "external-reuse",
					    "recycling",      "manufacturer",
					    "other",	      NULL};
	static const char *const backed[] = {"yes", "no", "unknown", NULL};
	const char *identity_dir = cli_default_identity();
	bool yes = false, dry = false, json = false, json_prog = false;
	bool quiet = false, method_given = false, params_given = false;
	struct cm_identity id = {0};
	struct worker *ws = NULL;
	struct cm_err err;
	json_t *out = NULL, *jobs = NULL;
	int ntargets, worst = 0, c;

	o.state_dir = cli_default_state_dir();
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		char *end;

		switch (c) {
		case OPT_METHOD:
			o.method = optarg;
			method_given = true;
			break;
		case OPT_PASSES:
			params_given = true;
			o.passes = (unsigned)strtoul(optarg, &end, 10);
			if (*end || o.passes < 1 || o.passes > 64)
				return cli_usage("erase",
						 "--passes takes 1 to 64");
			break;
		case OPT_VERIFY:
			params_given = true;
			if (!strcmp(optarg, "full"))
				o.verify = WP_VERIFY_FULL;
			else if (!strcmp(optarg, "sample"))
				o.verify = WP_VERIFY_SAMPLE;
			else if (!strcmp(optarg, "none"))
				o.verify = WP_VERIFY_NONE;
			else
				return cli_usage(
					"erase",
					"--verify takes full, sample or none");
			break;
		case OPT_SAMPLE:
			params_given = true;
			o.sample_pct = strtod(optarg, &end);
			if (*end || !(o.sample_pct > 0 && o.sample_pct <= 100))
				return cli_usage(
					"erase",
					"--sample takes a percentage in (0, 100]");
			o.verify = WP_VERIFY_SAMPLE;
			break;
		case OPT_YES:
			yes = true;
			break;
		case OPT_DRY:
			dry = true;
			break;
		case OPT_FORCE:
			o.force_unsafe = true;
			break;
		case OPT_RESUME:
			o.resume = true;
			break;
		case OPT_HPA:
			o.remove_hpa = true;
			break;
		case OPT_IDENTITY:
			identity_dir = optarg;
			break;
		case OPT_CERTDIR:
			o.cert_dir = optarg;
			break;
		case OPT_STATEDIR:
			o.state_dir = optarg;
			break;
		case OPT_OPERATOR:
			o.meta.operator_name = optarg;
			break;
		case OPT_ASSET:
			o.meta.asset_tag = optarg;
			break;
		case OPT_SOURCE:
			o.meta.source = optarg;
			break;
		case OPT_CLASS:
			o.meta.classification = optarg;
			break;
		case OPT_BACKED:
			if (!one_of(optarg, backed))
				return cli_usage(
					"erase",
					"--data-backed-up takes yes, no or unknown");
			o.meta.data_backed_up = optarg;
			break;
		case OPT_BACKLOC:
			o.meta.backup_location = optarg;
			break;
		case OPT_DEST:
			if (!one_of(optarg, dests))
				return cli_usage(
					"erase",
					"--destination takes internal-reuse, external-reuse, recycling, manufacturer or other");
			o.meta.destination = optarg;
			break;
		case OPT_POSTCLASS:
			o.meta.post_classification = optarg;
			break;
		case OPT_NOTES:
			o.meta.notes = optarg;
			break;
		case OPT_JSON:
			json = true;
			break;
		case OPT_JSONPROG:
			json_prog = true;
			break;
		case OPT_QUIET:
			quiet = true;
			break;
		case OPT_HELP:
			fputs(usage_text, stdout);
			return 0;
		default:
			return cli_usage("erase", "unknown option");
		}
	}
	ntargets = argc - optind;
	if (ntargets < 1)
		return cli_usage("erase", "no device given");
	if (o.resume && (method_given || params_given))
		return cli_usage(
			"erase",
			"--resume continues the interrupted job as it was started: drop --method, --passes, --verify and --sample");
	ws = calloc((size_t)ntargets, sizeof(*ws));
	if (!ws)
		return CLI_EXIT_SOFTWARE;
	for (int i = 0; i < ntargets; i++) {
		struct stat si, sk;
		bool have = stat(argv[optind + i], &si) == 0;

		/* the same device or file under two names is one target */
		for (int k = 0; k < i; k++)
			if (!strcmp(argv[optind + i], argv[optind + k]) ||
			    (have && stat(argv[optind + k], &sk) == 0 &&
			     (S_ISBLK(si.st_mode)
				      ? S_ISBLK(sk.st_mode) &&
						si.st_rdev == sk.st_rdev
				      : si.st_dev == sk.st_dev &&
						si.st_ino == sk.st_ino))) {
				free(ws);
				return cli_usage("erase",
						 "a device is named twice");
			}
		ws[i].job.target = argv[optind + i];
		ws[i].job.user = &ws[i];
		ws[i].o = &o;
		ws[i].mode = cm_progress_pick(json_prog, quiet || json);
	}
	/* the identity first: without it nothing could be certified */
	if (!dry) {
		cm_err_clear(&err);
		if (cm_identity_load(&id, identity_dir, &err) < 0) {
			cm_err_wrap(
				&err,
				"cannot load the signing identity (create one with 'wipe identity create DIR --org ORG --operator NAME', pass --identity DIR)");
			worst = cli_fail("erase", &err);
			goto out;
		}
		o.identity = &id;
	}
	/* guard every target before touching any */
	for (int i = 0; i < ntargets; i++) {
		struct worker *w = &ws[i];
		int rc;

		cm_err_clear(&w->job.err);
		rc = wp_erase_guard(&w->job, &o, &w->job.err);
		if (rc < 0) {
			w->refused = true;
			w->exit_code = cli_exit_code(&w->job.err);
			continue;
		}
		if (dry) {
			json_t *plan = NULL;

			rc = wp_erase_plan(&w->job, &o, &plan, &w->job.err);
			if (rc < 0) {
				w->refused = true;
				w->exit_code = cli_exit_code(&w->job.err);
				continue;
			}
			if (json) {
				if (!jobs)
					jobs = json_array();
				json_array_append_new(jobs, plan);
			} else {
				print_plan(plan, w);
				json_decref(plan);
			}
			w->exit_code = 0;
		}
	}
	if (dry)
		goto report;
	for (int i = 0; i < ntargets; i++) {
		struct worker *w = &ws[i];

		if (w->refused || yes)
			continue;
		if (!cli_confirm_erase(&w->job,
				       o.resume ? "resume" : o.method)) {
			cm_err_setk(&w->job.err, -ECANCELED, CM_ERR_NEGATIVE,
				    "not confirmed: '%s' left untouched",
				    w->job.target);
			w->refused = true;
			w->exit_code = CLI_EXIT_NEGATIVE;
		}
	}
	cli_signal_catch();
	cm_err_clear(&err);
	if (cm_crypto_init(&err) < 0) {
		worst = cli_fail("erase", &err);
		goto out;
	}
	for (int i = 0; i < ntargets; i++) {
		if (ws[i].refused)
			continue;
		if (pthread_create(&ws[i].th, NULL, work, &ws[i]) == 0)
			ws[i].started = true;
		else
			work(&ws[i]);
	}
	for (int i = 0; i < ntargets; i++)
		if (ws[i].started)
			pthread_join(ws[i].th, NULL);
report:
	for (int i = 0; i < ntargets; i++) {
		struct worker *w = &ws[i];

		if (!dry && !w->refused)
			w->exit_code = cli_exit_for_kind(w->job.outcome);
		if (w->exit_code > worst)
			worst = w->exit_code;
		if (dry && !w->refused)
			continue;
		if (json) {
			if (!jobs)
				jobs = json_array();
			json_array_append_new(
				jobs,
				json_pack(
					"{s:s, s:o, s:o, s:o, s:i, s:o, s:o}",
					"device", w->job.target, "method",
					cm_json_str_or_null(w->job.method_name),
					"result",
					w->refused || !w->job.method_name
						? json_string("refused")
						: json_string(wp_result_name(
							  w->job.result)),
					"verification",
					w->refused
						? json_null()
						: json_string(
							  w->job.verification),
					"exit_code", w->exit_code,
					"certificate",
					cm_json_str_or_null(w->job.cert_path),
					"error",
					cm_json_str_or_null(
						w->exit_code ? w->job.err.msg
							     : NULL)));
			if (w->job.cert_path) {
				char sig[4096];

				snprintf(sig, sizeof(sig), "%s.p7s",
					 w->job.cert_path);
				json_object_set_new(
					json_array_get(jobs,
						       json_array_size(jobs) -
							       1),
					"signature", json_string(sig));
			}
		} else if (w->exit_code) {
			fprintf(stderr, "wipe: erase: %s\n",
				w->job.err.msg[0] ? w->job.err.msg : "failed");
		}
	}
	if (json) {
		out = json_pack("{s:s, s:b, s:o, s:i}", "schema",
				dry ? "sanitas.erase-plan/1"
				    : "sanitas.erase-result/1",
				"dry_run", dry, "jobs",
				jobs ? jobs : json_array(), "exit_code", worst);
		jobs = NULL;
		cm_json_print(out);
	} else if (!dry) {
		printf("%-24s %-24s %-12s %-11s %s\n", "DEVICE", "METHOD",
		       "RESULT", "VERIFY", "CERTIFICATE");
		for (int i = 0; i < ntargets; i++) {
			struct worker *w = &ws[i];

			printf("%-24s %-24s %-12s %-11s %s\n", w->job.target,
			       w->job.method_name ? w->job.method_name : "-",
			       w->refused || !w->job.method_name
				       ? "refused"
				       : wp_result_name(w->job.result),
			       w->refused ? "-" : w->job.verification,
			       w->job.cert_path ? w->job.cert_path : "-");
		}
	}
out:
	json_decref(out);
	json_decref(jobs);
	for (int i = 0; i < ntargets; i++)
		wp_erase_job_release(&ws[i].job);
	free(ws);
	cm_identity_release(&id);
	return worst;
}
