# SPDX-License-Identifier: Apache-2.0
# Purge against a fake drive (scripted expectations, failure injection).
sanitas_unit(test_purge
	SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_purge.c
		${CMAKE_CURRENT_LIST_DIR}/fake_drive.c
	LIBS wipe_core)
