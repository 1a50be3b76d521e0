// SPDX-License-Identifier: Apache-2.0
/*
 * Purge: what a device supports, which method `auto` picks, and running a
 * drive's own erase with a completion we can trust and a verification of
 * what the drive did.
 *
 * Trust rules (why this file is longer than "send the command"):
 *  - A sanitize is done only after an observed transition: the drive was
 *    seen in progress and then successful, or its status moved from
 *    not-successful (before we sent the command) to successful. A log that
 *    says "success" both before and after, with nothing in between, is a
 *    drive that never ran (or a stale log) and is a failure.
 *  - Polling stops at a timeout derived from the drive's estimate, and
 *    earlier when progress stops moving (stuck).
 *  - ATA SECURITY ERASE needs a password; whatever happens after it was
 *    set, it is disabled again before we return.
 *  - Before a crypto or block erase, seeded samples are hashed; afterwards
 *    every sampled block that held data must differ, and libblkid must
 *    find no signature. Overwrite-type erases are read back against the
 *    pattern.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "cm_random.h"
#include "wp_drive.h"
#include "wp_purge.h"
#include "wp_sample.h"

#define UNIT_MAX    WP_SAMPLE_BLOCK /* bytes hashed as one sample block */
#define DEFAULT_PCT 0.1

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

__attribute__((format(printf, 3, 4))) static void
set_reason(struct wp_caps *c, enum wp_method_id m, const char *fmt, ...)
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

static void support(struct wp_caps *c, enum wp_method_id m, bool yes,
		    const char *why_not)
{
	if (yes) {
		c->supported[m] = true;
		free(c->unsupported_reason[m]);
		c->unsupported_reason[m] = NULL;
	} else {
		set_reason(c, m, "%s", why_not);
	}
}

static void add_advice(struct wp_caps *c, const char *text)
{
	size_t old = c->advice ? strlen(c->advice) : 0;
	size_t n = old + strlen(text) + 3;
	char *p = realloc(c->advice, n);

	if (!p)
		return;
	snprintf(p + old, n - old, "%s%s", old ? "; " : "", text);
	c->advice = p;
}

static const enum wp_method_id nvme_methods[] = {
	WP_M_NVME_SANITIZE_CRYPTO, WP_M_NVME_SANITIZE_BLOCK,
	WP_M_NVME_SANITIZE_OVERWRITE, WP_M_NVME_FORMAT_CRYPTO,
	WP_M_NVME_FORMAT_ERASE};
static const enum wp_method_id ata_methods[] = {
	WP_M_ATA_SANITIZE_CRYPTO, WP_M_ATA_SANITIZE_BLOCK,
	WP_M_ATA_SANITIZE_OVERWRITE, WP_M_ATA_SECURE_ERASE,
	WP_M_ATA_SECURE_ERASE_ENHANCED};
static const enum wp_method_id scsi_methods[] = {WP_M_SCSI_SANITIZE_CRYPTO,
						 WP_M_SCSI_SANITIZE_BLOCK,
						 WP_M_SCSI_SANITIZE_OVERWRITE};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void reason_all(struct wp_caps *c, const enum wp_method_id *ms, size_t n,
		       const char *why)
{
	for (size_t i = 0; i < n; i++)
		set_reason(c, ms[i], "%s", why);
}

static uint32_t est(uint32_t v)
{
	return v == 0xFFFFFFFFu ? 0 : v;
}

static void probe_nvme(struct wp_dev *d, struct wp_caps *c)
{
	struct wp_nvme_id_ctrl ctrl;
	struct wp_nvme_id_ns ns;
	struct wp_nvme_sanitize_log log;
	uint32_t nsid = wp_nvme_nsid(d);
	json_t *j;
	int rc;
	char why[128];

	c->type = WP_TYPE_NVME;
	rc = wp_nvme_identify_ctrl(d, &ctrl);
	if (rc) {
		snprintf(why, sizeof(why), "Identify Controller failed (%s %d)",
			 rc > 0 ? "status" : "errno", rc > 0 ? rc : -rc);
		reason_all(c, nvme_methods, NELEM(nvme_methods), why);
		return;
	}
	j = json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:i, s:i}", "model",
		      ctrl.mn, "serial", ctrl.sn, "firmware", ctrl.fr, "vid",
		      "", "nsid", (json_int_t)nsid, "oacs", "", "sanicap",
		      (json_int_t)ctrl.sanicap, "fna", (json_int_t)ctrl.fna);
	if (j) {
		char hex[16];

		snprintf(hex, sizeof(hex), "0x%04x", ctrl.vid);
		json_object_set_new(j, "vid", json_string(hex));
		snprintf(hex, sizeof(hex), "0x%04x", ctrl.oacs);
		json_object_set_new(j, "oacs", json_string(hex));
		json_object_set_new(
			j, "sanitize",
			json_pack("{s:b, s:b, s:b}", "crypto",
				  !!(ctrl.sanicap & WP_NVME_SANICAP_CES),
				  "block",
				  !!(ctrl.sanicap & WP_NVME_SANICAP_BES),
				  "overwrite",
				  !!(ctrl.sanicap & WP_NVME_SANICAP_OWS)));
		json_object_set_new(
			j, "format",
			json_pack("{s:b, s:b, s:b}", "supported",
				  !!(ctrl.oacs & WP_NVME_OACS_FORMAT),
				  "crypto_erase",
				  !!(ctrl.fna & WP_NVME_FNA_CRYPTO),
				  "applies_to_all_namespaces",
				  !!(ctrl.fna & (WP_NVME_FNA_FORMAT_ALL |
						 WP_NVME_FNA_SES_ALL))));
	}
	rc = wp_nvme_identify_ns(d, nsid, &ns);
	if (rc == 0 && j) {
		json_object_set_new(
			j, "namespace",
			json_pack("{s:I, s:I, s:i, s:i, s:i}", "nsze",
				  (json_int_t)ns.nsze, "ncap",
				  (json_int_t)ns.ncap, "lba_bytes",
				  (json_int_t)ns.lba_bytes, "lbaf",
				  (json_int_t)ns.flbas_index, "metadata_bytes",
				  (json_int_t)ns.ms));
		c->native_bytes = ns.nsze * ns.lba_bytes;
	}
	if (j && (ctrl.oacs & WP_NVME_OACS_SECURITY))
		json_object_set_new(j, "security_send_receive",
				    json_string("supported (OACS bit 0): the "
						"drive may be an Opal "
						"self-encrypting drive"));
	json_object_set_new(c->raw, "nvme", j);

	snprintf(why, sizeof(why),
		 "the controller does not report it (SANICAP=0x%08" PRIx32 ")",
		 ctrl.sanicap);
	support(c, WP_M_NVME_SANITIZE_CRYPTO,
		ctrl.sanicap & WP_NVME_SANICAP_CES, why);
	support(c, WP_M_NVME_SANITIZE_BLOCK, ctrl.sanicap & WP_NVME_SANICAP_BES,
		why);
	support(c, WP_M_NVME_SANITIZE_OVERWRITE,
		ctrl.sanicap & WP_NVME_SANICAP_OWS, why);
	if (ctrl.sanicap & 0x7) {
		rc = wp_nvme_sanitize_log(d, &log);
		if (rc == 0) {
			c->estimate_secs[WP_M_NVME_SANITIZE_CRYPTO] =
				est(log.etce);
			c->estimate_secs[WP_M_NVME_SANITIZE_BLOCK] =
				est(log.etbe);
			c->estimate_secs[WP_M_NVME_SANITIZE_OVERWRITE] =
				est(log.eto);
			json_object_set_new(
				c->raw, "nvme_sanitize_log",
				json_pack("{s:i, s:i, s:i}", "sprog",
					  (json_int_t)log.sprog, "sstat",
					  (json_int_t)log.sstat, "scdw10",
					  (json_int_t)log.scdw10));
			if (wp_nvme_sstat_status(log.sstat) ==
			    WP_NVME_SSTAT_IN_PROGRESS)
				add_advice(c, "a sanitize is in progress: wait "
					      "for it to finish");
		}
	}
	snprintf(why, sizeof(why),
		 "the controller does not support Format NVM (OACS=0x%04x)",
		 ctrl.oacs);
	support(c, WP_M_NVME_FORMAT_ERASE, ctrl.oacs & WP_NVME_OACS_FORMAT,
		why);
	snprintf(why, sizeof(why),
		 "the controller does not report crypto erase in Format "
		 "(FNA=0x%02x)",
		 ctrl.fna);
	support(c, WP_M_NVME_FORMAT_CRYPTO,
		(ctrl.oacs & WP_NVME_OACS_FORMAT) &&
			(ctrl.fna & WP_NVME_FNA_CRYPTO),
		why);
	reason_all(c, ata_methods, NELEM(ata_methods),
		   "an NVMe device has no ATA command set");
	reason_all(c, scsi_methods, NELEM(scsi_methods),
		   "an NVMe device: use the nvme-* methods");
}

