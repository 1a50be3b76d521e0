/* SPDX-License-Identifier: Apache-2.0 */
/* The binary KRL of openssh-portable PROTOCOL.krl: read, query, add, write. */
#ifndef SANITAS_RS_KRL_H
#define SANITAS_RS_KRL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cm_err.h"

/* The KRL (PROTOCOL.krl): header fields and sections. */
struct rs_krl_section {
	uint8_t type;
	uint8_t *data; /* owned */
	size_t len;
};

struct rs_krl {
	uint64_t version;
	uint64_t date;
	uint64_t flags;
	char *comment;	       /* owned */
	uint8_t (*sha256)[32]; /* owned; from every FINGERPRINT_SHA256 */
	size_t n_sha256;
	uint8_t (
		*explicit_sha256)[32]; /* owned; hashes of EXPLICIT_KEY blobs */
	size_t n_explicit;
	struct rs_krl_section *other; /* owned; kept verbatim */
	size_t n_other;
};

/*
 * Parse a KRL. Signed KRLs (section 4) are refused (OpenSSH >= 9.4 refuses
 * them too). Bounds-checked: the fuzzed reader. -EBADMSG on bad input.
 */
int rs_krl_parse(const uint8_t *buf, size_t len, struct rs_krl *k,
		 struct cm_err *err);
bool rs_krl_is_krl(const uint8_t *buf, size_t len);
/* Is a key with this SHA256 (of its blob) revoked by @k? */
bool rs_krl_has(const struct rs_krl *k, const uint8_t h[32]);
/* Add a hash: 1 added, 0 already present, -ENOMEM. */
int rs_krl_add(struct rs_krl *k, const uint8_t h[32]);
/*
 * Serialize with version @k->version and date @k->date: header, the kept
 * sections, then one FINGERPRINT_SHA256 section, hashes sorted as
 * big-endian integers. *@out malloc'd.
 */
int rs_krl_write(const struct rs_krl *k, uint8_t **out, size_t *len);
void rs_krl_release(struct rs_krl *k);

#endif
