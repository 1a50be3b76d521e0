// SPDX-License-Identifier: Apache-2.0
/*
 * Purge against the fake drive, as tables: each drive case is a probe
 * script and what the probe must find; each run case is a drive, a
 * method, the exact commands the run must send (with canned answers and
 * failure injection) and the outcome it must record. Covers success,
 * failure status, a stuck sanitize, a frozen and a locked drive, the idle
 * drive that reports success without running, password cleanup after an
 * interrupted secure erase, HPA and DCO.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cm_json.h"
#include "cm_random.h"
#include "fake_drive.h"
#include "wp_job.h"
#include "spec/ata.h"
#include "spec/nvme.h"
#include "spec/scsi.h"
#include "wp_purge.h"

#define MIB	(1024u * 1024u)
#define SIZE	(8 * MIB)
#define N(a)	(sizeof(a) / sizeof((a)[0]))
#define B(m)	(1ull << (m))
#define HPA_MAX 20480u /* sectors of the drives with a hidden area */

/* ---- canned answers, filled once by setup() ---- */

static uint8_t ctrl_cb[4096], ctrl_c[4096], ctrl_0[4096], ctrl_o[4096],
	id_ns[4096];
static uint8_t log_never[512], log_prog1[512], log_prog2[512], log_ok[512],
	log_failed[512], log_stale_ok[512], ow_prog[512], ow_ok[512];
static uint8_t id_frozen[512], id_locked[512], id_se[512], id_se_locked[512],
	id_se_clear[512], id_dco[512], id_hpa[512], id_none[512], dco[512];
static uint8_t ok_sense[32], done_sense[32], prog_sense[32], abrt0[32],
	abrt1[32], native_vis[32], native_hpa[32];
static uint8_t setpw[512], erase_norm[512], erase_enh[512];
static uint8_t inq[96], yes[64], no[64], prog[18], ready[18], failed[18];
static const uint8_t notsat[8] = {0x72, 0x05, 0x20}; /* ILLEGAL REQUEST */
static const uint8_t junk[18];
/* SANITIZE OVERWRITE parameter list: 1 pass, a 4-byte zero pattern */
static const uint8_t ow_param[8] = {0x01, 0, 0, 4, 0, 0, 0, 0};

/* ACS-3 7.45: word 0 bit 1 enhanced erase, words 1-16 the password */
static void security_block(uint8_t blk[512], bool enhanced)
{
	memset(blk, 0, 512);
	blk[0] = enhanced ? 0x02 : 0x00;
	for (int i = 2; i < 34; i++)
		blk[i] = 0x5A; /* what fixed_random() makes the password */
}

static void fixed_sense(uint8_t s[18], uint8_t key, uint8_t asc, uint8_t ascq)
{
	memset(s, 0, 18);
	s[0] = 0x70;
	s[2] = key;
	s[7] = 10;
	s[12] = asc;
	s[13] = ascq;
}

