// SPDX-License-Identifier: Apache-2.0
/*
 * NVMe purge: probing Identify Controller/Namespace and the sanitize
 * log, and running Sanitize and Format NVM to an observed completion.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "purge/caps.h"
#include "purge/nvme.h"
#include "purge/poll.h"
#include "purge/run.h"
#include "wp_nvme.h"

void wp_purge_nvme_probe(struct wp_dev *d, struct wp_caps *c)
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
		wp_caps_reason_all(c, wp_caps_nvme_methods,
				   NELEM(wp_caps_nvme_methods), why);
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
		json_object_set_new(
			j, "security_send_receive",
			json_string(
				"supported (OACS bit 0): the drive may be an Opal self-encrypting drive"));
	json_object_set_new(c->raw, "nvme", j);

	snprintf(why, sizeof(why),
		 "the controller does not report it (SANICAP=0x%08" PRIx32 ")",
		 ctrl.sanicap);
	wp_caps_support(c, WP_M_NVME_SANITIZE_CRYPTO,
			ctrl.sanicap & WP_NVME_SANICAP_CES, why);
	wp_caps_support(c, WP_M_NVME_SANITIZE_BLOCK,
			ctrl.sanicap & WP_NVME_SANICAP_BES, why);
	wp_caps_support(c, WP_M_NVME_SANITIZE_OVERWRITE,
			ctrl.sanicap & WP_NVME_SANICAP_OWS, why);
	if (ctrl.sanicap & 0x7) {
		rc = wp_nvme_sanitize_log(d, &log);
		if (rc == 0) {
			c->estimate_secs[WP_M_NVME_SANITIZE_CRYPTO] =
				wp_caps_est(log.etce);
			c->estimate_secs[WP_M_NVME_SANITIZE_BLOCK] =
				wp_caps_est(log.etbe);
			c->estimate_secs[WP_M_NVME_SANITIZE_OVERWRITE] =
				wp_caps_est(log.eto);
			json_object_set_new(
				c->raw, "nvme_sanitize_log",
				json_pack("{s:i, s:i, s:i}", "sprog",
					  (json_int_t)log.sprog, "sstat",
					  (json_int_t)log.sstat, "scdw10",
					  (json_int_t)log.scdw10));
			if (wp_nvme_sstat_status(log.sstat) ==
			    WP_NVME_SSTAT_IN_PROGRESS)
				wp_caps_add_advice(
					c,
					"a sanitize is in progress: wait for it to finish");
		}
	}
	snprintf(why, sizeof(why),
		 "the controller does not support Format NVM (OACS=0x%04x)",
		 ctrl.oacs);
	wp_caps_support(c, WP_M_NVME_FORMAT_ERASE,
			ctrl.oacs & WP_NVME_OACS_FORMAT, why);
	snprintf(
		why, sizeof(why),
		"the controller does not report crypto erase in Format (FNA=0x%02x)",
		ctrl.fna);
	wp_caps_support(c, WP_M_NVME_FORMAT_CRYPTO,
			(ctrl.oacs & WP_NVME_OACS_FORMAT) &&
				(ctrl.fna & WP_NVME_FNA_CRYPTO),
			why);
	wp_caps_reason_all(c, wp_caps_ata_methods, NELEM(wp_caps_ata_methods),
			   "an NVMe device has no ATA command set");
	wp_caps_reason_all(c, wp_caps_scsi_methods, NELEM(wp_caps_scsi_methods),
			   "an NVMe device: use the nvme-* methods");
}

int wp_purge_nvme_format(struct wp_purge_ctx *r, enum wp_nvme_ses ses)
{
	struct wp_nvme_id_ns ns;
	struct wp_nvme_cmd c;
	uint32_t nsid = wp_nvme_nsid(r->d), fna;
	uint64_t timeout, stall;
	int rc;

	rc = wp_nvme_identify_ns(r->d, nsid, &ns);
	if (rc) {
		wp_purge_fail(r, "Identify Namespace failed (%s %d)",
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
		wp_purge_fail(r, "Format NVM failed: %s", strerror(-rc));
		return 0;
	}
	if (rc > 0) {
		wp_purge_fail(
			r,
			"Format NVM failed with NVMe status 0x%04x (SCT %d, SC 0x%02x)",
			rc, (rc >> 8) & 0x7, rc & 0xFF);
		return 0;
	}
	wp_dev_refresh_size(r->d);
	return 0;
}

/* What the NVMe poll callbacks share: the log before and the last one. */
struct nvme_poll {
	struct wp_nvme_sanitize_log before, log;
	uint32_t cdw10; /* of the Sanitize command sent */
};

static int nvme_poll_read(struct wp_purge_ctx *r, void *arg)
{
	struct nvme_poll *p = arg;

	return wp_nvme_sanitize_log(r->d, &p->log);
}

