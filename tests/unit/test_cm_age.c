// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests of the age format (common/cm_age.c, cm_age_key.c): files made
 * by age(1) 1.1 (tests/fixtures/age: X25519, ssh-ed25519, ssh-rsa) are
 * decrypted; round trips at the chunk boundaries for every recipient kind;
 * the wrong key, altered bytes, truncation and trailing bytes are refused
 * with their own errors. That age(1) decrypts what cm_age writes is
 * checked by tests/cli/t2040-run-encrypt.sh.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cm_age.h"
#include "cm_buf.h"
#include "cm_file.h"
#include "cm_hash.h"

static char *fx(const char *name)
{
	static char p[4][4096];
	static int k;
	const char *src = getenv("SRCDIR");

	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/tests/fixtures/age/%s",
		 src ? src : ".", name);
	return p[k];
}

struct mem {
	uint8_t *p;
	size_t len, pos;
};

static int mem_write(void *cookie, const void *buf, size_t len,
		     struct cm_err *err)
{
	struct mem *m = cookie;

	(void)err;
	m->p = realloc(m->p, m->len + len + 1);
	assert_non_null(m->p);
	memcpy(m->p + m->len, buf, len);
	m->len += len;
	return 0;
}

/* reads in odd-sized pieces, to cross every boundary */
static ssize_t mem_read(void *cookie, void *buf, size_t len)
{
	struct mem *m = cookie;
	size_t k = m->len - m->pos;

	if (k > len)
		k = len;
	if (k > 7777)
		k = 7777;
	memcpy(buf, m->p + m->pos, k);
	m->pos += k;
	return (ssize_t)k;
}

static void load_ids(struct cm_age_identities *ids, const char *name)
{
	struct cm_err err = {0};

	assert_int_equal(cm_age_identities_load(ids, fx(name), &err), 0);
}

/* Decrypt @in with @ids into @out; returns 0 or the negative errno. */
static int decrypt(const struct cm_age_identities *ids, struct mem *in,
		   struct mem *out, struct cm_err *err)
{
	struct cm_age_dec *d;
	uint8_t buf[5000];
	ssize_t n;

	in->pos = 0;
	d = cm_age_dec_new(ids, mem_read, in, err);
	if (!d)
		return err->code;
	while ((n = cm_age_dec_read(d, buf, sizeof(buf), err)) > 0)
		mem_write(out, buf, (size_t)n, NULL);
	cm_age_dec_free(d);
	return n < 0 ? (int)n : 0;
}

static void read_fixture(const char *name, struct mem *m)
{
	char *b = NULL;
	size_t n = 0;

	assert_int_equal(cm_read_file(fx(name), 1 << 20, &b, &n, NULL), 0);
	m->p = (uint8_t *)b;
	m->len = n;
	m->pos = 0;
}

static void test_decrypt_age_tool(void **state)
{
	static const char *pairs[][2] = {{"x25519.key", "x25519.age"},
					 {"ed25519", "ed25519.age"},
					 {"rsa", "rsa.age"}};
	struct mem plain = {0};

	(void)state;
	read_fixture("plain.txt", &plain);
	for (size_t i = 0; i < 3; i++) {
		struct cm_age_identities ids = {0};
		struct mem in = {0}, out = {0};
		struct cm_err err = {0};

		load_ids(&ids, pairs[i][0]);
		read_fixture(pairs[i][1], &in);
		assert_int_equal(decrypt(&ids, &in, &out, &err), 0);
		assert_int_equal(out.len, plain.len);
		assert_memory_equal(out.p, plain.p, plain.len);
		cm_age_identities_release(&ids);
		free(in.p);
		free(out.p);
	}
	free(plain.p);
}

static void test_decrypt_age_tool_chunks(void **state)
{
	struct cm_age_identities ids = {0};
	struct mem in = {0}, out = {0}, sum = {0};
	struct cm_err err = {0};
	uint8_t md[CM_SHA256_LEN];
	char hex[CM_SHA256_HEX];

	(void)state;
	load_ids(&ids, "x25519.key");
	read_fixture("big.bin.age", &in);
	read_fixture("big.bin.sha256", &sum);
	assert_int_equal(decrypt(&ids, &in, &out, &err), 0);
	assert_int_equal(out.len, 140000);
	cm_sha256_buf(out.p, out.len, md, NULL);
	cm_hex(md, sizeof(md), hex);
	assert_memory_equal(hex, sum.p, 64);
	cm_age_identities_release(&ids);
	free(in.p);
	free(out.p);
	free(sum.p);
}

