// SPDX-License-Identifier: Apache-2.0
/* Unit tests of certificates: build, issue, read and check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <unistd.h>

#include <cmocka.h>

#include "cm_atomic.h"
#include "cm_hash.h"
#include "cm_json.h"
#include "cm_random.h"
#include "cm_time.h"
#include "wp_cert.h"
#include "cm_file.h"

static char dir[64];
static struct cm_identity id;
static unsigned char counter;

static time_t fixed(void)
{
	return 1800000000;
}

static int counting_random(void *buf, size_t len)
{
	memset(buf, ++counter, len);
	return 0;
}

static void sample_info(struct wp_devinfo *info)
{
	memset(info, 0, sizeof(*info));
	snprintf(info->path, sizeof(info->path), "/dev/sdz");
	snprintf(info->model, sizeof(info->model), "Disk 1");
	snprintf(info->serial, sizeof(info->serial), "S123");
	snprintf(info->transport, sizeof(info->transport), "sata");
	info->size = 1 << 30;
	info->logical_block = 512;
	info->physical_block = 4096;
	info->rotational = true;
}

static void sample_result(struct wp_job_result *r, enum wp_result res,
			  const char *ver)
{
	wp_job_result_init(r);
	r->result = res;
	r->method = wp_method_get(WP_M_ZERO);
	r->category = WP_CAT_CLEAR;
	r->started_at = 1800000000 - 60;
	r->finished_at = 1800000000;
	r->bytes_written = 1 << 30;
	r->verification = json_pack("{s:s, s:f, s:i, s:s, s:{}}", "method",
				    "full", "coverage", 1.0, "samples", 256,
				    "result", ver, "details");
}

static void test_build_fields_and_nulls(void **state)
{
	struct wp_devinfo info;
	struct wp_job_result r;
	struct wp_cert_meta meta = {.job = "LOT-9",
				    .asset_tag = "A-77",
				    .destination = "recycling"};
	json_t *c;
	struct cm_err err;
	const char *k;
	json_t *v;
	const char *order[] = {
		"schema",	   "id",	   "issued_at",
		"previous_sha256", "tool",	   "operator",
		"media",	   "sanitization", "verification",
		"result",	   "destination",  "post_classification",
		"notes",	   "standards",	   "attestation",
		"validation",	   "customer",	   "job"};
	size_t i = 0;

	(void)state;
	sample_info(&info);
	sample_result(&r, WP_RESULT_SUCCESS, "passed");
	assert_int_equal(wp_cert_build(&id, &info, NULL, &meta, &r, &c, &err),
			 0);
	json_object_foreach(c, k, v) assert_string_equal(k, order[i++]);
	assert_int_equal(i, 18);
	/* not given: null, shown as unknown */
	assert_true(json_is_null(json_object_get(c, "customer")));
	assert_string_equal(cm_json_get_str(c, "job"), "LOT-9");
	assert_string_equal(
		cm_json_get_str(json_object_get(c, "media"), "type"), "hdd");
	assert_string_equal(
		cm_json_get_str(json_object_get(c, "media"), "property_number"),
		"A-77");
	/* unknown stays null, never invented */
	assert_true(json_is_null(
		json_object_get(json_object_get(c, "media"), "wwn")));
	assert_true(json_is_null(
		json_object_get(json_object_get(c, "media"), "source")));
	assert_true(json_is_null(
		json_object_get(json_object_get(c, "operator"), "phone")));
	assert_string_equal(
		cm_json_get_str(json_object_get(c, "operator"), "organization"),
		"Clinic");
	assert_int_equal(json_array_size(json_object_get(c, "standards")), 2);
	/* the current revision (Rev. 2, September 2025) and IEEE 2883 */
	assert_string_equal(json_string_value(json_array_get(
				    json_object_get(c, "standards"), 0)),
			    "NIST SP 800-88 Rev. 2 Clear");
	assert_string_equal(json_string_value(json_array_get(
				    json_object_get(c, "standards"), 1)),
			    "IEEE 2883-2022 Clear");
	json_decref(c);
	wp_job_result_release(&r);
}

static void test_no_standard_claimed_unless_verified(void **state)
{
	struct wp_devinfo info;
	struct wp_job_result r;
	struct wp_cert_meta meta = {0};
	json_t *c;

	(void)state;
	sample_info(&info);
	sample_result(&r, WP_RESULT_FAILED, "failed");
	assert_int_equal(wp_cert_build(&id, &info, NULL, &meta, &r, &c, NULL),
			 0);
	assert_int_equal(json_array_size(json_object_get(c, "standards")), 0);
	assert_string_equal(cm_json_get_str(c, "result"), "failed");
	json_decref(c);
	wp_job_result_release(&r);
	sample_result(&r, WP_RESULT_SUCCESS, "not-run");
	assert_int_equal(wp_cert_build(&id, &info, NULL, &meta, &r, &c, NULL),
			 0);
	assert_int_equal(json_array_size(json_object_get(c, "standards")), 0);
	json_decref(c);
	wp_job_result_release(&r);
}

