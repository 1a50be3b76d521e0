// SPDX-License-Identifier: Apache-2.0
/*
 * Purge against a simulated drive: exact command bits, canned answers,
 * failure injection. Covers success, failure status, a stuck sanitize, a
 * frozen and a locked drive, the idle drive that reports success without
 * running, password cleanup after an interrupted secure erase, and HPA.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cm_random.h"
#include "fake_drive.h"
#include "spec/ata.h"
#include "spec/nvme.h"
#include "spec/scsi.h"
#include "cm_json.h"
#include "wp_purge.h"

#define MIB  (1024u * 1024u)
#define SIZE (8 * MIB)

static void res_init(struct wp_job_result *r)
{
	memset(r, 0, sizeof(*r));
}

static void res_release(struct wp_job_result *r)
{
	free(r->failure_reason);
	json_decref(r->details);
	json_decref(r->errors);
	json_decref(r->device_status);
	json_decref(r->verification);
	json_decref(r->hidden_areas);
	memset(r, 0, sizeof(*r));
}

static struct wp_purge_opts fake_opts(struct fake_drive *s)
{
	struct wp_purge_opts o = {.sample_pct = 1,
				  .seed = 42,
				  .poll_ms = 1000,
				  .now_ms = fake_now_ms,
				  .sleep_ms = fake_sleep_ms,
				  .clock_ctx = s};
	return o;
}

static const char *vresult(const struct wp_job_result *r)
{
	return json_string_value(json_object_get(r->verification, "result"));
}

/* ---- NVMe scenarios ---- */

static uint8_t id_ctrl[4096], id_ns[4096];
static uint8_t log_never[512], log_prog1[512], log_prog2[512], log_ok[512],
	log_failed[512], log_stale_ok[512];

#define NVME(w, op, ns, c10, c11)                                              \
	.what = (w), .kind = FAKE_NVME, .opcode = (op), .nsid = (ns),           \
	.cdw10 = (c10), .cdw11 = (c11)
#define E_ID_CTRL                                                              \
	{                                                                      \
		NVME("identify controller", 0x06, 0, 1, 0),                    \
			.data_in = id_ctrl, .data_in_len = 4096                \
	}
#define E_ID_NS                                                                \
	{                                                                      \
		NVME("identify namespace", 0x06, 1, 0, 0), .data_in = id_ns,   \
							   .data_in_len = 4096 \
	}
#define E_LOG(buf, n)                                                          \
	{                                                                      \
		NVME("sanitize log", 0x02, 0xFFFFFFFF, 0x007F0081, 0),         \
			.data_in = (buf), .data_in_len = 512, .repeat = (n)    \
	}

static void nvme_setup(uint32_t sanicap)
{
	fake_nvme_id_ctrl(id_ctrl, sanicap, 0x04, 0x0002);
	fake_nvme_id_ns(id_ns, SIZE / 512, 9);
	fake_nvme_sanlog(log_never, 0xFFFF, 0x0000, 0, 120);
	fake_nvme_sanlog(log_prog1, 0x4000, 0x0002, 0x4, 120);
	fake_nvme_sanlog(log_prog2, 0x8000, 0x0002, 0x4, 120);
	fake_nvme_sanlog(log_ok, 0xFFFF, 0x0101, 0x4, 120);
	fake_nvme_sanlog(log_failed, 0xFFFF, 0x0003, 0x4, 120);
	fake_nvme_sanlog(log_stale_ok, 0xFFFF, 0x0101, 0x4, 120);
}

static void probe_nvme(struct fake_drive *s, struct wp_caps *caps,
		       uint32_t sanicap)
{
	static struct fake_expect probe[3];
	struct cm_err err = {0};

	nvme_setup(sanicap);
	probe[0] = (struct fake_expect)E_ID_CTRL;
	probe[1] = (struct fake_expect)E_ID_NS;
	probe[2] = (struct fake_expect)E_LOG(log_never, 0);
	fake_drive_expect(s, probe, sanicap & 7 ? 3 : 2);
	wp_caps_init(caps);
	assert_int_equal(wp_caps_probe(&s->dev, caps, &err), 0);
	assert_int_equal(caps->type, WP_TYPE_NVME);
}

static void test_nvme_sanitize_success(void **state)
{
	struct fake_drive *s = fake_drive_new_scripted(FAKE_NVME, SIZE, 1);
	struct wp_caps caps;
	struct wp_job_result r;
	struct cm_err err = {0};
	struct wp_purge_opts o = fake_opts(s);

	(void)state;
	probe_nvme(s, &caps, WP_NVME_SANICAP_CES | WP_NVME_SANICAP_BES);
	assert_true(caps.supported[WP_M_NVME_SANITIZE_CRYPTO]);
	assert_false(caps.supported[WP_M_NVME_SANITIZE_OVERWRITE]);
	assert_int_equal(caps.estimate_secs[WP_M_NVME_SANITIZE_CRYPTO], 120);
	assert_int_equal(wp_purge_auto(&caps), WP_M_NVME_SANITIZE_CRYPTO);
	struct fake_expect run[] = {
		E_LOG(log_never, 0),
		{NVME("sanitize crypto", 0x84, 0, 0x4, 0),
		 .effect = FAKE_FX_SCRAMBLE},
		E_LOG(log_prog1, 3),
		E_LOG(log_prog2, 2),
		E_LOG(log_ok, 0),
	};
	fake_drive_expect(s, run, 5);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev,
				      WP_M_NVME_SANITIZE_CRYPTO, &caps, &o, &r,
				      &err),
			 0);
	fake_drive_done(s);
	assert_int_equal(r.result, WP_RESULT_SUCCESS);
	assert_int_equal(r.category, WP_CAT_PURGE);
	assert_null(r.failure_reason);
	assert_string_equal(vresult(&r), "passed");
	assert_string_equal(
		json_string_value(json_object_get(r.device_status, "evidence")),
		"in-progress then success observed");
	assert_int_equal(
		json_integer_value(json_object_get(
			json_object_get(r.device_status, "final"), "sstat")),
		0x101);
	res_release(&r);
	wp_caps_release(&caps);
	fake_drive_free(s);
}

