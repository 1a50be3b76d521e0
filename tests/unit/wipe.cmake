# SPDX-License-Identifier: Apache-2.0
foreach(t test_wp_sample test_wp_engine test_wp_cert test_cert_chain)
	sanitas_unit(${t} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${t}.c
		${CMAKE_CURRENT_LIST_DIR}/fake_drive.c LIBS wipe_core)
endforeach()