/*
 * A crypto erase names the technique, word for word, in both standards
 * (NIST SP 800-88 Rev. 2 and IEEE 2883-2022); another Purge does not.
 */
static void test_crypto_erase_standards(void **state)
{
	static const struct {
		enum wp_method_id m;
		const char *nist, *ieee;
	} cases[] = {
		{WP_M_NVME_SANITIZE_CRYPTO,
		 "NIST SP 800-88 Rev. 2 Purge (cryptographic erase)",
		 "IEEE 2883-2022 Purge (cryptographic erase)"},
		{WP_M_ATA_SANITIZE_CRYPTO,
		 "NIST SP 800-88 Rev. 2 Purge (cryptographic erase)",
		 "IEEE 2883-2022 Purge (cryptographic erase)"},
		{WP_M_NVME_SANITIZE_BLOCK, "NIST SP 800-88 Rev. 2 Purge",
		 "IEEE 2883-2022 Purge"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct wp_devinfo info;
		struct wp_job_result r;
		struct wp_cert_meta meta = {0};
		json_t *c, *st;

		sample_info(&info);
		sample_result(&r, WP_RESULT_SUCCESS, "passed");
		r.method = wp_method_get(cases[i].m);
		assert_non_null(r.method);
		r.category = r.method->category;
		assert_int_equal(r.category, WP_CAT_PURGE);
		assert_int_equal(
			wp_cert_build(&id, &info, NULL, &meta, &r, &c, NULL),
			0);
		st = json_object_get(c, "standards");
		assert_int_equal(json_array_size(st), 2);
		assert_string_equal(json_string_value(json_array_get(st, 0)),
				    cases[i].nist);
		assert_string_equal(json_string_value(json_array_get(st, 1)),
				    cases[i].ieee);
		json_decref(c);
		wp_job_result_release(&r);
	}
}

static void issue(char **path, char *sha)
{
	struct wp_devinfo info;
	struct wp_job_result r;
	struct wp_cert_meta meta = {0};
	char certs[128];
	json_t *c;
	struct cm_err err;

	sample_info(&info);
	sample_result(&r, WP_RESULT_SUCCESS, "passed");
	snprintf(certs, sizeof(certs), "%s/certs", dir);
	assert_int_equal(wp_cert_build(&id, &info, NULL, &meta, &r, &c, NULL),
			 0);
	assert_int_equal(wp_cert_issue(&id, certs, c, path, sha, &err), 0);
	json_decref(c);
	wp_job_result_release(&r);
}

static void test_issue_chain_verify_tamper(void **state)
{
	char *p1, *p2, s1[65], s2[65], *buf;
	uint8_t md[32];
	char hex[65];
	size_t len;
	struct wp_cert_check chk;
	struct cm_err err;

	(void)state;
	issue(&p1, s1);
	issue(&p2, s2);
	assert_int_equal(cm_sha256_file(p1, md, NULL), 0);
	cm_hex(md, 32, hex);
	assert_string_equal(hex, s1);
	assert_int_equal(wp_cert_verify(p2, NULL, &chk, &err), 0);
	assert_string_equal(cm_json_get_str(chk.cert, "previous_sha256"), s1);
	assert_non_null(strstr(chk.chain, "linked to"));
	assert_string_equal(cm_json_get_str(chk.cert, "issued_at"),
			    "2027-01-15T08:00:00Z");
	wp_cert_check_release(&chk);
	/* one flipped byte: the signature no longer matches */
	assert_int_equal(cm_read_file(p2, 1 << 20, &buf, &len, NULL), 0);
	buf[len / 2] ^= 0x20;
	assert_int_equal(cm_atomic_write_file(p2, buf, len, 0644, NULL), 0);
	free(buf);
	assert_int_not_equal(wp_cert_verify(p2, NULL, &chk, &err), 0);
	wp_cert_check_release(&chk);
	free(p1);
	free(p2);
}

static void test_crash_pending_adopted_or_dropped(void **state)
{
	char *p2, *p3, s2[65], s3[65], pend[200], crash[200], *buf;
	uint8_t md[32];
	char hex[65];
	json_t *c, *j;

	(void)state;
	/* a crash after a certificate reached the disk, before the head moved */
	snprintf(crash, sizeof(crash), "%s/certs/crashed.json", dir);
	assert_int_equal(
		cm_atomic_write_file(crash, "{\"x\":1}\n", 8, 0644, NULL), 0);
	assert_int_equal(cm_sha256_file(crash, md, NULL), 0);
	cm_hex(md, 32, hex);
	snprintf(pend, sizeof(pend), "%s/id/chain-head.pending", dir);
	j = json_pack("{s:s, s:s}", "sha256", hex, "path", crash);
	assert_int_equal(cm_json_write_file(j, pend, 0600, NULL), 0);
	json_decref(j);
	issue(&p2, s2);
	assert_int_equal(access(pend, F_OK), -1);
	c = cm_json_load_file(p2, 1 << 20, NULL);
	assert_string_equal(cm_json_get_str(c, "previous_sha256"), hex);
	json_decref(c);
	/* a crash before the certificate was written: the intent is dropped */
	j = json_pack("{s:s, s:s}", "sha256", "00", "path", "/nonexistent");
	assert_int_equal(cm_json_write_file(j, pend, 0600, NULL), 0);
	json_decref(j);
	issue(&p3, s3);
	assert_int_equal(access(pend, F_OK), -1);
	c = cm_json_load_file(p3, 1 << 20, NULL);
	assert_string_equal(cm_json_get_str(c, "previous_sha256"), s2);
	json_decref(c);
	(void)buf;
	unlink(crash);
	free(p2);
	free(p3);
}

static void test_schema_rejects(void **state)
{
	json_t *c = json_pack("{s:s}", "schema", "sanitas.certificate/1");
	struct cm_err err;

	(void)state;
	assert_int_equal(wp_cert_check_schema(c, &err), -EBADMSG);
	assert_non_null(strstr(err.msg, "missing key 'id'"));
	json_decref(c);
	c = json_pack("{s:s}", "schema", "other/1");
	assert_int_equal(wp_cert_check_schema(c, &err), -EBADMSG);
	json_decref(c);
}

/* the verification blocks of the Purge paths put their own keys first
 * ("blkid" in purge/verify.c, "luks_header_after" in purge/luks.c): a
 * certificate is checked by its keys and types, never by their order */
static void test_schema_any_key_order(void **state)
{
	struct wp_devinfo info;
	struct wp_job_result r;
	struct wp_cert_meta meta = {.job = NULL};
	json_t *c;
	struct cm_err err;

	(void)state;
	sample_info(&info);
	wp_job_result_init(&r);
	r.result = WP_RESULT_SUCCESS;
	r.method = wp_method_get(WP_M_ZERO);
	r.category = WP_CAT_CLEAR;
	r.started_at = 1800000000 - 60;
	r.finished_at = 1800000000;
	r.verification =
		json_pack("{s:s, s:s, s:f, s:i, s:s, s:{}}", "blkid",
			  "no signature", "method", "sample", "coverage", 0.05,
			  "samples", 52, "result", "passed", "details");
	assert_int_equal(wp_cert_build(&id, &info, NULL, &meta, &r, &c, &err),
			 0);
	/* the id and time a certificate gets when it is issued */
	json_object_set_new(
		c, "id", json_string("d4274d87-287d-43c1-b919-1bcdcaa36e10"));
	json_object_set_new(c, "issued_at",
			    json_string("2027-01-15T08:00:00Z"));
	assert_int_equal(wp_cert_check_schema(c, &err), 0);
	/* a required key missing is still an error, wherever it would be */
	json_object_del(json_object_get(c, "verification"), "result");
	assert_int_equal(wp_cert_check_schema(c, &err), -EBADMSG);
	assert_non_null(strstr(err.msg, "verification: missing key 'result'"));
	json_decref(c);
	wp_job_result_release(&r);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_fields_and_nulls),
		cmocka_unit_test(test_no_standard_claimed_unless_verified),
		cmocka_unit_test(test_crypto_erase_standards),
		cmocka_unit_test(test_issue_chain_verify_tamper),
		cmocka_unit_test(test_crash_pending_adopted_or_dropped),
		cmocka_unit_test(test_schema_rejects),
		cmocka_unit_test(test_schema_any_key_order),
	};
	struct cm_identity_opts o = {.organization = "Clinic",
				     .operator_name = "Ada"};
	char idd[128];
	int rc;

	snprintf(dir, sizeof(dir), "/tmp/wpcertXXXXXX");
	if (!mkdtemp(dir))
		return 1;
	snprintf(idd, sizeof(idd), "%s/id", dir);
	if (cm_identity_create(idd, &o, NULL) < 0 ||
	    cm_identity_load(&id, idd, NULL) < 0)
		return 1;
	cm_time_set_source(fixed);
	cm_random_set_source(counting_random);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	cm_identity_release(&id);
	/* scratch directory of this test only */
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}