static void test_nvme_sanitize_failure(void **state)
{
	struct fake_drive *s = fake_drive_new_scripted(FAKE_NVME, SIZE, 2);
	struct wp_caps caps;
	struct wp_job_result r;
	struct cm_err err = {0};
	struct wp_purge_opts o = fake_opts(s);

	(void)state;
	probe_nvme(s, &caps, WP_NVME_SANICAP_CES);
	struct fake_expect run[] = {
		E_LOG(log_never, 0),
		{NVME("sanitize crypto", 0x84, 0, 0x4, 0)},
		E_LOG(log_prog1, 2),
		E_LOG(log_failed, 0),
	};
	fake_drive_expect(s, run, 4);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev,
				      WP_M_NVME_SANITIZE_CRYPTO, &caps, &o, &r,
				      &err),
			 0);
	fake_drive_done(s);
	assert_int_equal(r.result, WP_RESULT_FAILED);
	assert_non_null(strstr(r.failure_reason, "failed"));
	assert_string_equal(vresult(&r), "not-run");
	res_release(&r);

	/* and a command the controller refuses (status, not errno) */
	struct fake_expect refuse[] = {
		E_LOG(log_never, 0),
		{NVME("sanitize crypto", 0x84, 0, 0x4, 0), .rc = 0x4002},
	};
	fake_drive_expect(s, refuse, 2);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev,
				      WP_M_NVME_SANITIZE_CRYPTO, &caps, &o, &r,
				      &err),
			 0);
	fake_drive_done(s);
	assert_int_equal(r.result, WP_RESULT_FAILED);
	assert_int_equal(json_integer_value(json_object_get(r.device_status,
							    "nvme_status")),
			 0x4002);
	res_release(&r);
	wp_caps_release(&caps);
	fake_drive_free(s);
}

static void test_nvme_sanitize_stuck(void **state)
{
	struct fake_drive *s = fake_drive_new_scripted(FAKE_NVME, SIZE, 3);
	struct wp_caps caps;
	struct wp_job_result r;
	struct cm_err err = {0};
	struct wp_purge_opts o = fake_opts(s);
	uint64_t timeout, stall;

	(void)state;
	probe_nvme(s, &caps, WP_NVME_SANICAP_CES);
	wp_purge_timeouts(120, SIZE, &timeout, &stall);
	assert_int_equal(timeout, 120 * 2 + 600);
	assert_int_equal(stall, 600);
	/* progress never moves: stuck after the stall window */
	struct fake_expect run[] = {
		E_LOG(log_never, 0),
		{NVME("sanitize crypto", 0x84, 0, 0x4, 0)},
		E_LOG(log_prog1, (unsigned)stall + 2),
	};
	fake_drive_expect(s, run, 3);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev,
				      WP_M_NVME_SANITIZE_CRYPTO, &caps, &o, &r,
				      &err),
			 0);
	fake_drive_done(s);
	assert_int_equal(r.result, WP_RESULT_FAILED);
	assert_non_null(strstr(r.failure_reason, "stuck"));
	res_release(&r);
	wp_caps_release(&caps);
	fake_drive_free(s);
}

static void test_nvme_idle_trap(void **state)
{
	struct fake_drive *s = fake_drive_new_scripted(FAKE_NVME, SIZE, 4);
	struct wp_caps caps;
	struct wp_job_result r;
	struct cm_err err = {0};
	struct wp_purge_opts o = fake_opts(s);
	uint8_t *copy = malloc(SIZE);

	(void)state;
	memcpy(copy, s->mem, SIZE);
	probe_nvme(s, &caps, WP_NVME_SANICAP_CES);
	/*
	 * The log says "success" before and after, and the drive never
	 * shows the sanitize in progress: it did not run.
	 */
	struct fake_expect run[] = {
		E_LOG(log_stale_ok, 0),
		{NVME("sanitize crypto", 0x84, 0, 0x4, 0)},
		E_LOG(log_stale_ok, 700),
	};
	fake_drive_expect(s, run, 3);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev,
				      WP_M_NVME_SANITIZE_CRYPTO, &caps, &o, &r,
				      &err),
			 0);
	assert_int_equal(r.result, WP_RESULT_FAILED);
	assert_non_null(strstr(r.failure_reason, "did not run"));
	assert_memory_equal(copy, s->mem, SIZE);
	res_release(&r);

	/*
	 * A status change to success with nothing changed on the media:
	 * the before/after commitments catch it.
	 */
	struct fake_expect liar[] = {
		E_LOG(log_never, 0),
		{NVME("sanitize crypto", 0x84, 0, 0x4, 0)},
		E_LOG(log_ok, 0),
	};
	/* consume what is left of the first script */
	while (s->ncmds < 2 + 1 + 1 + 1 + 700) {
		struct wp_nvme_sanitize_log l;

		wp_dev_nvme_admin(&s->dev,
				  &(struct wp_nvme_cmd){.opcode = 0x02,
							.nsid = 0xFFFFFFFF,
							.cdw10 = 0x007F0081,
							.data = &l,
							.data_len = 0});
	}
	fake_drive_done(s);
	fake_drive_expect(s, liar, 3);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev,
				      WP_M_NVME_SANITIZE_CRYPTO, &caps, &o, &r,
				      &err),
			 0);
	fake_drive_done(s);
	assert_int_equal(r.result, WP_RESULT_FAILED);
	assert_string_equal(vresult(&r), "failed");
	assert_true(json_integer_value(json_object_get(
			    json_object_get(r.verification, "details"),
			    "unchanged")) > 0);
	res_release(&r);
	free(copy);
	wp_caps_release(&caps);
	fake_drive_free(s);
}