static void test_recipient_of_secret(void **state)
{
	struct mem key = {0}, pub = {0};
	char r[128];
	char *line;

	(void)state;
	read_fixture("x25519.key", &key);
	read_fixture("x25519.pub", &pub);
	line = strstr((char *)key.p, "AGE-SECRET-KEY-1");
	assert_non_null(line);
	assert_int_equal(cm_age_x25519_recipient(line, r, sizeof(r), NULL), 0);
	assert_int_equal(strlen(r), strcspn((char *)pub.p, "\n"));
	assert_memory_equal(r, pub.p, strlen(r));
	free(key.p);
	free(pub.p);
}

static void encrypt(const struct cm_age_recipients *rs, const uint8_t *p,
		    size_t n, struct mem *out)
{
	struct cm_err err = {0};
	struct cm_age_enc *e = cm_age_enc_new(rs, mem_write, out, &err);
	size_t off = 0;

	assert_non_null(e);
	while (off < n) {
		size_t k = n - off < 3001 ? n - off : 3001;

		assert_int_equal(cm_age_enc_write(e, p + off, k, &err), 0);
		off += k;
	}
	assert_int_equal(cm_age_enc_finish(e, &err), 0);
	cm_age_enc_free(e);
}

static void test_round_trip(void **state)
{
	static const size_t sizes[] = {0,     1,      65535, 65536,
				       65537, 131072, 200001};
	static const char *keys[][2] = {{"x25519.pub", "x25519.key"},
					{"ed25519.pub", "ed25519"},
					{"rsa.pub", "rsa"}};
	uint8_t *data = malloc(200001);

	(void)state;
	for (size_t i = 0; i < 200001; i++)
		data[i] = (uint8_t)(i * 7 + (i >> 9));
	for (size_t k = 0; k < 3; k++) {
		struct cm_age_recipients rs = {0};
		struct cm_age_identities ids = {0};
		struct cm_err err = {0};

		assert_int_equal(
			cm_age_recipients_add_file(&rs, fx(keys[k][0]), &err),
			0);
		load_ids(&ids, keys[k][1]);
		for (size_t s = 0; s < sizeof(sizes) / sizeof(*sizes); s++) {
			struct mem c = {0}, out = {0};

			encrypt(&rs, data, sizes[s], &c);
			assert_int_equal(decrypt(&ids, &c, &out, &err), 0);
			assert_int_equal(out.len, sizes[s]);
			if (sizes[s])
				assert_memory_equal(out.p, data, sizes[s]);
			free(c.p);
			free(out.p);
		}
		cm_age_recipients_release(&rs);
		cm_age_identities_release(&ids);
	}
	free(data);
}

static void test_refusals(void **state)
{
	struct cm_age_recipients rs = {0};
	struct cm_age_identities ids = {0}, other = {0};
	struct cm_err err = {0};
	struct mem c = {0}, out = {0};
	uint8_t data[70000];
	size_t full;

	(void)state;
	memset(data, 'P', sizeof(data));
	assert_int_equal(
		cm_age_recipients_add_file(&rs, fx("ed25519.pub"), &err), 0);
	load_ids(&ids, "ed25519");
	load_ids(&other, "x25519.key");
	encrypt(&rs, data, sizeof(data), &c);
	full = c.len;

	/* another key: no stanza opens */
	assert_int_equal(decrypt(&other, &c, &out, &err), -ENOKEY);
	assert_int_equal(cm_err_kind(&err), CM_ERR_NOPERM);

	/* a flipped payload byte */
	c.p[full - 100] ^= 1;
	out.len = 0;
	assert_int_equal(decrypt(&ids, &c, &out, &err), -EBADMSG);
	assert_int_equal(cm_err_kind(&err), CM_ERR_DATAERR);
	c.p[full - 100] ^= 1;

	/* a flipped header byte (the file key stanza's tag argument) */
	c.p[30] ^= 1;
	out.len = 0;
	assert_true(decrypt(&ids, &c, &out, &err) < 0);
	c.p[30] ^= 1;

	/* the last chunk cut off: only the first chunk is left */
	c.len = full - (70000 - 65536 + 16);
	out.len = 0;
	assert_int_equal(decrypt(&ids, &c, &out, &err), -EBADMSG);

	/* a byte after the last chunk */
	c.len = full;
	mem_write(&c, "x", 1, NULL);
	out.len = 0;
	assert_int_equal(decrypt(&ids, &c, &out, &err), -EBADMSG);

	/* intact, it still opens */
	c.len = full;
	out.len = 0;
	assert_int_equal(decrypt(&ids, &c, &out, &err), 0);
	assert_int_equal(out.len, sizeof(data));

	free(c.p);
	free(out.p);
	cm_age_recipients_release(&rs);
	cm_age_identities_release(&ids);
	cm_age_identities_release(&other);
}

