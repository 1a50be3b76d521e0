// SPDX-License-Identifier: Apache-2.0
/*
 * Capabilities: what a device supports (the probe that dispatches to
 * each protocol), the reasons for what it does not, and the method
 * `auto` picks.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

#include "purge/caps.h"
#include "purge/nvme.h"
#include "purge/ata.h"
#include "purge/scsi.h"
#include "wp_luks.h"
#include "wp_purge.h"

const char *wp_dev_type_name(enum wp_dev_type t)
{
	static const char *const names[] = {"hdd",	 "ssd",	 "nvme",
					    "usb-flash", "file", "other"};

	return t <= WP_TYPE_OTHER ? names[t] : "other";
}

void wp_caps_init(struct wp_caps *c)
{
	*c = (struct wp_caps){0};
	c->type = WP_TYPE_OTHER;
}

void wp_caps_release(struct wp_caps *c)
{
	if (!c)
		return;
	for (int i = 0; i < WP_M_COUNT; i++)
		free(c->unsupported_reason[i]);
	free(c->advice);
	json_decref(c->raw);
	wp_caps_init(c);
}

__attribute__((format(printf, 3, 4))) void
wp_caps_set_reason(struct wp_caps *c, enum wp_method_id m, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	c->supported[m] = false;
	free(c->unsupported_reason[m]);
	c->unsupported_reason[m] = strdup(buf);
}

void wp_caps_support(struct wp_caps *c, enum wp_method_id m, bool yes,
		     const char *why_not)
{
	if (yes) {
		c->supported[m] = true;
		free(c->unsupported_reason[m]);
		c->unsupported_reason[m] = NULL;
	} else {
		wp_caps_set_reason(c, m, "%s", why_not);
	}
}

void wp_caps_add_advice(struct wp_caps *c, const char *text)
{
	size_t old = c->advice ? strlen(c->advice) : 0;
	size_t n = old + strlen(text) + 3;
	char *p = realloc(c->advice, n);

	if (!p)
		return;
	snprintf(p + old, n - old, "%s%s", old ? "; " : "", text);
	c->advice = p;
}

const enum wp_method_id wp_caps_nvme_methods[] = {
	WP_M_NVME_SANITIZE_CRYPTO, WP_M_NVME_SANITIZE_BLOCK,
	WP_M_NVME_SANITIZE_OVERWRITE, WP_M_NVME_FORMAT_CRYPTO,
	WP_M_NVME_FORMAT_ERASE};
const enum wp_method_id wp_caps_ata_methods[] = {
	WP_M_ATA_SANITIZE_CRYPTO, WP_M_ATA_SANITIZE_BLOCK,
	WP_M_ATA_SANITIZE_OVERWRITE, WP_M_ATA_SECURE_ERASE,
	WP_M_ATA_SECURE_ERASE_ENHANCED};
const enum wp_method_id wp_caps_scsi_methods[] = {WP_M_SCSI_SANITIZE_CRYPTO,
						  WP_M_SCSI_SANITIZE_BLOCK,
						  WP_M_SCSI_SANITIZE_OVERWRITE};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

void wp_caps_reason_all(struct wp_caps *c, const enum wp_method_id *ms,
			size_t n, const char *why)
{
	for (size_t i = 0; i < n; i++)
		wp_caps_set_reason(c, ms[i], "%s", why);
}

uint32_t wp_caps_est(uint32_t v)
{
	return v == 0xFFFFFFFFu ? 0 : v;
}

int wp_caps_probe(struct wp_dev *d, struct wp_caps *caps, struct cm_err *err)
{
	struct wp_luks_info li;
	const char *base;
	int rc;

	(void)err;
	caps->visible_bytes = d->size;
	caps->type = d->is_block ? WP_TYPE_OTHER : WP_TYPE_FILE;
	caps->raw = json_object();
	if (!caps->raw)
		return cm_err_set(err, -ENOMEM, "out of memory");
	for (int m = WP_M_ZERO; m <= WP_M_PATTERN; m++)
		caps->supported[m] = true;
	wp_caps_reason_all(caps, wp_caps_nvme_methods,
			   NELEM(wp_caps_nvme_methods), "not an NVMe device");
	wp_caps_reason_all(caps, wp_caps_ata_methods,
			   NELEM(wp_caps_ata_methods),
			   "no ATA or SCSI pass-through on this device");
	wp_caps_reason_all(caps, wp_caps_scsi_methods,
			   NELEM(wp_caps_scsi_methods),
			   "no SCSI pass-through on this device");

	if (d->ops->nvme_admin)
		wp_purge_nvme_probe(d, caps);
	else if (d->ops->sg_io && wp_purge_ata_probe(d, caps) == -ENODEV)
		wp_purge_scsi_probe(d, caps);

	/*
	 * The kernel offers no query for secure-discard support short of
	 * issuing it; only eMMC/SD (mmcblk) implements it among common
	 * devices, so only those are offered.
	 */
	base = d->path ? strrchr(d->path, '/') : NULL;
	base = base ? base + 1 : (d->path ? d->path : "");
	wp_caps_support(caps, WP_M_BLK_SECURE_DISCARD,
			d->is_block && !strncmp(base, "mmcblk", 6),
			"secure discard is offered for eMMC/SD devices only");

	rc = d->path ? wp_luks_probe(d->path, &li) : 0;
	if (rc == 1) {
		caps->luks = true;
		wp_caps_support(caps, WP_M_LUKS_ERASE, true, "");
		json_object_set_new(caps->raw, "luks",
				    json_pack("{s:s, s:s, s:i, s:I}", "type",
					      li.type, "uuid", li.uuid,
					      "active_keyslots",
					      (json_int_t)li.active_keyslots,
					      "metadata_bytes",
					      (json_int_t)li.metadata_bytes));
	} else {
		wp_caps_set_reason(caps, WP_M_LUKS_ERASE,
				   "no LUKS header found");
	}
	if (!caps->native_bytes || caps->native_bytes < caps->visible_bytes)
		caps->native_bytes = caps->visible_bytes;
	return 0;
}