static void test_nvme_format_erase(void **state)
{
	struct fake_drive *s = fake_drive_new_scripted(FAKE_NVME, SIZE, 5);
	struct wp_caps caps;
	struct wp_job_result r;
	struct cm_err err = {0};
	struct wp_purge_opts o = fake_opts(s);

	(void)state;
	probe_nvme(s, &caps, 0); /* QEMU-like: SANICAP=0 */
	assert_false(caps.supported[WP_M_NVME_SANITIZE_CRYPTO]);
	assert_non_null(strstr(
		caps.unsupported_reason[WP_M_NVME_SANITIZE_CRYPTO], "SANICAP"));
	assert_true(caps.supported[WP_M_NVME_FORMAT_ERASE]);
	assert_true(caps.supported[WP_M_NVME_FORMAT_CRYPTO]); /* FNA bit 2 */
	assert_int_equal(wp_purge_auto(&caps), WP_M_NVME_FORMAT_CRYPTO);
	/* unsupported explicit method: -EOPNOTSUPP, nothing sent */
	unsigned before = s->ncmds;
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev,
				      WP_M_NVME_SANITIZE_BLOCK, &caps, &o, &r,
				      &err),
			 -EOPNOTSUPP);
	assert_int_equal(err.kind, CM_ERR_UNAVAILABLE);
	assert_int_equal(s->ncmds, before);
	res_release(&r);

	struct fake_expect run[] = {
		E_ID_NS,
		{NVME("format SES=1", 0x80, 1, 1 << 9, 0),
		 .effect = FAKE_FX_ZERO},
	};
	fake_drive_expect(s, run, 2);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev, WP_M_NVME_FORMAT_ERASE,
				      &caps, &o, &r, &err),
			 0);
	fake_drive_done(s);
	assert_int_equal(r.result, WP_RESULT_SUCCESS);
	assert_string_equal(vresult(&r), "passed");
	assert_string_equal(json_string_value(json_object_get(r.device_status,
							      "completion")),
			    "synchronous");
	res_release(&r);
	wp_caps_release(&caps);
	fake_drive_free(s);
}

/* ---- ATA scenarios ---- */

#define SG16(w, ...)                                                           \
	.what = (w), .kind = FAKE_SG, .cdb = {__VA_ARGS__}, .cdb_len = 16
static uint8_t ident_buf[4][512];
static uint8_t ok_sense[32], done_sense[32], prog_sense[32], abrt_sense[32],
	native_sense[32];

#define C_IDENTIFY 0x85, 0x08, 0x0E, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0xEC, 0
#define C_SAN_STATUS                                                           \
	0x85, 0x07, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0xB4, 0
#define C_NATIVE  0x85, 0x07, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x27, 0
#define C_SEC(op) 0x85, 0x0A, 0x06, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, (op), 0

static struct fake_expect e_identify(int i)
{
	struct fake_expect e = {SG16("identify", C_IDENTIFY),
			       .dir = WP_SG_FROM_DEV};

	e.data_in = ident_buf[i];
	e.data_in_len = 512;
	return e;
}

static struct fake_expect e_nd(const char *w, const uint8_t cdb[16],
			      const uint8_t *sense, unsigned repeat)
{
	struct fake_expect e = {.what = w,
			       .kind = FAKE_SG,
			       .cdb_len = 16,
			       .dir = WP_SG_NONE,
			       .repeat = repeat};

	memcpy(e.cdb, cdb, 16);
	memcpy(e.sense, sense, 32);
	e.sense_len = 22;
	return e;
}

static int fixed_random(void *buf, size_t len)
{
	memset(buf, 0x5A, len);
	return 0;
}

static void test_ata_frozen(void **state)
{
	static const uint16_t w[][2] = {{82, 0x4002}, {128, 0x0029}};
	struct fake_drive *s = fake_drive_new_scripted(FAKE_SG, SIZE, 6);
	struct wp_caps caps;
	struct wp_job_result r;
	struct cm_err err = {0};
	struct wp_purge_opts o = fake_opts(s);

	(void)state;
	fake_ata_identify(ident_buf[0], w, 2, SIZE / 512);
	/* no HPA feature set: READ NATIVE MAX is aborted, and that is fine */
	fake_ata_sense(abrt_sense, 0x51, 0x04, 0, 0);
	static const uint8_t nat[16] = {C_NATIVE};
	struct fake_expect probe[] = {
		e_identify(0), e_nd("read native max", nat, abrt_sense, 0)};
	fake_drive_expect(s, probe, 2);
	wp_caps_init(&caps);
	assert_int_equal(wp_caps_probe(&s->dev, &caps, &err), 0);
	fake_drive_done(s);
	assert_true(caps.frozen);
	assert_false(caps.supported[WP_M_ATA_SECURE_ERASE]);
	assert_non_null(strstr(caps.unsupported_reason[WP_M_ATA_SECURE_ERASE],
			       "frozen"));
	assert_non_null(strstr(caps.advice, "suspend"));
	assert_non_null(strstr(caps.unsupported_reason[WP_M_ATA_SANITIZE_BLOCK],
			       "Sanitize"));
	assert_int_equal(wp_purge_auto(&caps), WP_M_RANDOM);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev, WP_M_ATA_SECURE_ERASE,
				      &caps, &o, &r, &err),
			 -EOPNOTSUPP);
	assert_int_equal(caps.native_bytes, (uint64_t)SIZE);
	assert_int_equal(s->ncmds, 2); /* nothing sent */
	res_release(&r);
	wp_caps_release(&caps);
	fake_drive_free(s);
}

