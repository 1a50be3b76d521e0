/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Byte helpers shared by the drive command decoders: little-endian
 * fields and space-padded ASCII.
 */
#ifndef SANITAS_SPEC_BYTES_H
#define SANITAS_SPEC_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline uint16_t wp_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t wp_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t wp_le64(const uint8_t *p)
{
	return (uint64_t)wp_le32(p) | (uint64_t)wp_le32(p + 4) << 32;
}

/* Copy @n bytes of space-padded ASCII into @out (n+1 bytes), trimmed. */
void wp_ascii_trim(const uint8_t *in, size_t n, char *out);

#endif