enum wp_method_id wp_purge_auto(const struct wp_caps *caps)
{
	static const enum wp_method_id order[] = {
		/* crypto erase */
		WP_M_NVME_SANITIZE_CRYPTO, WP_M_ATA_SANITIZE_CRYPTO,
		WP_M_SCSI_SANITIZE_CRYPTO, WP_M_NVME_FORMAT_CRYPTO,
		/* block erase */
		WP_M_NVME_SANITIZE_BLOCK, WP_M_ATA_SANITIZE_BLOCK,
		WP_M_SCSI_SANITIZE_BLOCK, WP_M_NVME_FORMAT_ERASE,
		/* sanitize overwrite */
		WP_M_NVME_SANITIZE_OVERWRITE, WP_M_ATA_SANITIZE_OVERWRITE,
		WP_M_SCSI_SANITIZE_OVERWRITE};
	const json_t *san;

	if (caps->luks && caps->supported[WP_M_LUKS_ERASE])
		return WP_M_LUKS_ERASE;
	for (size_t i = 0; i < NELEM(order); i++)
		if (caps->supported[order[i]])
			return order[i];
	/* ATA security erase only where the drive has no sanitize at all */
	san = json_object_get(json_object_get(caps->raw, "ata"), "sanitize");
	if (!json_is_true(json_object_get(san, "supported"))) {
		if (caps->supported[WP_M_ATA_SECURE_ERASE_ENHANCED])
			return WP_M_ATA_SECURE_ERASE_ENHANCED;
		if (caps->supported[WP_M_ATA_SECURE_ERASE])
			return WP_M_ATA_SECURE_ERASE;
	}
	if (caps->supported[WP_M_BLK_SECURE_DISCARD])
		return WP_M_BLK_SECURE_DISCARD;
	return WP_M_RANDOM;
}
