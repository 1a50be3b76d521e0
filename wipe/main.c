// SPDX-License-Identifier: Apache-2.0
/* wipe: find, guard, erase, verify and certify drives. */
#include "cli_main.h"
#include "cmds.h"

static const struct cli_verb verbs[] = {
	{"list", cmd_list, "list drives and why any is unsafe", 0},
	{"inspect", cmd_inspect, "identity, geometry, signatures, methods", 0},
	{"erase", cmd_erase, "erase, verify and certify drives",
	 CLI_VERB_STOPPABLE},
	{"station", cmd_station,
	 "a full-screen station: list, select, erase and certify drives",
	 CLI_VERB_STOPPABLE},
	{"verify", cmd_verify, "check that a drive holds only a pattern", 0},
	{"methods", cmd_methods, "the erase methods and their NIST category",
	 0},
	{"identity", cmd_identity, "create a signing identity", 0},
	{"cert", cmd_cert, "show, verify or render (PDF) certificates", 0},
	{"ledger", cmd_ledger,
	 "archive verified certificates (SQLite, PostgreSQL)", 0},
	{"version", cmd_version, "print the version", 0},
};

static const struct cli_tool wipe = {
	.name = "wipe",
	.verbs = verbs,
	.nverbs = sizeof(verbs) / sizeof(verbs[0]),
};

int main(int argc, char **argv)
{
	return cli_main(&wipe, argc, argv);
}
