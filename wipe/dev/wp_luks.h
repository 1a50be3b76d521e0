/* SPDX-License-Identifier: Apache-2.0 */
/*
 * LUKS through libcryptsetup, and the libblkid signature check every
 * Purge runs afterwards.
 */
#ifndef SANITAS_WP_LUKS_H
#define SANITAS_WP_LUKS_H

#include <stddef.h>
#include <stdint.h>

#include "cm_err.h"
#include "wp_dev.h"

struct wp_luks_info {
	char type[16]; /* "LUKS1" / "LUKS2" */
	char uuid[40];
	int active_keyslots;
	uint64_t metadata_bytes; /* header + keyslot areas (data offset) */
};
/* 1 LUKS found and @info filled, 0 not LUKS, <0 error. */
int wp_luks_probe(const char *path, struct wp_luks_info *info);
/* Destroy every keyslot of @d; *@destroyed counts them (ops.luks_erase). */
int wp_luks_destroy_keyslots(struct wp_dev *d, int *destroyed,
			     struct cm_err *err);

/* Signatures: 1 found (name in @name), 0 none, <0 error. */
int wp_blkid_find_signature(struct wp_dev *d, char *name, size_t len);

#endif
