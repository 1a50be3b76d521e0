/* SPDX-License-Identifier: Apache-2.0 */
/* The erase methods wipe knows, with their NIST SP 800-88 category. */
#ifndef SANITAS_WP_METHOD_H
#define SANITAS_WP_METHOD_H

#include <stdbool.h>
#include <stddef.h>

#include "cm_err.h"
#include "wp_pattern.h"

enum wp_method_id {
	WP_M_AUTO = 0,
	/* Clear: host overwrite */
	WP_M_ZERO,
	WP_M_ONE,
	WP_M_RANDOM,
	WP_M_PATTERN,
	/* Purge: the drive's own commands */
	WP_M_NVME_SANITIZE_CRYPTO,
	WP_M_NVME_SANITIZE_BLOCK,
	WP_M_NVME_SANITIZE_OVERWRITE,
	WP_M_NVME_FORMAT_CRYPTO,
	WP_M_NVME_FORMAT_ERASE,
	WP_M_ATA_SANITIZE_CRYPTO,
	WP_M_ATA_SANITIZE_BLOCK,
	WP_M_ATA_SANITIZE_OVERWRITE,
	WP_M_ATA_SECURE_ERASE,
	WP_M_ATA_SECURE_ERASE_ENHANCED,
	WP_M_SCSI_SANITIZE_CRYPTO,
	WP_M_SCSI_SANITIZE_BLOCK,
	WP_M_SCSI_SANITIZE_OVERWRITE,
	WP_M_BLK_SECURE_DISCARD,
	WP_M_LUKS_ERASE,
	WP_M_COUNT
};

enum wp_category {
	WP_CAT_CLEAR,
	WP_CAT_PURGE,
};

struct wp_method {
	enum wp_method_id id;
	const char *name; /* CLI and certificate name */
	enum wp_category category;
	const char *technique; /* overwrite|block-erase|crypto-erase|... */
	const char *media[6];  /* media it suits, NULL-terminated */
	const char *description;
};

/*
 * A method as asked for: WP_M_AUTO (resolved per device), a host
 * overwrite with the data it writes, or a Purge method.
 */
struct wp_method_req {
	enum wp_method_id id;
	struct wp_pattern pattern; /* host overwrites only */
};

/*
 * Parse "auto", a method name or "pattern:HEX", as given on a command line.
 * Returns 0, or -EINVAL with a message and the kind CM_ERR_USAGE.
 */
int wp_method_parse(const char *s, struct wp_method_req *req,
		    struct cm_err *err);
/* The request for @id; a host overwrite other than WP_M_PATTERN gets its
 * data (zero, one, random). */
void wp_method_request(enum wp_method_id id, struct wp_method_req *req);

/* The method table, in the order `wipe methods` lists it. */
const struct wp_method *wp_methods(size_t *count);
/* Lookup by id (never NULL for a valid id) or by name (NULL if unknown). */
const struct wp_method *wp_method_get(enum wp_method_id id);
const struct wp_method *wp_method_find(const char *name);
const char *wp_category_name(enum wp_category c);
bool wp_method_is_overwrite(enum wp_method_id id);

#endif