static int setup(void **state)
{
	static const uint16_t frozen[][2] = {{82, 0x4002}, {128, 0x0029}};
	static const uint16_t locked[][2] = {
		{82, 0x4002}, {128, 0x0007}, {59, 0xF000}};
	/* security supported, enhanced; no sanitize; 2-minute estimates */
	static const uint16_t se[][2] = {
		{82, 0x4002}, {128, 0x0021}, {89, 1}, {90, 1}};
	static const uint16_t se_locked[][2] = {{82, 0x4002}, {128, 0x0027}};
	static const uint16_t se_clear[][2] = {{82, 0x4002}, {128, 0x0021}};
	static const uint16_t w_dco[][2] = {{82, 0x4400}, {83, 0x4C00}};
	static const uint16_t w_hpa[][2] = {{82, 0x4400}, {59, 0x9000}};
	uint8_t sum = 0;

	(void)state;
	fake_nvme_id_ctrl(ctrl_cb, 0x3, 0x04, 0x0002);
	fake_nvme_id_ctrl(ctrl_c, 0x1, 0x04, 0x0002);
	fake_nvme_id_ctrl(ctrl_0, 0, 0x04, 0x0002); /* QEMU-like */
	fake_nvme_id_ctrl(ctrl_o, 0x4, 0x04, 0x0002);
	fake_nvme_id_ns(id_ns, SIZE / 512, 9);
	fake_nvme_sanlog(log_never, 0xFFFF, 0x0000, 0, 120);
	fake_nvme_sanlog(log_prog1, 0x4000, 0x0002, 0x4, 120);
	fake_nvme_sanlog(log_prog2, 0x8000, 0x0002, 0x4, 120);
	fake_nvme_sanlog(log_ok, 0xFFFF, 0x0101, 0x4, 120);
	fake_nvme_sanlog(log_failed, 0xFFFF, 0x0003, 0x4, 120);
	fake_nvme_sanlog(log_stale_ok, 0xFFFF, 0x0101, 0x4, 120);
	fake_nvme_sanlog(ow_prog, 0x1000, 0x0002, 0x13, 0);
	fake_nvme_sanlog(ow_ok, 0xFFFF, 0x0001 | 1 << 3, 0x13, 0);
	fake_ata_identify(id_frozen, frozen, N(frozen), SIZE / 512);
	fake_ata_identify(id_locked, locked, N(locked), SIZE / 512);
	fake_ata_identify(id_se, se, N(se), SIZE / 512);
	fake_ata_identify(id_se_locked, se_locked, N(se_locked), SIZE / 512);
	fake_ata_identify(id_se_clear, se_clear, N(se_clear), SIZE / 512);
	fake_ata_identify(id_dco, w_dco, N(w_dco), SIZE / 512);
	fake_ata_identify(id_hpa, w_hpa, N(w_hpa), SIZE / 512);
	fake_ata_sense(ok_sense, 0x50, 0, 0, 0);
	fake_ata_sense(done_sense, 0x50, 0, WP_ATA_SAN_ST_DONE, 0);
	fake_ata_sense(prog_sense, 0x50, 0, WP_ATA_SAN_ST_IN_PROGRESS, 0x100);
	fake_ata_sense(abrt0, 0x51, 0x04, 0, 0);
	fake_ata_sense(abrt1, 0x51, 0x04, 0, 0x01);
	fake_ata_sense(native_vis, 0x50, 0, 0, SIZE / 512 - 1);
	fake_ata_sense(native_hpa, 0x50, 0, 0, HPA_MAX - 1);
	/* DEVICE CONFIGURATION IDENTIFY: revision 2, max LBA 20479 */
	dco[0] = 2;
	dco[6] = (uint8_t)((HPA_MAX - 1) & 0xff);
	dco[7] = (uint8_t)((HPA_MAX - 1) >> 8);
	dco[510] = 0xA5;
	for (int i = 0; i < 511; i++)
		sum = (uint8_t)(sum + dco[i]);
	dco[511] = (uint8_t)(0x100 - sum);
	security_block(setpw, false);
	security_block(erase_norm, false);
	security_block(erase_enh, true);
	memcpy(inq + 8, "SIMVENDRSimulated SAS SSD 0001", 30);
	yes[1] = 0x03;
	no[1] = 0x01;
	/* REQUEST SENSE data: NOT READY 04h/1Bh 25%, NO SENSE, 31h/03h */
	fixed_sense(prog, 0x02, 0x04, 0x1B);
	prog[15] = 0x80;
	prog[16] = 0x40;
	fixed_sense(ready, 0x00, 0, 0);
	fixed_sense(failed, 0x03, 0x31, 0x03);
	return 0;
}

static int fixed_random(void *buf, size_t len)
{
	memset(buf, 0x5A, len);
	return 0;
}

/* ---- command scripts ---- */

#define NVME(w, op, ns, c10)                                                   \
	.what = (w), .kind = FAKE_NVME, .opcode = (op), .nsid = (ns),          \
	.cdw10 = (c10)
#define ID_CTRL(b)                                                             \
	NVME("identify controller", 0x06, 0, 1), .data_in = (b),               \
						 .data_in_len = 4096
#define ID_NS                                                                  \
	NVME("identify namespace", 0x06, 1, 0), .data_in = id_ns,              \
						.data_in_len = 4096
#define LOG(b, n)                                                              \
	NVME("sanitize log", 0x02, 0xFFFFFFFF, 0x007F0081),                    \
		.data_in = (b), .data_in_len = 512, .repeat = (n)
/* SANACT 100b crypto erase; 011b overwrite with OWPASS 1 */
#define SAN_CRYPTO(fx) NVME("sanitize crypto", 0x84, 0, 0x4), .effect = (fx)
#define SAN_OW(fx)     NVME("sanitize overwrite", 0x84, 0, 0x13), .effect = (fx)

/* ATA PASS-THROUGH(16) */
#define SG16(w, d, ...)                                                        \
	.what = (w), .kind = FAKE_SG, .cdb = {__VA_ARGS__}, .cdb_len = 16,     \
	.dir = (d)
#define C_IDENTIFY 0x85, 0x08, 0x0E, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0xEC, 0
#define C_SAN_STATUS                                                           \
	0x85, 0x07, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0xB4, 0
#define C_NATIVE  0x85, 0x07, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x27, 0
#define C_SEC(op) 0x85, 0x0A, 0x06, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, (op), 0
#define C_PREPARE 0x85, 0x06, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF3, 0
/* SANITIZE BLOCK ERASE EXT, LBA 426B4572h ("BkEr") */
#define C_BLOCK                                                                \
	0x85, 0x07, 0x20, 0x00, 0x12, 0x00, 0x00, 0x42, 0x72, 0x00, 0x45,      \
		0x00, 0x6B, 0x40, 0xB4, 0x00
/* SET MAX ADDRESS EXT 20479 = 0x4FFF, COUNT 0: volatile */
#define C_SETMAX                                                               \
	0x85, 0x07, 0x20, 0, 0, 0, 0, 0, 0xFF, 0, 0x4F, 0, 0, 0x40, 0x37, 0
#define IDENTIFY(b)                                                            \
	SG16("identify", WP_SG_FROM_DEV, C_IDENTIFY), .data_in = (b),          \
						      .data_in_len = 512
#define ND(w, s, n, ...)                                                       \
	SG16(w, WP_SG_NONE, __VA_ARGS__), .sense = (s), .sense_len = 22,       \
					  .repeat = (n)
