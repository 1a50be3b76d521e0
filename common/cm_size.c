// SPDX-License-Identifier: Apache-2.0
/* The one formatter of byte counts in binary units (cm_size_human). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "cm_size.h"

int cm_size_human(uint64_t bytes, char *buf, size_t len)
{
	static const char *const unit[] = {"B",	  "KiB", "MiB", "GiB",
					   "TiB", "PiB", "EiB"};
	unsigned u = 0, shift;
	uint64_t whole, rem, tenth;
	int n;

	while (u + 1 < sizeof(unit) / sizeof(*unit) && bytes >> (10 * (u + 1)))
		u++;
	if (u == 0) {
		n = snprintf(buf, len, "%" PRIu64 " B", bytes);
	} else {
		/*
		 * Integer arithmetic on the whole remainder, not a double: the
		 * rounding is exact at every size up to 2^64 - 1. rem < 2^60,
		 * so rem * 10 + 2^59 stays below 2^64.
		 */
		shift = 10 * u;
		whole = bytes >> shift;
		rem = bytes & ((UINT64_C(1) << shift) - 1);
		tenth = (rem * 10 + (UINT64_C(1) << (shift - 1))) >> shift;
		if (tenth == 10) {
			whole++;
			tenth = 0;
		}
		n = snprintf(buf, len, "%" PRIu64 ".%" PRIu64 " %s", whole,
			     tenth, unit[u]);
	}
	if (n < 0 || (size_t)n >= len)
		return -ENOBUFS;
	return 0;
}
