// SPDX-License-Identifier: Apache-2.0
/* The openssl-ca directory: CRL reason names, its files (openssl.cnf),
 * the index.txt database (parse, format, find). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/conf.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cm_hash.h"
#include "cm_buf.h"
#include "cm_path.h"
#include "cm_root.h"
#include "rs_cadb.h"

/* RFC 5280 5.3.1; names as `openssl ca -crl_reason` accepts them */
static const char *const reasons[] = {
	"unspecified",	      "keyCompromise",	   "CACompromise",
	"affiliationChanged", "superseded",	   "cessationOfOperation",
	"certificateHold",    NULL /* 7 unused */, "removeFromCRL",
	"privilegeWithdrawn", "AACompromise",
};

int rs_crl_reason_code(const char *name)
{
	for (int i = 0; name && i < (int)(sizeof(reasons) / sizeof(*reasons));
	     i++)
		if (reasons[i] && !strcasecmp(reasons[i], name))
			return i;
	return -1;
}

const char *rs_crl_reason_name(int code)
{
	if (code < 0 || code >= (int)(sizeof(reasons) / sizeof(*reasons)))
		return NULL;
	return reasons[code];
}

/* ---- CA files ---------------------------------------------------------- */

bool rs_ca_exists(const char *p)
{
	struct stat st;

	return p && stat(p, &st) == 0;
}

/* A path from openssl.cnf: relative to the CA directory, or re-rooted. */
static char *cnf_path(const char *dir, const char *root, const char *v)
{
	if (v[0] == '/') {
		if (!root || !strcmp(root, "/"))
			return strdup(v);
		return cm_path_join(root, v + 1);
	}
	if (v[0] == '.' && v[1] == '/')
		v += 2;
	if (!strcmp(v, "."))
		return strdup(dir);
	return cm_path_join(dir, v);
}

void rs_ca_release(struct rs_ca *ca)
{
	if (!ca)
		return;
	free(ca->dir);
	free(ca->cnf);
	free(ca->database);
	free(ca->crlnumber);
	free(ca->certificate);
	free(ca->private_key);
	free(ca->crl);
	free(ca->md);
	memset(ca, 0, sizeof(*ca));
}

/*
 * *@p (a path joined to @root: the CA directory's files, values from the
 * image's openssl.cnf) resolved inside @root, so that neither "$dir/../.."
 * nor a symlinked openssl.cnf, index.txt or key leads outside it; *@p is
 * replaced (NULL stays NULL: out of memory).
 */
static int confine(const char *root, char **p, struct cm_err *err)
{
	char *real = NULL;
	int rc;

	if (!*p)
		return cm_err_set(err, -ENOMEM, "out of memory");
	rc = cm_root_rebase(root, *p, 0, &real, err);
	free(*p);
	*p = real;
	return rc;
}

int rs_ca_confine(const char *root, char **p, struct cm_err *err)
{
	return confine(root, p, err);
}

/* The first of @names in @dir that exists (inside @root), else the first. */
static int first_existing(const char *dir, const char *root,
			  const char *const *names, char **out,
			  struct cm_err *err)
{
	for (size_t i = 0; names[i]; i++) {
		struct cm_err e2 = {0};
		char *p = cm_path_join(dir, names[i]);
		int rc = confine(root, &p, &e2);

		if (rc == -ENOMEM)
			return cm_err_set(err, rc, "out of memory");
		if (!rc && rs_ca_exists(p)) {
			*out = p;
			return 0;
		}
		free(p);
	}
	*out = cm_path_join(dir, names[0]);
	return confine(root, out, err);
}

