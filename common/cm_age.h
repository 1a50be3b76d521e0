/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The age file format, version 1 (age-encryption.org/v1, C2SP age.md),
 * over OpenSSL 3 primitives: X25519, ChaCha20-Poly1305, HKDF-SHA-256,
 * HMAC-SHA-256 and RSA-OAEP-SHA-256. Recipients: age1... X25519 keys,
 * ssh-ed25519 and ssh-rsa public keys. Identities: AGE-SECRET-KEY-1...
 * lines and unencrypted OpenSSH ed25519 and RSA private keys. The payload
 * is the STREAM construction in 64 KiB chunks, so encryption and
 * decryption run in constant memory. Only the binary format is written and
 * read (no ASCII armor), and no passphrase (scrypt) recipient.
 *
 * Errors: a malformed or corrupted file is -EBADMSG (CM_ERR_DATAERR); a
 * file no given identity can open is -ENOKEY (CM_ERR_NOPERM); a file that
 * ends early is -EBADMSG too ("truncated").
 */
#ifndef SANITAS_CM_AGE_H
#define SANITAS_CM_AGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cm_age_key.h"
#include "cm_err.h"

#define CM_AGE_CHUNK	   (64 * 1024)	 /* plaintext bytes per STREAM chunk */
#define CM_AGE_HEADER_MAX  (1024 * 1024) /* a larger header is refused */
#define CM_AGE_STANZAS_MAX 4096
#define CM_AGE_ARGS_MAX	   16
#define CM_AGE_FILE_KEY	   16
#define CM_AGE_VERSION	   "age-encryption.org/v1"

/* The X25519 public key of the secret scalar @sk. 0 or -EIO. */
int cm_age_x25519_pub(const uint8_t sk[32], uint8_t pk[32]);

/* A parsed header (what cm_age_header_parse() fills). */
struct cm_age_stanza {
	char *args[CM_AGE_ARGS_MAX]; /* args[0] is the type; owned */
	size_t n_args;
	uint8_t *body; /* decoded body, owned (may be NULL when empty) */
	size_t body_len;
};

struct cm_age_header {
	struct cm_age_stanza *st; /* owned */
	size_t n;
	size_t mac_off; /* bytes covered by the MAC: up to and with "---" */
	uint8_t mac[32];
	size_t len; /* the whole header, up to and with the MAC line's \n */
};

/*
 * Parse the header at the start of @buf (@len bytes; what follows it is
 * the payload and not looked at). Returns 0; -EAGAIN when @buf ends
 * before the header does (read more and call again); -EBADMSG with the
 * reason (and line) when it is not a well-formed age v1 header. Lines are
 * checked strictly: canonical unpadded base64, bodies wrapped at 64
 * columns with a short last line, arguments of printable ASCII. On
 * success @h owns what it holds (cm_age_header_release()).
 */
int cm_age_header_parse(const uint8_t *buf, size_t len, struct cm_age_header *h,
			struct cm_err *err);
void cm_age_header_release(struct cm_age_header *h);

/* Where encrypted bytes go: 0 or a negative errno with @err set. */
typedef int (*cm_age_write_fn)(void *cookie, const void *buf, size_t len,
			       struct cm_err *err);
/* Where encrypted bytes come from: bytes read, 0 at the end, -errno. */
typedef ssize_t (*cm_age_read_fn)(void *cookie, void *buf, size_t len);

struct cm_age_enc;
struct cm_age_dec;

/*
 * Start an age file to the recipients @r (borrowed, at least one): a new
 * random file key, the header and the payload nonce are written through
 * @fn at once. Returns a new encryptor (cm_age_enc_free()) or NULL.
 */
struct cm_age_enc *cm_age_enc_new(const struct cm_age_recipients *r,
				  cm_age_write_fn fn, void *cookie,
				  struct cm_err *err);
/* Encrypt @len bytes (buffered up to one 64 KiB chunk). */
int cm_age_enc_write(struct cm_age_enc *e, const void *buf, size_t len,
		     struct cm_err *err);
/* Write the last chunk. The file is complete only after this. */
int cm_age_enc_finish(struct cm_age_enc *e, struct cm_err *err);
/* Wipe the keys and free. Accepts NULL. */
void cm_age_enc_free(struct cm_age_enc *e);

/*
 * Read and check the header from @fn, unwrap the file key with the first
 * identity of @ids that opens a stanza, and check the header's MAC.
 * Returns a new decryptor (cm_age_dec_free()) or NULL with @err set:
 * -ENOKEY (CM_ERR_NOPERM) when no identity fits, -EBADMSG
 * (CM_ERR_DATAERR) for a malformed header or a MAC mismatch.
 */
struct cm_age_dec *cm_age_dec_new(const struct cm_age_identities *ids,
				  cm_age_read_fn fn, void *cookie,
				  struct cm_err *err);
/*
 * Up to @len plaintext bytes, every chunk authenticated before it is
 * returned. 0 at the authenticated end; -EBADMSG when a chunk fails its
 * tag, the file is truncated or has bytes after its last chunk.
 */
ssize_t cm_age_dec_read(struct cm_age_dec *d, void *buf, size_t len,
			struct cm_err *err);
void cm_age_dec_free(struct cm_age_dec *d);

/* cm_age_read_fn/cm_age_write_fn over a file descriptor (the cookie is
 * a pointer to the int fd). */
ssize_t cm_age_fd_read(void *cookie, void *buf, size_t len);
int cm_age_fd_write(void *cookie, const void *buf, size_t len,
		    struct cm_err *err);

#endif
