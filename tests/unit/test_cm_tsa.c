// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests of cm_tsa: the TimeStampReq as OpenSSL reads it back (the
 * SHA-256 imprint, a positive 64-bit nonce, certReq), fresh nonces, and
 * replies that are not replies refused as malformed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/ts.h>

#include "cm_tsa.h"

static void test_request(void **state)
{
	static const char data[] = "a signature's bytes";
	struct cm_tsa_request req, req2;
	uint8_t *der = NULL, *der2 = NULL, md[32];
	size_t len = 0, len2 = 0;
	const unsigned char *p;
	TS_REQ *r;
	TS_MSG_IMPRINT *mi;
	ASN1_OCTET_STRING *msg;
	const ASN1_INTEGER *nonce;
	BIGNUM *bn;
	struct cm_err err;

	(void)state;
	assert_int_equal(cm_tsa_request_new(data, sizeof(data) - 1, &req, &der,
					    &len, &err),
			 0);
	p = der;
	r = d2i_TS_REQ(NULL, &p, (long)len);
	assert_non_null(r);
	assert_ptr_equal(p, der + len);
	assert_int_equal(TS_REQ_get_version(r), 1);
	assert_int_equal(TS_REQ_get_cert_req(r), 1);
	mi = TS_REQ_get_msg_imprint(r);
	assert_int_equal(OBJ_obj2nid(TS_MSG_IMPRINT_get_algo(mi)->algorithm),
			 NID_sha256);
	msg = TS_MSG_IMPRINT_get_msg(mi);
	EVP_Digest(data, sizeof(data) - 1, md, NULL, EVP_sha256(), NULL);
	assert_int_equal(ASN1_STRING_length(msg), 32);
	assert_memory_equal(ASN1_STRING_get0_data(msg), md, 32);
	assert_memory_equal(req.imprint, md, 32);
	nonce = TS_REQ_get_nonce(r);
	assert_non_null(nonce);
	bn = ASN1_INTEGER_to_BN(nonce, NULL);
	assert_false(BN_is_negative(bn));
	assert_int_equal(BN_num_bits(bn), 63);
	BN_free(bn);
	TS_REQ_free(r);
	/* a fresh nonce each time */
	assert_int_equal(cm_tsa_request_new(data, sizeof(data) - 1, &req2,
					    &der2, &len2, &err),
			 0);
	assert_memory_not_equal(req.nonce, req2.nonce, sizeof(req.nonce));
	free(der);
	free(der2);
}

static void test_not_a_reply(void **state)
{
	struct cm_tsa_request req;
	struct cm_tsa_info info;
	struct cm_err err;
	static const uint8_t junk[] = {0x30, 0x03, 0x02, 0x01, 0x00, 0x00};

	(void)state;
	memset(&req, 0, sizeof(req));
	assert_int_equal(
		cm_tsa_reply_check(junk, sizeof(junk), &req, &info, &err),
		-EBADMSG);
	assert_int_equal(cm_tsa_reply_check(junk, 0, &req, &info, &err),
			 -EBADMSG);
	assert_int_equal(cm_tsa_verify(junk, sizeof(junk), "x", 1,
				       "/nonexistent", &info, &err),
			 -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_not_a_reply),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