static int ca_from_cnf(struct rs_ca *ca, const char *root, struct cm_err *err)
{
	CONF *conf = NCONF_new(NULL);
	long eline = 0;
	const char *sect, *v;
	int rc = 0;
	struct {
		const char *key;
		char **dst;
	} keys[] = {
		{"database", &ca->database},
		{"crlnumber", &ca->crlnumber},
		{"certificate", &ca->certificate},
		{"private_key", &ca->private_key},
		{"crl", &ca->crl},
	};

	if (!conf)
		return cm_err_set(err, -ENOMEM, "out of memory");
	if (NCONF_load(conf, ca->cnf, &eline) <= 0) {
		rc = cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				 "'%s': cannot parse line %ld", ca->cnf, eline);
		goto out;
	}
	sect = NCONF_get_string(conf, "ca", "default_ca");
	if (!sect) {
		ERR_clear_error();
		goto out; /* a cnf without [ca]: defaults apply */
	}
	/*
	 * `dir = ./demoCA`-style values are relative to where openssl ca
	 * runs; for a CA directory that is the directory itself.
	 */
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		v = NCONF_get_string(conf, sect, keys[i].key);
		if (!v) {
			ERR_clear_error();
			continue;
		}
		*keys[i].dst = cnf_path(ca->dir, root, v);
		if (!*keys[i].dst) {
			rc = cm_err_set(err, -ENOMEM, "out of memory");
			goto out;
		}
	}
	v = NCONF_get_string(conf, sect, "default_md");
	if (v && strcmp(v, "default")) {
		ca->md = strdup(v);
		if (!ca->md)
			rc = cm_err_set(err, -ENOMEM, "out of memory");
	}
	ERR_clear_error();
	v = NCONF_get_string(conf, sect, "default_crl_days");
	if (v)
		ca->crl_days = strtol(v, NULL, 10);
	ERR_clear_error();
out:
	NCONF_free(conf);
	return rc;
}

int rs_ca_open(struct rs_ca *ca, const char *dir, const char *root,
	       struct cm_err *err)
{
	static const char *const cnfs[] = {"openssl.cnf", "ca.cnf", NULL};
	static const char *const certs[] = {"cacert.pem", "ca.pem", "ca.crt",
					    "ca-cert.pem", NULL};
	static const char *const keys[] = {"private/cakey.pem", "ca.key",
					   "private/ca.key", "cakey.pem", NULL};
	struct stat st;
	int rc;

	memset(ca, 0, sizeof(*ca));
	ca->dir = strdup(dir);
	rc = confine(root, &ca->dir, err);
	if (rc == -ENOMEM)
		return rc;
	if (rc || stat(ca->dir, &st) || !S_ISDIR(st.st_mode)) {
		free(ca->dir);
		ca->dir = NULL;
		return cm_err_setk(err, -ENOENT, CM_ERR_NOINPUT,
				   "CA directory '%s' not found", dir);
	}
	dir = ca->dir;
	for (size_t i = 0; cnfs[i] && !ca->cnf; i++) {
		struct cm_err e2 = {0};
		char *p = cm_path_join(dir, cnfs[i]);

		if (!confine(root, &p, &e2) && rs_ca_exists(p))
			ca->cnf = p;
		else
			free(p);
	}
	if (ca->cnf) {
		rc = ca_from_cnf(ca, root, err);
		if (rc)
			goto fail;
	}
	if (!ca->database)
		ca->database = cm_path_join(dir, "index.txt");
	if (!ca->crlnumber)
		ca->crlnumber = cm_path_join(dir, "crlnumber");
	if (!ca->crl)
		ca->crl = cm_path_join(dir, "crl.pem");
	if (!ca->md)
		ca->md = strdup("sha256");
	if (ca->crl_days <= 0)
		ca->crl_days = 30;
	rc = ca->md ? 0 : cm_err_set(err, -ENOMEM, "out of memory");
	if (!rc && !ca->certificate)
		rc = first_existing(dir, root, certs, &ca->certificate, err);
	if (!rc && !ca->private_key)
		rc = first_existing(dir, root, keys, &ca->private_key, err);
	/* every path, from openssl.cnf or not, resolved inside the root */
	for (size_t i = 0; !rc && i < 5; i++) {
		char **p[] = {&ca->database, &ca->crlnumber, &ca->crl,
			      &ca->certificate, &ca->private_key};

		rc = confine(root, p[i], err);
	}
	if (rc) {
		cm_err_wrap(err, "CA directory '%s'", dir);
		goto fail;
	}
	if (!rs_ca_exists(ca->database)) {
		rc = cm_err_setk(err, -ENOENT, CM_ERR_NOINPUT,
				 "CA database '%s' not found", ca->database);
		goto fail;
	}
	if (!rs_ca_exists(ca->certificate)) {
		rc = cm_err_setk(err, -ENOENT, CM_ERR_NOINPUT,
				 "CA certificate '%s' not found",
				 ca->certificate);
		goto fail;
	}
	if (!rs_ca_exists(ca->private_key)) {
		rc = cm_err_setk(err, -ENOENT, CM_ERR_NOINPUT,
				 "CA private key '%s' not found",
				 ca->private_key);
		goto fail;
	}
	return 0;
fail:
	rs_ca_release(ca);
	return rc;
}

