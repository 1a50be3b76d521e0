/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Capability bookkeeping shared by the protocol probes: marking methods
 * supported or not (with a reason), advice, and the method groups.
 */
#ifndef SANITAS_PURGE_CAPS_H
#define SANITAS_PURGE_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wp_caps.h"
#include "wp_method.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

extern const enum wp_method_id wp_caps_nvme_methods[5];
extern const enum wp_method_id wp_caps_ata_methods[5];
extern const enum wp_method_id wp_caps_scsi_methods[3];

/* Mark @m unsupported with a formatted reason. */
__attribute__((format(printf, 3, 4))) void
wp_caps_set_reason(struct wp_caps *c, enum wp_method_id m, const char *fmt,
		   ...);

/* Mark @m supported when @yes, else unsupported because @why_not. */
void wp_caps_support(struct wp_caps *c, enum wp_method_id m, bool yes,
		     const char *why_not);

/* Append @text to the capability advice ("; "-separated). */
void wp_caps_add_advice(struct wp_caps *c, const char *text);

/* Mark the @n methods @ms unsupported because @why. */
void wp_caps_reason_all(struct wp_caps *c, const enum wp_method_id *ms,
			size_t n, const char *why);

/* A drive time estimate in seconds, 0 when the drive says "unknown". */
uint32_t wp_caps_est(uint32_t v);

#endif