#define SEC(w, op, blk)                                                        \
	SG16(w, WP_SG_TO_DEV, C_SEC(op)), .data_out = (blk), .data_out_len = 512

/* SCSI */
#define SG(w, d, n, ...)                                                       \
	.what = (w), .kind = FAKE_SG, .cdb = {__VA_ARGS__}, .cdb_len = (n),    \
	.dir = (d)
#define RSOC(w, sa, ans)                                                       \
	SG(w, WP_SG_FROM_DEV, 12, 0xA3, 0x0C, 0x02, 0x48, 0, (sa), 0, 0, 0,    \
	   64, 0, 0),                                                          \
		.data_in = (ans), .data_in_len = 64
#define REQ_SENSE(w, ans, n)                                                   \
	SG(w, WP_SG_FROM_DEV, 6, 0x03, 0x01, 0, 0, 252, 0),                    \
		.data_in = (ans), .data_in_len = 18, .repeat = (n)
#define SCSI_SAN_CRYPTO(fx)                                                    \
	SG("sanitize crypto", WP_SG_NONE, 10, 0x48, 0x83), .effect = (fx)

static const struct fake_expect p_nvme_cb[] = {
	{ID_CTRL(ctrl_cb)}, {ID_NS}, {LOG(log_never, 0)}};
static const struct fake_expect p_nvme_c[] = {
	{ID_CTRL(ctrl_c)}, {ID_NS}, {LOG(log_never, 0)}};
static const struct fake_expect p_nvme_0[] = {{ID_CTRL(ctrl_0)}, {ID_NS}};
static const struct fake_expect p_nvme_o[] = {
	{ID_CTRL(ctrl_o)}, {ID_NS}, {LOG(log_never, 0)}};
/* no HPA feature set: READ NATIVE MAX is aborted, and that is fine */
static const struct fake_expect p_frozen[] = {
	{IDENTIFY(id_frozen)}, {ND("read native max", abrt0, 0, C_NATIVE)}};
static const struct fake_expect p_locked[] = {
	{IDENTIFY(id_locked)},
	{ND("sanitize status", ok_sense, 0, C_SAN_STATUS)}};
static const struct fake_expect p_se[] = {
	{IDENTIFY(id_se)}, {ND("read native max", native_vis, 0, C_NATIVE)}};
/* no HPA (native = visible), but an overlay hides 4096 sectors */
static const struct fake_expect p_dco[] = {
	{IDENTIFY(id_dco)},
	{ND("read native max", native_vis, 0, C_NATIVE)},
	{SG16("dco identify", WP_SG_FROM_DEV, 0x85, 0x08, 0x0E, 0, 0xC2, 0, 1,
	      0, 0, 0, 0, 0, 0, 0, 0xB1, 0),
	 .data_in = dco, .data_in_len = 512},
};
/* sanitize block erase + HPA: visible 16384 sectors, native 20480 */
static const struct fake_expect p_hpa[] = {
	{IDENTIFY(id_hpa)},
	{ND("sanitize status", ok_sense, 0, C_SAN_STATUS)},
	{ND("read native max", native_hpa, 0, C_NATIVE)},
};
/* no ATA translation: ILLEGAL REQUEST, invalid opcode */
static const struct fake_expect p_scsi[] = {
	{SG16("identify", WP_SG_FROM_DEV, C_IDENTIFY), .data_in = id_none,
	 .data_in_len = 512, .sense = notsat, .sense_len = 8},
	{SG("inquiry", WP_SG_FROM_DEV, 6, 0x12, 0, 0, 0, 96, 0), .data_in = inq,
	 .data_in_len = 96},
	{RSOC("rsoc crypto", 0x03, yes)},
	{RSOC("rsoc block", 0x02, no)},
	{RSOC("rsoc overwrite", 0x01, yes)},
};

static const struct fake_expect s_nv_ok[] = {
	{LOG(log_never, 0)}, {SAN_CRYPTO(FAKE_FX_SCRAMBLE)},
	{LOG(log_prog1, 3)}, {LOG(log_prog2, 2)},
	{LOG(log_ok, 0)},
};
static const struct fake_expect s_nv_fail[] = {{LOG(log_never, 0)},
					       {SAN_CRYPTO(FAKE_FX_NONE)},
					       {LOG(log_prog1, 2)},
					       {LOG(log_failed, 0)}};
/* a command the controller refuses (status, not errno) */
static const struct fake_expect s_nv_refused[] = {
	{LOG(log_never, 0)},
	{NVME("sanitize crypto", 0x84, 0, 0x4), .rc = 0x4002}};
/*
 * Progress never moves: polled at 0 s, 1 s, ... 601 s, the first poll
 * past the 600 s stall window gives up.
 */
static const struct fake_expect s_nv_stuck[] = {
	{LOG(log_never, 0)}, {SAN_CRYPTO(FAKE_FX_NONE)}, {LOG(log_prog1, 602)}};
/*
 * The log says "success" before and after, and the drive never shows
 * the sanitize in progress: it did not run (same 602 polls).
 */
static const struct fake_expect s_nv_idle[] = {{LOG(log_stale_ok, 0)},
					       {SAN_CRYPTO(FAKE_FX_NONE)},
					       {LOG(log_stale_ok, 602)}};
