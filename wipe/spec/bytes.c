// SPDX-License-Identifier: Apache-2.0
/*
 * Byte helpers for the drive command decoders (see bytes.h).
 */
#include <string.h>

#include "spec/bytes.h"

void wp_ascii_trim(const uint8_t *in, size_t n, char *out)
{
	size_t i, end = 0;

	for (i = 0; i < n; i++) {
		unsigned char ch = in[i];

		out[i] = (ch >= 0x20 && ch < 0x7f) ? (char)ch : '?';
		if (ch != ' ' && ch != 0)
			end = i + 1;
	}
	out[end] = '\0';
	/* leading blanks, as model strings are sometimes right-aligned */
	i = 0;
	while (out[i] == ' ')
		i++;
	if (i)
		memmove(out, out + i, end - i + 1);
}
