// SPDX-License-Identifier: Apache-2.0
/*
 * ATA purge: probing IDENTIFY DEVICE (sanitize, security, HPA/DCO),
 * running SANITIZE and SECURITY ERASE (with the temporary password and
 * its removal), and the hidden areas (HPA/DCO) before an erase.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "purge/ata.h"
#include "cm_random.h"
#include "purge/caps.h"
#include "purge/poll.h"
#include "purge/run.h"
#include "wp_ata.h"
#include "wp_purge.h"

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
		"{s:s, s:s, s:s, s:b, s:I, s:i, s:b, s:o, s:{s:b, s:b, s:b, s:b, s:b, s:b, s:i, s:i}, s:{s:b, s:b, s:b, s:b, s:b}, s:{s:b, s:b}}",
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

/* SANITIZE STATUS EXT at probe time; true when sanitize is frozen. */
static bool ata_probe_sanitize_status(struct wp_dev *d, struct wp_caps *c)
{
	struct wp_ata_regs san;
	bool san_frozen = false;
	int rc;

	rc = ata_sanitize_status(d, 0, &san);
	if (rc == 0) {
		san_frozen = san.count & WP_ATA_SAN_ST_FROZEN;
		json_object_set_new(
			c->raw, "ata_sanitize_status",
			json_pack("{s:i, s:i, s:b, s:b, s:b}", "count",
				  (json_int_t)san.count, "lba",
				  (json_int_t)san.lba, "in_progress",
				  !!(san.count & WP_ATA_SAN_ST_IN_PROGRESS),
				  "frozen", san_frozen, "done",
				  !!(san.count & WP_ATA_SAN_ST_DONE)));
		if (san.count & WP_ATA_SAN_ST_IN_PROGRESS)
			wp_caps_add_advice(
				c,
				"a sanitize is in progress: wait for it to finish");
	}
	return san_frozen;
}

/* Which ATA methods the drive can run, and why not, from IDENTIFY. */
static void ata_probe_methods(struct wp_caps *c,
			      const struct wp_ata_identify *id, bool san_frozen)
{
	bool usable;

	if (id->sec_locked) {
		wp_caps_add_advice(
			c,
			"the drive is locked by an ATA security password: unlock it with the password (hdparm --security-unlock) before erasing");
		wp_caps_reason_all(
			c, wp_caps_ata_methods, NELEM(wp_caps_ata_methods),
			"the drive is locked (ATA security): unlock it first");
		for (int m = WP_M_ZERO; m <= WP_M_PATTERN; m++)
			wp_caps_set_reason(
				c, (enum wp_method_id)m,
				"the drive is locked (ATA security): its data cannot be written");
	} else {
		if (!id->san_supported) {
			wp_caps_reason_all(
				c, wp_caps_ata_methods, 3,
				"the drive does not support the Sanitize feature set (IDENTIFY word 59 bit 12)");
		} else if (san_frozen) {
			wp_caps_reason_all(
				c, wp_caps_ata_methods, 3,
				"sanitize is frozen (SANITIZE FREEZE LOCK): power-cycle the drive");
			wp_caps_add_advice(
				c,
				"sanitize is freeze-locked until the next power cycle");
		} else {
			wp_caps_support(
				c, WP_M_ATA_SANITIZE_CRYPTO, id->san_crypto,
				"the drive does not support CRYPTO SCRAMBLE EXT (word 59 bit 13)");
			wp_caps_support(
				c, WP_M_ATA_SANITIZE_BLOCK, id->san_block,
				"the drive does not support BLOCK ERASE EXT (word 59 bit 15)");
			wp_caps_support(
				c, WP_M_ATA_SANITIZE_OVERWRITE,
				id->san_overwrite,
				"the drive does not support OVERWRITE EXT (word 59 bit 14)");
		}
		usable = id->sec_supported && !id->sec_frozen &&
			 !id->sec_enabled && !id->sec_count_expired;
		if (!id->sec_supported) {
			wp_caps_reason_all(
				c, wp_caps_ata_methods + 3, 2,
				"the drive does not support the Security feature set (IDENTIFY word 82 bit 1)");
		} else if (id->sec_frozen) {
			wp_caps_reason_all(
				c, wp_caps_ata_methods + 3, 2,
				"security is frozen (word 128 bit 3): suspend and resume the machine to unfreeze");
			wp_caps_add_advice(
				c,
				"the drive is security-frozen (usually by the BIOS at boot): suspend and resume the machine (systemctl suspend), or hot-plug the drive, then inspect again");
		} else if (id->sec_enabled) {
			wp_caps_reason_all(
				c, wp_caps_ata_methods + 3, 2,
				"a security password is already set: disable it first");
		} else if (id->sec_count_expired) {
			wp_caps_reason_all(
				c, wp_caps_ata_methods + 3, 2,
				"the password attempt counter expired: power-cycle the drive");
		} else {
			wp_caps_support(c, WP_M_ATA_SECURE_ERASE, usable, "");
			wp_caps_support(
				c, WP_M_ATA_SECURE_ERASE_ENHANCED,
				usable && id->sec_enhanced,
				"the drive does not support the enhanced erase (word 128 bit 5)");
			c->estimate_secs[WP_M_ATA_SECURE_ERASE] =
				id->erase_secs;
			c->estimate_secs[WP_M_ATA_SECURE_ERASE_ENHANCED] =
				id->enhanced_erase_secs;
		}
	}
}