/* a status change to success with nothing changed on the media */
static const struct fake_expect s_nv_liar[] = {
	{LOG(log_never, 0)}, {SAN_CRYPTO(FAKE_FX_NONE)}, {LOG(log_ok, 0)}};
static const struct fake_expect s_nv_format[] = {
	{ID_NS},
	{NVME("format SES=1", 0x80, 1, 1 << 9), .effect = FAKE_FX_ZERO}};
/* the drive writes the pattern (zeros): read back and accepted */
static const struct fake_expect s_nv_ow[] = {{LOG(log_never, 0)},
					     {SAN_OW(FAKE_FX_ZERO)},
					     {LOG(ow_prog, 1)},
					     {LOG(ow_ok, 0)}};
/* a drive that reports success but left other data: rejected */
static const struct fake_expect s_nv_ow_bad[] = {{LOG(log_never, 0)},
						 {SAN_OW(FAKE_FX_SCRAMBLE)},
						 {LOG(ow_prog, 1)},
						 {LOG(ow_ok, 0)}};
/*
 * ERASE UNIT never completes: the host resets the link (-EIO) and the
 * drive comes back locked with our password. It must be unlocked and
 * the password disabled.
 */
static const struct fake_expect s_se_reset[] = {
	{SEC("set password", 0xF1, setpw)},
	{ND("erase prepare", ok_sense, 0, C_PREPARE)},
	{SEC("erase unit", 0xF4, erase_enh), .rc = -EIO},
	{IDENTIFY(id_se_locked)},
	{SEC("unlock", 0xF2, setpw)},
	{SEC("disable password", 0xF6, setpw)},
	{IDENTIFY(id_se_clear)},
};
/* interrupted (SIGINT) between PREPARE and ERASE UNIT */
static const struct fake_expect s_se_sigint[] = {
	{SEC("set password", 0xF1, setpw)},
	{SG16("erase prepare", WP_SG_NONE, C_PREPARE), .sense = ok_sense,
	 .sense_len = 22, .effect = FAKE_FX_STOP},
	{IDENTIFY(id_se_clear)},
	{SEC("disable password", 0xF6, setpw)},
	{IDENTIFY(id_se_clear)},
};
/* a successful ERASE UNIT clears the password itself */
static const struct fake_expect s_se_ok[] = {
	{SEC("set password", 0xF1, setpw)},
	{ND("erase prepare", ok_sense, 0, C_PREPARE)},
	{SEC("erase unit", 0xF4, erase_norm), .effect = FAKE_FX_ZERO},
	{IDENTIFY(id_se_clear)},
};
static const struct fake_expect s_hpa_kept[] = {
	{ND("sanitize status", ok_sense, 0, C_SAN_STATUS)},
	{SG16("block erase", WP_SG_NONE, C_BLOCK), .sense = ok_sense,
	 .sense_len = 22, .effect = FAKE_FX_SCRAMBLE},
	{ND("status: in progress", prog_sense, 2, C_SAN_STATUS)},
	{ND("status: done", done_sense, 0, C_SAN_STATUS)},
};
/* with --remove-hpa: SET MAX (volatile) first, then a Purge */
static const struct fake_expect s_hpa_removed[] = {
	{ND("set max", ok_sense, 0, C_SETMAX)},
	{ND("sanitize status", done_sense, 0, C_SAN_STATUS)},
	{SG16("block erase", WP_SG_NONE, C_BLOCK), .sense = ok_sense,
	 .sense_len = 22, .effect = FAKE_FX_SCRAMBLE},
	{ND("status: in progress", prog_sense, 1, C_SAN_STATUS)},
	{ND("status: done", done_sense, 0, C_SAN_STATUS)},
};
/* a drive that aborts the sanitize: reason decoded */
static const struct fake_expect s_hpa_abort[] = {
	{ND("sanitize status", ok_sense, 0, C_SAN_STATUS)},
	{ND("block erase", ok_sense, 0, C_BLOCK)},
	{ND("status: failed", abrt1, 0, C_SAN_STATUS)},
};
static const struct fake_expect s_scsi_ok[] = {
	{SCSI_SAN_CRYPTO(FAKE_FX_SCRAMBLE)},
	{REQ_SENSE("request sense: in progress", prog, 2)},
	{REQ_SENSE("request sense: ready", ready, 0)},
};
/* overwrite with its parameter list; then the failure sense */
static const struct fake_expect s_scsi_failed[] = {
	{SG("sanitize overwrite", WP_SG_TO_DEV, 10, 0x48, 0x81, 0, 0, 0, 0, 0,
	    0, 8, 0),
	 .data_out = ow_param, .data_out_len = 8},
	{REQ_SENSE("request sense: in progress", prog, 0)},
	{REQ_SENSE("request sense: failed", failed, 0)},
};
/* REQUEST SENSE data that does not parse is not "ready" (601 polls) */
static const struct fake_expect s_scsi_junk[] = {
	{SCSI_SAN_CRYPTO(FAKE_FX_NONE)},
	{REQ_SENSE("request sense: junk", junk, 601)},
};

/* ---- JSON checks: "root.key.0.key" paths ---- */

