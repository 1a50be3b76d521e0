/* SPDX-License-Identifier: Apache-2.0 */
/* The sub-verbs of wipe ledger that live in files of their own. */
#ifndef SANITAS_WIPE_CMD_LEDGER_H
#define SANITAS_WIPE_CMD_LEDGER_H

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

#endif
