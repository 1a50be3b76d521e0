// SPDX-License-Identifier: Apache-2.0
/*
 * The run of an erase, shared by wipe erase and wipe station: the
 * identity, TSA and ledger set up before any erase, every target guarded,
 * the jobs run in parallel threads through wp_erase_run(), each
 * certificate then time-stamped, recorded and rendered. Nothing here
 * prints but cli_fail() of a set-up failure (before any screen).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_passphrase.h"
#include "cli_signal.h"
#include "cm_random.h"
#include "cm_tsa.h"
#include "cmd_erase.h"
#include "wp_cert_pdf.h"
#include "wp_cert_text.h"
#include "wp_guard.h"
#include "wp_ingest.h"
#include "wp_ledger.h"

static void progress_cb(void *ctx, const char *phase, uint64_t done,
			uint64_t total)
{
	struct wp_job *job = ctx;
	struct erase_worker *w = job->user;

	if (strcmp(w->phase, phase)) {
		if (w->phase[0])
			cm_progress_end(&w->prog, "done");
		snprintf(w->phase, sizeof(w->phase), "%s", phase);
		cm_progress_begin(&w->prog, w->print,
				  w->print_ctx ? w->print_ctx : w, job->target,
				  phase, total);
	}
	cm_progress_update(&w->prog, done);
}

void erase_run_init(struct erase_run *r, struct erase_cli *a)
{
	memset(r, 0, sizeof(*r));
	r->a = a;
	pthread_mutex_init(&r->rec.lock, NULL);
}

/* What the set-up gave every worker: the identity, TSA and ledger. */
static void wire(struct erase_run *r, struct erase_worker *w)
{
	w->o.identity = r->a->o.identity;
	w->tsa = r->a->tsa;
	w->rec = r->rec.l ? &r->rec : NULL;
}

static void free_workers(struct erase_run *r)
{
	erase_run_join(r);
	for (int i = 0; r->ws && i < r->n; i++) {
		wp_job_release(&r->ws[i].job);
		json_decref(r->ws[i].plan);
		free(r->ws[i].pdf);
	}
	free(r->ws);
	r->ws = NULL;
	r->n = 0;
}

int erase_run_targets(struct erase_run *r, char *const *targets, int n,
		      cm_progress_fn print)
{
	free_workers(r);
	r->ws = calloc(n ? (size_t)n : 1, sizeof(*r->ws));
	if (!r->ws)
		return -1;
	r->n = n;
	for (int i = 0; i < n; i++) {
		struct erase_worker *w = &r->ws[i];

		w->job.target = targets[i];
		w->job.user = w;
		w->o = r->a->o;
		w->o.progress = progress_cb;
		w->print = print;
		atomic_init(&w->finished, false);
		wire(r, w);
	}
	return 0;
}

static void rejected(void *ctx, const char *path, const struct cm_err *why)
{
	struct erase_worker *w = ctx;

	(void)path;
	w->rec_err = *why;
	if (w->rec_err.kind == CM_ERR_NONE)
		w->rec_err.kind = CM_ERR_DATAERR;
}

/* Record @w's certificate in the ledger, whatever the job's outcome. */
static void record(struct erase_worker *w)
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
static void stamp(struct erase_worker *w)
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
	struct erase_worker *w = arg;

	wp_erase_run(&w->job, &w->o);
	if (w->phase[0])
		cm_progress_end(&w->prog, wp_result_name(w->job.result));
	if (w->tsa && w->job.cert_path)
		stamp(w);
	if (w->rec && w->job.cert_path)
		record(w);
	atomic_store(&w->finished, true);
	return NULL;
}