enum jkind { J_NONE, J_STR, J_INT, J_TRUE, J_FALSE, J_POSITIVE };

struct jcheck {
	const char *path;
	enum jkind kind;
	const char *s;
	json_int_t i;
};

struct jroots {
	json_t *status, *verification, *hidden, *raw;
};

static json_t *jpath(const struct jroots *r, const char *path)
{
	const char *k = path, *dot = strchr(k, '.');
	size_t len = dot ? (size_t)(dot - k) : strlen(k);
	json_t *j = !strncmp(k, "status", len)	       ? r->status
		    : !strncmp(k, "verification", len) ? r->verification
		    : !strncmp(k, "hidden", len)       ? r->hidden
						       : r->raw;
	char key[64];

	while (dot) {
		k = dot + 1;
		dot = strchr(k, '.');
		len = dot ? (size_t)(dot - k) : strlen(k);
		snprintf(key, sizeof(key), "%.*s", (int)len, k);
		j = json_is_array(j) ? json_array_get(j, strtoul(key, NULL, 10))
				     : json_object_get(j, key);
	}
	return j;
}

static void check_json(const struct jroots *r, const struct jcheck *c, size_t n)
{
	for (size_t i = 0; i < n && c[i].kind; i++) {
		json_t *j = jpath(r, c[i].path);

		if (!j)
			fail_msg("no JSON at '%s'", c[i].path);
		switch (c[i].kind) {
		case J_STR:
			assert_string_equal(json_string_value(j), c[i].s);
			break;
		case J_INT:
			assert_int_equal(json_integer_value(j), c[i].i);
			break;
		case J_TRUE:
			assert_true(json_is_true(j));
			break;
		case J_FALSE:
			assert_true(json_is_false(j));
			break;
		case J_POSITIVE:
			assert_true(json_integer_value(j) > 0);
			break;
		case J_NONE:
			break;
		}
	}
}

/* ---- drive cases: the probe ---- */

struct reason {
	uint64_t methods; /* each of them unsupported, with this reason */
	const char *has;
};

struct drive_case {
	const char *name;
	enum fake_kind kind;
	const struct fake_expect *script;
	size_t n;
	uint64_t yes, no; /* methods supported, not supported */
	struct reason why[2];
	enum wp_method_id auto_m;
	const char *advice; /* a substring of caps.advice */
	bool frozen, locked;
	enum wp_method_id est_m; /* and its estimate in seconds */
	uint32_t est;
	uint64_t visible, native, dco; /* 0: not checked */
	struct jcheck raw[1];
};

#define PROBE(nm, k, s) .name = (nm), .kind = (k), .script = (s), .n = N(s)
#define ATA_ALL                                                                \
	(B(WP_M_ATA_SANITIZE_CRYPTO) | B(WP_M_ATA_SANITIZE_BLOCK) |            \
	 B(WP_M_ATA_SANITIZE_OVERWRITE) | B(WP_M_ATA_SECURE_ERASE) |           \
	 B(WP_M_ATA_SECURE_ERASE_ENHANCED))

static const struct drive_case d_nvme_cb = {
	PROBE("nvme crypto+block", FAKE_NVME, p_nvme_cb),
	.yes = B(WP_M_NVME_SANITIZE_CRYPTO),
	.no = B(WP_M_NVME_SANITIZE_OVERWRITE),
	.auto_m = WP_M_NVME_SANITIZE_CRYPTO,
	.est_m = WP_M_NVME_SANITIZE_CRYPTO,
	.est = 120};
static const struct drive_case d_nvme_c = {
	PROBE("nvme crypto", FAKE_NVME, p_nvme_c),
	.yes = B(WP_M_NVME_SANITIZE_CRYPTO),
	.auto_m = WP_M_NVME_SANITIZE_CRYPTO};
static const struct drive_case d_nvme_0 = {
	PROBE("nvme no sanitize", FAKE_NVME, p_nvme_0),
	.yes = B(WP_M_NVME_FORMAT_ERASE) | B(WP_M_NVME_FORMAT_CRYPTO),
	.no = B(WP_M_NVME_SANITIZE_CRYPTO),
	.why = {{B(WP_M_NVME_SANITIZE_CRYPTO), "SANICAP"}},
	/* FNA bit 2: crypto erase by Format */
	.auto_m = WP_M_NVME_FORMAT_CRYPTO};
/* crypto erase (here by Format, FNA bit 2) before sanitize overwrite */
static const struct drive_case d_nvme_o = {
	PROBE("nvme overwrite", FAKE_NVME, p_nvme_o),
	.yes = B(WP_M_NVME_SANITIZE_OVERWRITE),
	.auto_m = WP_M_NVME_FORMAT_CRYPTO};
static const struct drive_case d_frozen = {
	PROBE("ata frozen", FAKE_SG, p_frozen),
	.no = B(WP_M_ATA_SECURE_ERASE),
	.why = {{B(WP_M_ATA_SECURE_ERASE), "frozen"},
		{B(WP_M_ATA_SANITIZE_BLOCK), "Sanitize"}},
	.auto_m = WP_M_RANDOM,
	.advice = "suspend",
	.frozen = true,
	.native = SIZE};
