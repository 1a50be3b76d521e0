// SPDX-License-Identifier: Apache-2.0
/* Unit tests of the AES-128-CTR keystream. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "wp_keystream.h"

static const uint8_t key[WP_KEY_LEN] = {1, 2,  3,  4,  5,  6,  7,  8,
					9, 10, 11, 12, 13, 14, 15, 16};

/* keystream block i must be AES-128-ECB(key, pass || i): checked with an
 * independent construction */
static void test_keystream_is_aes_ctr_and_seekable(void **state)
{
	struct wp_keystream ks;
	uint8_t whole[8192], part[4096], ctr[16], blk[16];
	EVP_CIPHER_CTX *e = EVP_CIPHER_CTX_new();
	int outl;

	(void)state;
	assert_int_equal(wp_keystream_init(&ks, key, NULL), 0);
	assert_int_equal(
		wp_keystream_fill(&ks, 2, 65536, whole, sizeof(whole), NULL),
		0);
	assert_int_equal(wp_keystream_fill(&ks, 2, 65536 + 4096, part,
					   sizeof(part), NULL),
			 0);
	assert_memory_equal(whole + 4096, part, sizeof(part));
	memset(ctr, 0, sizeof(ctr));
	ctr[7] = 2;			   /* pass */
	ctr[15] = (65536 / 16 + 5) & 0xff; /* block counter */
	ctr[14] = (65536 / 16 + 5) >> 8;
	EVP_EncryptInit_ex(e, EVP_aes_128_ecb(), NULL, key, NULL);
	EVP_CIPHER_CTX_set_padding(e, 0);
	EVP_EncryptUpdate(e, blk, &outl, ctr, 16);
	assert_memory_equal(whole + 5 * 16, blk, 16);
	/* another pass is another stream */
	assert_int_equal(wp_keystream_fill(&ks, 3, 65536 + 4096, part,
					   sizeof(part), NULL),
			 0);
	assert_memory_not_equal(whole + 4096, part, sizeof(part));
	assert_int_equal(wp_keystream_fill(&ks, 0, 7, part, 16, NULL), -EINVAL);
	EVP_CIPHER_CTX_free(e);
	wp_keystream_release(&ks);
	for (size_t i = 0; i < sizeof(ks.key); i++)
		assert_int_equal(ks.key[i], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keystream_is_aes_ctr_and_seekable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
