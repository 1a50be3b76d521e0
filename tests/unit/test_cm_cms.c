// SPDX-License-Identifier: Apache-2.0
/*
 * Identity creation, signing and verification, including the case that
 * matters years later: a signer whose X.509 certificate has expired since.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cm_atomic.h"
#include "cm_cms.h"
#include "cm_file.h"
#include "cm_identity.h"
#include "cm_time.h"

static char dir[64];
static time_t fake_now;

static time_t fake(void)
{
	return fake_now;
}

static void make_identity(const char *sub, int days, char *out)
{
	struct cm_identity_opts o = {.organization = "Clinic",
				     .operator_name = "Ada Tech",
				     .title = "IT",
				     .days = days};

	snprintf(out, 128, "%s/%s", dir, sub);
	assert_int_equal(cm_identity_create(out, &o, NULL), 0);
}

static void test_create_load(void **state)
{
	char id_dir[128], key[160];
	struct cm_identity id;
	struct stat st;
	struct cm_err err;

	(void)state;
	fake_now = 0;
	cm_time_set_source(NULL);
	make_identity("a", 0, id_dir);
	snprintf(key, sizeof(key), "%s/key.pem", id_dir);
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(cm_identity_load(&id, id_dir, &err), 0);
	assert_string_equal(id.organization, "Clinic");
	assert_string_equal(id.operator_name, "Ada Tech");
	assert_string_equal(id.title, "IT");
	assert_null(id.phone);
	/* default validity is ten years */
	assert_true(X509_cmp_time(X509_get0_notAfter(id.cert),
				  &(time_t){time(NULL) + 3649L * 86400}) > 0);
	cm_identity_release(&id);
	/* never overwrite a key */
	struct cm_identity_opts o = {.organization = "X", .operator_name = "Y"};
	assert_int_equal(cm_identity_create(id_dir, &o, &err), -EEXIST);
	/* a key readable by others is refused */
	chmod(key, 0644);
	assert_int_equal(cm_identity_load(&id, id_dir, &err), -EPERM);
	chmod(key, 0600);
}

static int calls;

static int give(void *cookie, const char *what, bool confirm, char *buf,
		size_t size, struct cm_err *err)
{
	(void)what;
	(void)confirm;
	(void)err;
	calls++;
	snprintf(buf, size, "%s", (const char *)cookie);
	return (int)strlen(buf);
}

/* A passphrase-protected key: PKCS#8 on disk, unlocked only with it. */
static void test_passphrase_key(void **state)
{
	struct cm_passphrase right = {give, (void *)"tr0ub4dor&3"};
	struct cm_passphrase wrong = {give, (void *)"tr0ub4dor&4"};
	struct cm_identity_opts o = {.organization = "Clinic",
				     .operator_name = "Ada Tech",
				     .passphrase = &right};
	char id_dir[128], key[160], *pem = NULL;
	struct cm_identity id;
	struct cm_err err;
	uint8_t *der = NULL;
	size_t len = 0, der_len = 0;

	(void)state;
	cm_time_set_source(NULL);
	snprintf(id_dir, sizeof(id_dir), "%s/locked", dir);
	snprintf(key, sizeof(key), "%s/key.pem", id_dir);
	calls = 0;
	assert_int_equal(cm_identity_create(id_dir, &o, &err), 0);
	assert_int_equal(calls, 1);
	assert_int_equal(cm_read_file(key, 65536, &pem, &len, &err), 0);
	assert_non_null(strstr(pem, "BEGIN ENCRYPTED PRIVATE KEY"));
	free(pem);
	/* without a source, with a wrong one: locked, nothing loaded */
	cm_err_clear(&err);
	assert_int_equal(cm_identity_load(&id, id_dir, &err), -ENOKEY);
	assert_int_equal(cm_err_kind(&err), CM_ERR_KEYLOCKED);
	assert_null(id.key);
	cm_err_clear(&err);
	assert_int_equal(cm_identity_unlock(&id, id_dir, &wrong, &err),
			 -EACCES);
	assert_int_equal(cm_err_kind(&err), CM_ERR_KEYLOCKED);
	assert_non_null(strstr(err.msg, "wrong passphrase"));
	assert_null(id.key);
	/* the public half needs none */
	assert_int_equal(cm_identity_load_public(&id, id_dir, &err), 0);
	assert_true(id.key_encrypted);
	assert_null(id.key);
	cm_identity_release(&id);
	/* the right one signs, and the signature verifies as before */
	assert_int_equal(cm_identity_unlock(&id, id_dir, &right, &err), 0);
	assert_true(id.key_encrypted);
	assert_int_equal(cm_cms_sign(&id, "x", 1, &der, &der_len, &err), 0);
	assert_int_equal(cm_cms_verify("x", 1, der, der_len, NULL, NULL, &err),
			 0);
	free(der);
	cm_identity_release(&id);
}

