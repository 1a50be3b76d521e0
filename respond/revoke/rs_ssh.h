/* SPDX-License-Identifier: Apache-2.0 */
/*
 * OpenSSH keys: authorized_keys lines, SHA256 fingerprints, sshd_config
 * (AuthorizedKeysFile, RevokedKeys) and the binary KRL format of
 * openssh-portable PROTOCOL.krl.
 */
#ifndef SANITAS_RS_SSH_H
#define SANITAS_RS_SSH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "cm_err.h"

#define RS_SSH_FP_LEN 51 /* "SHA256:" + 43 base64 characters + NUL */

/* A parsed authorized_keys (or .pub) line. */
struct rs_ssh_line {
	char type[64]; /* "ssh-ed25519" */
	uint8_t *blob; /* owned, decoded key blob */
	size_t blob_len;
	uint8_t sha256[32];
	char fp[RS_SSH_FP_LEN];
};

/*
 * Parse one line (without its newline): [options] keytype base64 [comment].
 * Returns 0 for a key line, 1 for a blank or comment line, -EINVAL when it
 * is neither (free with rs_ssh_line_release()).
 */
int rs_ssh_parse_line(const char *line, size_t len, struct rs_ssh_line *out);
void rs_ssh_line_release(struct rs_ssh_line *l);

/* "SHA256:<43 base64>" into 32 bytes. 0 or -EINVAL. */
int rs_ssh_fp_parse(const char *s, uint8_t out[32]);
void rs_ssh_fp_str(const uint8_t h[32], char out[RS_SSH_FP_LEN]);

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

/* sshd_config settings that matter here (global part, before any Match) */
struct rs_sshd_conf {
	char *authorized_keys_file; /* owned; the raw value (space separated) */
	char *revoked_keys;	    /* owned; NULL when unset or "none" */
	bool keys_command;	    /* AuthorizedKeysCommand is set */
	bool user_ca;		    /* TrustedUserCAKeys is set */
};

/* Parse sshd_config text. 0 or -ENOMEM. */
int rs_sshd_conf_parse(const char *text, struct rs_sshd_conf *c);
void rs_sshd_conf_release(struct rs_sshd_conf *c);

/*
 * Expand one AuthorizedKeysFile pattern for a user: %h home, %u user,
 * %U uid, %% percent; a relative result is relative to the home. *@out
 * malloc'd. -EINVAL on an unknown token.
 */
int rs_sshd_expand(const char *pattern, const char *user, const char *home,
		   unsigned uid, char **out);

#endif