static void test_ata_locked(void **state)
{
	static const uint16_t w[][2] = {
		{82, 0x4002}, {128, 0x0007}, {59, 0xF000}};
	struct fake_drive *s = fake_drive_new_scripted(FAKE_SG, SIZE, 7);
	struct wp_caps caps;
	struct wp_job_result r;
	struct cm_err err = {0};
	struct wp_purge_opts o = fake_opts(s);
	uint8_t idle[32];

	(void)state;
	fake_ata_identify(ident_buf[0], w, 3, SIZE / 512);
	fake_ata_sense(idle, 0x50, 0, 0, 0);
	static const uint8_t st[16] = {C_SAN_STATUS};
	struct fake_expect probe[] = {e_identify(0),
				     e_nd("sanitize status", st, idle, 0)};
	fake_drive_expect(s, probe, 2);
	wp_caps_init(&caps);
	assert_int_equal(wp_caps_probe(&s->dev, &caps, &err), 0);
	fake_drive_done(s);
	assert_true(caps.locked);
	for (int m = WP_M_ATA_SANITIZE_CRYPTO;
	     m <= WP_M_ATA_SECURE_ERASE_ENHANCED; m++) {
		assert_false(caps.supported[m]);
		assert_non_null(strstr(caps.unsupported_reason[m], "locked"));
	}
	assert_false(caps.supported[WP_M_ZERO]);
	assert_non_null(strstr(caps.advice, "unlock"));
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev,
				      WP_M_ATA_SANITIZE_CRYPTO, &caps, &o, &r,
				      &err),
			 -EOPNOTSUPP);
	assert_int_equal(s->ncmds, 2);
	res_release(&r);
	wp_caps_release(&caps);
	fake_drive_free(s);
}

static void secure_erase_probe(struct fake_drive *s, struct wp_caps *caps)
{
	/* security supported, enhanced; no sanitize; 2-minute estimates */
	static const uint16_t w[][2] = {
		{82, 0x4002}, {128, 0x0021}, {89, 1}, {90, 1}};
	static const uint16_t locked[][2] = {{82, 0x4002}, {128, 0x0027}};
	static const uint16_t clear[][2] = {{82, 0x4002}, {128, 0x0021}};
	static const uint8_t nat[16] = {C_NATIVE};
	static struct fake_expect probe[2];
	struct cm_err err = {0};

	fake_ata_identify(ident_buf[0], w, 4, SIZE / 512);
	fake_ata_identify(ident_buf[1], locked, 2, SIZE / 512);
	fake_ata_identify(ident_buf[2], clear, 2, SIZE / 512);
	fake_ata_sense(native_sense, 0x50, 0, 0, SIZE / 512 - 1);
	probe[0] = e_identify(0);
	probe[1] = e_nd("read native max", nat, native_sense, 0);
	fake_drive_expect(s, probe, 2);
	wp_caps_init(caps);
	assert_int_equal(wp_caps_probe(&s->dev, caps, &err), 0);
	assert_true(caps->supported[WP_M_ATA_SECURE_ERASE_ENHANCED]);
	assert_int_equal(caps->estimate_secs[WP_M_ATA_SECURE_ERASE], 120);
	assert_int_equal(wp_purge_auto(caps), WP_M_ATA_SECURE_ERASE_ENHANCED);
}

static void test_ata_secure_erase_interrupted(void **state)
{
	struct fake_drive *s = fake_drive_new_scripted(FAKE_SG, SIZE, 8);
	struct wp_caps caps;
	struct wp_job_result r;
	struct cm_err err = {0};
	struct wp_purge_opts o = fake_opts(s);
	uint8_t pwd[32], setpw[512], erase[512];

	(void)state;
	cm_random_set_source(fixed_random);
	secure_erase_probe(s, &caps);
	memset(pwd, 0x5A, sizeof(pwd));
	wp_ata_security_block(setpw, false, pwd);
	wp_ata_security_block(erase, true, pwd);
	fake_ata_sense(ok_sense, 0x50, 0, 0, 0);
	static const uint8_t prep[16] = {0x85, 0x06, 0x20, 0, 0, 0, 0,	  0,
					 0,    0,    0,	   0, 0, 0, 0xF3, 0};
	/*
	 * ERASE UNIT never completes: the host resets the link (-EIO) and
	 * the drive comes back locked with our password. It must be
	 * unlocked and the password disabled.
	 */
	struct fake_expect run[] = {
		{SG16("set password", C_SEC(0xF1)), .dir = WP_SG_TO_DEV,
		 .data_out = setpw, .data_out_len = 512},
		e_nd("erase prepare", prep, ok_sense, 0),
		{SG16("erase unit", C_SEC(0xF4)), .dir = WP_SG_TO_DEV,
		 .data_out = erase, .data_out_len = 512, .rc = -EIO},
		e_identify(1),
		{SG16("unlock", C_SEC(0xF2)), .dir = WP_SG_TO_DEV,
		 .data_out = setpw, .data_out_len = 512},
		{SG16("disable password", C_SEC(0xF6)), .dir = WP_SG_TO_DEV,
		 .data_out = setpw, .data_out_len = 512},
		e_identify(2),
	};
	fake_drive_expect(s, run, 7);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev,
				      WP_M_ATA_SECURE_ERASE_ENHANCED, &caps, &o,
				      &r, &err),
			 0);
	fake_drive_done(s);
	assert_int_equal(r.result, WP_RESULT_FAILED);
	assert_non_null(strstr(r.failure_reason, "ERASE UNIT"));
	json_t *pc = json_object_get(r.device_status, "password_cleanup");
	assert_non_null(pc);
	assert_true(
		json_is_false(json_object_get(pc, "security_enabled_after")));
	res_release(&r);

	/* interrupted (SIGINT) between PREPARE and ERASE UNIT */
	volatile int stop = 0;
	o.stop = &stop;
	s->stop = &stop;
	struct fake_expect run2[] = {
		{SG16("set password", C_SEC(0xF1)), .dir = WP_SG_TO_DEV,
		 .data_out = setpw, .data_out_len = 512},
		e_nd("erase prepare", prep, ok_sense, 0),
		e_identify(2),
		{SG16("disable password", C_SEC(0xF6)), .dir = WP_SG_TO_DEV,
		 .data_out = setpw, .data_out_len = 512},
		e_identify(2),
	};
	run2[1].effect = FAKE_FX_STOP;
	fake_drive_expect(s, run2, 5);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev,
				      WP_M_ATA_SECURE_ERASE_ENHANCED, &caps, &o,
				      &r, &err),
			 0);
	fake_drive_done(s);
	assert_int_equal(r.result, WP_RESULT_INTERRUPTED);
	res_release(&r);
	cm_random_set_source(NULL);
	wp_caps_release(&caps);
	fake_drive_free(s);
}