/*
 * The capacity the host does not see: HPA (READ NATIVE MAX ADDRESS EXT)
 * and DCO (DEVICE CONFIGURATION IDENTIFY), from c->visible_bytes up.
 */
static void ata_probe_hidden(struct wp_dev *d, struct wp_caps *c,
			     const struct wp_ata_identify *id)
{
	uint32_t lbs = id->logical_sector;
	int rc;

	/*
	 * READ NATIVE MAX ADDRESS EXT even when word 82 does not claim the
	 * HPA feature set: it only reads, a drive without it aborts, and
	 * some drives (and emulators) answer it without the bit.
	 */
	if (id->lba48 && !id->sec_locked) {
		uint64_t native;

		rc = ata_read_native_max(d, &native);
		if (rc != 0)
			json_object_set_new(c->raw, "hpa",
					    json_pack("{s:I, s:s}", "max_lba",
						      (json_int_t)id->max_lba,
						      "native_max_lba",
						      "not reported"));
		if (rc == 0) {
			c->native_bytes = (native + 1) * lbs;
			json_object_set_new(
				c->raw, "hpa",
				json_pack("{s:I, s:I, s:b}", "max_lba",
					  (json_int_t)id->max_lba,
					  "native_max_lba", (json_int_t)native,
					  "present", native > id->max_lba));
			if (native > id->max_lba)
				wp_caps_add_advice(
					c,
					"a Host Protected Area hides part of the drive: erase with --remove-hpa to reach it");
		}
	}
	if (id->trusted_computing)
		json_object_set_new(
			c->raw, "trusted_computing",
			json_string(
				"supported (IDENTIFY word 48): the drive may be an Opal self-encrypting drive"));
	if (id->dco_supported && !id->sec_locked) {
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
				wp_caps_add_advice(
					c,
					"a Device Configuration Overlay hides part of the drive: wipe does not change a DCO (it is permanent); restore it with the vendor's tools, or the certificate records the hidden capacity as not erased");
			}
		}
	}
}

