// SPDX-License-Identifier: Apache-2.0
/* The erase methods wipe knows, with their NIST SP 800-88 category. */
#include <errno.h>
#include <string.h>

#include "wp_method.h"

/*
 * Host overwrite is Clear on every medium (NIST SP 800-88r1 Table A); on
 * flash it cannot reach remapped or over-provisioned cells, so it is never
 * labelled Purge. The drive's sanitize/erase commands are Purge.
 */
static const struct wp_method methods[] = {
	{WP_M_AUTO,
	 "auto",
	 WP_CAT_PURGE,
	 "auto",
	 {"hdd", "ssd", "nvme", "usb-flash", "file", NULL},
	 "the strongest method the device supports: crypto erase, then block erase, then sanitize overwrite; ATA secure erase only where sanitize is absent; LUKS erase for LUKS volumes; else a Clear overwrite with random data"},
	{WP_M_ZERO,
	 "zero",
	 WP_CAT_CLEAR,
	 "overwrite",
	 {"hdd", "ssd", "nvme", "usb-flash", "file", NULL},
	 "host overwrite with 0x00"},
	{WP_M_ONE,
	 "one",
	 WP_CAT_CLEAR,
	 "overwrite",
	 {"hdd", "ssd", "nvme", "usb-flash", "file", NULL},
	 "host overwrite with 0xFF"},
	{WP_M_RANDOM,
	 "random",
	 WP_CAT_CLEAR,
	 "overwrite",
	 {"hdd", "ssd", "nvme", "usb-flash", "file", NULL},
	 "host overwrite with an AES-128-CTR keystream under a fresh key"},
	{WP_M_PATTERN,
	 "pattern",
	 WP_CAT_CLEAR,
	 "overwrite",
	 {"hdd", "ssd", "nvme", "usb-flash", "file", NULL},
	 "host overwrite with a repeated byte pattern (pattern:HEX)"},
	{WP_M_NVME_SANITIZE_CRYPTO,
	 "nvme-sanitize-crypto",
	 WP_CAT_PURGE,
	 "crypto-erase",
	 {"nvme", NULL},
	 "NVMe Sanitize, crypto erase action (SANACT=4)"},
	{WP_M_NVME_SANITIZE_BLOCK,
	 "nvme-sanitize-block",
	 WP_CAT_PURGE,
	 "block-erase",
	 {"nvme", NULL},
	 "NVMe Sanitize, block erase action (SANACT=2)"},
	{WP_M_NVME_SANITIZE_OVERWRITE,
	 "nvme-sanitize-overwrite",
	 WP_CAT_PURGE,
	 "overwrite",
	 {"nvme", NULL},
	 "NVMe Sanitize, overwrite action (SANACT=3)"},
	{WP_M_NVME_FORMAT_CRYPTO,
	 "nvme-format-crypto",
	 WP_CAT_PURGE,
	 "crypto-erase",
	 {"nvme", NULL},
	 "NVMe Format NVM with cryptographic erase (SES=2)"},
	{WP_M_NVME_FORMAT_ERASE,
	 "nvme-format-erase",
	 WP_CAT_PURGE,
	 "block-erase",
	 {"nvme", NULL},
	 "NVMe Format NVM with user data erase (SES=1)"},
	{WP_M_ATA_SANITIZE_CRYPTO,
	 "ata-sanitize-crypto",
	 WP_CAT_PURGE,
	 "crypto-erase",
	 {"ssd", "hdd", NULL},
	 "ATA SANITIZE CRYPTO SCRAMBLE EXT"},
	{WP_M_ATA_SANITIZE_BLOCK,
	 "ata-sanitize-block",
	 WP_CAT_PURGE,
	 "block-erase",
	 {"ssd", NULL},
	 "ATA SANITIZE BLOCK ERASE EXT"},
	{WP_M_ATA_SANITIZE_OVERWRITE,
	 "ata-sanitize-overwrite",
	 WP_CAT_PURGE,
	 "overwrite",
	 {"hdd", "ssd", NULL},
	 "ATA SANITIZE OVERWRITE EXT"},
	{WP_M_ATA_SECURE_ERASE,
	 "ata-secure-erase",
	 WP_CAT_PURGE,
	 "secure-erase",
	 {"hdd", "ssd", NULL},
	 "ATA SECURITY ERASE UNIT, normal mode (temporary password, cleared afterwards)"},
	{WP_M_ATA_SECURE_ERASE_ENHANCED,
	 "ata-secure-erase-enhanced",
	 WP_CAT_PURGE,
	 "secure-erase",
	 {"hdd", "ssd", NULL},
	 "ATA SECURITY ERASE UNIT, enhanced mode (covers reallocated sectors)"},
	{WP_M_SCSI_SANITIZE_CRYPTO,
	 "scsi-sanitize-crypto",
	 WP_CAT_PURGE,
	 "crypto-erase",
	 {"hdd", "ssd", NULL},
	 "SCSI SANITIZE, CRYPTOGRAPHIC ERASE service action"},
	{WP_M_SCSI_SANITIZE_BLOCK,
	 "scsi-sanitize-block",
	 WP_CAT_PURGE,
	 "block-erase",
	 {"ssd", NULL},
	 "SCSI SANITIZE, BLOCK ERASE service action"},
	{WP_M_SCSI_SANITIZE_OVERWRITE,
	 "scsi-sanitize-overwrite",
	 WP_CAT_PURGE,
	 "overwrite",
	 {"hdd", "ssd", NULL},
	 "SCSI SANITIZE, OVERWRITE service action"},
	{WP_M_BLK_SECURE_DISCARD,
	 "blk-secure-discard",
	 WP_CAT_PURGE,
	 "block-erase",
	 {"usb-flash", "other", NULL},
	 "BLKSECDISCARD over the whole device (eMMC/SD, virtio with secure erase)"},
	{WP_M_LUKS_ERASE,
	 "luks-erase",
	 WP_CAT_PURGE,
	 "crypto-erase",
	 {"hdd", "ssd", "nvme", "usb-flash", "file", NULL},
	 "destroy every LUKS keyslot and the header (libcryptsetup), then overwrite the metadata and keyslot areas"},
};

