// SPDX-License-Identifier: Apache-2.0
/*
 * wipe erase: options parsed into the core's types, guard, confirm, erase
 * in parallel, certify, summarise.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_json.h"
#include "cli_progress.h"
#include "cli_signal.h"
#include "cm_json.h"
#include "cm_size.h"
#include "cm_time.h"
#include "cm_tsa.h"
#include "cmd_erase.h"
#include "cmds.h"
#include "wp_cert_text.h"
#include "wp_erase.h"
#include "wp_guard.h"

static void print_plan(const json_t *plan, const struct erase_worker *w)
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

/* --dry-run: each plan, printed or into the JSON document's jobs */
static void show_plans(struct erase_run *r, json_t **jobs)
{
	for (int i = 0; i < r->n; i++) {
		struct erase_worker *w = &r->ws[i];

		if (w->refused || !w->plan)
			continue;
		if (r->a->json) {
			if (!*jobs)
				*jobs = json_array();
			json_array_append_new(*jobs, w->plan);
		} else {
			print_plan(w->plan, w);
			json_decref(w->plan);
		}
		w->plan = NULL;
	}
}

/* Ask for each target still to be erased, unless --yes. */
static void confirm_all(struct erase_worker *ws, int n,
			const struct erase_cli *a)
{
	for (int i = 0; i < n; i++) {
		struct erase_worker *w = &ws[i];

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

/* One job of the sanitas.erase-result/1 document. */
static json_t *job_json(const struct erase_worker *w)
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
		if (w->tsa) {
			char tsr[4100], when[CM_RFC3339_LEN];

			snprintf(tsr, sizeof(tsr), "%s" CM_TSA_SUFFIX, sig);
			if (w->stamped)
				cm_time_rfc3339(w->tsa_time, when);
			json_object_set_new(j, "timestamp",
					    w->stamped ? json_string(tsr)
						       : json_null());
			json_object_set_new(j, "tsa_time",
					    w->stamped ? json_string(when)
						       : json_null());
		}
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

static void print_summary(const struct erase_worker *ws, int n)
{
	printf("%-24s %-24s %-12s %-11s %s\n", "DEVICE", "METHOD", "RESULT",
	       "VERIFY", "CERTIFICATE");
	for (int i = 0; i < n; i++) {
		const struct erase_worker *w = &ws[i];

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
static int report(struct erase_worker *ws, int n, const struct erase_cli *a,
		  json_t *jobs)
{
	struct cm_err err;
	json_t *out;
	int worst = 0;

	for (int i = 0; i < n; i++) {
		struct erase_worker *w = &ws[i];

		erase_worker_exit(w, a->dry);
		if (w->recorded == REC_FAILED)
			fprintf(stderr,
				"wipe: erase: %s: the certificate %s was written but not recorded in the ledger: %s (record it with 'wipe ledger add %s')\n",
				w->job.target, w->job.cert_path, w->rec_err.msg,
				w->job.cert_path);
		if (w->pdf_failed)
			fprintf(stderr,
				"wipe: erase: %s: the certificate %s was written but not its PDF: %s (render it with 'wipe cert pdf %s')\n",
				w->job.target, w->job.cert_path, w->pdf_err.msg,
				w->job.cert_path);
		if (w->tsa && w->job.cert_path && !w->stamped)
			fprintf(stderr,
				"wipe: erase: %s: the certificate %s was written, but has no time-stamp: %s (its time is the station's own claim)\n",
				w->job.target, w->job.cert_path,
				w->tsa_err.msg);
		if (w->exit_code > worst)
			worst = w->exit_code;
		if (a->dry && !w->refused)
			continue;
		if (a->json) {
			if (!jobs)
				jobs = json_array();
			json_array_append_new(jobs, job_json(w));
		} else if (w->exit_code) {
			/* escaped and never empty, as every error is */
			cli_fail("erase", &w->job.err);
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

int cmd_erase(int argc, char **argv)
{
	struct erase_cli a = {.o = {.passes = 1,
				    .verify = WP_VERIFY_FULL,
				    .sample_pct = 5.0,
				    .cert_dir = "certificates",
				    .stop = &cli_interrupted},
			      .method_arg = "auto"};
	struct erase_run r;
	struct cm_err err;
	json_t *jobs = NULL;
	int ntargets, worst = 0, rc;

	wp_method_request(WP_M_AUTO, &a.o.method);
	a.identity_dir = cli_default_identity();
	a.o.state_dir = cli_default_state_dir();
	rc = cmd_erase_parse(argc, argv, &a, NULL);
	if (rc >= 0)
		return rc;
	ntargets = argc - optind;
	/* the same device or file under two names is one target */
	cm_err_clear(&err);
	if (wp_guard_distinct(argv + optind, ntargets, &err) < 0) {
		cli_usage("erase", err.msg);
		return cli_exit_code(&err);
	}
	erase_run_init(&r, &a);
	if (erase_run_targets(
		    &r, argv + optind, ntargets,
		    cli_progress_pick(a.json_prog, a.quiet || a.json)) < 0) {
		worst = CLI_EXIT_SOFTWARE;
		goto out;
	}
	if (!a.dry) {
		worst = erase_run_prepare(&r);
		if (worst)
			goto out;
	}
	erase_run_guard(&r);
	if (a.dry) {
		show_plans(&r, &jobs);
	} else {
		confirm_all(r.ws, ntargets, &a);
		worst = erase_run_start(&r);
		erase_run_join(&r);
		if (worst)
			goto out;
	}
	if (a.pdf && !a.dry)
		erase_run_pdfs(&r);
	worst = report(r.ws, ntargets, &a, jobs);
	jobs = NULL;
out:
	json_decref(jobs);
	erase_run_release(&r);
	return worst;
}
