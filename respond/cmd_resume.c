// SPDX-License-Identifier: Apache-2.0
#include <stdio.h>

#include "cm_err.h"
#include "cmds.h"

int cmd_resume(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "respond: resume: not implemented yet\n");
	return CM_EXIT_SOFTWARE;
}