static void test_sign_verify_tamper(void **state)
{
	char id_dir[128];
	struct cm_identity id;
	struct cm_cms_info info;
	struct cm_err err;
	uint8_t *der;
	size_t der_len;
	char msg[] = "{\"result\":\"success\"}\n";

	(void)state;
	cm_time_set_source(NULL);
	make_identity("b", 0, id_dir);
	assert_int_equal(cm_identity_load(&id, id_dir, NULL), 0);
	assert_int_equal(
		cm_cms_sign(&id, msg, strlen(msg), &der, &der_len, NULL), 0);
	assert_int_equal(cm_cms_verify(msg, strlen(msg), der, der_len, NULL,
				       &info, &err),
			 0);
	assert_non_null(strstr(info.signer_subject, "CN=Ada Tech"));
	assert_true(info.signing_time > 0);
	msg[3] ^= 1;
	assert_int_equal(cm_cms_verify(msg, strlen(msg), der, der_len, NULL,
				       &info, &err),
			 1);
	assert_non_null(strstr(err.msg, "does not match"));
	msg[3] ^= 1;
	/* garbage is malformed, not merely invalid */
	assert_int_equal(cm_cms_verify(msg, strlen(msg), (uint8_t *)"xyz", 3,
				       NULL, NULL, &err),
			 -EBADMSG);
	free(der);
	cm_identity_release(&id);
}

static void test_expired_signer_still_verifies(void **state)
{
	char id_dir[128], other[128], ca[200];
	struct cm_identity id;
	struct cm_err err;
	uint8_t *der;
	size_t der_len;
	const char *msg = "certificate";

	(void)state;
	/* an identity valid for one day, sixty days ago */
	fake_now = time(NULL) - 60L * 86400;
	cm_time_set_source(fake);
	make_identity("c", 1, id_dir);
	assert_int_equal(cm_identity_load(&id, id_dir, NULL), 0);
	fake_now += 3600;
	assert_int_equal(
		cm_cms_sign(&id, msg, strlen(msg), &der, &der_len, NULL), 0);
	cm_time_set_source(NULL);
	assert_int_equal(
		cm_cms_verify(msg, strlen(msg), der, der_len, NULL, NULL, &err),
		0);
	/* trusting the right CA file works; the wrong one fails */
	snprintf(ca, sizeof(ca), "%s/cert.pem", id_dir);
	assert_int_equal(
		cm_cms_verify(msg, strlen(msg), der, der_len, ca, NULL, &err),
		0);
	make_identity("d", 0, other);
	snprintf(ca, sizeof(ca), "%s/cert.pem", other);
	assert_int_equal(
		cm_cms_verify(msg, strlen(msg), der, der_len, ca, NULL, &err),
		1);
	assert_non_null(strstr(err.msg, "not trusted"));
	free(der);
	cm_identity_release(&id);
}

/* sign @msg with @id at @when */
static uint8_t *sign_at(struct cm_identity *id, const char *msg, time_t when,
			size_t *len)
{
	uint8_t *der = NULL;

	fake_now = when;
	cm_time_set_source(fake);
	assert_int_equal(cm_cms_sign(id, msg, strlen(msg), &der, len, NULL), 0);
	cm_time_set_source(NULL);
	return der;
}

/*
 * One set of trust anchors for many signatures: the second and later
 * signatures carrying the same certificates are checked without parsing
 * them again, with the same answers as the first: a signing time outside
 * the signer's validity, tampered content and no anchors still fail.
 */
