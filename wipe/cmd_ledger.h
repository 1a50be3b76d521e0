/* SPDX-License-Identifier: Apache-2.0 */
/* The sub-verbs of wipe ledger that live in files of their own. */
#ifndef SANITAS_WIPE_CMD_LEDGER_H
#define SANITAS_WIPE_CMD_LEDGER_H

#include <getopt.h>
#include <stdbool.h>

#include "cm_err.h"
#include "wp_find.h"
#include "wp_ledger.h"

enum ledger_fmt { LEDGER_TABLE, LEDGER_CSV, LEDGER_JSON, LEDGER_JSONL };

/* wipe ledger find, parsed. */
struct ledger_find {
	struct wp_find_query q;
	enum ledger_fmt fmt;
	bool paged; /* --limit: one page, else every match */
	char since[32], until[32];
};

/* The filters find and report share, as getopt_long entries. */
/* clang-format off */
#define LEDGER_FILTER_OPTIONS \
	{"serial", required_argument, NULL, 's'}, \
	{"wwn", required_argument, NULL, 'w'}, \
	{"asset-tag", required_argument, NULL, 'a'}, \
	{"model", required_argument, NULL, 'm'}, \
	{"station", required_argument, NULL, 'S'}, \
	{"result", required_argument, NULL, 'r'}, \
	{"method", required_argument, NULL, 'M'}, \
	{"category", required_argument, NULL, 'c'}, \
	{"operator", required_argument, NULL, 'o'}, \
	{"org", required_argument, NULL, 'O'}, \
	{"customer", required_argument, NULL, 'K'}, \
	{"job", required_argument, NULL, 'B'}, \
	{"since", required_argument, NULL, 'f'}, \
	{"until", required_argument, NULL, 'u'}
/* clang-format on */

/*
 * Option @c (one of LEDGER_FILTER_OPTIONS, value @arg) into @q; @since and
 * @until (32 bytes each) hold the normalised times. Returns 0 taken, 1 not
 * a filter, -1 a bad value (the reason in @err).
 */
int ledger_filter_opt(int c, const char *arg, struct wp_find_query *q,
		      char *since, char *until, struct cm_err *err);

/* find's operands (argv[0] is "find") into @f: 0, or the usage exit code. */
int ledger_find_opts(int argc, char **argv, struct ledger_find *f);
/* Print what @f finds; the exit code. */
int ledger_find(struct wp_ledger *l, struct ledger_find *f, struct cm_err *err);

/* wipe ledger export|verify-bundle; @ledger: the --ledger given or NULL. */
int cmd_ledger_bundle(const char *ledger, int argc, char **argv);
/*
 * The ledger to open: @opt, $SANITAS_LEDGER or the default (*@rc < 0: its
 * directory could not be made).
 */
const char *cmd_ledger_where(const char *opt, struct cm_err *err, int *rc);
/*
 * wipe ledger report (argv[0] is "report"): its options parsed first (64
 * on misuse, the ledger untouched), then the ledger @opt names (the
 * --ledger value, may be NULL) opened as @where resolves it, as every
 * sub-verb does. Returns the exit code.
 */
int cmd_ledger_report(int argc, char **argv, const char *opt,
		      const char *(*where)(const char *opt, struct cm_err *err,
					   int *rc));

/*
 * wipe ledger show (argv[0] is "show"): a certificate's or a medium's
 * history, signer and validators by name; the ledger opened as
 * cmd_ledger_report() opens it. Returns the exit code.
 */
int cmd_ledger_show(int argc, char **argv, const char *opt,
		    const char *(*where)(const char *opt, struct cm_err *err,
					 int *rc));

/*
 * wipe ledger sample (argv[0] is "sample"): a seeded pick stored as a
 * sample record and listed. Returns the exit code.
 */
int cmd_ledger_sample(int argc, char **argv, const char *opt,
		      const char *(*where)(const char *opt, struct cm_err *err,
					   int *rc));

/*
 * wipe ledger custody add (argv[0] is "custody"): one signed custody event
 * stored. Returns the exit code.
 */
int cmd_ledger_custody(int argc, char **argv, const char *opt,
		       const char *(*where)(const char *opt, struct cm_err *err,
					    int *rc));

#endif
