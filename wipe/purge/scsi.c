// SPDX-License-Identifier: Apache-2.0
/*
 * SCSI purge: probing REPORT SUPPORTED OPERATION CODES for SANITIZE,
 * and running SANITIZE to an observed completion.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "purge/caps.h"
#include "purge/poll.h"
#include "purge/run.h"
#include "purge/scsi.h"
#include "spec/bytes.h"
#include "wp_scsi.h"

void wp_purge_scsi_probe(struct wp_dev *d, struct wp_caps *c)
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
		wp_caps_support(
			c, wp_caps_scsi_methods[i], rc == 1,
			rc < 0 ? "REPORT SUPPORTED OPERATION CODES failed"
			       : "the device does not report SANITIZE with this service action");
	}
	wp_caps_reason_all(c, wp_caps_ata_methods, NELEM(wp_caps_ata_methods),
			   "no ATA PASS-THROUGH answer: not an ATA device");
	wp_caps_reason_all(c, wp_caps_nvme_methods, NELEM(wp_caps_nvme_methods),
			   "not an NVMe device");
}

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

/* What the SCSI poll callbacks share: the sense of the last poll. */
struct scsi_poll {
	struct wp_sense s;
	uint8_t sb[252];
};

static int scsi_poll_read(struct wp_purge_ctx *r, void *arg)
{
	struct scsi_poll *p = arg;
	struct wp_sg_cmd c;

	memset(p->sb, 0, sizeof(p->sb));
	wp_scsi_build_request_sense(&c, p->sb, sizeof(p->sb));
	return wp_scsi_exec(r->d, &c, &p->s);
}

static enum wp_poll_state scsi_poll_judge(struct wp_purge_ctx *r, void *arg,
					  int rc,
					  const struct wp_purge_poll *ps,
					  uint64_t now, uint32_t *progress)
{
	struct scsi_poll *p = arg;
	struct wp_sense *s = &p->s;
	bool valid;

	(void)now;
	if (rc < 0) {
		wp_purge_fail(r, "REQUEST SENSE failed: %s", strerror(-rc));
		return WP_POLL_FAILED;
	}
	/*
	 * REQUEST SENSE returns the sense as its data. Data that does not
	 * parse is no answer at all: it must not read as "no sense", i.e.
	 * ready.
	 */
	valid = rc == 0 && wp_sense_parse(p->sb, sizeof(p->sb), s) == 0;
	if (!valid)
		memset(s, 0, sizeof(*s));
	wp_purge_record_poll(
		r,
		valid ? sense_json(s)
		      : json_pack("{s:s}", "sense", "not returned"),
		false);
	if (wp_sense_is_sanitize_in_progress(s)) {
		if (s->progress_valid)
			*progress = s->progress;
		return WP_POLL_IN_PROGRESS;
	}
	if (wp_sense_is_sanitize_failed(s)) {
		wp_purge_fail(
			r,
			"the device reports SANITIZE COMMAND FAILED (31h/03h)");
		return WP_POLL_FAILED;
	}
	if (!valid || s->key != WP_SK_NO_SENSE)
		return WP_POLL_WAITING;
	json_object_set_new(
		r->status, "evidence",
		json_string(
			ps->seen_in_progress
				? "in-progress then ready observed"
				: "ready at the first poll; verification decides"));
	return WP_POLL_DONE;
}

static void scsi_poll_give_up(struct wp_purge_ctx *r, enum wp_poll_end end,
			      const struct wp_purge_poll *ps, uint64_t secs)
{
	(void)ps;
	if (end == WP_POLL_INTERRUPTED)
		wp_purge_fail(
			r,
			"interrupted while the device was sanitizing; it continues on its own");
	else if (end == WP_POLL_TIMEOUT)
		wp_purge_fail(r, "timed out after %" PRIu64 " s", secs);
	else
		wp_purge_fail(r, "sanitize progress stuck for %" PRIu64 " s",
			      secs);
}

int wp_purge_scsi_sanitize(struct wp_purge_ctx *r, enum wp_scsi_sanitize_sa sa)
{
	struct scsi_poll p = {0};
	const struct wp_purge_poller poller = {
		.read = scsi_poll_read,
		.judge = scsi_poll_judge,
		.give_up = scsi_poll_give_up,
		.arg = &p,
		.sleep_first = true,
		.record_timeout = false,
	};
	struct wp_sg_cmd c;
	uint8_t param[8];
	int rc;

	wp_scsi_build_sanitize(&c, sa, param, 0);
	json_object_set_new(r->status, "command",
			    json_pack("{s:s, s:i}", "opcode", "0x48",
				      "service_action", (json_int_t)sa));
	rc = wp_scsi_exec(r->d, &c, &p.s);
	if (rc) {
		json_object_set_new(r->status, "start", sense_json(&p.s));
		if (rc > 0)
			wp_purge_fail(
				r,
				"SANITIZE was refused: sense key 0x%x ASC/ASCQ %02xh/%02xh",
				p.s.key, p.s.asc, p.s.ascq);
		else
			wp_purge_fail(r, "SANITIZE failed: %s", strerror(-rc));
		return 0;
	}
	wp_purge_poll_run(r, &poller);
	return 0;
}
