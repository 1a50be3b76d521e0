/* SPDX-License-Identifier: Apache-2.0 */
/* Randomness from OpenSSL's DRBG, injectable for byte-exact tests. */
#ifndef SANITAS_CM_RANDOM_H
#define SANITAS_CM_RANDOM_H

#include <stddef.h>

#include "cm_err.h"

typedef int (*cm_random_source)(void *buf, size_t len);
/* Replace the source (tests); NULL restores RAND_bytes. */
void cm_random_set_source(cm_random_source fn);
int cm_random_bytes(void *buf, size_t len, struct cm_err *err);
/*
 * Initialise OpenSSL's lazily built tables (DRBG, the SHA-256 and
 * AES-128-CTR implementations) once, before worker threads start: when
 * threads race to build them, OpenSSL 3.0 leaks the losing copies.
 */
int cm_crypto_init(struct cm_err *err);
/* A random (version 4) UUID, lower case, into @out (37 bytes). */
int cm_uuid4(char out[37], struct cm_err *err);

#endif
