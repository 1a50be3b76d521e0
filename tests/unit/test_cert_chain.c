// SPDX-License-Identifier: Apache-2.0
/*
 * The certificate chain check: gap, fork, reorder, first certificate, an
 * intact chain, and the predecessor link inside a directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cm_hash.h"
#include "wp_cert_chain.h"

/* A fake SHA-256: 64 hex digits made from @n. */
static const char *sha(int n, char buf[65])
{
	snprintf(buf, 65, "%064x", n);
	return buf;
}

/* Add certificate @n whose predecessor is @prev (0: none). */
static void add(struct wp_cert_chain *ch, int n, int prev)
{
	char s[65], p[65], path[32];
	struct cm_err err;

	cm_err_clear(&err);
	snprintf(path, sizeof(path), "c%d.json", n);
	assert_int_equal(wp_cert_chain_add(ch, path, sha(n, s),
					   prev ? sha(prev, p) : NULL, &err),
			 0);
}

static int finish(struct wp_cert_chain *ch)
{
	struct cm_err err;

	cm_err_clear(&err);
	return wp_cert_chain_finish(ch, &err);
}

static void test_ok_chain(void **state)
{
	struct wp_cert_chain ch;

	(void)state;
	wp_cert_chain_init(&ch);
	add(&ch, 1, 0);
	for (int i = 2; i <= 100; i++)
		add(&ch, i, i - 1);
	assert_int_equal(finish(&ch), 0);
	for (size_t i = 0; i < ch.n; i++)
		assert_int_equal(ch.v[i].finding, WP_CHAIN_OK);
	wp_cert_chain_release(&ch);
	wp_cert_chain_release(&ch); /* released twice is harmless */
}

static void test_gap(void **state)
{
	struct wp_cert_chain ch;

	(void)state;
	wp_cert_chain_init(&ch);
	add(&ch, 1, 0);
	add(&ch, 2, 1);
	add(&ch, 4, 3); /* 3 was removed */
	add(&ch, 5, 4);
	assert_int_equal(finish(&ch), 1);
	assert_int_equal(ch.v[0].finding, WP_CHAIN_OK);
	assert_int_equal(ch.v[1].finding, WP_CHAIN_OK);
	assert_int_equal(ch.v[2].finding, WP_CHAIN_GAP);
	assert_string_equal(ch.v[2].path, "c4.json");
	assert_int_equal(ch.v[3].finding, WP_CHAIN_OK);
	wp_cert_chain_release(&ch);
}

static void test_fork(void **state)
{
	struct wp_cert_chain ch;

	(void)state;
	wp_cert_chain_init(&ch);
	add(&ch, 1, 0);
	add(&ch, 2, 1);
	add(&ch, 3, 1); /* claims 1 as well */
	add(&ch, 4, 3);
	assert_int_equal(finish(&ch), 2);
	assert_int_equal(ch.v[0].finding, WP_CHAIN_OK);
	assert_int_equal(ch.v[1].finding, WP_CHAIN_FORK);
	assert_int_equal(ch.v[2].finding, WP_CHAIN_FORK);
	assert_int_equal(ch.v[3].finding, WP_CHAIN_OK);
	wp_cert_chain_release(&ch);
}

static void test_gap_wins_over_fork(void **state)
{
	struct wp_cert_chain ch;

	(void)state;
	wp_cert_chain_init(&ch);
	add(&ch, 2, 9);
	add(&ch, 3, 9);
	assert_int_equal(finish(&ch), 2);
	assert_int_equal(ch.v[0].finding, WP_CHAIN_GAP);
	assert_int_equal(ch.v[1].finding, WP_CHAIN_GAP);
	wp_cert_chain_release(&ch);
}

static void test_reorder(void **state)
{
	struct wp_cert_chain ch;

	(void)state;
	wp_cert_chain_init(&ch);
	/* directory order is arbitrary: successors before predecessors */
	add(&ch, 5, 4);
	add(&ch, 3, 2);
	add(&ch, 1, 0);
	add(&ch, 4, 3);
	add(&ch, 2, 1);
	assert_int_equal(finish(&ch), 0);
	wp_cert_chain_release(&ch);
}

static void test_first_certificate(void **state)
{
	struct wp_cert_chain ch;

	(void)state;
	/*
	 * a set of one with its predecessor absent is not counted broken,
	 * but it is not silent either: a gap that is its chain's only start
	 */
	wp_cert_chain_init(&ch);
	add(&ch, 7, 6);
	assert_int_equal(finish(&ch), 0);
	assert_int_equal(ch.v[0].finding, WP_CHAIN_GAP);
	assert_true(ch.v[0].sole_start);
	wp_cert_chain_release(&ch);
	/* a first certificate (no predecessor) in a set is fine */
	wp_cert_chain_init(&ch);
	add(&ch, 1, 0);
	add(&ch, 8, 0);
	assert_int_equal(finish(&ch), 0);
	wp_cert_chain_release(&ch);
	/* an unreadable certificate has no hash and links nothing */
	wp_cert_chain_init(&ch);
	assert_int_equal(wp_cert_chain_add(&ch, "x.json", NULL, NULL, NULL), 0);
	add(&ch, 1, 0);
	assert_int_equal(finish(&ch), 0);
	wp_cert_chain_release(&ch);
}

static void test_link(void **state)
{
	char dir[] = "/tmp/test_cert_chain.XXXXXX", p[128], q[128], out[256];
	uint8_t md[CM_SHA256_LEN];
	char hex[CM_SHA256_HEX];
	struct wp_cert_chain ch;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/a.json", dir);
	snprintf(q, sizeof(q), "%s/b.json", dir);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("{\"a\": 1}\n", f);
	assert_int_equal(fclose(f), 0);
	f = fopen(q, "w");
	assert_non_null(f);
	fputs("{\"b\": 2}\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(cm_sha256_file(p, md, NULL), 0);
	cm_hex(md, sizeof(md), hex);

	wp_cert_chain_init(&ch);
	wp_cert_chain_link(&ch, q, NULL, out, sizeof(out));
	assert_string_equal(out, "first certificate of its identity");
	wp_cert_chain_link(&ch, q, hex, out, sizeof(out));
	assert_string_equal(out, "linked to a.json");
	/* the directory is indexed once: a file added later is not seen */
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("{\"a\": 3}\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(cm_sha256_file(p, md, NULL), 0);
	cm_hex(md, sizeof(md), hex);
	wp_cert_chain_link(&ch, q, hex, out, sizeof(out));
	assert_memory_equal(out, "predecessor ", 12);
	assert_string_equal(out + 24, "... not in this directory");
	wp_cert_chain_release(&ch);
	unlink(p);
	unlink(q);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok_chain),
		cmocka_unit_test(test_gap),
		cmocka_unit_test(test_fork),
		cmocka_unit_test(test_gap_wins_over_fork),
		cmocka_unit_test(test_reorder),
		cmocka_unit_test(test_first_certificate),
		cmocka_unit_test(test_link),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
