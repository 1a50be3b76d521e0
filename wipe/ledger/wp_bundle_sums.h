/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An audit bundle's member names and its SHA256SUMS list (see wp_bundle.h):
 * which names a bundle may hold, and the list parsed, built and sorted.
 */
#ifndef SANITAS_WP_BUNDLE_SUMS_H
#define SANITAS_WP_BUNDLE_SUMS_H

#include <stdbool.h>
#include <stddef.h>

#include "cm_err.h"

/*
 * True when @name is a member name a bundle may hold: at its top level
 * (no '/'), not starting with '.' or '-', of letters, digits, '.', '_',
 * '-' only, at most 255 bytes.
 */
bool wp_bundle_name_ok(const char *name);

struct wp_bundle_sum {
	char *name; /* owned */
	char sha[65];
};

struct wp_bundle_sums {
	struct wp_bundle_sum *v; /* owned, sorted by name */
	size_t n;
};

/*
 * Parse @len bytes of SHA256SUMS ("HEX  NAME\n" lines, as sha256sum
 * writes them; " *NAME" also taken) into @s, sorted by name. A line that
 * does not parse, a name wp_bundle_name_ok() refuses and a name listed
 * twice are errors (-EBADMSG, CM_ERR_DATAERR, naming the line).
 */
int wp_bundle_sums_parse(const char *text, size_t len, struct wp_bundle_sums *s,
			 struct cm_err *err);
void wp_bundle_sums_release(struct wp_bundle_sums *s);

/*
 * Append (@name, @nlen bytes of it; @sha, 64 hex digits) to @s, whose
 * array holds *@cap entries (grown as needed). 0 or -ENOMEM.
 */
int wp_bundle_sums_add(struct wp_bundle_sums *s, size_t *cap, const char *name,
		       size_t nlen, const char *sha);
/* Sort @s by name (strcmp order). */
void wp_bundle_sums_sort(struct wp_bundle_sums *s);

#endif