/* 0: ATA device probed; -ENODEV: not an ATA device (try SCSI). */
int wp_purge_ata_probe(struct wp_dev *d, struct wp_caps *c)
{
	struct wp_ata_identify id;
	bool san_frozen = false;
	uint32_t lbs;
	int rc;

	rc = wp_ata_identify(d, &id);
	if (rc)
		return -ENODEV;
	if (id.checksum_present && !id.checksum_ok) {
		wp_caps_reason_all(c, wp_caps_ata_methods,
				   NELEM(wp_caps_ata_methods),
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
		san_frozen = ata_probe_sanitize_status(d, c);
		c->frozen = c->frozen || san_frozen;
	}
	ata_probe_methods(c, &id, san_frozen);
	c->visible_bytes = (id.max_lba + 1) * lbs;
	c->native_bytes = c->visible_bytes;
	ata_probe_hidden(d, c, &id);
	wp_caps_reason_all(c, wp_caps_scsi_methods, NELEM(wp_caps_scsi_methods),
			   "an ATA device: use the ata-sanitize-* methods");
	wp_caps_reason_all(c, wp_caps_nvme_methods, NELEM(wp_caps_nvme_methods),
			   "not an NVMe device");
	return 0;
}

static json_t *regs_json(const struct wp_ata_regs *g)
{
	return json_pack("{s:i, s:i, s:i, s:I, s:i}", "status",
			 (json_int_t)g->status, "error", (json_int_t)g->error,
			 "count", (json_int_t)g->count, "lba",
			 (json_int_t)g->lba, "device", (json_int_t)g->device);
}

/* What the ATA poll callbacks share: the status before and the last one. */
struct ata_poll {
	struct wp_ata_regs before, g;
};

static int ata_poll_read(struct wp_purge_ctx *r, void *arg)
{
	struct ata_poll *p = arg;

	return ata_sanitize_status(r->d, 0, &p->g);
}

static enum wp_poll_state ata_poll_judge(struct wp_purge_ctx *r, void *arg,
					 int rc, const struct wp_purge_poll *ps,
					 uint64_t now, uint32_t *progress)
{
	struct ata_poll *p = arg;
	const struct wp_ata_regs *g = &p->g;

	(void)now;
	wp_purge_record_poll(r, regs_json(g), false);
	if (rc > 0) {
		/* ABRT with LBA 7:0 the failure reason (ACS-3) */
		wp_purge_fail(
			r,
			"the drive reports the sanitize failed: status 0x%02x error 0x%02x reason %u",
			g->status, g->error, (unsigned)(g->lba & 0xFF));
		return WP_POLL_FAILED;
	}
	if (rc < 0) {
		wp_purge_fail(r, "SANITIZE STATUS EXT failed: %s",
			      strerror(-rc));
		return WP_POLL_FAILED;
	}
	if (g->count & WP_ATA_SAN_ST_IN_PROGRESS) {
		*progress = (uint32_t)(g->lba & 0xFFFF);
		return WP_POLL_IN_PROGRESS;
	}
	if (!(g->count & WP_ATA_SAN_ST_DONE))
		return WP_POLL_WAITING;
	if (ps->seen_in_progress) {
		json_object_set_new(
			r->status, "evidence",
			json_string("in-progress then success observed"));
		return WP_POLL_DONE;
	}
	if (!(p->before.count & WP_ATA_SAN_ST_DONE)) {
		json_object_set_new(
			r->status, "evidence",
			json_string(
				"status changed to success after the command"));
		return WP_POLL_DONE;
	}
	return WP_POLL_WAITING;
}

static void ata_poll_give_up(struct wp_purge_ctx *r, enum wp_poll_end end,
			     const struct wp_purge_poll *ps, uint64_t secs)
{
	if (end == WP_POLL_INTERRUPTED)
		wp_purge_fail(
			r,
			"interrupted while the drive was sanitizing; the drive continues on its own");
	else if (end == WP_POLL_TIMEOUT)
		wp_purge_fail(r, "timed out after %" PRIu64 " s", secs);
	else if (ps->seen_in_progress)
		wp_purge_fail(r, "sanitize progress stuck for %" PRIu64 " s",
			      secs);
	else
		wp_purge_fail(
			r,
			"the drive never reported the sanitize in progress within %" PRIu64
			" s (it did not run)",
			secs);
}

int wp_purge_ata_sanitize(struct wp_purge_ctx *r, enum wp_ata_sanitize_fn fn)
{
	struct ata_poll p = {0};
	const struct wp_purge_poller poller = {
		.read = ata_poll_read,
		.judge = ata_poll_judge,
		.give_up = ata_poll_give_up,
		.arg = &p,
		.sleep_first = true,
		.record_timeout = true,
	};
	struct wp_sg_cmd c;
	int rc;

	rc = ata_sanitize_status(r->d, 0, &p.before);
	if (rc) {
		wp_purge_fail(
			r, "SANITIZE STATUS EXT failed before starting (0x%x)",
			rc);
		return 0;
	}
	json_object_set_new(r->status, "before", regs_json(&p.before));
	if (p.before.count & WP_ATA_SAN_ST_IN_PROGRESS) {
		wp_purge_fail(r, "a sanitize is already in progress");
		return 0;
	}
	wp_ata_build_sanitize(&c, fn, 0, 0);
	json_object_set_new(r->status, "command",
			    json_pack("{s:s, s:i}", "command", "0xb4",
				      "feature", (json_int_t)fn));
	rc = wp_ata_exec(r->d, &c, &p.g);
	json_object_set_new(r->status, "start", regs_json(&p.g));
	if (rc) {
		if (rc > 0)
			wp_purge_fail(
				r,
				"SANITIZE was aborted: status 0x%02x error 0x%02x, reason %u",
				(rc >> 8) & 0xFF, rc & 0xFF,
				(unsigned)(p.g.lba & 0xFF));
		else
			wp_purge_fail(r, "SANITIZE failed: %s", strerror(-rc));
		return 0;
	}
	wp_purge_poll_run(r, &poller);
	json_object_set_new(r->status, "final", regs_json(&p.g));
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
static void ata_password_cleanup(struct wp_purge_ctx *r, const uint8_t pwd[32])
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
		wp_purge_fail(
			r,
			"the temporary ATA security password could not be removed: the drive may lock at the next power-on; disable it with hdparm --user-master u --security-disable PASSWORD");
	}
}

int wp_purge_ata_secure_erase(struct wp_purge_ctx *r, bool enhanced)
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
		wp_purge_fail(r, "SECURITY SET PASSWORD failed (0x%x)",
			      rc > 0 ? rc : -rc);
		/* a failed SET PASSWORD may still have set it */
		ata_password_cleanup(r, pwd);
		goto out;
	}
	wp_ata_build_erase_prepare(&c);
	rc = wp_ata_exec(r->d, &c, &g);
	json_object_set_new(r->status, "erase_prepare", json_integer(rc));
	if (rc) {
		wp_purge_fail(r, "SECURITY ERASE PREPARE failed (0x%x)",
			      rc > 0 ? rc : -rc);
		ata_password_cleanup(r, pwd);
		goto out;
	}
	if (wp_purge_stopped(r)) {
		r->interrupted = true;
		wp_purge_fail(r, "interrupted before the erase started");
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
			wp_purge_fail(
				r,
				"SECURITY ERASE UNIT failed: status 0x%02x error 0x%02x",
				(rc >> 8) & 0xFF, rc & 0xFF);
		else
			wp_purge_fail(
				r, "SECURITY ERASE UNIT did not complete: %s",
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