static void test_trusted_reuse(void **state)
{
	char id_dir[128], pem_path[200], *pem = NULL;
	struct cm_identity id;
	struct cm_cms_trust *t = NULL;
	struct cm_cms_info a, b;
	struct cm_err err;
	uint8_t *ok, *late, *early;
	size_t ok_len, late_len, early_len, pem_len;
	time_t t0 = time(NULL) - 30L * 86400;
	char msg[] = "{\"result\":\"success\"}\n";

	(void)state;
	/* an identity valid for two days, thirty days ago */
	fake_now = t0;
	cm_time_set_source(fake);
	make_identity("e", 2, id_dir);
	cm_time_set_source(NULL);
	assert_int_equal(cm_identity_load(&id, id_dir, NULL), 0);
	ok = sign_at(&id, msg, t0 + 3600, &ok_len);
	late = sign_at(&id, msg, t0 + 5L * 86400, &late_len);
	early = sign_at(&id, msg, t0 - 3600, &early_len);
	snprintf(pem_path, sizeof(pem_path), "%s/cert.pem", id_dir);
	assert_int_equal(cm_read_file(pem_path, 65536, &pem, &pem_len, NULL),
			 0);
	assert_int_equal(cm_cms_trust_new(pem, pem_len, &t, &err), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(cm_cms_verify_trusted(msg, strlen(msg), ok,
						       ok_len, t, &a, &err),
				 0);
		assert_true(a.anchored);
		assert_int_equal(a.signing_time, t0 + 3600);
		if (i == 0)
			b = a;
		assert_memory_equal(&a, &b, sizeof(a));
		/* the same certificates, signed after the signer expired */
		assert_int_equal(cm_cms_verify_trusted(msg, strlen(msg), late,
						       late_len, t, NULL, &err),
				 1);
		assert_non_null(strstr(err.msg, "not trusted at the signing"));
		assert_int_equal(cm_cms_verify_trusted(msg, strlen(msg), early,
						       early_len, t, NULL,
						       &err),
				 1);
		assert_non_null(strstr(err.msg, "not trusted at the signing"));
		msg[3] ^= 1;
		assert_int_equal(cm_cms_verify_trusted(msg, strlen(msg), ok,
						       ok_len, t, NULL, &err),
				 1);
		assert_non_null(strstr(err.msg, "does not match"));
		msg[3] ^= 1;
		/* a signature cut short is malformed, cache or not */
		assert_int_equal(cm_cms_verify_trusted(msg, strlen(msg), ok,
						       ok_len - 1, t, NULL,
						       &err),
				 -EBADMSG);
	}
	cm_cms_trust_free(t);
	/* no anchors: every signature fails for want of them */
	assert_int_equal(cm_cms_trust_new("", 0, &t, &err), 0);
	assert_int_equal(cm_cms_verify_trusted(msg, strlen(msg), ok, ok_len, t,
					       NULL, &err),
			 -ENOENT);
	cm_cms_trust_free(t);
	free(pem);
	free(ok);
	free(late);
	free(early);
	cm_identity_release(&id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_load),
		cmocka_unit_test(test_passphrase_key),
		cmocka_unit_test(test_sign_verify_tamper),
		cmocka_unit_test(test_expired_signer_still_verifies),
		cmocka_unit_test(test_trusted_reuse),
	};
	char cmd[128];

	snprintf(dir, sizeof(dir), "/tmp/cmcmsXXXXXX");
	if (!mkdtemp(dir))
		return 1;
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	/* test scratch only: remove the temporary identities */
	const char *subs[] = {"a", "b", "c", "d", "e"};
	const char *files[] = {"key.pem", "cert.pem", "profile.json"};
	for (int i = 0; i < 5; i++) {
		for (int f = 0; f < 3; f++) {
			snprintf(cmd, sizeof(cmd), "%s/%s/%s", dir, subs[i],
				 files[f]);
			unlink(cmd);
		}
		snprintf(cmd, sizeof(cmd), "%s/%s", dir, subs[i]);
		rmdir(cmd);
	}
	rmdir(dir);
	return rc;
}
