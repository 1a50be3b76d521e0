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
#include "rs_cadb.h"

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