int erase_run_prepare(struct erase_run *r)
{
	struct erase_cli *a = r->a;
	const char *verb = a->verb ? a->verb : "erase";
	struct cm_err err;

	/* the identity first, unlocked: without it nothing could be
	 * certified, and a wrong passphrase must stop us before any write */
	cm_err_clear(&err);
	if (cli_identity_unlock(&r->id, a->identity_dir, a->pass_file, &err) <
	    0) {
		if (cm_err_kind(&err) == CM_ERR_KEYLOCKED)
			cm_err_wrap(&err, "nothing was erased");
		else
			cm_err_wrap(
				&err,
				"cannot load the signing identity (create one with 'wipe identity create DIR --org ORG --operator NAME', pass --identity DIR)");
		return cli_fail(verb, &err);
	}
	a->o.identity = &r->id;
	if (!a->tsa)
		a->tsa = r->id.tsa_url;
	/* the TSA before any erase: one that cannot be reached is better
	 * known now than after the drives are gone */
	if (a->tsa) {
		cm_err_clear(&err);
		if (cm_tsa_probe(a->tsa, a->tsa_ca, &err) < 0) {
			cm_err_wrap(&err, "--tsa %s: nothing was erased",
				    a->tsa);
			return cli_fail(verb, &err);
		}
	}
	/* the ledger before any erase: a certificate it would refuse is
	 * better known now than after the drives are gone */
	if (a->ledger) {
		cm_err_clear(&err);
		if (wp_ledger_open(a->ledger, &r->rec.l, &err) < 0 ||
		    wp_ledger_accepts(r->rec.l, &r->id, &err) < 0) {
			cm_err_wrap(&err, "--ledger %s", a->ledger);
			return cli_fail(verb, &err);
		}
	}
	for (int i = 0; i < r->n; i++)
		wire(r, &r->ws[i]);
	return 0;
}

void erase_run_guard(struct erase_run *r)
{
	const struct erase_cli *a = r->a;

	for (int i = 0; i < r->n; i++) {
		struct erase_worker *w = &r->ws[i];

		cm_err_clear(&w->job.err);
		if (wp_guard_check(&w->job, w->o.force_unsafe, &w->job.err) <
			    0 ||
		    wp_cert_inputs_check(w->job.target, &w->job.info,
					 &w->o.meta, w->o.identity,
					 &w->job.err) < 0 ||
		    (a->dry && wp_erase_plan(&w->job, &w->o, &w->plan,
					     &w->job.err) < 0)) {
			w->refused = true;
			w->exit_code = cli_exit_code(&w->job.err);
			continue;
		}
		w->exit_code = 0;
	}
}

int erase_run_start(struct erase_run *r)
{
	struct cm_err err;

	cli_signal_catch();
	cm_err_clear(&err);
	if (cm_crypto_init(&err) < 0)
		return cli_fail(r->a->verb ? r->a->verb : "erase", &err);
	for (int i = 0; i < r->n; i++) {
		struct erase_worker *w = &r->ws[i];

		if (w->refused) {
			atomic_store(&w->finished, true);
			continue;
		}
		if (pthread_create(&w->th, NULL, work, w) == 0)
			w->started = true;
		else
			work(w);
	}
	return 0;
}

void erase_run_join(struct erase_run *r)
{
	for (int i = 0; i < r->n; i++)
		if (r->ws[i].started) {
			pthread_join(r->ws[i].th, NULL);
			r->ws[i].started = false;
		}
}

void erase_run_pdfs(struct erase_run *r)
{
	char ca[4096];

	snprintf(ca, sizeof(ca), "%s/cert.pem", r->a->identity_dir);
	for (int i = 0; i < r->n; i++) {
		struct erase_worker *w = &r->ws[i];

		if (!w->job.cert_path)
			continue;
		cm_err_clear(&w->pdf_err);
		if (wp_cert_pdf_beside(w->job.cert_path, ca, &w->pdf,
				       &w->pdf_err) < 0)
			w->pdf_failed = true;
	}
}

int erase_worker_exit(struct erase_worker *w, bool dry)
{
	if (!dry && !w->refused)
		w->exit_code = cli_exit_code(&w->job.err);
	/* the certificate stands; what followed it failed */
	if (w->recorded == REC_FAILED && !w->exit_code)
		w->exit_code = cli_exit_code(&w->rec_err);
	if (w->pdf_failed && !w->exit_code)
		w->exit_code = CLI_EXIT_CANTCREAT;
	if (w->tsa && w->job.cert_path && !w->stamped && !w->exit_code)
		w->exit_code = cli_exit_code(&w->tsa_err);
	return w->exit_code;
}

void erase_run_release(struct erase_run *r)
{
	free_workers(r);
	wp_ledger_close(r->rec.l);
	r->rec.l = NULL;
	pthread_mutex_destroy(&r->rec.lock);
	cm_identity_release(&r->id);
}
