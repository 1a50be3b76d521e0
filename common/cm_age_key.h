/* SPDX-License-Identifier: Apache-2.0 */
/*
 * age recipients and identities (cm_age.h is the format): age1... X25519
 * recipients and AGE-SECRET-KEY-1... identities (bech32), OpenSSH
 * ssh-ed25519 and ssh-rsa public keys, and unencrypted OpenSSH private
 * keys. Bad keys are -EINVAL (CM_ERR_USAGE) or -EBADMSG (CM_ERR_DATAERR,
 * a malformed key file), with the reason.
 */
#ifndef SANITAS_CM_AGE_KEY_H
#define SANITAS_CM_AGE_KEY_H

#include <stddef.h>
#include <stdint.h>

#include "cm_err.h"

enum cm_age_kind {
	CM_AGE_X25519,
	CM_AGE_SSH_ED25519,
	CM_AGE_SSH_RSA,
};

/* A recipient: what a file key is wrapped to. */
struct cm_age_recipient {
	enum cm_age_kind kind;
	uint8_t x25519[32]; /* X25519 public key (converted for ssh-ed25519) */
	uint8_t *ssh;	    /* SSH wire-format public key (ssh-*), owned */
	size_t ssh_len;
	char tag[12]; /* ssh-*: base64 of SHA-256(ssh)[0..4] */
	void *rsa;    /* ssh-rsa: EVP_PKEY, owned */
	char *text;   /* the recipient as given (one line), owned */
};

struct cm_age_recipients {
	struct cm_age_recipient *v; /* owned */
	size_t n;
};

/* An identity: what unwraps a file key. Secrets are wiped on release. */
struct cm_age_identity {
	enum cm_age_kind kind;
	uint8_t sk[32]; /* X25519 secret scalar (converted for ssh-ed25519) */
	uint8_t pk[32]; /* its public key */
	uint8_t *ssh;	/* ssh-*: the SSH wire-format public key, owned */
	size_t ssh_len;
	char tag[12];
	void *rsa; /* ssh-rsa: EVP_PKEY with the private key, owned */
};

struct cm_age_identities {
	struct cm_age_identity *v; /* owned */
	size_t n;
};

/*
 * Parse one recipient (@text: "age1...", "ssh-ed25519 AAAA... [comment]"
 * or "ssh-rsa AAAA... [comment]") and append it to @r. -EINVAL
 * (CM_ERR_USAGE) with the reason when it is none of those.
 */
int cm_age_recipients_add(struct cm_age_recipients *r, const char *text,
			  struct cm_err *err);
/*
 * Append every recipient of the file @path: one a line, blank lines and
 * lines starting with '#' ignored; a bad line is named "path:line".
 */
int cm_age_recipients_add_file(struct cm_age_recipients *r, const char *path,
			       struct cm_err *err);
/* Free what @r holds. Accepts an empty or zeroed @r. */
void cm_age_recipients_release(struct cm_age_recipients *r);

/*
 * Load the identities of the file @path (opened O_NOFOLLOW, at most 64
 * KiB): AGE-SECRET-KEY-1... lines (with '#' comments), or one unencrypted
 * OpenSSH private key (ed25519 or RSA). Appends to @ids.
 */
int cm_age_identities_load(struct cm_age_identities *ids, const char *path,
			   struct cm_err *err);
/* Wipe and free what @ids holds. Accepts an empty or zeroed @ids. */
void cm_age_identities_release(struct cm_age_identities *ids);

/*
 * The X25519 recipient "age1..." of the identity "AGE-SECRET-KEY-1..."
 * given in @secret; @out receives at most @len bytes, NUL-terminated.
 */
int cm_age_x25519_recipient(const char *secret, char *out, size_t len,
			    struct cm_err *err);

#endif