static void test_ata_dco(void **state)
{
	/* no HPA (native = visible), but an overlay hides 4096 sectors */
	static const uint16_t w[][2] = {{82, 0x4400}, {83, 0x4C00}};
	static const uint8_t nat[16] = {C_NATIVE};
	static uint8_t dco[512];
	struct fake_drive *s = fake_drive_new_scripted(FAKE_SG, SIZE, 9);
	struct wp_caps caps;
	struct wp_job_result r;
	struct cm_err err = {0};
	uint64_t max = 0;
	uint8_t sum = 0;

	(void)state;
	fake_ata_identify(ident_buf[0], w, 2, SIZE / 512);
	fake_ata_sense(ok_sense, 0x50, 0, 0, 0);
	fake_ata_sense(native_sense, 0x50, 0, 0, SIZE / 512 - 1);
	memset(dco, 0, sizeof(dco));
	dco[0] = 2; /* revision */
	dco[6] = (uint8_t)((20480 - 1) & 0xff);
	dco[7] = (uint8_t)((20480 - 1) >> 8);
	dco[510] = 0xA5;
	for (int i = 0; i < 511; i++)
		sum = (uint8_t)(sum + dco[i]);
	dco[511] = (uint8_t)(0x100 - sum);
	assert_int_equal(wp_ata_parse_dco(dco, 512, &max), 0);
	assert_int_equal(max, 20480 - 1);
	dco[7] ^= 1; /* a damaged checksum is refused */
	assert_int_equal(wp_ata_parse_dco(dco, 512, &max), -EBADMSG);
	dco[7] ^= 1;
	struct fake_expect dco_cmd = {SG16("dco identify", 0x85, 0x08, 0x0E, 0,
					  0xC2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0xB1,
					  0),
				     .dir = WP_SG_FROM_DEV};
	dco_cmd.data_in = dco;
	dco_cmd.data_in_len = 512;
	struct fake_expect probe[] = {
		e_identify(0),
		e_nd("read native max", nat, native_sense, 0),
		dco_cmd,
	};
	fake_drive_expect(s, probe, 3);
	wp_caps_init(&caps);
	assert_int_equal(wp_caps_probe(&s->dev, &caps, &err), 0);
	fake_drive_done(s);
	assert_int_equal(caps.visible_bytes, (uint64_t)SIZE);
	assert_int_equal(caps.native_bytes, 20480ull * 512);
	assert_int_equal(caps.dco_bytes, 20480ull * 512);
	assert_non_null(strstr(caps.advice, "Device Configuration Overlay"));
	assert_true(json_is_true(
		json_object_get(json_object_get(caps.raw, "dco"), "present")));
	/* --remove-hpa cannot undo an overlay: nothing is sent, and the job
	   is recorded as not reaching the whole drive */
	res_init(&r);
	assert_false(wp_purge_hidden_areas(&s->dev, &caps, true, false,
					   &r));
	assert_int_equal(s->ncmds, 3);
	assert_string_equal(
		cm_json_get_str(json_array_get(r.hidden_areas, 0), "type"),
		"dco");
	assert_int_equal(r.native_capacity, 20480ull * 512);
	res_release(&r);
	wp_caps_release(&caps);
	fake_drive_free(s);
}