/* ---- index.txt --------------------------------------------------------- */

void rs_ca_db_release(struct rs_ca_db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->n; i++) {
		free(db->rows[i].expiry);
		free(db->rows[i].revinfo);
		free(db->rows[i].serial);
		free(db->rows[i].file);
		free(db->rows[i].subject);
	}
	free(db->rows);
	memset(db, 0, sizeof(*db));
}

static bool is_asn1_time(const char *s)
{
	size_t n = strlen(s);

	if (n != 13 && n != 15)
		return false;
	for (size_t i = 0; i < n - 1; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return s[n - 1] == 'Z';
}

static bool is_hex(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s))
			return false;
	return true;
}

/* A serial without leading zeros, for comparing ("00AB" is "ab"). */
static const char *bare(const char *s)
{
	while (s[0] == '0' && s[1])
		s++;
	return s;
}

static int serial_cmp(const void *a, const void *b)
{
	const struct rs_ca_row *x = *(const struct rs_ca_row *const *)a;
	const struct rs_ca_row *y = *(const struct rs_ca_row *const *)b;
	const char *p = bare(x->serial), *q = bare(y->serial);
	size_t lp = strlen(p), lq = strlen(q);

	return lp != lq ? (lp < lq ? -1 : 1) : strcasecmp(p, q);
}

/*
 * Two rows for one serial make "is it revoked" depend on which row is
 * read (openssl ca reads the first, a CRL lists only R rows): refused,
 * with both line numbers. Sorted, so a large index stays linear-ish.
 */
static int dup_serials(const struct rs_ca_db *db, struct cm_err *err)
{
	const struct rs_ca_row **v;
	int rc = 0;

	if (db->n < 2)
		return 0;
	v = malloc(db->n * sizeof(*v));
	if (!v)
		return cm_err_set(err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < db->n; i++)
		v[i] = &db->rows[i];
	qsort(v, db->n, sizeof(*v), serial_cmp);
	for (size_t i = 1; i < db->n && !rc; i++)
		if (!serial_cmp(&v[i - 1], &v[i])) {
			size_t a = (size_t)(v[i - 1] - db->rows) + 1;
			size_t b = (size_t)(v[i] - db->rows) + 1;

			rc = cm_err_setk(
				err, -EBADMSG, CM_ERR_DATAERR,
				"index rows %zu and %zu: serial %s appears twice; the database is corrupt (keep one row per serial)",
				a < b ? a : b, a < b ? b : a, v[i]->serial);
		}
	free(v);
	return rc;
}

int rs_ca_db_parse(const char *text, size_t len, struct rs_ca_db *db,
		   struct cm_err *err)
{
	size_t off = 0, line = 0, cap = 0;
	int rc = 0;

