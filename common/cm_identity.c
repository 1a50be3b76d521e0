// SPDX-License-Identifier: Apache-2.0
/*
 * Signing identities: the key, certificate and operator record of a
 * directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cm_atomic.h"
#include "cm_hash.h"
#include "cm_identity.h"
#include "cm_json.h"
#include "cm_random.h"
#include "cm_path.h"
#include "cm_pkcs11.h"
#include "cm_tpm.h"
#include "cm_time.h"
#include "cm_file.h"

#define PROFILE_MAX (64 * 1024)
#define KEY_MAX	    (64 * 1024)

static const char *ssl_reason(void)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	return r ? r : "unknown OpenSSL error";
}

static int add_ext(X509 *cert, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	int ok;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, cert, cert, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (!ext)
		return -1;
	ok = X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : -1;
}

/* X509_sign() where the key's provider may have to be asked for by
 * @propq (a TPM key); 0 on failure. */
static int sign_cert(X509 *cert, EVP_PKEY *key, const char *propq)
{
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	int ok = m &&
		 EVP_DigestSignInit_ex(m, NULL, "SHA256", NULL, propq, key,
				       NULL) == 1 &&
		 X509_sign_ctx(cert, m) > 0;

	EVP_MD_CTX_free(m);
	return ok;
}

static int add_name(X509_NAME *name, const char *field, const char *value)
{
	if (!value || !*value)
		return 0;
	return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
					  (const unsigned char *)value, -1, -1,
					  0)
		       ? 0
		       : -1;
}

/*
 * PKCS#8 EncryptedPrivateKeyInfo of @key under @pass into @b: PBES2 with
 * scrypt (N=16384, r=8, p=1: what `openssl pkcs8 -topk8 -scrypt` uses)
 * and AES-256-CBC, a fresh salt and IV.
 */
static int write_encrypted(BIO *b, EVP_PKEY *key, const char *pass)
{
	PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(key);
	X509_ALGOR *pbe = NULL;
	X509_SIG *enc = NULL;
	int ok = 0;

	if (!p8)
		return 0;
	pbe = PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), NULL, 16, NULL, 16384, 8,
				    1);
	if (pbe)
		enc = PKCS8_set0_pbe(pass, (int)strlen(pass), p8, pbe);
	if (enc)
		ok = PEM_write_bio_PKCS8(b, enc);
	else
		X509_ALGOR_free(pbe);
	X509_SIG_free(enc);
	PKCS8_PRIV_KEY_INFO_free(p8); /* frees (and cleanses) the plain key */
	return ok;
}

/*
 * Write a PEM object atomically through a memory BIO; a key encrypted
 * under @pass when it is non-NULL.
 */
static int write_pem(const char *path, mode_t mode, EVP_PKEY *key,
		     const char *pass, X509 *cert, struct cm_err *err)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data;
	long n;
	int rc;

	if (!b)
		return cm_err_set(err, -ENOMEM, "out of memory");
	if ((key && pass && !write_encrypted(b, key, pass)) ||
	    (key && !pass &&
	     !PEM_write_bio_PrivateKey(b, key, NULL, NULL, 0, NULL, NULL)) ||
	    (cert && !PEM_write_bio_X509(b, cert))) {
		BIO_free(b);
		return cm_err_set(err, -EIO, "cannot encode '%s': %s", path,
				  ssl_reason());
	}
	n = BIO_get_mem_data(b, &data);
	rc = cm_atomic_write_file(path, data, (size_t)n, mode, err);
	/* the key's PEM sat in this buffer: wipe it before freeing */
	OPENSSL_cleanse(data, (size_t)n);
	BIO_free(b);
	return rc;
}

int cm_identity_create(const char *dir, const struct cm_identity_opts *opts,
		       struct cm_err *err)
{
	EVP_PKEY *key = NULL;
	X509 *cert = NULL;
	X509_NAME *name;
	json_t *profile = NULL;
	char *keyp = NULL, *certp = NULL, *profp = NULL, *urip = NULL;
	char *tssp = NULL;
	char pass[CM_PASSPHRASE_MAX + 1] = "";
	unsigned char serial[16];
	BIGNUM *bn = NULL;
	time_t now = cm_time_now();
	int days = opts->days > 0 ? opts->days : 3650;
	struct stat st;
	int rc;