static int parse(const char *text)
{
	struct cm_age_header h;
	struct cm_err err = {0};
	int rc = cm_age_header_parse((const uint8_t *)text, strlen(text), &h,
				     &err);

	cm_age_header_release(&h);
	return rc;
}

static void test_header_strict(void **state)
{
	static const char mac[] =
		"--- TbSjX4Ktk2a0FTT9LdeiduXd4TVTz5Wj6UXDITDbwbk\n";
	char t[1024];

	(void)state;
	snprintf(t, sizeof(t), "age-encryption.org/v1\n-> X25519 abc\n\n%s",
		 mac);
	assert_int_equal(parse(t), 0);
	/* incomplete: read more */
	assert_int_equal(parse("age-encryption.org/v1\n-> X25519 abc\n"),
			 -EAGAIN);
	assert_int_equal(parse("age-enc"), -EAGAIN);
	/* another version, armor */
	assert_int_equal(parse("age-encryption.org/v2\n"), -EBADMSG);
	assert_int_equal(parse("-----BEGIN AGE ENCRYPTED FILE-----\n"),
			 -EBADMSG);
	/* no stanza */
	snprintf(t, sizeof(t), "age-encryption.org/v1\n%s", mac);
	assert_int_equal(parse(t), -EBADMSG);
	/* an empty argument, a trailing space */
	snprintf(t, sizeof(t), "age-encryption.org/v1\n-> X25519  a\n\n%s",
		 mac);
	assert_int_equal(parse(t), -EBADMSG);
	snprintf(t, sizeof(t), "age-encryption.org/v1\n-> X25519 \n\n%s", mac);
	assert_int_equal(parse(t), -EBADMSG);
	/* non-canonical base64 (padding, bits left over) */
	snprintf(t, sizeof(t), "age-encryption.org/v1\n-> a\nAA==\n%s", mac);
	assert_int_equal(parse(t), -EBADMSG);
	snprintf(t, sizeof(t), "age-encryption.org/v1\n-> a\nAB\n%s", mac);
	assert_int_equal(parse(t), -EBADMSG);
	/* a body line over 64 columns */
	snprintf(t, sizeof(t), "age-encryption.org/v1\n-> a\n%065d\n%s", 0,
		 mac);
	assert_int_equal(parse(t), -EBADMSG);
	/* a full line needs a short one after it */
	snprintf(
		t, sizeof(t),
		"age-encryption.org/v1\n-> a\n"
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		"\n%s",
		mac);
	assert_int_equal(parse(t), -EBADMSG);
	/* a short MAC */
	assert_int_equal(parse("age-encryption.org/v1\n-> a\n\n--- AAAA\n"),
			 -EBADMSG);
}

static void test_bad_recipients(void **state)
{
	struct cm_age_recipients rs = {0};
	struct cm_err err = {0};

	(void)state;
	/* one character changed: the bech32 checksum fails */
	assert_int_equal(
		cm_age_recipients_add(
			&rs,
			"age15tmdwmh75mczgq7vflcd2mzcgf5j7ql7fvk4x7eaye6vfh4r6"
			"dhs3dqapn",
			&err),
		-EINVAL);
	assert_int_equal(cm_age_recipients_add(&rs, "ssh-dss AAAA", &err),
			 -EINVAL);
	assert_int_equal(cm_age_recipients_add(&rs, "ssh-ed25519 AAAA", &err),
			 -EINVAL);
	assert_int_equal(
		cm_age_recipients_add(&rs, "AGE-SECRET-KEY-1QQQ", &err),
		-EINVAL);
	assert_non_null(strstr(err.msg, "a secret key"));
	assert_int_equal(rs.n, 0);
	assert_int_equal(cm_age_recipients_add(
				 &rs,
				 "age15tmdwmh75mczgq7vflcd2mzcgf5j7ql7fvk4x7eay"
				 "e6vfh4r6dhs3dqapm",
				 &err),
			 0);
	cm_age_recipients_release(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decrypt_age_tool),
		cmocka_unit_test(test_decrypt_age_tool_chunks),
		cmocka_unit_test(test_recipient_of_secret),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_header_strict),
		cmocka_unit_test(test_bad_recipients),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