static void test_ata_hpa(void **state)
{
	/* sanitize block erase + HPA: visible 16384 sectors, native 20480 */
	static const uint16_t w[][2] = {{82, 0x4400}, {59, 0x9000}};
	struct fake_drive *s = fake_drive_new_scripted(FAKE_SG, SIZE, 9);
	struct wp_caps caps;
	struct wp_job_result r;
	struct cm_err err = {0};
	struct wp_purge_opts o = fake_opts(s);

	(void)state;
	fake_ata_identify(ident_buf[0], w, 2, SIZE / 512);
	fake_ata_sense(ok_sense, 0x50, 0, 0, 0);
	fake_ata_sense(native_sense, 0x50, 0, 0, 20480 - 1);
	fake_ata_sense(prog_sense, 0x50, 0, WP_ATA_SAN_ST_IN_PROGRESS, 0x100);
	fake_ata_sense(done_sense, 0x50, 0, WP_ATA_SAN_ST_DONE, 0);
	static const uint8_t st[16] = {C_SAN_STATUS};
	static const uint8_t nat[16] = {C_NATIVE};
	static const uint8_t blk[16] = {0x85, 0x07, 0x20, 0x00, 0x12, 0x00,
					0x00, 0x42, 0x72, 0x00, 0x45, 0x00,
					0x6B, 0x40, 0xB4, 0x00};
	/* SET MAX ADDRESS EXT 20479 = 0x4FFF, COUNT 0: volatile */
	static const uint8_t setmax[16] = {0x85, 0x07, 0x20, 0, 0,    0,
					   0,	 0,    0xFF, 0, 0x4F, 0,
					   0,	 0x40, 0x37, 0};
	struct fake_expect probe[] = {
		e_identify(0),
		e_nd("sanitize status", st, ok_sense, 0),
		e_nd("read native max", nat, native_sense, 0),
	};
	fake_drive_expect(s, probe, 3);
	wp_caps_init(&caps);
	assert_int_equal(wp_caps_probe(&s->dev, &caps, &err), 0);
	fake_drive_done(s);
	assert_int_equal(caps.visible_bytes, (uint64_t)SIZE);
	assert_int_equal(caps.native_bytes, 20480ull * 512);
	assert_non_null(strstr(caps.advice, "Host Protected Area"));
	assert_int_equal(wp_purge_auto(&caps), WP_M_ATA_SANITIZE_BLOCK);

	/* without --remove-hpa: done, but not a Purge of the whole drive */
	struct fake_expect run[] = {
		e_nd("sanitize status", st, ok_sense, 0),
		e_nd("block erase", blk, ok_sense, 0),
		e_nd("status: in progress", st, prog_sense, 2),
		e_nd("status: done", st, done_sense, 0),
	};
	run[1].effect = FAKE_FX_SCRAMBLE;
	fake_drive_expect(s, run, 4);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev, WP_M_ATA_SANITIZE_BLOCK,
				      &caps, &o, &r, &err),
			 0);
	fake_drive_done(s);
	assert_int_equal(r.result, WP_RESULT_SUCCESS);
	assert_int_equal(r.category, WP_CAT_CLEAR);
	assert_true(json_is_false(
		json_object_get(json_array_get(r.hidden_areas, 0), "removed")));
	assert_int_equal(r.native_capacity, 20480ull * 512);
	res_release(&r);

	/* with --remove-hpa: SET MAX (volatile) first, then a Purge */
	o.remove_hpa = true;
	struct fake_expect run2[] = {
		e_nd("set max", setmax, ok_sense, 0),
		e_nd("sanitize status", st, done_sense, 0),
		e_nd("block erase", blk, ok_sense, 0),
		e_nd("status: in progress", st, prog_sense, 1),
		e_nd("status: done", st, done_sense, 0),
	};
	run2[2].effect = FAKE_FX_SCRAMBLE;
	fake_drive_expect(s, run2, 5);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev, WP_M_ATA_SANITIZE_BLOCK,
				      &caps, &o, &r, &err),
			 0);
	fake_drive_done(s);
	assert_int_equal(r.result, WP_RESULT_SUCCESS);
	assert_int_equal(r.category, WP_CAT_PURGE);
	json_t *h = json_array_get(r.hidden_areas, 0);
	assert_true(json_is_true(json_object_get(h, "removed")));
	assert_true(json_is_true(json_object_get(h, "volatile")));
	res_release(&r);

	/* a host overwrite cannot reach it: not covered, nothing sent */
	unsigned n = s->ncmds;
	res_init(&r);
	assert_false(wp_purge_hidden_areas(&s->dev, &caps, false, true,
					   &r));
	assert_int_equal(s->ncmds, n);
	assert_int_equal(
		json_integer_value(json_object_get(
			json_array_get(r.hidden_areas, 0), "hidden_bytes")),
		4096 * 512);
	res_release(&r);

	/* a drive that aborts the sanitize: reason decoded */
	o.remove_hpa = false;
	fake_ata_sense(abrt_sense, 0x51, 0x04, 0, 0x01);
	struct fake_expect run3[] = {
		e_nd("sanitize status", st, ok_sense, 0),
		e_nd("block erase", blk, ok_sense, 0),
		e_nd("status: failed", st, abrt_sense, 0),
	};
	fake_drive_expect(s, run3, 3);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev, WP_M_ATA_SANITIZE_BLOCK,
				      &caps, &o, &r, &err),
			 0);
	fake_drive_done(s);
	assert_int_equal(r.result, WP_RESULT_FAILED);
	assert_non_null(strstr(r.failure_reason, "reason 1"));
	res_release(&r);
	wp_caps_release(&caps);
	fake_drive_free(s);
}

static void test_nvme_sanitize_overwrite_pattern(void **state)
{
	struct fake_drive *s = fake_drive_new_scripted(FAKE_NVME, SIZE, 10);
	struct wp_caps caps;
	struct wp_job_result r;
	struct cm_err err = {0};
	struct wp_purge_opts o = fake_opts(s);
	static uint8_t ow_prog[512], ow_ok[512];

	(void)state;
	probe_nvme(s, &caps, WP_NVME_SANICAP_OWS);
	/* crypto erase (here by Format, FNA bit 2) before sanitize overwrite */
	assert_int_equal(wp_purge_auto(&caps), WP_M_NVME_FORMAT_CRYPTO);
	fake_nvme_sanlog(ow_prog, 0x1000, 0x0002, 0x13, 0);
	fake_nvme_sanlog(ow_ok, 0xFFFF, 0x0001 | 1 << 3, 0x13, 0);
	/* the drive writes the pattern (zeros): read back and accepted */
	struct fake_expect run[] = {
		E_LOG(log_never, 0),
		{NVME("sanitize overwrite", 0x84, 0, 0x13, 0),
		 .effect = FAKE_FX_ZERO},
		E_LOG(ow_prog, 1),
		E_LOG(ow_ok, 0),
	};
	fake_drive_expect(s, run, 4);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev,
				      WP_M_NVME_SANITIZE_OVERWRITE, &caps, &o,
				      &r, &err),
			 0);
	fake_drive_done(s);
	assert_int_equal(r.result, WP_RESULT_SUCCESS);
	assert_string_equal(vresult(&r), "passed");
	res_release(&r);
	/* a drive that reports success but left other data: rejected */
	struct fake_expect bad[] = {
		E_LOG(log_never, 0),
		{NVME("sanitize overwrite", 0x84, 0, 0x13, 0),
		 .effect = FAKE_FX_SCRAMBLE},
		E_LOG(ow_prog, 1),
		E_LOG(ow_ok, 0),
	};
	fake_drive_expect(s, bad, 4);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev,
				      WP_M_NVME_SANITIZE_OVERWRITE, &caps, &o,
				      &r, &err),
			 0);
	fake_drive_done(s);
	assert_int_equal(r.result, WP_RESULT_FAILED);
	assert_string_equal(vresult(&r), "failed");
	assert_true(json_integer_value(json_object_get(
			    json_object_get(r.verification, "details"),
			    "pattern_mismatch")) > 0);
	res_release(&r);
	wp_caps_release(&caps);
	fake_drive_free(s);
}