	if (!opts->organization || !*opts->organization ||
	    !opts->operator_name || !*opts->operator_name)
		return cm_err_setk(err, -EINVAL, CM_ERR_USAGE,
				   "an identity needs --org and --operator");
	keyp = cm_path_join(dir, "key.pem");
	certp = cm_path_join(dir, "cert.pem");
	profp = cm_path_join(dir, "profile.json");
	urip = cm_path_join(dir, CM_IDENTITY_KEY_URI);
	tssp = cm_path_join(dir, CM_IDENTITY_KEY_TSS);
	if (!keyp || !certp || !profp || !urip || !tssp) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	if (lstat(keyp, &st) == 0 || lstat(urip, &st) == 0 ||
	    lstat(tssp, &st) == 0) {
		rc = cm_err_setk(
			err, -EEXIST, CM_ERR_CANTCREAT,
			"'%s' already exists: refusing to replace a signing key",
			lstat(keyp, &st) == 0	? keyp
			: lstat(urip, &st) == 0 ? urip
						: tssp);
		goto out;
	}
	if (opts->pkcs11_uri) {
		/* the token's key, logged in with its PIN: nothing is made
		 * until the token has said yes */
		rc = cm_pkcs11_load_key(opts->pkcs11_uri, opts->passphrase,
					&key, err);
		if (rc < 0)
			goto out;
	} else if (opts->passphrase) {
		/* the passphrase before anything is made: a refusal leaves
		 * nothing */
		rc = opts->passphrase->get(opts->passphrase->cookie, keyp, true,
					   pass, sizeof(pass), err);
		if (rc < 0)
			goto out;
	}
	rc = cm_mkdirs(dir, 0700, err);
	if (rc < 0)
		goto out;
	if (!key && opts->tpm) {
		rc = cm_tpm_create_key(tssp, &key, err);
		if (rc < 0)
			goto out;
	} else if (!key) {
		key = EVP_EC_gen("P-256");
	}
	cert = X509_new();
	bn = BN_new();
	if (!key || !cert || !bn) {
		rc = cm_err_set(err, -EIO, "cannot generate a key: %s",
				ssl_reason());
		goto out;
	}
	rc = cm_random_bytes(serial, sizeof(serial), err);
	if (rc < 0)
		goto out;
	serial[0] &= 0x7f;
	BN_bin2bn(serial, sizeof(serial), bn);
	name = X509_get_subject_name(cert);
	if (!X509_set_version(cert, 2) ||
	    !BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) ||
	    !X509_time_adj_ex(X509_getm_notBefore(cert), 0, 0, &now) ||
	    !X509_time_adj_ex(X509_getm_notAfter(cert), days, 0, &now) ||
	    add_name(name, "O", opts->organization) ||
	    add_name(name, "L", opts->location) ||
	    add_name(name, "title", opts->title) ||
	    add_name(name, "CN", opts->operator_name) ||
	    !X509_set_issuer_name(cert, name) || !X509_set_pubkey(cert, key) ||
	    add_ext(cert, NID_basic_constraints, "critical,CA:TRUE") ||
	    add_ext(cert, NID_key_usage,
		    "critical,digitalSignature,nonRepudiation,keyCertSign,cRLSign") ||
	    add_ext(cert, NID_ext_key_usage, "emailProtection") ||
	    add_ext(cert, NID_subject_key_identifier, "hash") ||
	    !sign_cert(cert, key, opts->tpm ? CM_TPM_PROPQ : NULL)) {
		rc = cm_err_set(err, -EIO, "cannot make the certificate: %s",
				ssl_reason());
		goto out;
	}
	profile = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "schema",
			    "sanitas.identity/1", "organization",
			    cm_json_str_or_null(opts->organization), "operator",
			    cm_json_str_or_null(opts->operator_name), "title",
			    cm_json_str_or_null(opts->title), "location",
			    cm_json_str_or_null(opts->location), "phone",
			    cm_json_str_or_null(opts->phone));
	if (!profile ||
	    (opts->tsa_url &&
	     json_object_set_new(profile, "tsa", json_string(opts->tsa_url)))) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	if (opts->pkcs11_uri) {
		char line[2100];
		int n = snprintf(line, sizeof(line), "%s\n", opts->pkcs11_uri);

		rc = n > 0 && (size_t)n < sizeof(line)
			     ? cm_atomic_write_file(urip, line, (size_t)n, 0644,
						    err)
			     : cm_err_setk(err, -ENAMETOOLONG, CM_ERR_USAGE,
					   "--pkcs11: URI too long");
	} else if (!opts->tpm) {
		rc = write_pem(keyp, 0600, key, opts->passphrase ? pass : NULL,
			       NULL, err);
	}
	if (rc < 0)
		goto out;
	rc = write_pem(certp, 0644, NULL, NULL, cert, err);
	if (rc < 0)
		goto out;
	rc = cm_json_write_file(profile, profp, 0644, err);
