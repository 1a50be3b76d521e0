// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer: the RFC 3161 time-stamp reply reader (common/cm_tsa.c), the
 * bytes a TSA answers and a .tsr file holds: checking a reply against a
 * request and verifying it as a stored token never crash or leak, and
 * never accept what no TSA under the (fuzzer's own) anchor signed.
 */
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cm_tsa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char anchor[] = "/tmp/fuzz-tsa-anchor.XXXXXX";

static void drop_anchor(void)
{
	unlink(anchor);
}

/* A self-signed certificate nobody's TSA holds the key of. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	int fd = mkstemp(anchor);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	(void)argc;
	(void)argv;
	if (!k || !x || !f || !X509_set_version(x, 2) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), 0) ||
	    !X509_gmtime_adj(X509_getm_notAfter(x), 86400) ||
	    !X509_NAME_add_entry_by_txt(
		    X509_get_subject_name(x), "CN", MBSTRING_ASC,
		    (const unsigned char *)"fuzz", -1, -1, 0) ||
	    !X509_set_issuer_name(x, X509_get_subject_name(x)) ||
	    !X509_set_pubkey(x, k) || !X509_sign(x, k, EVP_sha256()) ||
	    !PEM_write_X509(f, x))
		abort();
	fclose(f);
	atexit(drop_anchor);
	X509_free(x);
	EVP_PKEY_free(k);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cm_tsa_request req;
	struct cm_tsa_info info;
	struct cm_err err;
	int rc;

	memset(&req, 0x5a, sizeof(req));
	req.nonce[0] = 0x40;
	rc = cm_tsa_reply_check(data, size, &req, &info, &err);
	if (rc > 1)
		abort();
	rc = cm_tsa_verify(data, size, "x", 1, anchor, &info, &err);
	/* valid needs the anchor's key, which nothing here has */
	if (rc == 0)
		abort();
	return 0;
}