static enum wp_poll_state nvme_poll_judge(struct wp_purge_ctx *r, void *arg,
					  int rc,
					  const struct wp_purge_poll *ps,
					  uint64_t now, uint32_t *progress)
{
	struct nvme_poll *p = arg;
	const struct wp_nvme_sanitize_log *log = &p->log;
	unsigned st;
	bool changed;

	if (rc) {
		wp_purge_fail(r, "cannot read the Sanitize Status log (%s %d)",
			      rc > 0 ? "status" : "errno", rc > 0 ? rc : -rc);
		return WP_POLL_UNREAD;
	}
	st = wp_nvme_sstat_status(log->sstat);
	wp_purge_record_poll(r,
			     json_pack("{s:I, s:i, s:i, s:i}", "t_ms",
				       (json_int_t)(now - ps->start_ms),
				       "sprog", (json_int_t)log->sprog, "sstat",
				       (json_int_t)log->sstat, "scdw10",
				       (json_int_t)log->scdw10),
			     false);
	if (st == WP_NVME_SSTAT_IN_PROGRESS) {
		*progress = log->sprog;
		return WP_POLL_IN_PROGRESS;
	}
	if (st == WP_NVME_SSTAT_FAILED) {
		wp_purge_fail(
			r,
			"the drive reports the sanitize failed (SSTAT=0x%04x)",
			log->sstat);
		return WP_POLL_FAILED;
	}
	if (st != WP_NVME_SSTAT_SUCCESS && st != WP_NVME_SSTAT_SUCCESS_NDAS)
		return WP_POLL_WAITING;
	changed = wp_nvme_sstat_status(p->before.sstat) != st ||
		  p->before.scdw10 != log->scdw10;
	if (ps->seen_in_progress) {
		json_object_set_new(
			r->status, "evidence",
			json_string("in-progress then success observed"));
		return WP_POLL_DONE;
	}
	if (changed && (log->scdw10 & 0x7) == (p->cdw10 & 0x7)) {
		json_object_set_new(
			r->status, "evidence",
			json_string(
				"status changed to success after the command"));
		return WP_POLL_DONE;
	}
	return WP_POLL_WAITING; /* stale success: wait for the drive to start */
}

static void nvme_poll_give_up(struct wp_purge_ctx *r, enum wp_poll_end end,
			      const struct wp_purge_poll *ps, uint64_t secs)
{
	if (end == WP_POLL_INTERRUPTED)
		wp_purge_fail(
			r,
			"interrupted while the drive was sanitizing; the drive continues on its own (and resumes after a power loss)");
	else if (!ps->seen_in_progress)
		wp_purge_fail(
			r,
			"the drive never reported the sanitize in progress within %" PRIu64
			" s (it did not run)",
			secs);
	else if (end == WP_POLL_TIMEOUT)
		wp_purge_fail(r,
			      "timed out after %" PRIu64
			      " s waiting for the sanitize",
			      secs);
	else
		wp_purge_fail(r,
			      "sanitize progress stuck at %u/65536 for %" PRIu64
			      " s",
			      ps->last_progress, secs);
}

/* Send Sanitize @act after checking none runs; false when it failed. */
static bool nvme_sanitize_start(struct wp_purge_ctx *r, enum wp_nvme_sanact act,
				struct nvme_poll *p)
{
	struct wp_nvme_cmd c;
	int rc;

	rc = wp_nvme_sanitize_log(r->d, &p->before);
	if (rc) {
		wp_purge_fail(
			r,
			"cannot read the Sanitize Status log before starting (%s %d)",
			rc > 0 ? "status" : "errno", rc > 0 ? rc : -rc);
		return false;
	}
	json_object_set_new(r->status, "before",
			    json_pack("{s:i, s:i, s:i}", "sprog",
				      (json_int_t)p->before.sprog, "sstat",
				      (json_int_t)p->before.sstat, "scdw10",
				      (json_int_t)p->before.scdw10));
	if (wp_nvme_sstat_status(p->before.sstat) ==
	    WP_NVME_SSTAT_IN_PROGRESS) {
		wp_purge_fail(r, "a sanitize is already in progress");
		return false;
	}
	wp_nvme_build_sanitize(&c, act, 1, 0);
	p->cdw10 = c.cdw10;
	json_object_set_new(r->status, "command",
			    json_pack("{s:s, s:i}", "opcode", "0x84", "cdw10",
				      (json_int_t)c.cdw10));
	rc = wp_nvme_exec(r->d, &c);
	if (rc) {
		json_object_set_new(r->status, "nvme_status",
				    json_integer(rc > 0 ? rc : 0));
		if (rc > 0)
			wp_purge_fail(
				r,
				"Sanitize was refused with NVMe status 0x%04x",
				rc);
		else
			wp_purge_fail(r, "Sanitize failed: %s", strerror(-rc));
		return false;
	}
	return true;
}

int wp_purge_nvme_sanitize(struct wp_purge_ctx *r, enum wp_nvme_sanact act)
{
	struct nvme_poll p = {0};
	const struct wp_purge_poller poller = {
		.read = nvme_poll_read,
		.judge = nvme_poll_judge,
		.give_up = nvme_poll_give_up,
		.arg = &p,
		.sleep_first = false,
		.record_timeout = true,
	};
	const struct wp_nvme_sanitize_log *log = &p.log;

	if (!nvme_sanitize_start(r, act, &p))
		return 0;
	wp_purge_poll_run(r, &poller);
	json_object_set_new(r->status, "final",
			    json_pack("{s:i, s:i, s:i, s:b}", "sprog",
				      (json_int_t)log->sprog, "sstat",
				      (json_int_t)log->sstat, "scdw10",
				      (json_int_t)log->scdw10,
				      "global_data_erased",
				      !!(log->sstat & (1u << 8))));
	return 0;
}
