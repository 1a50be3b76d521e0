/* SPDX-License-Identifier: Apache-2.0 */
/* The verbs of wipe: one cmd_<verb>.c each; the table lives in main.c. */
#ifndef SANITAS_WIPE_CMDS_H
#define SANITAS_WIPE_CMDS_H

int cmd_list(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_erase(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_methods(int argc, char **argv);
int cmd_identity(int argc, char **argv);
int cmd_cert(int argc, char **argv);
int cmd_version(int argc, char **argv);

#define CMD_TABLE                                                              \
	{"list", cmd_list, "list drives and why any is unsafe"},               \
		{"inspect", cmd_inspect,                                       \
		 "identity, geometry, signatures, methods"},                   \
		{"erase", cmd_erase, "erase, verify and certify drives"},      \
		{"verify", cmd_verify,                                         \
		 "check that a drive holds only a pattern"},                   \
		{"methods", cmd_methods,                                       \
		 "the erase methods and their NIST category"},                 \
		{"identity", cmd_identity, "create a signing identity"},       \
		{"cert", cmd_cert, "show or verify certificates"},             \
		{"version", cmd_version, "print the version"},

#endif