static json_t *ata_identify_json(const struct wp_ata_identify *id)
{
	static const int words[] = {59, 82, 83, 85, 86, 89, 90, 128, 217};
	json_t *w = json_object();
	char k[8], v[8];

	for (size_t i = 0; i < NELEM(words); i++) {
		snprintf(k, sizeof(k), "%d", words[i]);
		snprintf(v, sizeof(v), "0x%04x", id->w[words[i]]);
		json_object_set_new(w, k, json_string(v));
	}
	return json_pack(
		"{s:s, s:s, s:s, s:b, s:I, s:i, s:b, s:o, s:{s:b, s:b, s:b, "
		"s:b, s:b, s:b, s:i, s:i}, s:{s:b, s:b, s:b, s:b, s:b}, "
		"s:{s:b, s:b}}",
		"model", id->model, "serial", id->serial, "firmware",
		id->firmware, "lba48", id->lba48, "max_lba",
		(json_int_t)id->max_lba, "logical_sector",
		(json_int_t)id->logical_sector, "checksum_ok",
		!id->checksum_present || id->checksum_ok, "words", w,
		"security", "supported", id->sec_supported, "enabled",
		id->sec_enabled, "locked", id->sec_locked, "frozen",
		id->sec_frozen, "count_expired", id->sec_count_expired,
		"enhanced_erase", id->sec_enhanced, "erase_time_secs",
		(json_int_t)id->erase_secs, "enhanced_erase_time_secs",
		(json_int_t)id->enhanced_erase_secs, "sanitize", "supported",
		id->san_supported, "crypto", id->san_crypto, "block",
		id->san_block, "overwrite", id->san_overwrite, "antifreeze",
		id->san_antifreeze, "hidden_areas", "hpa_supported",
		id->hpa_supported, "dco_supported", id->dco_supported);
}

/* 0 and *@regs filled, or the wp_ata_exec() result. */
static int ata_sanitize_status(struct wp_dev *d, uint16_t in,
			       struct wp_ata_regs *regs)
{
	struct wp_sg_cmd c;

	wp_ata_build_sanitize(&c, WP_ATA_SAN_STATUS, 0, in);
	return wp_ata_exec(d, &c, regs);
}

static int ata_read_native_max(struct wp_dev *d, uint64_t *max)
{
	struct wp_sg_cmd c;
	struct wp_ata_regs r;
	int rc;

	wp_ata_build_read_native_max(&c);
	rc = wp_ata_exec(d, &c, &r);
	if (rc)
		return rc;
	if (!r.valid || !r.extend)
		return -EIO; /* 48-bit result did not come back */
	*max = r.lba;
	return 0;
}

/* 0: ATA device probed; -ENODEV: not an ATA device (try SCSI). */
static int probe_ata(struct wp_dev *d, struct wp_caps *c)
{
	struct wp_ata_identify id;
	struct wp_ata_regs san;
	bool san_frozen = false, usable;
	uint32_t lbs;
	int rc;

	rc = wp_ata_identify(d, &id);
	if (rc)
		return -ENODEV;
	if (id.checksum_present && !id.checksum_ok) {
		reason_all(c, ata_methods, NELEM(ata_methods),
			   "IDENTIFY DEVICE data failed its checksum");
		json_object_set_new(c->raw, "ata", ata_identify_json(&id));
		return 0;
	}
	c->type = id.ssd ? WP_TYPE_SSD : WP_TYPE_HDD;
	json_object_set_new(c->raw, "ata", ata_identify_json(&id));
	lbs = id.logical_sector;
	c->frozen = id.sec_frozen;
	c->locked = id.sec_locked;

	if (id.san_supported) {
		rc = ata_sanitize_status(d, 0, &san);
		if (rc == 0) {
			san_frozen = san.count & WP_ATA_SAN_ST_FROZEN;
			json_object_set_new(
				c->raw, "ata_sanitize_status",
				json_pack("{s:i, s:i, s:b, s:b, s:b}", "count",
					  (json_int_t)san.count, "lba",
					  (json_int_t)san.lba, "in_progress",
					  !!(san.count &
					     WP_ATA_SAN_ST_IN_PROGRESS),
					  "frozen", san_frozen, "done",
					  !!(san.count & WP_ATA_SAN_ST_DONE)));
			if (san.count & WP_ATA_SAN_ST_IN_PROGRESS)
				add_advice(c, "a sanitize is in progress: "
					      "wait for it to finish");
		}
		c->frozen = c->frozen || san_frozen;
	}
	if (id.sec_locked) {
		add_advice(c, "the drive is locked by an ATA security "
			      "password: unlock it with the password "
			      "(hdparm --security-unlock) before erasing");
		reason_all(c, ata_methods, NELEM(ata_methods),
			   "the drive is locked (ATA security): unlock it "
			   "first");
		for (int m = WP_M_ZERO; m <= WP_M_PATTERN; m++)
			set_reason(c, (enum wp_method_id)m,
				   "the drive is locked (ATA security): its "
				   "data cannot be written");
	} else {
		if (!id.san_supported) {
			reason_all(c, ata_methods, 3,
				   "the drive does not support the Sanitize "
				   "feature set (IDENTIFY word 59 bit 12)");
		} else if (san_frozen) {
			reason_all(c, ata_methods, 3,
				   "sanitize is frozen (SANITIZE FREEZE "
				   "LOCK): power-cycle the drive");
			add_advice(c, "sanitize is freeze-locked until the "
				      "next power cycle");
		} else {
			support(c, WP_M_ATA_SANITIZE_CRYPTO, id.san_crypto,
				"the drive does not support CRYPTO SCRAMBLE "
				"EXT (word 59 bit 13)");
			support(c, WP_M_ATA_SANITIZE_BLOCK, id.san_block,
				"the drive does not support BLOCK ERASE EXT "
				"(word 59 bit 15)");
			support(c, WP_M_ATA_SANITIZE_OVERWRITE,
				id.san_overwrite,
				"the drive does not support OVERWRITE EXT "
				"(word 59 bit 14)");
		}
		usable = id.sec_supported && !id.sec_frozen &&
			 !id.sec_enabled && !id.sec_count_expired;
		if (!id.sec_supported) {
			reason_all(c, ata_methods + 3, 2,
				   "the drive does not support the Security "
				   "feature set (IDENTIFY word 82 bit 1)");
		} else if (id.sec_frozen) {
			reason_all(c, ata_methods + 3, 2,
				   "security is frozen (word 128 bit 3): "
				   "suspend and resume the machine to "
				   "unfreeze");
			add_advice(c, "the drive is security-frozen (usually "
				      "by the BIOS at boot): suspend and "
				      "resume the machine (systemctl "
				      "suspend), or hot-plug the drive, "
				      "then inspect again");
		} else if (id.sec_enabled) {
			reason_all(c, ata_methods + 3, 2,
				   "a security password is already set: "
				   "disable it first");
		} else if (id.sec_count_expired) {
			reason_all(c, ata_methods + 3, 2,
				   "the password attempt counter expired: "
				   "power-cycle the drive");
		} else {
			support(c, WP_M_ATA_SECURE_ERASE, usable, "");
			support(c, WP_M_ATA_SECURE_ERASE_ENHANCED,
				usable && id.sec_enhanced,
				"the drive does not support the enhanced "
				"erase (word 128 bit 5)");
			c->estimate_secs[WP_M_ATA_SECURE_ERASE] = id.erase_secs;
			c->estimate_secs[WP_M_ATA_SECURE_ERASE_ENHANCED] =
				id.enhanced_erase_secs;
		}
	}
	c->visible_bytes = (id.max_lba + 1) * lbs;
	c->native_bytes = c->visible_bytes;
	/*
	 * READ NATIVE MAX ADDRESS EXT even when word 82 does not claim the
	 * HPA feature set: it only reads, a drive without it aborts, and
	 * some drives (and emulators) answer it without the bit.
	 */
	if (id.lba48 && !id.sec_locked) {
		uint64_t native;

		rc = ata_read_native_max(d, &native);
		if (rc != 0)
			json_object_set_new(c->raw, "hpa",
					    json_pack("{s:I, s:s}", "max_lba",
						      (json_int_t)id.max_lba,
						      "native_max_lba",
						      "not reported"));
		if (rc == 0) {
			c->native_bytes = (native + 1) * lbs;
			json_object_set_new(
				c->raw, "hpa",
				json_pack("{s:I, s:I, s:b}", "max_lba",
					  (json_int_t)id.max_lba,
					  "native_max_lba", (json_int_t)native,
					  "present", native > id.max_lba));
			if (native > id.max_lba)
				add_advice(c, "a Host Protected Area hides "
					      "part of the drive: erase with "
					      "--remove-hpa to reach it");
		}
	}
	if (id.trusted_computing)
		json_object_set_new(c->raw, "trusted_computing",
				    json_string("supported (IDENTIFY word 48): "
						"the drive may be an Opal "
						"self-encrypting drive"));
	if (id.dco_supported && !id.sec_locked) {
		uint64_t dco_max = 0;

		/*
		 * A Device Configuration Overlay can hide capacity below
		 * even the native max: DCO IDENTIFY reports the factory max.
		 */
		rc = wp_ata_dco_identify(d, &dco_max);
		if (rc != 0) {
			json_object_set_new(c->raw, "dco",
					    json_pack("{s:b, s:s}", "supported",
						      1, "max_lba",
						      "not reported"));
		} else {
			uint64_t dco_bytes = (dco_max + 1) * lbs;

			json_object_set_new(
				c->raw, "dco",
				json_pack("{s:b, s:I, s:b}", "supported", 1,
					  "max_lba", (json_int_t)dco_max,
					  "present",
					  dco_bytes > c->native_bytes));
			if (dco_bytes > c->native_bytes) {
				c->dco_bytes = dco_bytes;
				c->native_bytes = dco_bytes;
				add_advice(c, "a Device Configuration Overlay "
					      "hides part of the drive: wipe "
					      "does not change a DCO (it is "
					      "permanent); restore it with the "
					      "vendor's tools, or the "
					      "certificate records the hidden "
					      "capacity as not erased");
			}
		}
	}
	reason_all(c, scsi_methods, NELEM(scsi_methods),
		   "an ATA device: use the ata-sanitize-* methods");
	reason_all(c, nvme_methods, NELEM(nvme_methods), "not an NVMe device");
	return 0;
}