static const struct drive_case d_locked = {
	PROBE("ata locked", FAKE_SG, p_locked),
	.no = ATA_ALL | B(WP_M_ZERO),
	.why = {{ATA_ALL, "locked"}},
	.auto_m = WP_M_RANDOM,
	.advice = "unlock",
	.locked = true};
static const struct drive_case d_se = {PROBE("ata secure erase", FAKE_SG, p_se),
				       .yes = B(WP_M_ATA_SECURE_ERASE_ENHANCED),
				       .auto_m = WP_M_ATA_SECURE_ERASE_ENHANCED,
				       .est_m = WP_M_ATA_SECURE_ERASE,
				       .est = 120};
static const struct drive_case d_dco = {
	PROBE("ata dco", FAKE_SG, p_dco),
	.auto_m = WP_M_RANDOM,
	.advice = "Device Configuration Overlay",
	.visible = SIZE,
	.native = HPA_MAX * 512ull,
	.dco = HPA_MAX * 512ull,
	.raw = {{"raw.dco.present", J_TRUE, NULL, 0}}};
static const struct drive_case d_hpa = {PROBE("ata hpa", FAKE_SG, p_hpa),
					.yes = B(WP_M_ATA_SANITIZE_BLOCK),
					.auto_m = WP_M_ATA_SANITIZE_BLOCK,
					.advice = "Host Protected Area",
					.visible = SIZE,
					.native = HPA_MAX * 512ull};
static const struct drive_case d_scsi = {
	PROBE("scsi", FAKE_SG, p_scsi),
	.yes = B(WP_M_SCSI_SANITIZE_CRYPTO) | B(WP_M_SCSI_SANITIZE_OVERWRITE),
	.no = B(WP_M_SCSI_SANITIZE_BLOCK) | B(WP_M_ATA_SANITIZE_CRYPTO),
	.auto_m = WP_M_SCSI_SANITIZE_CRYPTO};

static const struct drive_case *const drives[] = {
	&d_nvme_cb, &d_nvme_c, &d_nvme_0, &d_nvme_o, &d_frozen,
	&d_locked,  &d_se,     &d_dco,	  &d_hpa,    &d_scsi,
};

/* A new drive of @dc's kind, probed into @caps; the script consumed. */
static struct fake_drive *probe(const struct drive_case *dc, uint32_t seed,
				struct wp_caps *caps)
{
	struct fake_drive *f = fake_drive_new_scripted(dc->kind, SIZE, seed);
	struct cm_err err = {0};

	fake_drive_expect(f, dc->script, dc->n);
	wp_caps_init(caps);
	assert_int_equal(wp_caps_probe(&f->dev, caps, &err), 0);
	fake_drive_done(f);
	return f;
}

static void test_probe(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(drives); i++) {
		const struct drive_case *dc = drives[i];
		struct wp_caps caps;
		struct fake_drive *f = probe(dc, (uint32_t)i, &caps);
		struct jroots roots = {.raw = caps.raw};

		print_message("drive: %s\n", dc->name);
		if (dc->kind == FAKE_NVME)
			assert_int_equal(caps.type, WP_TYPE_NVME);
		for (int m = 0; m < WP_M_COUNT; m++) {
			if (dc->yes & B(m))
				assert_true(caps.supported[m]);
			if (dc->no & B(m))
				assert_false(caps.supported[m]);
			for (size_t k = 0; k < N(dc->why); k++)
				if (dc->why[k].methods & B(m))
					assert_non_null(strstr(
						caps.unsupported_reason[m],
						dc->why[k].has));
		}
		assert_int_equal(wp_purge_auto(&caps), dc->auto_m);
		if (dc->advice)
			assert_non_null(strstr(caps.advice, dc->advice));
		assert_int_equal(caps.frozen, dc->frozen);
		assert_int_equal(caps.locked, dc->locked);
		if (dc->est)
			assert_int_equal(caps.estimate_secs[dc->est_m],
					 dc->est);
		if (dc->visible)
			assert_int_equal(caps.visible_bytes, dc->visible);
		if (dc->native) {
			assert_int_equal(caps.native_bytes, dc->native);
			assert_int_equal(caps.dco_bytes, dc->dco);
		}
		check_json(&roots, dc->raw, N(dc->raw));
		wp_caps_release(&caps);
		fake_drive_free(f);
	}
}

/* ---- run cases: one wp_purge_run() each ---- */

enum cat_check { CAT_ANY, CAT_IS_CLEAR, CAT_IS_PURGE };

struct run_case {
	const char *name;
	const struct drive_case *drive;
	enum wp_method_id m;
	const struct fake_expect *script;
	size_t n;
	bool remove_hpa, stop;	   /* opts: --remove-hpa; a stop flag */
	bool hidden_only, host_io; /* wp_purge_hidden_areas() alone: false */
	int rc;			   /* 0, or -EOPNOTSUPP: nothing sent */
	enum wp_result result;
	enum cat_check cat;
	const char *reason;  /* a substring; "" there must be none */
	const char *vresult; /* verification.result */
	bool media_kept;     /* the media is what it was before */
	uint64_t native_capacity;
	struct jcheck j[2];
};

#define SCRIPT(s) (s), N(s)

