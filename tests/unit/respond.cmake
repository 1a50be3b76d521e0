# SPDX-License-Identifier: Apache-2.0
if(TARGET respond_core)
	foreach(t test_playbook test_rs_subst test_rs_runner)
		sanitas_unit(${t} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${t}.c
			LIBS respond_core)
	endforeach()
endif()
