// SPDX-License-Identifier: Apache-2.0
/* wipe version: version and build. */
#include <stdio.h>

#include "cmds.h"

int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("wipe (sanitas) %s\n", SANITAS_VERSION);
	return 0;
}
