# SPDX-License-Identifier: Apache-2.0
foreach(t test_sample test_pattern test_keystream test_overwrite test_verify
		test_method test_guard test_cert test_cert_chain)
	sanitas_unit(${t} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${t}.c
		${CMAKE_CURRENT_LIST_DIR}/fake_drive.c LIBS wipe_core)
endforeach()
sanitas_unit(test_ledger SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_ledger.c
	LIBS wipe_ledger PkgConfig::SQLITE3)
sanitas_unit(test_report SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_report.c
	LIBS wipe_ledger)
