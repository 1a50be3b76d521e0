/* SPDX-License-Identifier: Apache-2.0 */
/* A memory-backed device behind the drive seam, with failure injection. */
#ifndef SANITAS_TEST_FAKE_DEV_H
#define SANITAS_TEST_FAKE_DEV_H

#include <stdint.h>

#include "wp_dev.h"

struct fake_dev {
	struct wp_dev dev;
	uint8_t *mem;
	/* writes touching [bad_off, bad_off+bad_len) fail with -EIO */
	uint64_t bad_off, bad_len;
	/* reads return this byte flipped at flip_off (if flip) */
	int flip;
	uint64_t flip_off;
	unsigned writes, reads, flushes, drops;
	uint64_t max_write; /* largest single write seen */
	int luks_keyslots;  /* active keyslots ops.luks_erase destroys */
	unsigned luks_erases;
};

/* A device of @size bytes, @lbs logical blocks, filled with @fill. */
struct fake_dev *fake_dev_new(uint64_t size, uint32_t lbs, uint8_t fill);
void fake_dev_free(struct fake_dev *f);

#endif
