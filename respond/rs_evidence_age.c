// SPDX-License-Identifier: Apache-2.0
/*
 * Evidence encrypted as written: the age FILE behind the manifest and the
 * archive's stream, and the spool encrypted to a key held in memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cm_json.h"
#include "cm_path.h"
#include "cm_random.h"
#include "rs_evidence.h"
#include "rs_evidence_age.h"

/* The encryptor's sink: the descriptor, hashing what is written. */
static int sink(void *cookie, const void *buf, size_t len, struct cm_err *err)
{
	struct rs_age_file *a = cookie;
	int rc = cm_age_fd_write(&a->fd, buf, len, err);

	if (!rc)
		rc = cm_sha256_update(&a->sealed, buf, len, err);
	return rc;
}

int rs_age_file_write(struct rs_age_file *a, const void *buf, size_t len,
		      struct cm_err *err)
{
	int rc = cm_sha256_update(&a->plain, buf, len, err);

	return rc ? rc : cm_age_enc_write(a->enc, buf, len, err);
}

static ssize_t cookie_write(void *cookie, const char *buf, size_t len)
{
	struct rs_age_file *a = cookie;

	if (a->err.code || rs_age_file_write(a, buf, len, &a->err)) {
		errno = a->err.code ? -a->err.code : EIO;
		return -1;
	}
	return (ssize_t)len;
}

int rs_age_file_open(struct rs_age_file *a, int fd,
		     const struct cm_age_recipients *r, struct cm_err *err)
{
	static const cookie_io_functions_t io = {.write = cookie_write};
	int rc;

	memset(a, 0, sizeof(*a));
	a->fd = fd;
	if ((rc = cm_sha256_init(&a->plain, err)) ||
	    (rc = cm_sha256_init(&a->sealed, err)))
		goto fail;
	a->enc = cm_age_enc_new(r, sink, a, err);
	if (!a->enc) {
		rc = err && err->code ? err->code : -EIO;
		goto fail;
	}
	a->f = fopencookie(a, "w", io);
	if (!a->f) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto fail;
	}
	return 0;
fail:
	rs_age_file_abort(a);
	return rc;
}

static void hex_of(struct cm_sha256 *h, char *out)
{
	uint8_t md[CM_SHA256_LEN];

	if (!out)
		return;
	cm_sha256_final(h, md, NULL);
	cm_hex(md, sizeof(md), out);
}

int rs_age_file_finish(struct rs_age_file *a, char *sealed, char *plain,
		       struct cm_err *err)
{
	int rc = 0;

	if (a->f) {
		if (fflush(a->f) && !a->err.code)
			cm_err_setk(&a->err, -EIO, CM_ERR_IOERR,
				    "cannot write the encrypted file");
		fclose(a->f);
		a->f = NULL;
	}
	if (a->err.code) {
		if (err)
			*err = a->err;
		return a->err.code;
	}
	if ((rc = cm_age_enc_finish(a->enc, err)))
		return rc;
	hex_of(&a->sealed, sealed);
	hex_of(&a->plain, plain);
	return 0;
}

void rs_age_file_abort(struct rs_age_file *a)
{
	if (!a)
		return;
	if (a->f)
		fclose(a->f);
	a->f = NULL;
	cm_age_enc_free(a->enc);
	a->enc = NULL;
	cm_sha256_release(&a->plain);
	cm_sha256_release(&a->sealed);
}

/* An unnamed file in @dir: O_TMPFILE, else a name unlinked at once. */
static int unnamed_file(const char *dir)
{
	char *t;
	int fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);

	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR))
		return fd < 0 ? -errno : fd;
	t = cm_path_join(dir, ".spoolXXXXXX");
	if (!t)
		return -ENOMEM;
	fd = mkostemp(t, O_CLOEXEC);
	if (fd >= 0)
		unlink(t);
	else
		fd = -errno;
	free(t);
	return fd;
}

int rs_age_spool_open(struct rs_age_spool *s, const char *dir,
		      struct cm_err *err)
{
	struct cm_age_identity *id;
	int rc;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->r.v = calloc(1, sizeof(*s->r.v));
	s->id.v = id = calloc(1, sizeof(*s->id.v));
	if (!s->r.v || !id) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto fail;
	}
	s->r.n = s->id.n = 1;
	id->kind = CM_AGE_X25519;
	if ((rc = cm_random_bytes(id->sk, sizeof(id->sk), err)))
		goto fail;
	if (cm_age_x25519_pub(id->sk, id->pk)) {
		rc = cm_err_set(err, -EIO, "cannot make a spool key");
		goto fail;
	}
	s->r.v[0].kind = CM_AGE_X25519;
	memcpy(s->r.v[0].x25519, id->pk, 32);
	s->fd = unnamed_file(dir);
	if (s->fd < 0) {
		rc = cm_err_setk(err, s->fd, CM_ERR_CANTCREAT,
				 "cannot create a temporary file in '%s': %s",
				 dir, strerror(-s->fd));
		s->fd = -1;
		goto fail;
	}
	if ((rc = rs_age_file_open(&s->w, s->fd, &s->r, err)))
		goto fail;
	return 0;
fail:
	rs_age_spool_release(s);
	return rc;
}

int rs_age_spool_copy(struct rs_age_spool *s, FILE *to, struct cm_err *err)
{
	struct cm_age_dec *d;
	char buf[16384];
	ssize_t n;
	int rc;

	if ((rc = rs_age_file_finish(&s->w, NULL, NULL, err)))
		return rc;
	if (lseek(s->fd, 0, SEEK_SET) < 0)
		return cm_err_setk(err, -errno, CM_ERR_IOERR,
				   "cannot read back a spool: %s",
				   strerror(errno));
	d = cm_age_dec_new(&s->id, cm_age_fd_read, &s->fd, err);
	if (!d)
		return err && err->code ? err->code : -EIO;
	while ((n = cm_age_dec_read(d, buf, sizeof(buf), err)) > 0)
		if (fwrite(buf, 1, (size_t)n, to) != (size_t)n) {
			n = cm_err_setk(err, -EIO, CM_ERR_IOERR,
					"cannot copy a spool");
			break;
		}
	OPENSSL_cleanse(buf, sizeof(buf));
	cm_age_dec_free(d);
	return n < 0 ? (int)n : 0;
}

void rs_age_spool_release(struct rs_age_spool *s)
{
	if (!s)
		return;
	rs_age_file_abort(&s->w);
	cm_age_recipients_release(&s->r);
	cm_age_identities_release(&s->id);
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

void rs_evidence_outputs_age(json_t *outputs, const struct rs_evidence *ev)
{
	static const char *const keys[] = {"archive", "manifest"};

	if (!outputs || !ev->age)
		return;
	for (int i = 0; i < 2; i++) {
		const char *v = cm_json_get_str(outputs, keys[i]);

		if (v)
			json_object_set_new(outputs, keys[i],
					    json_sprintf("%s.age", v));
	}
	json_object_set_new(outputs, "archive_plain_sha256",
			    json_string(ev->plain_sha256));
	json_object_set_new(outputs, "encryption", json_string("age"));
}
