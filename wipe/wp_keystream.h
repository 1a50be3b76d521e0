/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The random overwrite data: AES-128-CTR keystream under a fresh key per
 * job. The counter block is (pass << 64) | (offset / 16), so the data for
 * any pass at any offset can be regenerated on its own: verification can
 * check any sample and a resumed job continues the same stream.
 */
#ifndef SANITAS_WP_KEYSTREAM_H
#define SANITAS_WP_KEYSTREAM_H

#include <stddef.h>
#include <stdint.h>

#include "cm_err.h"

#define WP_KEY_LEN 16

struct wp_keystream {
	void *ctx; /* EVP_CIPHER_CTX, owned */
	uint8_t key[WP_KEY_LEN];
};

int wp_keystream_init(struct wp_keystream *ks, const uint8_t key[WP_KEY_LEN],
		      struct cm_err *err);
/* Fill @buf with the keystream of @pass at byte @off (a multiple of 16). */
int wp_keystream_fill(struct wp_keystream *ks, unsigned pass, uint64_t off,
		      void *buf, size_t len, struct cm_err *err);
/* Wipes the key. Accepts an empty @ks. */
void wp_keystream_release(struct wp_keystream *ks);

#endif
