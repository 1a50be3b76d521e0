/* SPDX-License-Identifier: Apache-2.0 */
/* The verbs of wipe: one cmd_<verb>.c each; the table lives in main.c. */
#ifndef SANITAS_WIPE_CMDS_H
#define SANITAS_WIPE_CMDS_H

int cmd_list(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_erase(int argc, char **argv);
int cmd_station(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_methods(int argc, char **argv);
int cmd_identity(int argc, char **argv);
int cmd_cert(int argc, char **argv);
/* wipe cert pdf (cmd_cert_pdf.c), dispatched by cmd_cert */
int cmd_cert_pdf(int argc, char **argv);
/* wipe cert validate (cmd_cert_validate.c), dispatched by cmd_cert */
int cmd_cert_validate(int argc, char **argv);
int cmd_ledger(int argc, char **argv);
int cmd_version(int argc, char **argv);

#endif