static void probe_scsi(struct wp_dev *d, struct wp_caps *c)
{
	static const uint8_t sas[] = {WP_SCSI_SAN_CRYPTO, WP_SCSI_SAN_BLOCK,
				      WP_SCSI_SAN_OVERWRITE};
	struct wp_sg_cmd cmd;
	struct wp_sense s;
	uint8_t inq[96];
	char vendor[9] = "", product[17] = "", rev[5] = "";
	int rc;

	memset(inq, 0, sizeof(inq));
	wp_scsi_build_inquiry(&cmd, inq, sizeof(inq));
	if (wp_scsi_exec(d, &cmd, &s) == 0) {
		wp_ascii_trim(inq + 8, 8, vendor);
		wp_ascii_trim(inq + 16, 16, product);
		wp_ascii_trim(inq + 32, 4, rev);
		json_object_set_new(c->raw, "scsi",
				    json_pack("{s:s, s:s, s:s}", "vendor",
					      vendor, "product", product,
					      "revision", rev));
	}
	for (size_t i = 0; i < NELEM(sas); i++) {
		rc = wp_scsi_supports(d, WP_SCSI_SANITIZE, sas[i]);
		support(c, scsi_methods[i], rc == 1,
			rc < 0 ? "REPORT SUPPORTED OPERATION CODES failed"
			       : "the device does not report SANITIZE with "
				 "this service action");
	}
	reason_all(c, ata_methods, NELEM(ata_methods),
		   "no ATA PASS-THROUGH answer: not an ATA device");
	reason_all(c, nvme_methods, NELEM(nvme_methods), "not an NVMe device");
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
	reason_all(caps, nvme_methods, NELEM(nvme_methods),
		   "not an NVMe device");
	reason_all(caps, ata_methods, NELEM(ata_methods),
		   "no ATA or SCSI pass-through on this device");
	reason_all(caps, scsi_methods, NELEM(scsi_methods),
		   "no SCSI pass-through on this device");

	if (d->ops->nvme_admin)
		probe_nvme(d, caps);
	else if (d->ops->sg_io && probe_ata(d, caps) == -ENODEV)
		probe_scsi(d, caps);

	/*
	 * The kernel offers no query for secure-discard support short of
	 * issuing it; only eMMC/SD (mmcblk) implements it among common
	 * devices, so only those are offered.
	 */
	base = d->path ? strrchr(d->path, '/') : NULL;
	base = base ? base + 1 : (d->path ? d->path : "");
	support(caps, WP_M_BLK_SECURE_DISCARD,
		d->is_block && !strncmp(base, "mmcblk", 6),
		"secure discard is offered for eMMC/SD devices only");

	rc = d->path ? wp_luks_probe(d->path, &li) : 0;
	if (rc == 1) {
		caps->luks = true;
		support(caps, WP_M_LUKS_ERASE, true, "");
		json_object_set_new(caps->raw, "luks",
				    json_pack("{s:s, s:s, s:i, s:I}", "type",
					      li.type, "uuid", li.uuid,
					      "active_keyslots",
					      (json_int_t)li.active_keyslots,
					      "metadata_bytes",
					      (json_int_t)li.metadata_bytes));
	} else {
		set_reason(caps, WP_M_LUKS_ERASE, "no LUKS header found");
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

void wp_purge_timeouts(uint32_t estimate_secs, uint64_t bytes,
		       uint64_t *timeout_secs, uint64_t *stall_secs)
{
	/* no estimate: as hdparm, 1 s per 30 MB plus 30 minutes */
	uint64_t by_size = bytes / 30000000u + 1800;

	if (estimate_secs)
		*timeout_secs = (uint64_t)estimate_secs * 2 + 600;
	else
		*timeout_secs = by_size;
	/* progress that does not move for a quarter of that (at least ten
	 * minutes) means a stuck drive */
	*stall_secs = *timeout_secs / 4;
	if (*stall_secs < 600)
		*stall_secs = 600;
}

/* ---- clock ---- */

static uint64_t real_now_ms(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void real_sleep_ms(void *ctx, uint32_t ms)
{
	struct timespec ts = {.tv_sec = ms / 1000,
			      .tv_nsec = (long)(ms % 1000) * 1000000};

	(void)ctx;
	nanosleep(&ts, NULL);
}

struct run {
	struct wp_dev *d;
	enum wp_method_id m;
	const struct wp_caps *caps;
	const struct wp_purge_opts *o;
	struct wp_job_result *res;
	struct cm_err *err;
	uint64_t (*now)(void *);
	void (*sleep)(void *, uint32_t);
	uint32_t poll_ms;
	json_t *status; /* res->device_status */
	json_t *polls;	/* status samples kept (first, changes, last) */
	bool failed;
	bool interrupted;
	char reason[512];
};

__attribute__((format(printf, 2, 3))) static void fail(struct run *r,
						       const char *fmt, ...)
{
	va_list ap;

	if (r->failed)
		return;
	r->failed = true;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
}

static bool stopped(const struct run *r)
{
	return r->o && r->o->stop && *r->o->stop;
}

/* ---- samples: before/after commitments ---- */

struct sample {
	uint64_t off;
	uint32_t len;
	uint8_t kind; /* 0 all 0x00, 1 all 0xFF, 2 data */
	uint8_t before[32];
	uint8_t after[32];
};

struct sample_set {
	struct sample *v;
	size_t n, cap;
	double pct;
	uint64_t seed;
	uint64_t bytes; /* total sampled */
	uint8_t commit_before[32], commit_after[32];
};

static uint8_t classify(const uint8_t *b, size_t n)
{
	bool z = true, f = true;

	for (size_t i = 0; i < n && (z || f); i++) {
		z = z && b[i] == 0x00;
		f = f && b[i] == 0xFF;
	}
	return z ? 0 : f ? 1 : 2;
}

static int read_fully(struct wp_dev *d, uint8_t *buf, uint32_t len,
		      uint64_t off)
{
	uint32_t done = 0;

	while (done < len) {
		ssize_t n = wp_dev_pread(d, buf + done, len - done, off + done);

		if (n < 0)
			return (int)n;
		if (n == 0)
			return -EIO;
		done += (uint32_t)n;
	}
	return 0;
}

static int sha256(const void *b, size_t n, uint8_t out[32])
{
	unsigned int len = 32;

	return EVP_Digest(b, n, out, &len, EVP_sha256(), NULL) ? 0 : -EIO;
}

static int sample_plan_build(struct run *r, struct sample_set *s)
{
	struct wp_sample_plan p;
	uint64_t off;
	uint32_t len;

	s->pct = r->o && r->o->sample_pct > 0 ? r->o->sample_pct : DEFAULT_PCT;
	s->seed = r->o ? r->o->seed : 0;
	wp_sample_plan_init(&p, r->d->size, r->d->logical_block, s->pct,
			    s->seed);
	while (wp_sample_plan_next(&p, &off, &len) == 0) {
		while (len) {
			uint32_t l = len > UNIT_MAX ? UNIT_MAX : len;

			if (s->n == s->cap) {
				size_t nc = s->cap ? s->cap * 2 : 64;
				struct sample *nv =
					realloc(s->v, nc * sizeof(*nv));

				if (!nv)
					return -ENOMEM;
				s->v = nv;
				s->cap = nc;
			}
			s->v[s->n++] = (struct sample){.off = off, .len = l};
			s->bytes += l;
			off += l;
			len -= l;
		}
	}
	return 0;
}

/* Hash every sample (@after selects the slot); fills the commitment. */
static int sample_hash(struct run *r, struct sample_set *s, bool after)
{
	EVP_MD_CTX *all = NULL;
	uint8_t *buf = NULL;
	unsigned int dl = 32;
	int rc;

	rc = wp_dev_drop_cache(r->d);
	if (rc < 0 && rc != -EOPNOTSUPP)
		return rc;
	if (posix_memalign((void **)&buf, 4096, UNIT_MAX))
		return -ENOMEM;
	all = EVP_MD_CTX_new();
	if (!all || !EVP_DigestInit_ex(all, EVP_sha256(), NULL)) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < s->n; i++) {
		struct sample *x = &s->v[i];
		uint8_t *h = after ? x->after : x->before;

		rc = read_fully(r->d, buf, x->len, x->off);
		if (rc < 0)
			goto out;
		rc = sha256(buf, x->len, h);
		if (rc < 0)
			goto out;
		if (!after)
			x->kind = classify(buf, x->len);
		if (!EVP_DigestUpdate(all, h, 32)) {
			rc = -EIO;
			goto out;
		}
	}
	if (!EVP_DigestFinal_ex(all, after ? s->commit_after : s->commit_before,
				&dl))
		rc = -EIO;
	else
		rc = 0;
out:
	EVP_MD_CTX_free(all);
	free(buf);
	return rc;
}

static void hex(const uint8_t *b, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[b[i] >> 4];
		out[2 * i + 1] = d[b[i] & 15];
	}
	out[2 * n] = '\0';
}

enum verify_kind {
	V_DIFF,	   /* crypto / block erase: data-bearing blocks differ */
	V_PATTERN, /* overwrite: every block reads back the pattern */
	V_DEALLOC, /* Format SES=1: 0x00/0xFF, else must differ */
};

/*
 * After the erase: re-read the samples, compare, and record the outcome
 * in res->verification. Returns true when verification passed.
 */
static bool verify_after(struct run *r, struct sample_set *s,
			 enum verify_kind k, uint8_t pattern)
{
	json_t *v = json_object(), *bad = json_array();
	uint8_t *buf = NULL;
	size_t data_bearing = 0, changed = 0, unchanged = 0, mismatch = 0,
	       uniform = 0;
	char h[65], sig[64] = "";
	bool ok = true;
	int rc;

	/* read the media, not our page cache */
	wp_dev_drop_cache(r->d);
	if (posix_memalign((void **)&buf, 4096, UNIT_MAX)) {
		ok = false;
		goto out;
	}
	for (size_t i = 0; i < s->n; i++) {
		struct sample *x = &s->v[i];
		uint8_t now;
		bool differs, is_bad = false;

		rc = read_fully(r->d, buf, x->len, x->off);
		if (rc < 0) {
			ok = false;
			json_array_append_new(
				bad, json_pack("{s:I, s:s}", "offset",
					       (json_int_t)x->off, "error",
					       strerror(-rc)));
			continue;
		}
		sha256(buf, x->len, x->after);
		now = classify(buf, x->len);
		differs = memcmp(x->before, x->after, 32) != 0;
		if (x->kind == 2)
			data_bearing++;
		if (differs)
			changed++;
		if (now != 2)
			uniform++;
		switch (k) {
		case V_DIFF:
			if (x->kind == 2 && !differs) {
				unchanged++;
				is_bad = true;
			}
			break;
		case V_PATTERN:
			if (now != (pattern == 0xFF ? 1 : 0)) {
				mismatch++;
				is_bad = true;
			}
			break;
		case V_DEALLOC:
			if (now == 2 && (x->kind == 2 && !differs)) {
				unchanged++;
				is_bad = true;
			}
			break;
		}
		if (is_bad) {
			ok = false;
			if (json_array_size(bad) < 16)
				json_array_append_new(
					bad,
					json_pack("{s:I, s:i}", "offset",
						  (json_int_t)x->off, "length",
						  (json_int_t)x->len));
		}
	}
	{
		EVP_MD_CTX *all = EVP_MD_CTX_new();
		unsigned int dl = 32;

		if (all && EVP_DigestInit_ex(all, EVP_sha256(), NULL)) {
			for (size_t i = 0; i < s->n; i++)
				EVP_DigestUpdate(all, s->v[i].after, 32);
			EVP_DigestFinal_ex(all, s->commit_after, &dl);
		}
		EVP_MD_CTX_free(all);
	}
	rc = wp_blkid_find_signature(r->d, sig, sizeof(sig));
	if (rc == 1) {
		ok = false;
		json_object_set_new(v, "blkid",
				    json_sprintf("signature '%s' "
						 "found",
						 sig));
	} else if (rc == 0) {
		json_object_set_new(v, "blkid", json_string("no signature"));
	} else {
		json_object_set_new(v, "blkid", json_string("not checked"));
	}
out:
	json_object_set_new(v, "method", json_string("sample"));
	/* as for overwrites: the fraction of the device read back */
	json_object_set_new(
		v, "coverage",
		json_real(r->d->size ? (double)s->bytes / (double)r->d->size
				     : 0));
	json_object_set_new(v, "samples", json_integer((json_int_t)s->n));
	json_object_set_new(v, "result", json_string(ok ? "passed" : "failed"));
	{
		json_t *det = json_object();

		json_object_set_new(det, "seed",
				    json_integer((json_int_t)s->seed));
		json_object_set_new(det, "percent", json_real(s->pct));
		json_object_set_new(det, "block_bytes", json_integer(UNIT_MAX));
		json_object_set_new(det, "bytes_checked",
				    json_integer((json_int_t)s->bytes));
		json_object_set_new(
			det, "check",
			json_string(k == V_DIFF ? "every sampled block that "
						  "held data differs after"
				    : k == V_PATTERN
					    ? "every sampled block reads "
					      "back the overwrite pattern"
					    : "every sampled block reads "
					      "0x00/0xFF or differs after"));
		hex(s->commit_before, 32, h);
		json_object_set_new(det, "before_sha256", json_string(h));
		hex(s->commit_after, 32, h);
		json_object_set_new(det, "after_sha256", json_string(h));
		json_object_set_new(det, "data_bearing",
				    json_integer((json_int_t)data_bearing));
		json_object_set_new(det, "changed",
				    json_integer((json_int_t)changed));
		json_object_set_new(det, "uniform_after",
				    json_integer((json_int_t)uniform));
		if (k == V_PATTERN)
			json_object_set_new(det, "pattern_mismatch",
					    json_integer((json_int_t)mismatch));
		else
			json_object_set_new(
				det, "unchanged",
				json_integer((json_int_t)unchanged));
		json_object_set_new(det, "failures", bad);
		bad = NULL;
		json_object_set_new(v, "details", det);
	}
	json_decref(bad);
	free(buf);
	json_decref(r->res->verification);
	r->res->verification = v;
	return ok;
}

/* ---- polling ---- */

struct poll_state {
	bool seen_in_progress;
	uint32_t last_progress;
	uint64_t last_change_ms;
	uint64_t start_ms;
	unsigned polls;
};

static void record_poll(struct run *r, json_t *sample, bool force)
{
	size_t n = json_array_size(r->polls);

	/* keep the first 8 and the last: enough to show the transition */
	if (n < 8 || force)
		json_array_append_new(r->polls, sample);
	else {
		json_array_set_new(r->polls, n - 1, sample);
	}
}

/* ---- NVMe ---- */

static int nvme_format(struct run *r, enum wp_nvme_ses ses)
{
	struct wp_nvme_id_ns ns;
	struct wp_nvme_cmd c;
	uint32_t nsid = wp_nvme_nsid(r->d), fna;
	uint64_t timeout, stall;
	int rc;

	rc = wp_nvme_identify_ns(r->d, nsid, &ns);
	if (rc) {
		fail(r, "Identify Namespace failed (%s %d)",
		     rc > 0 ? "status" : "errno", rc > 0 ? rc : -rc);
		return 0;
	}
	/*
	 * FNA bit 0: a format (bit 1: a secure erase) covers every namespace
	 * of the controller whatever NSID is given; say so by sending
	 * FFFFFFFFh, as nvme-cli does, and record it.
	 */
	fna = (uint32_t)json_integer_value(
		json_object_get(json_object_get(r->caps->raw, "nvme"), "fna"));
	if (fna & (WP_NVME_FNA_FORMAT_ALL | WP_NVME_FNA_SES_ALL)) {
		nsid = WP_NVME_NSID_ALL;
		json_object_set_new(r->res->details, "all_namespaces",
				    json_true());
	}
	wp_nvme_build_format(&c, nsid, ns.flbas_index, ses);
	/* the drive erases before it answers: allow for that, not 60 s */
	wp_purge_timeouts(r->caps->estimate_secs[r->m], r->d->size, &timeout,
			  &stall);
	c.timeout_ms =
		timeout > 4000000 ? 4000000000u : (uint32_t)(timeout * 1000);
	json_object_set_new(r->status, "command",
			    json_pack("{s:s, s:i, s:i}", "opcode", "0x80",
				      "nsid", (json_int_t)nsid, "cdw10",
				      (json_int_t)c.cdw10));
	/*
	 * Format NVM completes when the format has: its completion is the
	 * documented synchronous end of the operation (NVMe 2.0 5.23).
	 */
	rc = wp_nvme_exec(r->d, &c);
	json_object_set_new(r->status, "completion",
			    json_string("synchronous"));
	json_object_set_new(r->status, "nvme_status",
			    json_integer(rc > 0 ? rc : 0));
	if (rc < 0) {
		fail(r, "Format NVM failed: %s", strerror(-rc));
		return 0;
	}
	if (rc > 0) {
		fail(r,
		     "Format NVM failed with NVMe status 0x%04x (SCT %d, "
		     "SC 0x%02x)",
		     rc, (rc >> 8) & 0x7, rc & 0xFF);
		return 0;
	}
	wp_dev_refresh_size(r->d);
	return 0;
}

static int nvme_sanitize(struct run *r, enum wp_nvme_sanact act)
{
	struct wp_nvme_sanitize_log before, log = {0};
	struct wp_nvme_cmd c;
	struct poll_state ps = {0};
	uint64_t timeout, stall, now;
	uint32_t estimate = r->caps->estimate_secs[r->m];
	unsigned st;
	int rc;

	rc = wp_nvme_sanitize_log(r->d, &before);
	if (rc) {
		fail(r,
		     "cannot read the Sanitize Status log before starting "
		     "(%s %d)",
		     rc > 0 ? "status" : "errno", rc > 0 ? rc : -rc);
		return 0;
	}
	json_object_set_new(r->status, "before",
			    json_pack("{s:i, s:i, s:i}", "sprog",
				      (json_int_t)before.sprog, "sstat",
				      (json_int_t)before.sstat, "scdw10",
				      (json_int_t)before.scdw10));
	if (wp_nvme_sstat_status(before.sstat) == WP_NVME_SSTAT_IN_PROGRESS) {
		fail(r, "a sanitize is already in progress");
		return 0;
	}
	wp_nvme_build_sanitize(&c, act, 1, 0);
	json_object_set_new(r->status, "command",
			    json_pack("{s:s, s:i}", "opcode", "0x84", "cdw10",
				      (json_int_t)c.cdw10));
	rc = wp_nvme_exec(r->d, &c);
	if (rc) {
		json_object_set_new(r->status, "nvme_status",
				    json_integer(rc > 0 ? rc : 0));
		if (rc > 0)
			fail(r,
			     "Sanitize was refused with NVMe status "
			     "0x%04x",
			     rc);
		else
			fail(r, "Sanitize failed: %s", strerror(-rc));
		return 0;
	}
	wp_purge_timeouts(estimate, r->d->size, &timeout, &stall);
	json_object_set_new(r->status, "timeout_secs",
			    json_integer((json_int_t)timeout));
	ps.start_ms = ps.last_change_ms = r->now(r->o->clock_ctx);
	ps.last_progress = 0xFFFFFFFFu;
	for (;;) {
		rc = wp_nvme_sanitize_log(r->d, &log);
		now = r->now(r->o->clock_ctx);
		if (rc) {
			fail(r, "cannot read the Sanitize Status log (%s %d)",
			     rc > 0 ? "status" : "errno", rc > 0 ? rc : -rc);
			break;
		}
		st = wp_nvme_sstat_status(log.sstat);
		ps.polls++;
		record_poll(r,
			    json_pack("{s:I, s:i, s:i, s:i}", "t_ms",
				      (json_int_t)(now - ps.start_ms), "sprog",
				      (json_int_t)log.sprog, "sstat",
				      (json_int_t)log.sstat, "scdw10",
				      (json_int_t)log.scdw10),
			    false);
		if (st == WP_NVME_SSTAT_IN_PROGRESS) {
			ps.seen_in_progress = true;
			if (log.sprog != ps.last_progress) {
				ps.last_progress = log.sprog;
				ps.last_change_ms = now;
			}
		} else if (st == WP_NVME_SSTAT_SUCCESS ||
			   st == WP_NVME_SSTAT_SUCCESS_NDAS) {
			bool changed =
				wp_nvme_sstat_status(before.sstat) != st ||
				before.scdw10 != log.scdw10;

			if (ps.seen_in_progress) {
				json_object_set_new(
					r->status, "evidence",
					json_string("in-progress then "
						    "success observed"));
				break;
			}
			if (changed && (log.scdw10 & 0x7) == (c.cdw10 & 0x7)) {
				json_object_set_new(
					r->status, "evidence",
					json_string("status changed to "
						    "success after the "
						    "command"));
				break;
			}
			/* stale success: wait for the drive to start */
		} else if (st == WP_NVME_SSTAT_FAILED) {
			fail(r,
			     "the drive reports the sanitize failed "
			     "(SSTAT=0x%04x)",
			     log.sstat);
			break;
		}
		if (stopped(r)) {
			r->interrupted = true;
			fail(r, "interrupted while the drive was sanitizing; "
				"the drive continues on its own (and resumes "
				"after a power loss)");
			break;
		}
		if (now - ps.start_ms > timeout * 1000) {
			fail(r,
			     ps.seen_in_progress
				     ? "timed out after %" PRIu64
				       " s waiting for the sanitize"
				     : "the drive never reported the "
				       "sanitize in progress within %" PRIu64
				       " s (it did not run)",
			     timeout);
			break;
		}
		if (ps.seen_in_progress &&
		    now - ps.last_change_ms > stall * 1000) {
			fail(r,
			     "sanitize progress stuck at %u/65536 for %" PRIu64
			     " s",
			     ps.last_progress, stall);
			break;
		}
		if (!ps.seen_in_progress && now - ps.start_ms > stall * 1000) {
			fail(r,
			     "the drive never reported the sanitize in "
			     "progress within %" PRIu64 " s (it did not "
			     "run)",
			     stall);
			break;
		}
		r->sleep(r->o->clock_ctx, r->poll_ms);
	}
	json_object_set_new(r->status, "polls", json_integer(ps.polls));
	json_object_set_new(
		r->status, "final",
		json_pack("{s:i, s:i, s:i, s:b}", "sprog",
			  (json_int_t)log.sprog, "sstat", (json_int_t)log.sstat,
			  "scdw10", (json_int_t)log.scdw10,
			  "global_data_erased", !!(log.sstat & (1u << 8))));
	return 0;
}

/* ---- ATA ---- */

static json_t *regs_json(const struct wp_ata_regs *g)
{
	return json_pack("{s:i, s:i, s:i, s:I, s:i}", "status",
			 (json_int_t)g->status, "error", (json_int_t)g->error,
			 "count", (json_int_t)g->count, "lba",
			 (json_int_t)g->lba, "device", (json_int_t)g->device);
}

static int ata_sanitize(struct run *r, enum wp_ata_sanitize_fn fn)
{
	struct wp_ata_regs before, g;
	struct wp_sg_cmd c;
	struct poll_state ps = {0};
	uint64_t timeout, stall, now;
	int rc;

	rc = ata_sanitize_status(r->d, 0, &before);
	if (rc) {
		fail(r, "SANITIZE STATUS EXT failed before starting (0x%x)",
		     rc);
		return 0;
	}
	json_object_set_new(r->status, "before", regs_json(&before));
	if (before.count & WP_ATA_SAN_ST_IN_PROGRESS) {
		fail(r, "a sanitize is already in progress");
		return 0;
	}
	wp_ata_build_sanitize(&c, fn, 0, 0);
	json_object_set_new(r->status, "command",
			    json_pack("{s:s, s:i}", "command", "0xb4",
				      "feature", (json_int_t)fn));
	rc = wp_ata_exec(r->d, &c, &g);
	json_object_set_new(r->status, "start", regs_json(&g));
	if (rc) {
		if (rc > 0)
			fail(r,
			     "SANITIZE was aborted: status 0x%02x error "
			     "0x%02x, reason %u",
			     (rc >> 8) & 0xFF, rc & 0xFF,
			     (unsigned)(g.lba & 0xFF));
		else
			fail(r, "SANITIZE failed: %s", strerror(-rc));
		return 0;
	}
	wp_purge_timeouts(r->caps->estimate_secs[r->m], r->d->size, &timeout,
			  &stall);
	json_object_set_new(r->status, "timeout_secs",
			    json_integer((json_int_t)timeout));
	ps.start_ms = ps.last_change_ms = r->now(r->o->clock_ctx);
	ps.last_progress = 0xFFFFFFFFu;
	for (;;) {
		r->sleep(r->o->clock_ctx, r->poll_ms);
		rc = ata_sanitize_status(r->d, 0, &g);
		now = r->now(r->o->clock_ctx);
		ps.polls++;
		record_poll(r, regs_json(&g), false);
		if (rc > 0) {
			/* ABRT with LBA 7:0 the failure reason (ACS-3) */
			fail(r,
			     "the drive reports the sanitize failed: "
			     "status 0x%02x error 0x%02x reason %u",
			     g.status, g.error, (unsigned)(g.lba & 0xFF));
			break;
		}
		if (rc < 0) {
			fail(r, "SANITIZE STATUS EXT failed: %s",
			     strerror(-rc));
			break;
		}
		if (g.count & WP_ATA_SAN_ST_IN_PROGRESS) {
			ps.seen_in_progress = true;
			if ((g.lba & 0xFFFF) != ps.last_progress) {
				ps.last_progress = (uint32_t)(g.lba & 0xFFFF);
				ps.last_change_ms = now;
			}
		} else if (g.count & WP_ATA_SAN_ST_DONE) {
			if (ps.seen_in_progress) {
				json_object_set_new(
					r->status, "evidence",
					json_string("in-progress then "
						    "success observed"));
				break;
			}
			if (!(before.count & WP_ATA_SAN_ST_DONE)) {
				json_object_set_new(
					r->status, "evidence",
					json_string("status changed to "
						    "success after the "
						    "command"));
				break;
			}
		}
		if (stopped(r)) {
			r->interrupted = true;
			fail(r, "interrupted while the drive was sanitizing; "
				"the drive continues on its own");
			break;
		}
		if (now - ps.start_ms > timeout * 1000) {
			fail(r, "timed out after %" PRIu64 " s", timeout);
			break;
		}
		if (now - ps.last_change_ms > stall * 1000) {
			fail(r,
			     ps.seen_in_progress
				     ? "sanitize progress stuck for %" PRIu64
				       " s"
				     : "the drive never reported the "
				       "sanitize in progress within %" PRIu64
				       " s (it did not run)",
			     stall);
			break;
		}
	}
	json_object_set_new(r->status, "polls", json_integer(ps.polls));
	json_object_set_new(r->status, "final", regs_json(&g));
	return 0;
}

static int ata_security(struct wp_dev *d, uint8_t op, bool enhanced,
			const uint8_t pwd[32], uint32_t timeout_ms,
			struct wp_ata_regs *g)
{
	struct wp_sg_cmd c;
	uint8_t *blk;
	int rc;

	if (posix_memalign((void **)&blk, 512, 512))
		return -ENOMEM;
	wp_ata_security_block(blk, enhanced, pwd);
	wp_ata_build_security(&c, op, blk, timeout_ms);
	rc = wp_ata_exec(d, &c, g);
	explicit_bzero(blk, 512);
	free(blk);
	return rc;
}

/*
 * Leave no password behind: unlock if the drive locked itself (a reset
 * during the erase), then disable the password, then confirm with
 * IDENTIFY that security is no longer enabled.
 */
static void ata_password_cleanup(struct run *r, const uint8_t pwd[32])
{
	struct wp_ata_identify id;
	struct wp_ata_regs g;
	json_t *j = json_object();
	int rc;

	rc = wp_ata_identify(r->d, &id);
	if (rc == 0 && id.sec_locked) {
		rc = ata_security(r->d, WP_ATA_SEC_UNLOCK, false, pwd, 15000,
				  &g);
		json_object_set_new(j, "unlock", json_integer(rc));
	}
	rc = ata_security(r->d, WP_ATA_SEC_DISABLE_PASSWORD, false, pwd, 15000,
			  &g);
	json_object_set_new(j, "disable_password", json_integer(rc));
	rc = wp_ata_identify(r->d, &id);
	json_object_set_new(j, "security_enabled_after",
			    rc == 0 ? json_boolean(id.sec_enabled)
				    : json_null());
	json_object_set_new(r->status, "password_cleanup", j);
	if (rc != 0 || id.sec_enabled) {
		r->failed = false; /* this message matters most */
		fail(r, "the temporary ATA security password could not be "
			"removed: the drive may lock at the next power-on; "
			"disable it with hdparm --user-master u "
			"--security-disable PASSWORD");
	}
}

static int ata_secure_erase(struct run *r, bool enhanced)
{
	struct wp_ata_regs g;
	struct wp_sg_cmd c;
	uint8_t pwd[32];
	uint64_t timeout, stall;
	uint32_t estimate = r->caps->estimate_secs[r->m];
	int rc;

	/* a fresh random password, never shown: nothing to leak */
	rc = cm_random_bytes(pwd, sizeof(pwd), r->err);
	if (rc < 0)
		return rc;
	rc = ata_security(r->d, WP_ATA_SEC_SET_PASSWORD, false, pwd, 15000, &g);
	json_object_set_new(r->status, "set_password", json_integer(rc));
	if (rc) {
		fail(r, "SECURITY SET PASSWORD failed (0x%x)",
		     rc > 0 ? rc : -rc);
		/* a failed SET PASSWORD may still have set it */
		ata_password_cleanup(r, pwd);
		goto out;
	}
	wp_ata_build_erase_prepare(&c);
	rc = wp_ata_exec(r->d, &c, &g);
	json_object_set_new(r->status, "erase_prepare", json_integer(rc));
	if (rc) {
		fail(r, "SECURITY ERASE PREPARE failed (0x%x)",
		     rc > 0 ? rc : -rc);
		ata_password_cleanup(r, pwd);
		goto out;
	}
	if (stopped(r)) {
		r->interrupted = true;
		fail(r, "interrupted before the erase started");
		ata_password_cleanup(r, pwd);
		goto out;
	}
	wp_purge_timeouts(estimate, r->d->size, &timeout, &stall);
	json_object_set_new(r->status, "timeout_secs",
			    json_integer((json_int_t)timeout));
	/*
	 * ERASE UNIT blocks until the erase has finished: its completion
	 * is the documented synchronous end (ACS-3 7.45.4).
	 */
	rc = ata_security(r->d, WP_ATA_SEC_ERASE_UNIT, enhanced, pwd,
			  timeout > 4000000 ? 4000000000u
					    : (uint32_t)(timeout * 1000),
			  &g);
	json_object_set_new(r->status, "erase_unit",
			    json_pack("{s:i, s:o}", "result", (json_int_t)rc,
				      "registers", regs_json(&g)));
	json_object_set_new(r->status, "completion",
			    json_string("synchronous"));
	if (rc) {
		if (rc > 0)
			fail(r,
			     "SECURITY ERASE UNIT failed: status 0x%02x "
			     "error 0x%02x",
			     (rc >> 8) & 0xFF, rc & 0xFF);
		else
			fail(r, "SECURITY ERASE UNIT did not complete: %s",
			     strerror(-rc));
		if (rc == -EINTR)
			r->interrupted = true;
		ata_password_cleanup(r, pwd);
		goto out;
	}
	/*
	 * A successful ERASE UNIT disables the password itself (ACS-3);
	 * check, and remove it if the drive did not.
	 */
	{
		struct wp_ata_identify id;

		rc = wp_ata_identify(r->d, &id);
		if (rc != 0 || id.sec_enabled)
			ata_password_cleanup(r, pwd);
		else
			json_object_set_new(r->status, "security_enabled_after",
					    json_false());
	}
out:
	explicit_bzero(pwd, sizeof(pwd));
	return 0;
}

/* ---- SCSI ---- */

static json_t *sense_json(const struct wp_sense *s)
{
	char txt[128];

	wp_scsi_asc_str(s->asc, s->ascq, txt, sizeof(txt));
	return json_pack("{s:i, s:i, s:i, s:s, s:o}", "key", (json_int_t)s->key,
			 "asc", (json_int_t)s->asc, "ascq", (json_int_t)s->ascq,
			 "text", txt, "progress",
			 s->progress_valid ? json_integer(s->progress)
					   : json_null());
}

static int scsi_sanitize(struct run *r, enum wp_scsi_sanitize_sa sa)
{
	struct wp_sg_cmd c;
	struct wp_sense s;
	struct poll_state ps = {0};
	uint8_t param[8], sb[252];
	uint64_t timeout, stall, now;
	bool valid;
	int rc;

	wp_scsi_build_sanitize(&c, sa, param, 0);
	json_object_set_new(r->status, "command",
			    json_pack("{s:s, s:i}", "opcode", "0x48",
				      "service_action", (json_int_t)sa));
	rc = wp_scsi_exec(r->d, &c, &s);
	if (rc) {
		json_object_set_new(r->status, "start", sense_json(&s));
		if (rc > 0)
			fail(r,
			     "SANITIZE was refused: sense key 0x%x "
			     "ASC/ASCQ %02xh/%02xh",
			     s.key, s.asc, s.ascq);
		else
			fail(r, "SANITIZE failed: %s", strerror(-rc));
		return 0;
	}
	wp_purge_timeouts(r->caps->estimate_secs[r->m], r->d->size, &timeout,
			  &stall);
	ps.start_ms = ps.last_change_ms = r->now(r->o->clock_ctx);
	ps.last_progress = 0xFFFFFFFFu;
	for (;;) {
		r->sleep(r->o->clock_ctx, r->poll_ms);
		memset(sb, 0, sizeof(sb));
		wp_scsi_build_request_sense(&c, sb, sizeof(sb));
		rc = wp_scsi_exec(r->d, &c, &s);
		now = r->now(r->o->clock_ctx);
		ps.polls++;
		if (rc < 0) {
			fail(r, "REQUEST SENSE failed: %s", strerror(-rc));
			break;
		}
		/*
		 * REQUEST SENSE returns the sense as its data. Data that does
		 * not parse is no answer at all: it must not read as "no
		 * sense", i.e. ready.
		 */
		valid = rc == 0 && wp_sense_parse(sb, sizeof(sb), &s) == 0;
		if (!valid)
			memset(&s, 0, sizeof(s));
		record_poll(r,
			    valid ? sense_json(&s)
				  : json_pack("{s:s}", "sense", "not returned"),
			    false);
		if (wp_sense_is_sanitize_in_progress(&s)) {
			ps.seen_in_progress = true;
			if (s.progress_valid &&
			    s.progress != ps.last_progress) {
				ps.last_progress = s.progress;
				ps.last_change_ms = now;
			}
		} else if (wp_sense_is_sanitize_failed(&s)) {
			fail(r, "the device reports SANITIZE COMMAND FAILED "
				"(31h/03h)");
			break;
		} else if (valid && s.key == WP_SK_NO_SENSE) {
			json_object_set_new(
				r->status, "evidence",
				json_string(ps.seen_in_progress
						    ? "in-progress then ready "
						      "observed"
						    : "ready at the first "
						      "poll; verification "
						      "decides"));
			break;
		}
		if (stopped(r)) {
			r->interrupted = true;
			fail(r, "interrupted while the device was "
				"sanitizing; it continues on its own");
			break;
		}
		if (now - ps.start_ms > timeout * 1000) {
			fail(r, "timed out after %" PRIu64 " s", timeout);
			break;
		}
		if (now - ps.last_change_ms > stall * 1000) {
			fail(r, "sanitize progress stuck for %" PRIu64 " s",
			     stall);
			break;
		}
	}
	json_object_set_new(r->status, "polls", json_integer(ps.polls));
	return 0;
}

/* ---- LUKS ---- */

static int luks_erase(struct run *r)
{
	struct wp_luks_info li;
	struct sample_set s = {0};
	uint8_t *buf = NULL, *chk = NULL;
	uint64_t area, off;
	json_t *v;
	char sig[64] = "";
	int destroyed = 0, rc, nonzero = 0;
	bool ok = true;

	rc = wp_luks_probe(r->d->path, &li);
	if (rc != 1) {
		fail(r, "no LUKS header found");
		return 0;
	}
	area = li.metadata_bytes;
	if (!area || area > r->d->size)
		area = r->d->size < 16u << 20 ? r->d->size : 16u << 20;
	json_object_set_new(r->status, "luks",
			    json_pack("{s:s, s:s, s:i, s:I}", "type", li.type,
				      "uuid", li.uuid, "active_keyslots",
				      (json_int_t)li.active_keyslots,
				      "metadata_bytes", (json_int_t)area));
	rc = wp_luks_destroy_keyslots(r->d->path, &destroyed, r->err);
	json_object_set_new(r->status, "keyslots_destroyed",
			    json_integer(destroyed));
	if (rc < 0) {
		/* the overwrite below destroys them all the same */
		json_object_set_new(r->status, "keyslot_destroy_error",
				    json_string(r->err ? r->err->msg : ""));
		cm_err_clear(r->err);
	}
	/* then the whole metadata area: headers, JSON, keyslot material */
	if (posix_memalign((void **)&buf, 4096, 1u << 20) ||
	    posix_memalign((void **)&chk, 4096, 1u << 20)) {
		rc = -ENOMEM;
		goto out;
	}
	memset(buf, 0, 1u << 20);
	for (off = 0; off < area;) {
		size_t n = area - off > (1u << 20) ? 1u << 20
						   : (size_t)(area - off);
		ssize_t w = wp_dev_pwrite(r->d, buf, n, off);

		if (w < 0) {
			fail(r,
			     "cannot overwrite the LUKS metadata at %" PRIu64
			     ": %s",
			     off, strerror((int)-w));
			goto out;
		}
		off += (uint64_t)w;
		r->res->bytes_written += (uint64_t)w;
	}
	rc = wp_dev_flush(r->d);
	if (rc < 0) {
		fail(r, "flush failed: %s", strerror(-rc));
		goto out;
	}
	wp_dev_drop_cache(r->d);
	for (off = 0; off < area;) {
		uint32_t n = area - off > (1u << 20) ? 1u << 20
						     : (uint32_t)(area - off);

		rc = read_fully(r->d, chk, n, off);
		if (rc < 0) {
			ok = false;
			break;
		}
		if (classify(chk, n) != 0)
			nonzero++;
		off += n;
	}
	if (nonzero)
		ok = false;
	v = json_object();
	json_object_set_new(v, "method", json_string("full"));
	json_object_set_new(
		v, "coverage",
		json_real(r->d->size ? (double)area / (double)r->d->size : 0));
	json_object_set_new(v, "samples", json_integer(1));
	rc = wp_luks_probe(r->d->path, &li);
	json_object_set_new(v, "luks_header_after",
			    json_string(rc == 1 ? "present" : "absent"));
	if (rc == 1)
		ok = false;
	rc = wp_blkid_find_signature(r->d, sig, sizeof(sig));
	if (rc == 1)
		ok = false;
	json_object_set_new(v, "blkid",
			    rc == 1 ? json_sprintf("signature '%s' found", sig)
			    : rc == 0 ? json_string("no signature")
				      : json_string("not checked"));
	json_object_set_new(
		v, "details",
		json_pack("{s:s, s:s, s:I, s:i}", "check",
			  "the metadata and keyslot areas read back as zeros",
			  "area", "luks-metadata", "bytes", (json_int_t)area,
			  "nonzero_mib", (json_int_t)nonzero));
	json_object_set_new(v, "result", json_string(ok ? "passed" : "failed"));
	json_decref(r->res->verification);
	r->res->verification = v;
	if (!ok)
		fail(r, "the LUKS metadata area was not erased");
	rc = 0;
out:
	free(buf);
	free(chk);
	free(s.v);
	return rc < 0 ? rc : 0;
}

/* ---- HPA ---- */

bool wp_purge_hidden_areas(struct wp_dev *d, const struct wp_caps *c,
			   bool remove, bool host_io, struct wp_job_result *res)
{
	struct wp_sg_cmd cmd;
	struct wp_ata_regs g;
	uint64_t native_lba;
	bool covered = false;
	json_t *h;
	int rc;

	if (!c->native_bytes || c->native_bytes <= c->visible_bytes)
		return true;
	h = json_pack("{s:s, s:I, s:I, s:I, s:b}", "type",
		      c->dco_bytes ? "dco" : "hpa", "visible_bytes",
		      (json_int_t)c->visible_bytes, "native_bytes",
		      (json_int_t)c->native_bytes, "hidden_bytes",
		      (json_int_t)(c->native_bytes - c->visible_bytes),
		      "removed", 0);
	res->native_capacity = c->native_bytes;
	/* SET MAX cannot undo an overlay: only an HPA is removed */
	if (remove && d->ops->sg_io && !c->dco_bytes) {
		native_lba = c->native_bytes / d->logical_block - 1;
		wp_ata_build_set_max(&cmd, native_lba);
		rc = wp_ata_exec(d, &cmd, &g);
		json_object_set_new(h, "set_max_result", json_integer(rc));
		if (rc == 0) {
			json_object_set_new(h, "removed", json_true());
			json_object_set_new(h, "volatile", json_true());
			json_object_set_new(
				h, "restored_max_lba",
				json_integer((json_int_t)native_lba));
			/*
			 * The kernel keeps the capacity libata cached until
			 * it revalidates the device (the next reset or
			 * boot); the drive's own erase covers the restored
			 * range regardless, a host overwrite only what the
			 * kernel addresses now.
			 */
			wp_dev_refresh_size(d);
			json_object_set_new(h, "kernel_size_bytes",
					    json_integer((json_int_t)d->size));
			covered = !host_io || d->size >= c->native_bytes;
		}
	}
	json_decref(res->hidden_areas);
	res->hidden_areas = json_pack("[o]", h);
	return covered;
}

/* ---- run ---- */

int wp_purge_run(struct wp_dev *d, enum wp_method_id m,
		 const struct wp_caps *caps, const struct wp_purge_opts *opts,
		 struct wp_job_result *res, struct cm_err *err)
{
	static const struct wp_purge_opts defaults;
	const struct wp_method *meth = wp_method_get(m);
	struct sample_set s = {0};
	struct run r = {0};
	enum verify_kind vk = V_DIFF;
	uint8_t pattern = 0;
	bool covered = true, verified = false, sampled = false;
	int rc = 0;

	if (!meth || meth->category != WP_CAT_PURGE || m == WP_M_AUTO)
		return cm_err_setk(err, -EINVAL, CM_ERR_SOFTWARE,
				   "'%s' is not a Purge method",
				   meth ? meth->name : "?");
	if (!caps->supported[m])
		return cm_err_setk(err, -EOPNOTSUPP, CM_ERR_UNAVAILABLE,
				   "'%s' does not support %s: %s", d->path,
				   meth->name,
				   caps->unsupported_reason[m]
					   ? caps->unsupported_reason[m]
					   : "not supported");
	r.d = d;
	r.m = m;
	r.caps = caps;
	r.o = opts ? opts : &defaults;
	r.res = res;
	r.err = err;
	r.now = r.o->now_ms ? r.o->now_ms : real_now_ms;
	r.sleep = r.o->sleep_ms ? r.o->sleep_ms : real_sleep_ms;
	r.poll_ms = r.o->poll_ms ? r.o->poll_ms : 1000;
	r.status = json_object();
	r.polls = json_array();
	res->method = meth;
	res->category = meth->category;
	res->started_at = time(NULL);
	json_decref(res->details);
	res->details = json_pack("{s:s, s:s}", "command", meth->description,
				 "technique", meth->technique);

	covered = wp_purge_hidden_areas(d, caps, r.o->remove_hpa, false, res);

	switch (m) {
	case WP_M_NVME_SANITIZE_OVERWRITE:
	case WP_M_ATA_SANITIZE_OVERWRITE:
	case WP_M_SCSI_SANITIZE_OVERWRITE:
		vk = V_PATTERN;
		pattern = 0x00;
		json_object_set_new(res->details, "pattern",
				    json_string("0x00000000"));
		json_object_set_new(res->details, "passes", json_integer(1));
		break;
	case WP_M_NVME_FORMAT_ERASE:
	case WP_M_ATA_SECURE_ERASE:
		vk = V_DEALLOC;
		break;
	default:
		vk = V_DIFF;
		break;
	}

	if (m != WP_M_LUKS_ERASE) {
		rc = sample_plan_build(&r, &s);
		if (rc == 0)
			rc = sample_hash(&r, &s, false);
		if (rc < 0) {
			rc = cm_err_set(err, rc,
					"cannot read the before-erase samples "
					"of '%s': %s",
					d->path, strerror(-rc));
			goto out_err;
		}
		sampled = true;
	}
	if (stopped(&r)) {
		r.interrupted = true;
		fail(&r, "interrupted before the erase started");
		goto done;
	}

	switch (m) {
	case WP_M_NVME_SANITIZE_CRYPTO:
		rc = nvme_sanitize(&r, WP_NVME_SANACT_CRYPTO);
		break;
	case WP_M_NVME_SANITIZE_BLOCK:
		rc = nvme_sanitize(&r, WP_NVME_SANACT_BLOCK);
		break;
	case WP_M_NVME_SANITIZE_OVERWRITE:
		rc = nvme_sanitize(&r, WP_NVME_SANACT_OVERWRITE);
		break;
	case WP_M_NVME_FORMAT_CRYPTO:
		rc = nvme_format(&r, WP_NVME_SES_CRYPTO);
		break;
	case WP_M_NVME_FORMAT_ERASE:
		rc = nvme_format(&r, WP_NVME_SES_USER_DATA);
		break;
	case WP_M_ATA_SANITIZE_CRYPTO:
		rc = ata_sanitize(&r, WP_ATA_SAN_CRYPTO);
		break;
	case WP_M_ATA_SANITIZE_BLOCK:
		rc = ata_sanitize(&r, WP_ATA_SAN_BLOCK);
		break;
	case WP_M_ATA_SANITIZE_OVERWRITE:
		rc = ata_sanitize(&r, WP_ATA_SAN_OVERWRITE);
		break;
	case WP_M_ATA_SECURE_ERASE:
		rc = ata_secure_erase(&r, false);
		break;
	case WP_M_ATA_SECURE_ERASE_ENHANCED:
		rc = ata_secure_erase(&r, true);
		break;
	case WP_M_SCSI_SANITIZE_CRYPTO:
		rc = scsi_sanitize(&r, WP_SCSI_SAN_CRYPTO);
		break;
	case WP_M_SCSI_SANITIZE_BLOCK:
		rc = scsi_sanitize(&r, WP_SCSI_SAN_BLOCK);
		break;
	case WP_M_SCSI_SANITIZE_OVERWRITE:
		rc = scsi_sanitize(&r, WP_SCSI_SAN_OVERWRITE);
		break;
	case WP_M_BLK_SECURE_DISCARD:
		rc = wp_dev_discard(d, 0, d->size, true);
		json_object_set_new(r.status, "ioctl",
				    json_pack("{s:s, s:i}", "request",
					      "BLKSECDISCARD", "result",
					      (json_int_t)rc));
		json_object_set_new(r.status, "completion",
				    json_string("synchronous"));
		if (rc == -EOPNOTSUPP) {
			rc = cm_err_setk(err, -EOPNOTSUPP, CM_ERR_UNAVAILABLE,
					 "'%s' does not support secure "
					 "discard",
					 d->path);
			goto out_err;
		}
		if (rc < 0)
			fail(&r, "BLKSECDISCARD failed: %s", strerror(-rc));
		rc = 0;
		break;
	case WP_M_LUKS_ERASE:
		rc = luks_erase(&r);
		verified = !r.failed;
		break;
	default:
		rc = cm_err_setk(err, -EINVAL, CM_ERR_SOFTWARE,
				 "no runner for '%s'", meth->name);
		goto out_err;
	}
	if (rc < 0)
		goto out_err;

	if (!r.failed && m != WP_M_LUKS_ERASE) {
		verified = verify_after(&r, &s, vk, pattern);
		if (!verified)
			fail(&r, "verification failed: the erase did not "
				 "change what it should have");
	} else if (r.failed && sampled && m != WP_M_LUKS_ERASE) {
		char before_hex[65];

		hex(s.commit_before, 32, before_hex);
		json_decref(res->verification);
		res->verification = json_pack(
			"{s:s, s:f, s:i, s:s, s:{s:s, s:I, s:s}}", "method",
			"sample", "coverage", 0.0, "samples", (json_int_t)0,
			"result", "not-run", "details", "reason",
			"the erase did not complete", "seed",
			(json_int_t)s.seed, "before_sha256", before_hex);
	}
done:
	if (!covered) {
		/* what the host could not reach was not purged */
		res->category = WP_CAT_CLEAR;
		json_object_set_new(res->details, "hidden_area_not_erased",
				    json_string("a Host Protected Area was not "
						"removed (use --remove-hpa): "
						"the hidden sectors were not "
						"sanitized"));
	}
	res->result = r.interrupted ? WP_RESULT_INTERRUPTED
		      : r.failed    ? WP_RESULT_FAILED
				    : WP_RESULT_SUCCESS;
	free(res->failure_reason);
	res->failure_reason = r.failed ? strdup(r.reason) : NULL;
	if (json_array_size(r.polls))
		json_object_set(r.status, "samples", r.polls);
	json_decref(res->device_status);
	res->device_status = r.status;
	r.status = NULL;
	res->finished_at = time(NULL);
	(void)verified;
	rc = 0;
out_err:
	json_decref(r.status);
	json_decref(r.polls);
	free(s.v);
	return rc;
}
