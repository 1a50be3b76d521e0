# SPDX-License-Identifier: Apache-2.0
# Discovery: the pure parts (mountinfo, swaps, sysfs and udev identity, VPD
# pages, unsafe evaluation, JSON shape) fed from strings and fake trees.
sanitas_unit(test_discover SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_discover.c
	LIBS wipe_core)

# A helper the integration tests run: wp_devinfo_probe() on any target.
add_executable(discover-probe ${CMAKE_CURRENT_LIST_DIR}/discover_probe.c)
target_link_libraries(discover-probe PRIVATE wipe_core sanitas_cli)
