/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What an overwrite pass writes: 0x00, 0xFF, a repeated byte pattern, or
 * the AES-CTR keystream (wp_keystream). The data at any device offset of
 * any pass can be generated on its own, so the verifier regenerates it to
 * compare and a resumed job continues the same data.
 */
#ifndef SANITAS_WP_PATTERN_H
#define SANITAS_WP_PATTERN_H

#include <stddef.h>
#include <stdint.h>

#include "cm_err.h"
#include "wp_keystream.h"

enum wp_pattern_kind {
	WP_PAT_ZERO,
	WP_PAT_ONE,
	WP_PAT_BYTES,
	WP_PAT_RANDOM,
};

struct wp_pattern {
	enum wp_pattern_kind kind;
	uint8_t bytes[32]; /* WP_PAT_BYTES: repeated from device offset 0 */
	size_t nbytes;
};

/*
 * Parse "zero", "one", "random" or "pattern:HEX" (1..32 bytes), as given on
 * a command line. Returns 0 or -EINVAL with a message and the kind
 * CM_ERR_USAGE.
 */
int wp_pattern_parse(const char *s, struct wp_pattern *p, struct cm_err *err);
/* "zero", "one", "random", "pattern:a55a" into @buf (80 bytes). */
void wp_pattern_name(const struct wp_pattern *p, char *buf, size_t len);
/*
 * The data pass @pass writes at [@off, @off+@len): @ks is needed for
 * WP_PAT_RANDOM only.
 */
int wp_pattern_fill(const struct wp_pattern *p, struct wp_keystream *ks,
		    unsigned pass, uint64_t off, void *buf, size_t len,
		    struct cm_err *err);

#endif