static void test_ata_secure_erase_success(void **state)
{
	struct fake_drive *s = fake_drive_new_scripted(FAKE_SG, SIZE, 11);
	struct wp_caps caps;
	struct wp_job_result r;
	struct cm_err err = {0};
	struct wp_purge_opts o = fake_opts(s);
	uint8_t pwd[32], setpw[512], erase[512];

	(void)state;
	cm_random_set_source(fixed_random);
	secure_erase_probe(s, &caps);
	memset(pwd, 0x5A, sizeof(pwd));
	wp_ata_security_block(setpw, false, pwd);
	wp_ata_security_block(erase, false, pwd);
	fake_ata_sense(ok_sense, 0x50, 0, 0, 0);
	static const uint8_t prep[16] = {0x85, 0x06, 0x20, 0, 0, 0, 0,	  0,
					 0,    0,    0,	   0, 0, 0, 0xF3, 0};
	/* a successful ERASE UNIT clears the password itself */
	struct fake_expect run[] = {
		{SG16("set password", C_SEC(0xF1)), .dir = WP_SG_TO_DEV,
		 .data_out = setpw, .data_out_len = 512},
		e_nd("erase prepare", prep, ok_sense, 0),
		{SG16("erase unit", C_SEC(0xF4)), .dir = WP_SG_TO_DEV,
		 .data_out = erase, .data_out_len = 512, .effect = FAKE_FX_ZERO},
		e_identify(2),
	};
	fake_drive_expect(s, run, 4);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev, WP_M_ATA_SECURE_ERASE,
				      &caps, &o, &r, &err),
			 0);
	fake_drive_done(s);
	assert_int_equal(r.result, WP_RESULT_SUCCESS);
	assert_string_equal(vresult(&r), "passed");
	assert_true(json_is_false(
		json_object_get(r.device_status, "security_enabled_after")));
	/* the timeout came from word 89 (2 min): 2 * 120 + 600 s */
	assert_int_equal(json_integer_value(json_object_get(r.device_status,
							    "timeout_secs")),
			 840);
	res_release(&r);
	cm_random_set_source(NULL);
	wp_caps_release(&caps);
	fake_drive_free(s);
}

/* ---- SCSI scenarios ---- */