out:
	OPENSSL_cleanse(pass, sizeof(pass));
	json_decref(profile);
	BN_free(bn);
	X509_free(cert);
	EVP_PKEY_free(key);
	free(keyp);
	free(certp);
	free(profp);
	free(urip);
	free(tssp);
	return rc;
}

static char *subject_field(X509 *cert, int nid)
{
	X509_NAME *name = X509_get_subject_name(cert);
	int i = X509_NAME_get_index_by_NID(name, nid, -1);
	unsigned char *utf8 = NULL;
	char *out;

	if (i < 0)
		return NULL;
	if (ASN1_STRING_to_UTF8(
		    &utf8,
		    X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i))) < 0)
		return NULL;
	out = strdup((char *)utf8);
	OPENSSL_free(utf8);
	return out;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static FILE *open_nofollow(const char *path, int *e)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	FILE *f;

	if (fd < 0) {
		*e = errno;
		return NULL;
	}
	f = fdopen(fd, "r");
	if (!f) {
		*e = errno;
		close(fd);
	}
	return f;
}

/* Never asked: OpenSSL would otherwise prompt on the terminal itself. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

/* PEM armour of a passphrase-protected key: PKCS#8 or the legacy form. */
static bool pem_is_encrypted(const char *pem)
{
	return strstr(pem, "-----BEGIN ENCRYPTED PRIVATE KEY-----") ||
	       strstr(pem, "Proc-Type: 4,ENCRYPTED");
}

/* key.pem into *@out (NUL-terminated, owned), refused if others may read
 * it. */