	memset(db, 0, sizeof(*db));
	while (off < len) {
		const char *p = text + off;
		const char *nl = memchr(p, '\n', len - off);
		size_t n = nl ? (size_t)(nl - p) : len - off;
		char *fields[6] = {0};
		size_t nf = 0, start = 0;
		struct rs_ca_row *row;

		line++;
		off += n + (nl ? 1 : 0);
		if (n == 0)
			continue;
		if (memchr(p, '\0', n)) {
			rc = cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
					 "index line %zu: NUL byte", line);
			goto fail;
		}
		for (size_t i = 0; i <= n && nf < 6; i++) {
			if (i == n || (p[i] == '\t' && nf < 5)) {
				fields[nf] = strndup(p + start, i - start);
				if (!fields[nf]) {
					rc = cm_err_set(err, -ENOMEM,
							"out of memory");
					goto bad_row;
				}
				nf++;
				start = i + 1;
			}
		}
		if (nf != 6 || strlen(fields[0]) != 1 ||
		    !strchr("VRE", fields[0][0]) || !is_asn1_time(fields[1]) ||
		    !is_hex(fields[3]) || strlen(fields[3]) > 80) {
			rc = cm_err_setk(
				err, -EBADMSG, CM_ERR_DATAERR,
				"index line %zu: not a valid openssl ca database row",
				line);
			goto bad_row;
		}
		if (fields[0][0] == 'R') {
			char *comma = strchr(fields[2], ',');

			if (comma)
				*comma = '\0';
			if (!is_asn1_time(fields[2])) {
				rc = cm_err_setk(
					err, -EBADMSG, CM_ERR_DATAERR,
					"index line %zu: revoked row without a revocation time",
					line);
				goto bad_row;
			}
			if (comma)
				*comma = ',';
		} else if (fields[2][0]) {
			rc = cm_err_setk(
				err, -EBADMSG, CM_ERR_DATAERR,
				"index line %zu: revocation field on a row not marked R",
				line);
			goto bad_row;
		}
		if (db->n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct rs_ca_row *r2 =
				realloc(db->rows, ncap * sizeof(*r2));

			if (!r2) {
				rc = cm_err_set(err, -ENOMEM, "out of memory");
				goto bad_row;
			}
			db->rows = r2;
			cap = ncap;
		}
		row = &db->rows[db->n++];
		row->status = fields[0][0];
		free(fields[0]);
		row->expiry = fields[1];
		row->revinfo = fields[2];
		row->serial = fields[3];
		row->file = fields[4];
		row->subject = fields[5];
		continue;
	bad_row:
		for (size_t i = 0; i < 6; i++)
			free(fields[i]);
		goto fail;
	}
	rc = dup_serials(db, err);
	if (rc)
		goto fail;
	return 0;
fail:
	rs_ca_db_release(db);
	return rc;
}

char *rs_ca_db_format(const struct rs_ca_db *db)
{
	struct cm_buf b = CM_BUF_INIT(CM_BUF_TEXT_MAX);

	for (size_t i = 0; i < db->n; i++) {
		const struct rs_ca_row *r = &db->rows[i];

		cm_buf_appendf(&b, "%c\t%s\t%s\t%s\t%s\t%s\n", r->status,
			       r->expiry, r->revinfo, r->serial, r->file,
			       r->subject);
	}
	return cm_buf_take(&b);
}

BIGNUM *rs_ca_hex_bn(const char *s)
{
	BIGNUM *bn = NULL;

	if (!strncasecmp(s, "0x", 2))
		s += 2;
	if (!is_hex(s) || strlen(s) > 80)
		return NULL;
	if (!BN_hex2bn(&bn, s))
		return NULL;
	return bn;
}

long rs_ca_db_find(const struct rs_ca_db *db, const char *serial)
{
	BIGNUM *want = rs_ca_hex_bn(serial);
	long found = -1;

	if (!want)
		return -1;
	for (size_t i = 0; i < db->n && found < 0; i++) {
		BIGNUM *b = rs_ca_hex_bn(db->rows[i].serial);

		if (b && !BN_cmp(b, want))
			found = (long)i;
		BN_free(b);
	}
	BN_free(want);
	return found;
}
