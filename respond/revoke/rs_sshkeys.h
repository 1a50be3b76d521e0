/* SPDX-License-Identifier: Apache-2.0 */
/*
 * OpenSSH keys: authorized_keys lines, SHA256 fingerprints and the
 * sshd_config settings that say where keys and the KRL live.
 */
#ifndef SANITAS_RS_SSHKEYS_H
#define SANITAS_RS_SSHKEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
