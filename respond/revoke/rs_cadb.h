/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The OpenSSL CA directory as `openssl ca` keeps it: CRL reason names, the
 * CA's files (paths from its openssl.cnf when present) and the text
 * database (index.txt).
 */
#ifndef SANITAS_RS_CADB_H
#define SANITAS_RS_CADB_H

#include <openssl/bn.h>
#include <stdbool.h>
#include <stddef.h>

#include "cm_err.h"

/* RFC 5280 5.3.1 CRLReason; -1 when the name is unknown. */
int rs_crl_reason_code(const char *name);
/* The name `openssl ca` writes in index.txt for @code (NULL if none). */
const char *rs_crl_reason_name(int code);

/* The CA's files, resolved (all owned). */
struct rs_ca {
	char *dir;
	char *cnf;	/* NULL when the CA has no openssl.cnf */
	char *database; /* index.txt */
	char *crlnumber;
	char *certificate;
	char *private_key;
	char *crl; /* where the CRL is published */
	char *md;  /* "sha256" */
	long crl_days;
};

/*
 * Find the CA's files under @dir (absolute). @root prefixes absolute paths
 * read from openssl.cnf ("/" = none). -ENOENT / -EINVAL with a message.
 */
int rs_ca_open(struct rs_ca *ca, const char *dir, const char *root,
	       struct cm_err *err);
void rs_ca_release(struct rs_ca *ca);

/* One row of index.txt. */
struct rs_ca_row {
	char status;   /* 'V', 'R', 'E' */
	char *expiry;  /* as written */
	char *revinfo; /* "" or "YYMMDDHHMMSSZ,reason[,time]" */
	char *serial;  /* as written (upper-case hex) */
	char *file;
	char *subject;
};

struct rs_ca_db {
	struct rs_ca_row *rows;
	size_t n;
};

/*
 * Parse index.txt text (@len bytes). A malformed line is -EBADMSG with its
 * line number. The fuzzed parser; free with rs_ca_db_release().
 */
int rs_ca_db_parse(const char *text, size_t len, struct rs_ca_db *db,
		   struct cm_err *err);
/* Serialize exactly as `openssl ca` writes it. Malloc'd (caller frees). */
char *rs_ca_db_format(const struct rs_ca_db *db);
void rs_ca_db_release(struct rs_ca_db *db);
/* Row index of hex @serial (case and leading zeros ignored), or -1. */
long rs_ca_db_find(const struct rs_ca_db *db, const char *serial);

/* True when @p is non-NULL and stat() succeeds. */
bool rs_ca_exists(const char *p);
/*
 * *@p, a path joined to @root, resolved inside it (cm_root_rebase(), the
 * last component followed): replaced in place, freed on error.
 */
int rs_ca_confine(const char *root, char **p, struct cm_err *err);
/* Hex serial @s (optional 0x) as a BIGNUM (caller frees), NULL if bad. */
BIGNUM *rs_ca_hex_bn(const char *s);

#endif