static const struct run_case runs[] = {
	{"nvme sanitize crypto", &d_nvme_cb, WP_M_NVME_SANITIZE_CRYPTO,
	 SCRIPT(s_nv_ok), .result = WP_RESULT_SUCCESS, .cat = CAT_IS_PURGE,
	 .reason = "", .vresult = "passed",
	 .j = {{"status.evidence", J_STR,
		.s = "in-progress then success observed"},
	       {"status.final.sstat", J_INT, .i = 0x101}}},
	{"nvme sanitize fails", &d_nvme_c, WP_M_NVME_SANITIZE_CRYPTO,
	 SCRIPT(s_nv_fail), .result = WP_RESULT_FAILED, .reason = "failed",
	 .vresult = "not-run"},
	{"nvme sanitize refused", &d_nvme_c, WP_M_NVME_SANITIZE_CRYPTO,
	 SCRIPT(s_nv_refused), .result = WP_RESULT_FAILED,
	 .j = {{"status.nvme_status", J_INT, .i = 0x4002}}},
	{"nvme sanitize stuck", &d_nvme_c, WP_M_NVME_SANITIZE_CRYPTO,
	 SCRIPT(s_nv_stuck), .result = WP_RESULT_FAILED, .reason = "stuck"},
	{"nvme idle drive", &d_nvme_c, WP_M_NVME_SANITIZE_CRYPTO,
	 SCRIPT(s_nv_idle), .result = WP_RESULT_FAILED, .reason = "did not run",
	 .media_kept = true},
	{"nvme status-only success", &d_nvme_c, WP_M_NVME_SANITIZE_CRYPTO,
	 SCRIPT(s_nv_liar), .result = WP_RESULT_FAILED, .vresult = "failed",
	 .j = {{"verification.details.unchanged", J_POSITIVE, NULL, 0}}},
	{"nvme unsupported method", &d_nvme_0, WP_M_NVME_SANITIZE_BLOCK, NULL,
	 0, .rc = -EOPNOTSUPP},
	{"nvme format erase", &d_nvme_0, WP_M_NVME_FORMAT_ERASE,
	 SCRIPT(s_nv_format), .result = WP_RESULT_SUCCESS, .vresult = "passed",
	 .j = {{"status.completion", J_STR, .s = "synchronous"}}},
	{"nvme sanitize overwrite", &d_nvme_o, WP_M_NVME_SANITIZE_OVERWRITE,
	 SCRIPT(s_nv_ow), .result = WP_RESULT_SUCCESS, .vresult = "passed"},
	{"nvme overwrite left data", &d_nvme_o, WP_M_NVME_SANITIZE_OVERWRITE,
	 SCRIPT(s_nv_ow_bad), .result = WP_RESULT_FAILED, .vresult = "failed",
	 .j = {{"verification.details.pattern_mismatch", J_POSITIVE, NULL, 0}}},
	{"ata frozen", &d_frozen, WP_M_ATA_SECURE_ERASE, NULL, 0,
	 .rc = -EOPNOTSUPP},
	{"ata locked", &d_locked, WP_M_ATA_SANITIZE_CRYPTO, NULL, 0,
	 .rc = -EOPNOTSUPP},
	{"ata erase unit reset", &d_se, WP_M_ATA_SECURE_ERASE_ENHANCED,
	 SCRIPT(s_se_reset), .result = WP_RESULT_FAILED, .reason = "ERASE UNIT",
	 .j = {{"status.password_cleanup.security_enabled_after", J_FALSE, NULL,
		0}}},
	{"ata erase interrupted", &d_se, WP_M_ATA_SECURE_ERASE_ENHANCED,
	 SCRIPT(s_se_sigint), .stop = true, .result = WP_RESULT_INTERRUPTED},
	{"ata secure erase", &d_se, WP_M_ATA_SECURE_ERASE, SCRIPT(s_se_ok),
	 .result = WP_RESULT_SUCCESS, .vresult = "passed",
	 .j = {{"status.security_enabled_after", J_FALSE, NULL, 0},
	       /* from word 89 (2 min): 2 * 120 + 600 s */
	       {"status.timeout_secs", J_INT, .i = 840}}},
	/* without --remove-hpa: done, but not a Purge of the whole drive */
	{"ata hpa kept", &d_hpa, WP_M_ATA_SANITIZE_BLOCK, SCRIPT(s_hpa_kept),
	 .result = WP_RESULT_SUCCESS, .cat = CAT_IS_CLEAR,
	 .native_capacity = HPA_MAX * 512ull,
	 .j = {{"hidden.0.removed", J_FALSE, NULL, 0}}},
	{"ata hpa removed", &d_hpa, WP_M_ATA_SANITIZE_BLOCK,
	 SCRIPT(s_hpa_removed), .remove_hpa = true, .result = WP_RESULT_SUCCESS,
	 .cat = CAT_IS_PURGE,
	 .j = {{"hidden.0.removed", J_TRUE, NULL, 0},
	       {"hidden.0.volatile", J_TRUE, NULL, 0}}},
	{"ata sanitize aborted", &d_hpa, WP_M_ATA_SANITIZE_BLOCK,
	 SCRIPT(s_hpa_abort), .result = WP_RESULT_FAILED, .reason = "reason 1"},
	{"scsi sanitize crypto", &d_scsi, WP_M_SCSI_SANITIZE_CRYPTO,
	 SCRIPT(s_scsi_ok), .result = WP_RESULT_SUCCESS, .vresult = "passed"},
	{"scsi sanitize failed", &d_scsi, WP_M_SCSI_SANITIZE_OVERWRITE,
	 SCRIPT(s_scsi_failed), .result = WP_RESULT_FAILED,
	 .reason = "31h/03h"},
	{"scsi junk sense", &d_scsi, WP_M_SCSI_SANITIZE_CRYPTO,
	 SCRIPT(s_scsi_junk), .result = WP_RESULT_FAILED},
	/* --remove-hpa cannot undo an overlay: nothing is sent, and the job
	   is recorded as not reaching the whole drive */
	{"dco not removable", &d_dco, .hidden_only = true, .remove_hpa = true,
	 .native_capacity = HPA_MAX * 512ull,
	 .j = {{"hidden.0.type", J_STR, .s = "dco"}}},
	/* a host overwrite cannot reach an HPA: not covered, nothing sent */
	{"hpa not reached", &d_hpa, .hidden_only = true, .host_io = true,
	 .native_capacity = HPA_MAX * 512ull,
	 .j = {{"hidden.0.hidden_bytes", J_INT, .i = 4096 * 512}}},
};

