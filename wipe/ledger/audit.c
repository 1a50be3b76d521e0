// SPDX-License-Identifier: Apache-2.0
/*
 * Verify the ledger: the rows streamed once in identity order, each
 * record's bytes re-hashed and its signature re-verified, each identity's
 * chain checked with the certificate chain check when its rows end.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cm_hash.h"
#include "wp_cert.h"
#include "wp_cert_chain.h"
#include "wp_audit.h"

struct run {
	struct wp_ledger *l;
	struct cm_cms_trust *trust;
	bool chain_only;
	wp_audit_fn fn;
	void *ctx;
	struct wp_audit_stats *st;
	struct wp_cert_chain ch;
	char identity[65];
	bool have;
	int rc;
	struct cm_err *err;
};

static const char *const names[] = {
	[WP_AUDIT_FIRST] = "first",	  [WP_AUDIT_JSON_HASH] = "json-hash",
	[WP_AUDIT_P7S_HASH] = "p7s-hash", [WP_AUDIT_SIGNATURE] = "signature",
	[WP_AUDIT_GAP] = "gap",		  [WP_AUDIT_FORK] = "fork",
};

const char *wp_audit_kind_name(enum wp_audit_kind k)
{
	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

static void tell(struct run *r, enum wp_audit_kind k, const char *sha,
		 const char *label, const char *prev, const char *detail)
{
	struct wp_audit_item it = {.kind = k,
				   .sha256 = sha,
				   .identity = r->identity,
				   .prev = nz(prev),
				   .detail = nz(detail)};
	char *copy = strdup(nz(label)), *sep;

	it.station = copy ? copy : "";
	it.serial = "";
	if (copy && (sep = strchr(copy, '\n'))) {
		*sep = '\0';
		it.serial = sep + 1;
	}
	if (k == WP_AUDIT_FIRST)
		r->st->first++;
	else
		r->st->problems++;
	if (r->fn)
		r->fn(r->ctx, &it);
	free(copy);
}

/* The chain of the identity whose rows just ended. */
static int flush(struct run *r)
{
	int rc;

	if (!r->have)
		return 0;
	r->st->identities++;
	rc = wp_cert_chain_finish(&r->ch, r->err);
	for (size_t i = 0; rc >= 0 && i < r->ch.n; i++) {
		struct wp_cert_chain_entry *e = &r->ch.v[i];

		if (!e->prev[0])
			tell(r, WP_AUDIT_FIRST, e->sha, e->path, NULL, NULL);
		else if (e->finding == WP_CHAIN_GAP)
			tell(r, WP_AUDIT_GAP, e->sha, e->path, e->prev, NULL);
		else if (e->finding == WP_CHAIN_FORK)
			tell(r, WP_AUDIT_FORK, e->sha, e->path, e->prev, NULL);
	}
	wp_cert_chain_release(&r->ch);
	r->have = false;
	return rc < 0 ? rc : 0;
}

/* Decode the hex @hex into a new buffer *@out of *@len bytes. */
static int unhex(const char *hex, unsigned char **out, size_t *len)
{
	size_t n = strlen(nz(hex));

	*out = NULL;
	*len = n / 2;
	if (n % 2)
		return -EBADMSG;
	*out = malloc(*len + 1);
	if (!*out)
		return -ENOMEM;
	if (*len && cm_unhex(hex, *out, *len) < 0) {
		free(*out);
		*out = NULL;
		return -EBADMSG;
	}
	(*out)[*len] = '\0';
	return 0;
}