const struct wp_method *wp_methods(size_t *count)
{
	*count = sizeof(methods) / sizeof(methods[0]);
	return methods;
}

const struct wp_method *wp_method_get(enum wp_method_id id)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (methods[i].id == id)
			return &methods[i];
	return NULL;
}

const struct wp_method *wp_method_find(const char *name)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (!strcmp(methods[i].name, name))
			return &methods[i];
	return NULL;
}

const char *wp_category_name(enum wp_category c)
{
	return c == WP_CAT_PURGE ? "purge" : "clear";
}

bool wp_method_is_overwrite(enum wp_method_id id)
{
	return id == WP_M_ZERO || id == WP_M_ONE || id == WP_M_RANDOM ||
	       id == WP_M_PATTERN;
}

void wp_method_request(enum wp_method_id id, struct wp_method_req *req)
{
	memset(req, 0, sizeof(*req));
	req->id = id;
	if (id == WP_M_ONE)
		req->pattern.kind = WP_PAT_ONE;
	else if (id == WP_M_RANDOM)
		req->pattern.kind = WP_PAT_RANDOM;
	else
		req->pattern.kind = WP_PAT_ZERO;
}

int wp_method_parse(const char *s, struct wp_method_req *req,
		    struct cm_err *err)
{
	const struct wp_method *m;

	if (!strncmp(s, "pattern:", 8)) {
		wp_method_request(WP_M_PATTERN, req);
		return wp_pattern_parse(s, &req->pattern, err);
	}
	m = wp_method_find(s);
	if (!m || m->id == WP_M_PATTERN)
		return cm_err_setk(err, -EINVAL, CM_ERR_USAGE,
				   "unknown method '%s' (see 'wipe methods')",
				   s);
	wp_method_request(m->id, req);
	return 0;
}
