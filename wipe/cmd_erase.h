/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wipe erase: its command line (cmd_erase_opts.c) and its run
 * (cmd_erase_run.c), as cmd_erase.c and wipe station (cmd_station*.c) use
 * them: one way to set up, guard, erase, verify, certify, stamp, record
 * and render a set of drives.
 */
#ifndef SANITAS_WIPE_CMD_ERASE_H
#define SANITAS_WIPE_CMD_ERASE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

#include "cm_identity.h"
#include "cm_progress.h"
#include "wp_erase.h"

struct wp_ledger;

/* The command line, parsed. */
struct erase_cli {
	struct wp_erase_opts o;
	const char *verb; /* "erase" (NULL) or "station": messages, options */
	const char *identity_dir;
	const char *pass_file;	/* --passphrase-file */
	const char *tsa;	/* --tsa URL, else the identity's profile */
	const char *tsa_ca;	/* --tsa-ca PEM: the probe's token checked */
	const char *ledger;	/* --ledger */
	const char *method_arg; /* as typed: the prompt names it */
	bool yes, dry, json, json_prog, quiet, pdf;
	bool method_given, params_given;
	bool confirm_serials; /* station: --confirm serial */
};

/*
 * The options of `wipe erase` (a->verb NULL) or of `wipe station` (the
 * same names, without targets and the one-shot flags) into @a (its
 * defaults set by the caller): -1 to go on (optind at the first target),
 * else the exit code (--help 0, misuse 64). @usage is printed for --help
 * (NULL: erase's).
 */
int cmd_erase_parse(int argc, char **argv, struct erase_cli *a,
		    const char *usage);

/*
 * Set the Appendix G field of option @name ("asset-tag", "destination",
 * ...) in @meta to @v (borrowed) if it is valid as that option (NULL:
 * not given): 0, or -1 with the reason in @msg.
 */
int cmd_erase_meta_set(struct wp_cert_meta *meta, const char *name,
		       const char *v, char *msg, size_t len);

/* The values --destination takes, NULL-terminated. */
extern const char *const erase_destinations[];

/* The ledger each certificate is recorded in as it is issued. */
struct erase_recorder {
	struct wp_ledger *l;
	pthread_mutex_t lock; /* one connection, used by one job at a time */
};

enum erase_recorded { REC_NONE, REC_STORED, REC_ALREADY, REC_FAILED };

/* One drive of a run: its job, progress and what followed the erase. */
struct erase_worker {
	struct wp_job job;
	struct wp_erase_opts o;	    /* the run's, or this drive's own fields */
	struct erase_recorder *rec; /* NULL: no --ledger */
	enum erase_recorded recorded;
	struct cm_err rec_err;
	struct cm_progress prog;
	cm_progress_fn print; /* the installed printer, NULL for none */
	void *print_ctx;      /* its context (NULL: the worker) */
	char phase[32];
	pthread_t th;
	bool started;
	bool refused;	      /* guard said no: never opened for writing */
	json_t *plan;	      /* dry run: the plan (owned) */
	atomic_bool finished; /* the job, stamp and record are done */
	int exit_code;
	char *pdf; /* --pdf: the PDF written (owned) */
	bool pdf_failed;
	struct cm_err pdf_err;
	const char *tsa; /* --tsa URL (borrowed), NULL for none */
	bool stamped;	 /* a token lies beside the certificate */
	struct cm_err tsa_err;
	time_t tsa_time;
};

/* A run: the options, the unlocked identity, the ledger, the workers. */
struct erase_run {
	struct erase_cli *a;
	struct cm_identity id;
	struct erase_recorder rec;
	struct erase_worker *ws;
	int n;
};

/* An empty run with the options of @a (no workers yet). */
void erase_run_init(struct erase_run *r, struct erase_cli *a);

/*
 * @n workers for @targets (borrowed), each with a copy of a->o and printer
 * @print, replacing any earlier ones (finished: joined). -1 out of memory.
 */
int erase_run_targets(struct erase_run *r, char *const *targets, int n,
		      cm_progress_fn print);

/*
 * Before any erase: the identity unlocked (a passphrase asked at the
 * terminal if needed), the TSA asked once, the ledger opened and checked.
 * 0, or the exit code of the failure, already reported with cli_fail().
 */
int erase_run_prepare(struct erase_run *r);

/* Guard (and, dry, plan) every target: refused ones are marked. */
void erase_run_guard(struct erase_run *r);

/*
 * Start every worker not refused in its own thread, SIGINT/SIGTERM then
 * stopping them at a safe point. 0, or the exit code (reported).
 */
int erase_run_start(struct erase_run *r);

/* Wait for every started worker. */
void erase_run_join(struct erase_run *r);

/* --pdf: each certificate issued rendered beside it (errors kept). */
void erase_run_pdfs(struct erase_run *r);

/* Frees what @r owns (not a). */
void erase_run_release(struct erase_run *r);

/* The worker's exit code from its outcome, ledger, PDF and time-stamp. */
int erase_worker_exit(struct erase_worker *w, bool dry);

#endif