/* The bytes of one record: hashes, then the signature. */
static int bytes(struct run *r, const char *const *v, const char *label)
{
	unsigned char *json = NULL, *p7s = NULL, md[CM_SHA256_LEN];
	size_t jlen = 0, plen = 0;
	char hex[CM_SHA256_HEX];
	struct wp_cert_check chk;
	struct cm_err why = {0};
	int rc;

	rc = unhex(v[6], &json, &jlen);
	if (rc == 0)
		rc = unhex(v[7], &p7s, &plen);
	if (rc == -ENOMEM) {
		free(json);
		return cm_err_set(r->err, rc, "out of memory");
	}
	cm_sha256_buf(json ? json : (unsigned char *)"", jlen, md, NULL);
	cm_hex(md, sizeof(md), hex);
	if (rc < 0 || strcmp(hex, nz(v[0])))
		tell(r, WP_AUDIT_JSON_HASH, nz(v[0]), label, v[5], hex);
	cm_sha256_buf(p7s ? p7s : (unsigned char *)"", plen, md, NULL);
	cm_hex(md, sizeof(md), hex);
	if (rc < 0 || strcmp(hex, nz(v[1])))
		tell(r, WP_AUDIT_P7S_HASH, nz(v[0]), label, v[5], hex);
	if (rc == 0 && wp_cert_verify_mem(nz(v[0]), (const char *)json, jlen,
					  p7s, plen, r->trust, &chk, &why) != 0)
		tell(r, WP_AUDIT_SIGNATURE, nz(v[0]), label, v[5],
		     why.msg[0] ? why.msg : "does not verify");
	if (rc == 0)
		wp_cert_check_release(&chk);
	free(json);
	free(p7s);
	return 0;
}

/* sha256, p7s_sha256, signer, station, serial, previous, json, p7s */
static int row(void *ctx, int ncol, const char *const *v)
{
	struct run *r = ctx;
	char *label = NULL;

	if (ncol < 8)
		return 1;
	if (r->have && strcmp(r->identity, nz(v[2]))) {
		r->rc = flush(r);
		if (r->rc < 0)
			return 1;
	}
	if (!r->have) {
		snprintf(r->identity, sizeof(r->identity), "%s", nz(v[2]));
		wp_cert_chain_init(&r->ch);
		r->have = true;
	}
	r->st->records++;
	if (asprintf(&label, "%s\n%s", nz(v[3]), nz(v[4])) < 0) {
		r->rc = cm_err_set(r->err, -ENOMEM, "out of memory");
		return 1;
	}
	if (!r->chain_only)
		r->rc = bytes(r, v, label);
	if (r->rc == 0)
		r->rc = wp_cert_chain_add(&r->ch, label, v[0], v[5], r->err);
	free(label);
	return r->rc < 0;
}

int wp_ledger_audit(struct wp_ledger *l, const char *const *ids, int nids,
		    bool chain_only, wp_audit_fn fn, void *ctx,
		    struct wp_audit_stats *st, struct cm_err *err)
{
	struct run r = {.l = l,
			.chain_only = chain_only,
			.fn = fn,
			.ctx = ctx,
			.st = st,
			.err = err};
	const char *hexj = l->backend == WP_LEDGER_POSTGRES
				   ? "encode(json, 'hex'), encode(p7s, 'hex')"
				   : "hex(json), hex(p7s)";
	char *pem = NULL, *sql = NULL;
	size_t pem_len = 0;
	int rc = 0, anchors = 0;

	memset(st, 0, sizeof(*st));
	if (!chain_only)
		rc = wp_ledger_trust_pem(l, &pem, &pem_len, &anchors, err);
	if (rc == 0 && !chain_only)
		rc = cm_cms_trust_new(pem, pem_len, &r.trust, err);
	if (rc == 0 &&
	    asprintf(&sql,
		     "SELECT sha256, p7s_sha256, signer_fingerprint, station,\n"
		     " serial, previous_sha256, %s FROM certificates%s\n"
		     " ORDER BY signer_fingerprint, issued_at, sha256",
		     chain_only ? "'', ''" : hexj,
		     ids ? " WHERE signer_fingerprint = $1" : "") < 0)
		rc = cm_err_set(err, -ENOMEM, "out of memory");
	for (int i = 0; rc == 0 && i < (ids ? nids : 1); i++) {
		struct wp_ledger_param p = {ids ? ids[i] : NULL,
					    ids ? strlen(ids[i]) : 0, false};

		rc = l->ops->query(l, sql, ids ? 1 : 0, &p, row, &r, NULL, err);
		if (rc == 0)
			rc = r.rc;
		if (rc == 0)
			rc = flush(&r);
	}
	if (r.have)
		wp_cert_chain_release(&r.ch);
	cm_cms_trust_free(r.trust);
	free(sql);
	free(pem);
	if (rc < 0)
		return rc;
	return st->problems ? 1 : 0;
}
