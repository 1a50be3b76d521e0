# SPDX-License-Identifier: Apache-2.0
# respond/revoke and respond/notify parsers: KRL reader, authorized_keys lines (and
# sshd_config), the openssl ca index.txt, breach facts (JSON) through
# applicability, drafts and the calendar
foreach(f krl authorized_keys ca_index facts)
	sanitas_fuzz(fuzz_${f} SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_${f}.c
		LIBS respond_core CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/${f})
	if(TARGET fuzz_${f})
		target_include_directories(fuzz_${f} PRIVATE
			${CMAKE_SOURCE_DIR}/respond/notify
			${CMAKE_SOURCE_DIR}/respond/revoke)
	endif()
endforeach()
