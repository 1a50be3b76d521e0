/* SPDX-License-Identifier: Apache-2.0 */
/* Byte counts as people read them: "1.5 GiB", "512 B". */
#ifndef SANITAS_CM_SIZE_H
#define SANITAS_CM_SIZE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Write @bytes into @buf (@len bytes) in binary units (B, KiB, MiB, GiB,
 * TiB, PiB, EiB): below 1024 as "N B", else with one decimal rounded half
 * up from the exact value ("1.5 KiB"; 2 MiB - 1 byte is "2.0 MiB").
 * Returns 0, or -ENOBUFS when @buf was too small: the text is then cut to
 * @len - 1 characters, always terminated (nothing is written when @len is
 * 0). Pure: no I/O, no allocation.
 */
int cm_size_human(uint64_t bytes, char *buf, size_t len);

#endif
