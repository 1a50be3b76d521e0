# SPDX-License-Identifier: Apache-2.0
sanitas_fuzz(fuzz_cert SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_cert.c
	LIBS wipe_core CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/cert)
