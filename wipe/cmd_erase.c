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
#include "cm_time.h"
#include "cm_tsa.h"
#include "cmd_erase.h"
#include "cmds.h"
#include "wp_cert_pdf.h"
#include "wp_cert_text.h"
#include "wp_erase.h"
#include "wp_guard.h"
#include "wp_ingest.h"
#include "wp_ledger.h"

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
	const char *tsa; /* --tsa URL (borrowed), NULL for none */
	bool stamped;	 /* a token lies beside the certificate */
	struct cm_err tsa_err;
	time_t tsa_time;
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
	rc = wp_ledger_ingest(w->rec->l, paths, 1, NULL, rejected, w, &st,
			      &w->rec_err);
	pthread_mutex_unlock(&w->rec->lock);
	if (rc == 0)
		w->recorded = st.stored ? REC_STORED : REC_ALREADY;
	else
		w->recorded = REC_FAILED;
	wp_ingest_stats_release(&st);
}

/* --tsa: a token over the certificate's signature, beside it */
static void stamp(struct worker *w)
{
	struct cm_tsa_info info;
	char sig[4096];

	cm_err_clear(&w->tsa_err);
	snprintf(sig, sizeof(sig), "%s.p7s", w->job.cert_path);
	if (cm_tsa_stamp_file(w->tsa, sig, &info, &w->tsa_err) == 0) {
		w->stamped = true;
		w->tsa_time = info.gen_time;
	} else if (w->tsa_err.kind == CM_ERR_NONE ||
		   w->tsa_err.kind == CM_ERR_NEGATIVE) {
		/* the certificate stands; a TSA that answers wrong is one
		 * that gave no service */
		w->tsa_err.kind = CM_ERR_UNAVAILABLE;
	}
}

static void *work(void *arg)
{
	struct worker *w = arg;

	wp_erase_run(&w->job, w->o);
	if (w->phase[0])
		cm_progress_end(&w->prog, wp_result_name(w->job.result));
	if (w->tsa && w->job.cert_path)
		stamp(w);
	if (w->rec && w->job.cert_path)
		record(w);
	return NULL;
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
		if (w->tsa && w->job.cert_path && !w->stamped) {
			/* the certificate stands, its time the signer's claim */
			if (!w->exit_code)
				w->exit_code = cli_exit_code(&w->tsa_err);
			fprintf(stderr,
				"wipe: erase: %s: the certificate %s was written, but has no time-stamp: %s (its time is the station's own claim)\n",
				w->job.target, w->job.cert_path,
				w->tsa_err.msg);
		}
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
	rc = cmd_erase_parse(argc, argv, &a);
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
		if (!a.tsa)
			a.tsa = id.tsa_url;
	}
	/* the TSA before any erase: one that cannot be reached is better
	 * known now than after the drives are gone */
	if (!a.dry && a.tsa) {
		cm_err_clear(&err);
		if (cm_tsa_probe(a.tsa, a.tsa_ca, &err) < 0) {
			cm_err_wrap(&err, "--tsa %s: nothing was erased",
				    a.tsa);
			worst = cli_fail("erase", &err);
			goto out;
		}
		for (int i = 0; i < ntargets; i++)
			ws[i].tsa = a.tsa;
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
