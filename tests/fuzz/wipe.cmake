# SPDX-License-Identifier: Apache-2.0
sanitas_fuzz(fuzz_cert SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_cert.c
	LIBS wipe_core CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/cert)
sanitas_fuzz(fuzz_ledger_anchor
	SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_ledger_anchor.c
	LIBS wipe_ledger CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/ledger_anchor)
sanitas_fuzz(fuzz_ledger_bundle
	SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_ledger_bundle.c
	LIBS wipe_ledger CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/ledger_bundle)
sanitas_fuzz(fuzz_ledger_report
	SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_ledger_report.c
	LIBS wipe_ledger CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/ledger_report)
sanitas_fuzz(fuzz_ledger_index
	SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_ledger_index.c
	LIBS wipe_ledger CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/ledger_index)
sanitas_fuzz(fuzz_cert_pdf SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_cert_pdf.c
	LIBS wipe_core CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/cert_pdf)
sanitas_fuzz(fuzz_pdf_font SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_pdf_font.c
	LIBS sanitas_common PkgConfig::FREETYPE
	CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/pdf_font)
sanitas_fuzz(fuzz_validation SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_validation.c
	LIBS wipe_core CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/validation)
sanitas_fuzz(fuzz_custody SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_custody.c
	LIBS wipe_core CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/custody)
