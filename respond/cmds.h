/* SPDX-License-Identifier: Apache-2.0 */
/* The verbs of respond: one cmd_<verb>.c each; the table lives in main.c. */
#ifndef SANITAS_RESPOND_CMDS_H
#define SANITAS_RESPOND_CMDS_H

int cmd_validate(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_resume(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_decrypt(int argc, char **argv);
int cmd_actions(int argc, char **argv);
int cmd_deadlines(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
