# SPDX-License-Identifier: Apache-2.0
# respond/notify and respond/revoke: deadlines, regimes, notices, calendar, KRL, keys, CA
foreach(t deadline notify notify_rules sshkeys krl cadb)
	sanitas_unit(test_${t} SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_${t}.c
		LIBS respond_core)
	target_include_directories(test_${t} PRIVATE
		${CMAKE_SOURCE_DIR}/respond/notify
		${CMAKE_SOURCE_DIR}/respond/revoke)
endforeach()
# test_notify walks the shipped playbooks
target_compile_definitions(test_notify PRIVATE
	SANITAS_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
target_include_directories(test_notify PRIVATE ${CMAKE_SOURCE_DIR}/respond)
