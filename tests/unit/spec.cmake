# SPDX-License-Identifier: Apache-2.0
# Drive command encoders and decoders (wipe/spec/): every bit against the
# specifications, no device. ATA and SCSI use the fake drive's canned
# answer builders.
sanitas_unit(test_spec_nvme
	SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_spec_nvme.c
	LIBS wipe_spec)
foreach(t test_spec_ata test_spec_scsi)
	sanitas_unit(${t} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${t}.c
		${CMAKE_CURRENT_LIST_DIR}/fake_drive.c LIBS wipe_core)
endforeach()
