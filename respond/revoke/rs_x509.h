/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Revocation in an OpenSSL CA directory as `openssl ca` keeps it: the text
 * database (index.txt), crlnumber, the CA certificate and key, paths from
 * its openssl.cnf when present. Everything goes through the OpenSSL API;
 * no `openssl` program is run. The CA's private key is read, never copied.
 */
#ifndef SANITAS_RS_X509_H
#define SANITAS_RS_X509_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

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

struct rs_x509_req {
	const char *ca_dir; /* absolute, already under --root */
	const char *root;   /* for absolute paths inside openssl.cnf */
	const char *const *serials;
	size_t n_serials;
	const char *reason; /* RFC 5280 name, default keyCompromise */
	bool has_compromise;
	time_t compromised_at;
	time_t now;
	const char *backup_dir; /* CASE/revocations/<step>; NULL = plan */
	const char *crl_copy;	/* CASE/revocations/crl.pem; NULL = plan */
};

/*
 * Check everything (CA files, key matches certificate, index parses, each
 * serial exists) and describe the change; touches nothing. *@out new ref.
 */
int rs_x509_plan(const struct rs_x509_req *r, json_t **out, struct cm_err *err);

/*
 * Revoke: lock the CA (flock on <index>.lock), back up the database files
 * (never the key) into backup_dir, mark the serials revoked, bump
 * crlnumber, write a new signed CRL atomically to the CA's crl path and
 * a copy to crl_copy. Serials already revoked are not revoked again; when
 * nothing is new and the published CRL already lists them, nothing is
 * written. Also used to finish after a crash (it converges). *@out: new
 * ref with revoked, already_revoked, crl_number, crl, index_diff.
 */
int rs_x509_revoke(const struct rs_x509_req *r, json_t **out,
		   struct cm_err *err);

#endif
