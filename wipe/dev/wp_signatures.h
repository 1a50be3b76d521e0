/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The signatures libblkid finds on a target (superblocks and partition
 * tables), read from the media, every one of them as wipefs does.
 */
#ifndef SANITAS_WP_SIGNATURES_H
#define SANITAS_WP_SIGNATURES_H

#include "cm_err.h"
#include "wp_devinfo.h"

/* Signatures libblkid finds now (superblocks and partition tables). */
int wp_probe_signatures(const char *path, struct wp_signature *sigs, int max,
			int *count, struct cm_err *err);

#endif
