# SPDX-License-Identifier: Apache-2.0
# Fuzz targets for the drive-answer parsers: ATA IDENTIFY DEVICE, NVMe
# Identify Controller/Namespace, the NVMe Sanitize Status log, SCSI sense.
set(_purge_fuzz_targets identify idctrl sanlog sense dco)
set(_i 1)
foreach(t ${_purge_fuzz_targets})
	sanitas_fuzz(fuzz_purge_${t}
		SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_purge_parsers.c
		LIBS wipe_core
		CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/purge_${t})
	if(TARGET fuzz_purge_${t})
		target_compile_definitions(fuzz_purge_${t} PRIVATE
			PURGE_FUZZ_TARGET=${_i})
	endif()
	math(EXPR _i "${_i} + 1")
endforeach()