static void check_run(const struct run_case *rc, const struct wp_caps *caps,
		      struct fake_drive *f, const uint8_t *before)
{
	volatile int stop = 0;
	struct wp_purge_opts o = {.sample_pct = 1,
				  .seed = 42,
				  .poll_ms = 1000,
				  .now_ms = fake_now_ms,
				  .sleep_ms = fake_sleep_ms,
				  .clock_ctx = f,
				  .remove_hpa = rc->remove_hpa};
	struct wp_job_result r = {0};
	struct cm_err err = {0};
	unsigned sent = f->ncmds;

	if (rc->stop) {
		o.stop = &stop;
		f->stop = &stop;
	}
	fake_drive_expect(f, rc->script, rc->n);
	if (rc->hidden_only)
		assert_false(wp_purge_hidden_areas(
			&f->dev, caps, rc->remove_hpa, rc->host_io, &r));
	else
		assert_int_equal(
			wp_purge_run(&f->dev, rc->m, caps, &o, &r, &err),
			rc->rc);
	fake_drive_done(f);
	if (rc->hidden_only)
		assert_int_equal(f->ncmds, sent);
	if (rc->rc == -EOPNOTSUPP) {
		assert_int_equal(err.kind, CM_ERR_UNAVAILABLE);
		assert_int_equal(f->ncmds, sent);
	} else {
		struct jroots roots = {r.device_status, r.verification,
				       r.hidden_areas, NULL};

		if (!rc->hidden_only)
			assert_int_equal(r.result, rc->result);
		if (rc->cat)
			assert_int_equal(r.category, rc->cat == CAT_IS_PURGE
							     ? WP_CAT_PURGE
							     : WP_CAT_CLEAR);
		if (rc->reason && !rc->reason[0])
			assert_null(r.failure_reason);
		else if (rc->reason)
			assert_non_null(strstr(r.failure_reason, rc->reason));
		if (rc->vresult)
			assert_string_equal(
				cm_json_get_str(r.verification, "result"),
				rc->vresult);
		if (rc->media_kept)
			assert_memory_equal(before, f->mem, SIZE);
		if (rc->native_capacity)
			assert_int_equal(r.native_capacity,
					 rc->native_capacity);
		check_json(&roots, rc->j, N(rc->j));
	}
	f->stop = NULL;
	wp_job_result_release(&r);
}

static void test_runs(void **state)
{
	uint8_t *before = malloc(SIZE);

	(void)state;
	assert_non_null(before);
	cm_random_set_source(fixed_random);
	for (size_t i = 0; i < N(runs); i++) {
		struct wp_caps caps;
		struct fake_drive *f = probe(runs[i].drive, (uint32_t)i, &caps);

		print_message("run: %s\n", runs[i].name);
		memcpy(before, f->mem, SIZE);
		check_run(&runs[i], &caps, f, before);
		wp_caps_release(&caps);
		fake_drive_free(f);
	}
	cm_random_set_source(NULL);
	free(before);
}

/* ---- the pure parts: timeouts, DCO parsing ---- */

static void test_timeouts_dco(void **state)
{
	uint64_t timeout, stall, max = 0;
	uint8_t b[512];

	(void)state;
	/* an estimate of 120 s: twice it plus 10 min; the stall floor */
	wp_purge_timeouts(120, SIZE, &timeout, &stall);
	assert_int_equal(timeout, 840);
	assert_int_equal(stall, 600);
	memcpy(b, dco, sizeof(b));
	assert_int_equal(wp_ata_parse_dco(b, 512, &max), 0);
	assert_int_equal(max, HPA_MAX - 1);
	b[7] ^= 1; /* a damaged checksum is refused */
	assert_int_equal(wp_ata_parse_dco(b, 512, &max), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timeouts_dco),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_runs),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