static int read_key_file(const char *dir, const char *keyp, char **out,
			 size_t *len, struct cm_err *err)
{
	int fd = open(keyp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	char *buf = NULL;
	size_t n = 0;
	ssize_t r = 0;
	struct stat st;
	int e, rc = 0;

	*out = NULL;
	if (fd < 0) {
		e = errno;
		return cm_err_setk(err, -e, e == ENOENT ? CM_ERR_NOINPUT : 0,
				   "identity '%s': cannot open key.pem: %s",
				   dir, strerror(e));
	}
	if (fstat(fd, &st) == 0 && (st.st_mode & 077)) {
		rc = cm_err_setk(
			err, -EPERM, CM_ERR_NOPERM,
			"identity '%s': key.pem is readable by others (mode %03o): run 'chmod 600 %s'",
			dir, (unsigned)(st.st_mode & 0777), keyp);
		goto out;
	}
	buf = malloc(KEY_MAX + 1);
	if (!buf) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	while (n < KEY_MAX + 1 &&
	       (r = cm_read_some(fd, buf + n, KEY_MAX + 1 - n, keyp, err)) > 0)
		n += (size_t)r;
	if (r < 0) {
		rc = (int)r;
		goto out;
	}
	if (n > KEY_MAX) {
		rc = cm_err_setk(
			err, -EFBIG, CM_ERR_DATAERR,
			"identity '%s': key.pem is larger than %d bytes", dir,
			KEY_MAX);
		goto out;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
out:
	if (buf) {
		OPENSSL_cleanse(buf, KEY_MAX + 1);
		free(buf);
	}
	close(fd);
	return rc;
}

/*
 * The private key of @dir: a plain one directly, an encrypted one with
 * what @pp gives (none: KEYLOCKED). The PEM and the passphrase are wiped
 * before this returns.
 */
static int load_key(struct cm_identity *id, const char *dir, const char *keyp,
		    const struct cm_passphrase *pp, struct cm_err *err)
{
	char pass[CM_PASSPHRASE_MAX + 1] = "";
	char *pem = NULL;
	size_t len = 0;
	BIO *b = NULL;
	int rc;

	rc = read_key_file(dir, keyp, &pem, &len, err);
	if (rc < 0)
		return rc;
	id->key_encrypted = pem_is_encrypted(pem);
	if (id->key_encrypted) {
		if (!pp) {
			rc = cm_err_setk(
				err, -ENOKEY, CM_ERR_KEYLOCKED,
				"identity '%s': key.pem is passphrase-protected: give --passphrase-file FILE, or run at a terminal to be asked",
				dir);
			goto out;
		}
		rc = pp->get(pp->cookie, keyp, false, pass, sizeof(pass), err);
		if (rc < 0)
			goto out;
	}
	b = BIO_new_mem_buf(pem, (int)len);
	if (!b) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	ERR_clear_error();
	/* a NULL callback with a string: OpenSSL takes it as the passphrase */
	id->key =
		id->key_encrypted
			? PEM_read_bio_PrivateKey(b, NULL, NULL, pass)
			: PEM_read_bio_PrivateKey(b, NULL, no_passphrase, NULL);
	if (!id->key && id->key_encrypted)
		rc = cm_err_setk(
			err, -EACCES, CM_ERR_KEYLOCKED,
			"identity '%s': wrong passphrase for key.pem (or the key is damaged)",
			dir);
	else if (!id->key)
		rc = cm_err_setk(
			err, -EBADMSG, CM_ERR_DATAERR,
			"identity '%s': key.pem is not a private key: %s", dir,
			ssl_reason());
	else
		rc = 0;
out:
	BIO_free(b);
	OPENSSL_cleanse(pass, sizeof(pass));
	OPENSSL_cleanse(pem, len);
	free(pem);
	return rc;
}

/* Whether key.pem is passphrase-protected, from its armour alone. */
static void peek_encrypted(struct cm_identity *id, const char *keyp)
{
	char head[4096];
	FILE *f;
	size_t n;

	f = fopen(keyp, "re");
	if (!f)
		return;
	n = fread(head, 1, sizeof(head) - 1, f);
	fclose(f);
	head[n] = '\0';
	id->key_encrypted = pem_is_encrypted(head);
	OPENSSL_cleanse(head, sizeof(head));
}

/* DIR/key.uri, when the key lives in a token: into id->key_uri. */
static int read_key_uri(struct cm_identity *id, const char *dir,
			struct cm_err *err)
{
	char *p = cm_path_join(dir, CM_IDENTITY_KEY_URI), *text = NULL;
	size_t len = 0;
	int rc;

	if (!p)
		return cm_err_set(err, -ENOMEM, "out of memory");
	if (access(p, F_OK)) {
		free(p);
		return 0;
	}
	rc = cm_read_file(p, 4096, &text, &len, err);
	free(p);
	if (rc < 0)
		return cm_err_wrap(err, "identity '%s'", dir);
	text[strcspn(text, "\r\n")] = '\0';
	if (!cm_pkcs11_is_uri(text)) {
		free(text);
		return cm_err_setk(
			err, -EBADMSG, CM_ERR_DATAERR,
			"identity '%s': %s does not hold a pkcs11: URI", dir,
			CM_IDENTITY_KEY_URI);
	}
	id->key_uri = text;
	return 0;
}

enum load_mode { LOAD_KEY, LOAD_PUBLIC };

static int load(struct cm_identity *id, const char *dir, enum load_mode mode,
		const struct cm_passphrase *pp, struct cm_err *err)
{
	char *keyp = NULL, *certp = NULL, *chainp = NULL, *profp = NULL;
	json_t *profile = NULL;
	FILE *f = NULL;
	X509 *x;
	int rc = 0, e = 0;

	memset(id, 0, sizeof(*id));
	id->dir = strdup(dir);
	keyp = cm_path_join(dir, "key.pem");
	certp = cm_path_join(dir, "cert.pem");
	chainp = cm_path_join(dir, "chain.pem");
	profp = cm_path_join(dir, "profile.json");
	id->chain = sk_X509_new_null();
	if (!id->dir || !keyp || !certp || !chainp || !profp || !id->chain) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	if (read_key_uri(id, dir, err) < 0) {
		rc = err ? err->code : -EIO;
		goto out;
	}
	{
		char *tssp = cm_path_join(dir, CM_IDENTITY_KEY_TSS);

		id->key_in_tpm = tssp && !id->key_uri && !access(tssp, F_OK);
		if (mode == LOAD_KEY && id->key_in_tpm)
			rc = cm_tpm_load_key(tssp, &id->key, err);
		if (id->key_in_tpm)
			id->propq = CM_TPM_PROPQ;
		free(tssp);
		if (rc < 0) {
			cm_err_wrap(err, "identity '%s'", dir);
			goto out;
		}
	}
	if (id->key_in_tpm) {
		/* loaded above, or not wanted */
	} else if (mode == LOAD_KEY && id->key_uri) {
		rc = cm_pkcs11_load_key(id->key_uri, pp, &id->key, err);
		if (rc < 0) {
			cm_err_wrap(err, "identity '%s'", dir);
			goto out;
		}
	} else if (mode == LOAD_KEY) {
		rc = load_key(id, dir, keyp, pp, err);
		if (rc < 0)
			goto out;
	} else if (!id->key_uri) {
		peek_encrypted(id, keyp);
	}
	f = open_nofollow(certp, &e);
	if (!f) {
		rc = cm_err_setk(err, -e, e == ENOENT ? CM_ERR_NOINPUT : 0,
				 "identity '%s': cannot open cert.pem: %s", dir,
				 strerror(e));
		goto out;
	}
	id->cert = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	f = NULL;
	if (!id->cert) {
		rc = cm_err_setk(
			err, -EBADMSG, CM_ERR_DATAERR,
			"identity '%s': cert.pem is not an X.509 certificate",
			dir);
		goto out;
	}
	if (id->key && X509_check_private_key(id->cert, id->key) != 1) {
		rc = cm_err_setk(
			err, -EINVAL, CM_ERR_DATAERR,
			"identity '%s': key.pem does not match cert.pem", dir);
		goto out;
	}
	f = open_nofollow(chainp, &e);
	if (f) {
		while ((x = PEM_read_X509(f, NULL, NULL, NULL)))
			sk_X509_push(id->chain, x);
		ERR_clear_error();
		fclose(f);
		f = NULL;
	}
	if (access(profp, F_OK) == 0) {
		profile = cm_json_load_file(profp, PROFILE_MAX, err);
		if (!profile) {
			rc = err ? err->code : -EBADMSG;
			cm_err_wrap(err, "identity '%s'", dir);
			goto out;
		}
		id->organization =
			dup_or_null(cm_json_get_str(profile, "organization"));
		id->operator_name =
			dup_or_null(cm_json_get_str(profile, "operator"));
		id->title = dup_or_null(cm_json_get_str(profile, "title"));
		id->location =
			dup_or_null(cm_json_get_str(profile, "location"));
		id->phone = dup_or_null(cm_json_get_str(profile, "phone"));
		id->tsa_url = dup_or_null(cm_json_get_str(profile, "tsa"));
	}
	/* an organisation-issued identity may come without a profile */
	if (!id->organization)
		id->organization =
			subject_field(id->cert, NID_organizationName);
	if (!id->operator_name)
		id->operator_name = subject_field(id->cert, NID_commonName);
	if (!id->location)
		id->location = subject_field(id->cert, NID_localityName);
	if (!id->title)
		id->title = subject_field(id->cert, NID_title);
out:
	if (f)
		fclose(f);
	json_decref(profile);
	free(keyp);
	free(certp);
	free(chainp);
	free(profp);
	if (rc < 0)
		cm_identity_release(id);
	return rc;
}

int cm_identity_load(struct cm_identity *id, const char *dir,
		     struct cm_err *err)
{
	return load(id, dir, LOAD_KEY, NULL, err);
}

int cm_identity_unlock(struct cm_identity *id, const char *dir,
		       const struct cm_passphrase *pp, struct cm_err *err)
{
	return load(id, dir, LOAD_KEY, pp, err);
}

int cm_identity_load_public(struct cm_identity *id, const char *dir,
			    struct cm_err *err)
{
	return load(id, dir, LOAD_PUBLIC, NULL, err);
}

void cm_identity_release(struct cm_identity *id)
{
	if (!id)
		return;
	EVP_PKEY_free(id->key); /* OpenSSL cleanses key material on free */
	X509_free(id->cert);
	sk_X509_pop_free(id->chain, X509_free);
	free(id->dir);
	free(id->organization);
	free(id->operator_name);
	free(id->title);
	free(id->location);
	free(id->phone);
	free(id->tsa_url);
	free(id->key_uri);
	memset(id, 0, sizeof(*id));
}

void cm_identity_fingerprint(const struct cm_identity *id, char *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (!id->cert || !X509_digest(id->cert, EVP_sha256(), md, &n)) {
		out[0] = '\0';
		return;
	}
	cm_hex(md, n, out);
}
