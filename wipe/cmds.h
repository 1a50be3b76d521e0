/* SPDX-License-Identifier: Apache-2.0 */
/* The verbs of wipe: one cmd_<verb>.c each; the table lives in main.c. */
#ifndef SANITAS_WIPE_CMDS_H
#define SANITAS_WIPE_CMDS_H

int cmd_version(int argc, char **argv);

#define CMD_TABLE {"version", cmd_version, "print the version"},

#endif
