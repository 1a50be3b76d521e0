// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer: the age header parser and decryptor (common/cm_age.c), the
 * bytes an encrypted case file holds: parsing any header, and decrypting
 * any file with the identity of tests/fixtures/age/x25519.key (so seeds
 * made by age(1) to it decrypt through the whole STREAM payload), never
 * crash, leak or read past the input; a failed file gives an error.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "cm_age.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static struct cm_age_identities ids;

/* The fixture's key: a test key, published in the repository. */
static const char key[] =
	"AGE-SECRET-KEY-13QNA8C4KPXJ9UL2WAZCJKF479FZFAF8V846G0S55J9EEZKWGPZ2S"
	"V60CYW\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[] = "/tmp/fuzz-age-key.XXXXXX";
	int fd = mkstemp(path);

	(void)argc;
	(void)argv;
	if (fd < 0 || write(fd, key, sizeof(key) - 1) != sizeof(key) - 1 ||
	    close(fd) || cm_age_identities_load(&ids, path, NULL))
		abort();
	unlink(path);
	return 0;
}

struct src {
	const uint8_t *p;
	size_t n, pos;
};

static ssize_t src_read(void *cookie, void *buf, size_t len)
{
	struct src *s = cookie;
	size_t k = s->n - s->pos;

	/* short reads, so the header is parsed across several */
	if (k > len)
		k = len;
	if (k > 501)
		k = 501;
	memcpy(buf, s->p + s->pos, k);
	s->pos += k;
	return (ssize_t)k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cm_age_header h;
	struct cm_err err = {0};
	struct src s = {data, size, 0};
	struct cm_age_dec *d;
	uint8_t buf[4096];
	int rc = cm_age_header_parse(data, size, &h, &err);

	if (rc == 0) {
		if (!h.n || h.mac_off > h.len || h.len > size)
			abort();
		cm_age_header_release(&h);
	} else if (rc != -EAGAIN && rc != -EBADMSG && rc != -ENOMEM) {
		abort();
	}
	d = cm_age_dec_new(&ids, src_read, &s, &err);
	if (!d) {
		if (!err.code || !err.msg[0])
			abort();
		return 0;
	}
	while ((rc = (int)cm_age_dec_read(d, buf, sizeof(buf), &err)) > 0)
		;
	if (rc < 0 && !err.msg[0])
		abort();
	cm_age_dec_free(d);
	return 0;
}
