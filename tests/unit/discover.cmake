# SPDX-License-Identifier: Apache-2.0
# Discovery: the pure parts (mountinfo, swaps, sysfs and udev identity, VPD
# pages, unsafe evaluation, JSON shape) fed from strings and fake trees.
sanitas_unit(test_discover SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_discover.c
	LIBS wipe_core)
