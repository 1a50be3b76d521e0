# SPDX-License-Identifier: Apache-2.0
if(TARGET respond_core)
	sanitas_fuzz(fuzz_rs_playbook
		SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_rs_playbook.c
		LIBS respond_core
		CORPUS ${CMAKE_SOURCE_DIR}/tests/fixtures/playbooks)
	sanitas_fuzz(fuzz_json_bytes
		SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_json_bytes.c
		LIBS sanitas_common
		CORPUS ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/json_bytes)
	sanitas_fuzz(fuzz_cm_root
		SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_cm_root.c
		LIBS sanitas_common
		CORPUS ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/cm_root)
	sanitas_fuzz(fuzz_age_header
		SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_age_header.c
		LIBS sanitas_common
		CORPUS ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/age_header)
	sanitas_fuzz(fuzz_tsa_reply
		SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_tsa_reply.c
		LIBS sanitas_common
		CORPUS ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/tsa_reply)
endif()
sanitas_fuzz(fuzz_report_pdf
	SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_report_pdf.c
	LIBS respond_core CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/report_pdf)
