/* SPDX-License-Identifier: Apache-2.0 */
/* The verbs of wipe: one cmd_<verb>.c each; the table lives in main.c. */
#ifndef SANITAS_WIPE_CMDS_H
#define SANITAS_WIPE_CMDS_H

struct cm_err;

int cmd_list(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_erase(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_methods(int argc, char **argv);
int cmd_identity(int argc, char **argv);
int cmd_cert(int argc, char **argv);
int cmd_ledger(int argc, char **argv);
/*
 * wipe ledger report (from cmd_ledger): @argv[0] is "report"; @opt the
 * --ledger value (may be NULL), resolved by @where as every sub-verb does.
 */
int cmd_ledger_report(int argc, char **argv, const char *opt,
		      const char *(*where)(const char *opt, struct cm_err *err,
					   int *rc));
int cmd_version(int argc, char **argv);

#endif
