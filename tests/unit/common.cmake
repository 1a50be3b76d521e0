# SPDX-License-Identifier: Apache-2.0
foreach(t test_cm_buf test_cm_path test_cm_root test_cm_json test_cm_hash test_cm_time test_cm_atomic test_cm_file test_cm_journal test_cm_cms test_cm_tsa test_cm_age)
	sanitas_unit(${t} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${t}.c
		LIBS sanitas_common)
endforeach()
sanitas_unit(test_cm_size SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_cm_size.c
	LIBS sanitas_common)
