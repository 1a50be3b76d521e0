# SPDX-License-Identifier: Apache-2.0
# common/cli: the dispatcher, its messages, signals and prompts
sanitas_unit(test_cli_main SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_cli_main.c
	LIBS sanitas_cli)