static void test_scsi_sanitize(void **state)
{
	struct fake_drive *s = fake_drive_new_scripted(FAKE_SG, SIZE, 12);
	struct wp_caps caps;
	struct wp_job_result r;
	struct cm_err err = {0};
	struct wp_purge_opts o = fake_opts(s);
	static uint8_t inq[96], yes[64], no[64], notsat[32], prog[32],
		ready[32], failed[32];

	(void)state;
	/* no ATA translation: ILLEGAL REQUEST, invalid opcode */
	memset(notsat, 0, sizeof(notsat));
	notsat[0] = 0x72;
	notsat[1] = 0x05;
	notsat[2] = 0x20;
	memset(inq, 0, sizeof(inq));
	memcpy(inq + 8, "SIMVENDRSimulated SAS SSD 0001", 30);
	memset(yes, 0, sizeof(yes));
	yes[1] = 0x03;
	memset(no, 0, sizeof(no));
	no[1] = 0x01;
	/* REQUEST SENSE data: NOT READY 04h/1Bh 25%, then NO SENSE */
	memset(prog, 0, sizeof(prog));
	prog[0] = 0x70;
	prog[2] = 0x02;
	prog[7] = 10;
	prog[12] = 0x04;
	prog[13] = 0x1B;
	prog[15] = 0x80;
	prog[16] = 0x40;
	memset(ready, 0, sizeof(ready));
	ready[0] = 0x70;
	ready[7] = 10;
	memset(failed, 0, sizeof(failed));
	failed[0] = 0x70;
	failed[2] = 0x03;
	failed[7] = 10;
	failed[12] = 0x31;
	failed[13] = 0x03;
	struct fake_expect probe[] = {
		e_identify(0),
		{.what = "inquiry",
		 .kind = FAKE_SG,
		 .cdb = {0x12, 0, 0, 0, 96, 0},
		 .cdb_len = 6,
		 .dir = WP_SG_FROM_DEV,
		 .data_in = inq,
		 .data_in_len = 96},
		{.what = "rsoc crypto",
		 .kind = FAKE_SG,
		 .cdb = {0xA3, 0x0C, 0x02, 0x48, 0, 0x03, 0, 0, 0, 64, 0, 0},
		 .cdb_len = 12,
		 .dir = WP_SG_FROM_DEV,
		 .data_in = yes,
		 .data_in_len = 64},
		{.what = "rsoc block",
		 .kind = FAKE_SG,
		 .cdb = {0xA3, 0x0C, 0x02, 0x48, 0, 0x02, 0, 0, 0, 64, 0, 0},
		 .cdb_len = 12,
		 .dir = WP_SG_FROM_DEV,
		 .data_in = no,
		 .data_in_len = 64},
		{.what = "rsoc overwrite",
		 .kind = FAKE_SG,
		 .cdb = {0xA3, 0x0C, 0x02, 0x48, 0, 0x01, 0, 0, 0, 64, 0, 0},
		 .cdb_len = 12,
		 .dir = WP_SG_FROM_DEV,
		 .data_in = yes,
		 .data_in_len = 64},
	};
	memcpy(probe[0].sense, notsat, 32);
	probe[0].sense_len = 8;
	fake_drive_expect(s, probe, 5);
	wp_caps_init(&caps);
	assert_int_equal(wp_caps_probe(&s->dev, &caps, &err), 0);
	fake_drive_done(s);
	assert_true(caps.supported[WP_M_SCSI_SANITIZE_CRYPTO]);
	assert_false(caps.supported[WP_M_SCSI_SANITIZE_BLOCK]);
	assert_true(caps.supported[WP_M_SCSI_SANITIZE_OVERWRITE]);
	assert_false(caps.supported[WP_M_ATA_SANITIZE_CRYPTO]);
	assert_int_equal(wp_purge_auto(&caps), WP_M_SCSI_SANITIZE_CRYPTO);

	struct fake_expect run[] = {
		{.what = "sanitize crypto",
		 .kind = FAKE_SG,
		 .cdb = {0x48, 0x83, 0, 0, 0, 0, 0, 0, 0, 0},
		 .cdb_len = 10,
		 .dir = WP_SG_NONE,
		 .effect = FAKE_FX_SCRAMBLE},
		{.what = "request sense: in progress",
		 .kind = FAKE_SG,
		 .cdb = {0x03, 0x01, 0, 0, 252, 0},
		 .cdb_len = 6,
		 .dir = WP_SG_FROM_DEV,
		 .data_in = prog,
		 .data_in_len = 18,
		 .repeat = 2},
		{.what = "request sense: ready",
		 .kind = FAKE_SG,
		 .cdb = {0x03, 0x01, 0, 0, 252, 0},
		 .cdb_len = 6,
		 .dir = WP_SG_FROM_DEV,
		 .data_in = ready,
		 .data_in_len = 18},
	};
	fake_drive_expect(s, run, 3);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev,
				      WP_M_SCSI_SANITIZE_CRYPTO, &caps, &o, &r,
				      &err),
			 0);
	fake_drive_done(s);
	assert_int_equal(r.result, WP_RESULT_SUCCESS);
	assert_string_equal(vresult(&r), "passed");
	res_release(&r);

	/* overwrite with its parameter list; then the failure sense */
	static const uint8_t param[8] = {0x01, 0, 0, 4, 0, 0, 0, 0};
	struct fake_expect run2[] = {
		{.what = "sanitize overwrite",
		 .kind = FAKE_SG,
		 .cdb = {0x48, 0x81, 0, 0, 0, 0, 0, 0, 8, 0},
		 .cdb_len = 10,
		 .dir = WP_SG_TO_DEV,
		 .data_out = param,
		 .data_out_len = 8},
		{.what = "request sense: in progress",
		 .kind = FAKE_SG,
		 .cdb = {0x03, 0x01, 0, 0, 252, 0},
		 .cdb_len = 6,
		 .dir = WP_SG_FROM_DEV,
		 .data_in = prog,
		 .data_in_len = 18},
		{.what = "request sense: failed",
		 .kind = FAKE_SG,
		 .cdb = {0x03, 0x01, 0, 0, 252, 0},
		 .cdb_len = 6,
		 .dir = WP_SG_FROM_DEV,
		 .data_in = failed,
		 .data_in_len = 18},
	};
	fake_drive_expect(s, run2, 3);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev,
				      WP_M_SCSI_SANITIZE_OVERWRITE, &caps, &o,
				      &r, &err),
			 0);
	fake_drive_done(s);
	assert_int_equal(r.result, WP_RESULT_FAILED);
	assert_non_null(strstr(r.failure_reason, "31h/03h"));
	res_release(&r);

	/* REQUEST SENSE data that does not parse is not "ready" */
	static const uint8_t junk[18] = {0};
	struct fake_expect run3[] = {
		{.what = "sanitize crypto",
		 .kind = FAKE_SG,
		 .cdb = {0x48, 0x83, 0, 0, 0, 0, 0, 0, 0, 0},
		 .cdb_len = 10,
		 .dir = WP_SG_NONE},
		{.what = "request sense: junk",
		 .kind = FAKE_SG,
		 .cdb = {0x03, 0x01, 0, 0, 252, 0},
		 .cdb_len = 6,
		 .dir = WP_SG_FROM_DEV,
		 .data_in = junk,
		 .data_in_len = 18,
		 .repeat = 601},
	};
	fake_drive_expect(s, run3, 2);
	res_init(&r);
	assert_int_equal(wp_purge_run(&s->dev,
				      WP_M_SCSI_SANITIZE_CRYPTO, &caps, &o, &r,
				      &err),
			 0);
	fake_drive_done(s);
	assert_int_equal(r.result, WP_RESULT_FAILED);
	res_release(&r);
	wp_caps_release(&caps);
	fake_drive_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nvme_sanitize_success),
		cmocka_unit_test(test_nvme_sanitize_failure),
		cmocka_unit_test(test_nvme_sanitize_stuck),
		cmocka_unit_test(test_nvme_idle_trap),
		cmocka_unit_test(test_nvme_format_erase),
		cmocka_unit_test(test_ata_frozen),
		cmocka_unit_test(test_ata_locked),
		cmocka_unit_test(test_ata_secure_erase_interrupted),
		cmocka_unit_test(test_ata_hpa),
		cmocka_unit_test(test_ata_dco),
		cmocka_unit_test(test_nvme_sanitize_overwrite_pattern),
		cmocka_unit_test(test_ata_secure_erase_success),
		cmocka_unit_test(test_scsi_sanitize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
