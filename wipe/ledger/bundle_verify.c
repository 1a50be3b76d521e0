// SPDX-License-Identifier: Apache-2.0
/*
 * Verify an audit bundle in one streamed pass over its tar. SHA256SUMS
 * comes last in the tar, so each member's SHA-256 is kept (about 100 bytes
 * a member) and compared when the list arrives; a certificate is checked
 * as soon as its signature member is read (the export writes the two side
 * by side), and only what is waiting for its partner is held.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cm_buf.h"
#include "cm_cms.h"
#include "cm_crl.h"
#include "cm_hash.h"
#include "cm_json.h"
#include "cm_tsa.h"
#include "wp_bundle.h"
#include "wp_bundle_index.h"
#include "wp_bundle_sums.h"
#include "wp_bundle_verify.h"
#include "wp_cert.h"
#include "wp_cert_chain.h"
#include "wp_ingest.h"

#define READ_BUF    (64 * 1024)
#define SIG_MAX	    ((size_t)1 << 20)
#define SUMS_MAX    ((size_t)1 << 30)
#define INDEX_MAX   ((size_t)1 << 30)
#define PENDING_MAX ((size_t)64 << 20) /* certificates awaiting a partner */
#define NAME_LEN    255

static const char *const names[] = {
	[WP_BUNDLE_STARTS_AFTER] = "starts-after",
	[WP_BUNDLE_SUMS_SIGNATURE] = "sums-signature",
	[WP_BUNDLE_SUMS_FORMAT] = "sums-format",
	[WP_BUNDLE_MISSING] = "missing",
	[WP_BUNDLE_EXTRA] = "extra",
	[WP_BUNDLE_MISMATCH] = "mismatch",
	[WP_BUNDLE_DUPLICATE] = "duplicate",
	[WP_BUNDLE_UNPAIRED] = "unpaired",
	[WP_BUNDLE_CERTIFICATE] = "certificate",
	[WP_BUNDLE_INDEX_ROW] = "index",
	[WP_BUNDLE_GAP] = "gap",
	[WP_BUNDLE_FORK] = "fork",
	[WP_BUNDLE_TIMESTAMP] = "timestamp",
	[WP_BUNDLE_REVOKED] = "revoked",
};

const char *wp_bundle_kind_name(enum wp_bundle_kind k)
{
	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

/* A certificate, signature or token read, waiting for its partners. */
struct pending {
	char *base; /* NAME of NAME.json / NAME.json.p7s, owned */
	char *json, *sig, *tsr;
	size_t json_len, sig_len, tsr_len;
};

/* One identity's certificates in the bundle. */
struct ident {
	char fp[65];
	struct wp_cert_chain ch;
	char (*when)[32]; /* issued_at of ch.v[i] */
};

struct verifier {
	const char *pem;
	size_t pem_len;
	struct cm_cms_trust *trust; /* of @pem, made once for every check */
	wp_bundle_fn fn;
	void *ctx;
	struct wp_bundle_verify_stats *st;
	struct cm_err *err;
	struct wp_bundle_sums seen; /* every member read, unsorted */
	size_t seen_cap;
	struct pending *pend;
	size_t npend, pend_cap, pend_bytes;
	/*
	 * A certificate and its signature checked once the next member is
	 * seen: that one may be its token (export writes NAME.json.p7s.tsr
	 * right after NAME.json.p7s)
	 */
	struct pending held;
	bool have_held;
	const char *tsa_ca_pem;	 /* borrowed; NULL: tokens not checked */
	struct cm_crl_set *crls; /* NULL: no CRL given */
	struct ident *ids;
	size_t nids;
	char *sums, *sums_sig; /* SHA256SUMS and its signature, when read */
	size_t sums_len, sums_sig_len;
	bool have_sums, have_sig;
	char *index; /* index.csv, when read */
	size_t index_len;
	struct wp_bundle_index *ix; /* what its rows must say */
};

static void tell(struct verifier *v, enum wp_bundle_kind k, const char *member,
		 const char *identity, const char *sha, const char *prev,
		 const char *detail)
{
	struct wp_bundle_item it = {
		.kind = k,
		.member = member ? member : "",
		.identity = identity ? identity : "",
		.sha256 = sha ? sha : "",
		.prev = prev ? prev : "",
		.detail = detail ? detail : "",
	};

	if (k != WP_BUNDLE_STARTS_AFTER)
		v->st->problems++;
	if (v->fn)
		v->fn(v->ctx, &it);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n > t && !strcmp(s + n - t, tail);
}

static struct ident *ident_of(struct verifier *v, const char *fp)
{
	struct ident *n;

	for (size_t i = 0; i < v->nids; i++)
		if (!strcmp(v->ids[i].fp, fp))
			return &v->ids[i];
	n = realloc(v->ids, (v->nids + 1) * sizeof(*n));
	if (!n)
		return NULL;
	v->ids = n;
	n = &v->ids[v->nids++];
	memset(n, 0, sizeof(*n));
	snprintf(n->fp, sizeof(n->fp), "%s", fp);
	wp_cert_chain_init(&n->ch);
	return n;
}

/*
 * The time of a certificate whose signature verified (its token, when
 * the bundle holds one, checked against the TSA anchors) and what the
 * CRLs say of its signer, as 'wipe cert verify' judges a file: a token
 * that fails and a revoked signer are findings. <0 only on error (a CRL
 * no anchor signed).
 */
static int judge_time(struct verifier *v, const struct pending *p,
		      const char *member, struct wp_cert_check *chk)
{
	struct cm_err why = {0};
	char tn[NAME_LEN + 16];
	int rc;

	if (!p->tsr && !v->crls)
		return 0;
	snprintf(tn, sizeof(tn), "%s.json.p7s.tsr", p->base);
	rc = cm_tsa_token_time(tn, (const uint8_t *)p->tsr, p->tsr_len,
			       (const uint8_t *)p->sig, p->sig_len, &chk->cms,
			       v->tsa_ca_pem, &chk->time, &why);
	if (rc == -ENOMEM)
		return cm_err_set(v->err, rc, "out of memory");
	if (rc) {
		tell(v, WP_BUNDLE_TIMESTAMP, tn, NULL, NULL, NULL,
		     why.msg[0] ? why.msg : "the token does not verify");
		/* its time, then, is only the signer's claim */
		memset(&chk->time, 0, sizeof(chk->time));
		chk->time.signer_time = chk->cms.signing_time;
	}
	if (!v->crls)
		return 0;
	cm_err_clear(&why);
	rc = cm_crl_set_judge(v->crls, &chk->cms, &chk->time, &chk->rev, &why);
	if (rc < 0) {
		*v->err = why;
		return rc;
	}
	if (rc > 0)
		tell(v, WP_BUNDLE_REVOKED, member, NULL, chk->sha256, NULL,
		     why.msg);
	return 0;
}

/* A certificate with its signature: checked, then into its chain. */
static int check_cert(struct verifier *v, struct pending *p)
{
	struct wp_cert_check chk;
	struct cm_err why = {0};
	struct ident *id;
	const char *issued;
	char member[NAME_LEN + 8], (*w)[32];
	int rc;

	snprintf(member, sizeof(member), "%s.json", p->base);
	rc = wp_cert_verify_mem(member, p->json, p->json_len,
				(const uint8_t *)p->sig, p->sig_len, v->trust,
				&chk, &why);
	if (rc != 0) {
		tell(v, WP_BUNDLE_CERTIFICATE, member, NULL, chk.sha256, NULL,
		     why.msg[0] ? why.msg : "does not verify");
		wp_cert_check_release(&chk);
		if (wp_bundle_index_expect(&v->ix, member, NULL) < 0)
			return cm_err_set(v->err, -ENOMEM, "out of memory");
		return 0;
	}
	rc = judge_time(v, p, member, &chk);
	if (rc < 0) {
		wp_cert_check_release(&chk);
		return rc;
	}
	{
		struct wp_ledger_record r = {.id = NULL};

		wp_ingest_fill(&r, &chk);
		if (wp_bundle_index_expect(&v->ix, member, &r) < 0) {
			wp_cert_check_release(&chk);
			return cm_err_set(v->err, -ENOMEM, "out of memory");
		}
	}
	id = ident_of(v, chk.cms.signer_fingerprint);
	rc = id ? wp_cert_chain_add(
			  &id->ch, member, chk.sha256,
			  cm_json_get_str(chk.cert, "previous_sha256"), v->err)
		: -ENOMEM;
	w = rc == 0 ? realloc(id->when, id->ch.n * sizeof(*w)) : NULL;
	if (w) {
		id->when = w;
		issued = cm_json_get_str(chk.cert, "issued_at");
		snprintf(w[id->ch.n - 1], sizeof(*w), "%s",
			 issued ? issued : "");
	}
	wp_cert_check_release(&chk);
	if (!w)
		return cm_err_set(v->err, -ENOMEM, "out of memory");
	return 0;
}

static void pending_drop(struct verifier *v, size_t i)
{
	struct pending *p = &v->pend[i];

	v->pend_bytes -= p->json_len + p->sig_len + p->tsr_len;
	free(p->base);
	free(p->json);
	free(p->sig);
	free(p->tsr);
	v->pend[i] = v->pend[--v->npend];
}

/* The held certificate checked (with its token if it came), let go. */
static int flush_held(struct verifier *v)
{
	int rc;

	if (!v->have_held)
		return 0;
	v->have_held = false;
	rc = check_cert(v, &v->held);
	free(v->held.base);
	free(v->held.json);
	free(v->held.sig);
	free(v->held.tsr);
	memset(&v->held, 0, sizeof(v->held));
	return rc;
}

enum part { PART_JSON, PART_SIG, PART_TSR };

/*
 * The bytes of NAME.json, NAME.json.p7s or NAME.json.p7s.tsr (@what),
 * owned from now on: a certificate is checked once it and its signature
 * have been read, with its token when that came first, else held until
 * the next member (which may be its token); parts are kept until then.
 */
static int pair(struct verifier *v, const char *base, enum part what, char *buf,
		size_t len)
{
	struct pending *p = NULL;
	char **slot;
	size_t *slot_len;

	if (what == PART_TSR && v->have_held && !strcmp(v->held.base, base)) {
		if (v->held.tsr) {
			free(buf); /* a duplicate member */
			return 0;
		}
		v->held.tsr = buf;
		v->held.tsr_len = len;
		return flush_held(v);
	}
	for (size_t i = 0; i < v->npend; i++)
		if (!strcmp(v->pend[i].base, base))
			p = &v->pend[i];
	if (p && (what == PART_SIG    ? p->sig
		  : what == PART_JSON ? p->json
				      : p->tsr)) {
		free(buf); /* a duplicate member: reported from the list */
		return 0;
	}
	if (!p) {
		if (v->pend_bytes + len > PENDING_MAX) {
			free(buf);
			return cm_err_setk(
				v->err, -E2BIG, CM_ERR_DATAERR,
				"too many certificates without their signature beside them: repack the bundle with each NAME.json.p7s right after its NAME.json");
		}
		if (v->npend == v->pend_cap) {
			size_t c = v->pend_cap ? 2 * v->pend_cap : 8;
			struct pending *n = realloc(v->pend, c * sizeof(*n));

			if (!n) {
				free(buf);
				return cm_err_set(v->err, -ENOMEM,
						  "out of memory");
			}
			v->pend = n;
			v->pend_cap = c;
		}
		p = &v->pend[v->npend];
		memset(p, 0, sizeof(*p));
		p->base = strdup(base);
		if (!p->base) {
			free(buf);
			return cm_err_set(v->err, -ENOMEM, "out of memory");
		}
		v->npend++;
	}
	slot = what == PART_SIG	   ? &p->sig
	       : what == PART_JSON ? &p->json
				   : &p->tsr;
	slot_len = what == PART_SIG    ? &p->sig_len
		   : what == PART_JSON ? &p->json_len
				       : &p->tsr_len;
	*slot = buf;
	*slot_len = len;
	v->pend_bytes += len;
	if (!p->json || !p->sig)
		return 0;
	if (p->tsr) {
		int rc = check_cert(v, p);

		pending_drop(v, (size_t)(p - v->pend));
		return rc;
	}
	/* complete: held until the next member, which may be its token */
	v->held = *p;
	v->have_held = true;
	v->pend_bytes -= p->json_len + p->sig_len;
	v->pend[p - v->pend] = v->pend[--v->npend];
	return 0;
}

/* How much of a member to keep in memory: 0 none. */
static size_t keep_max(const char *name)
{
	if (!strcmp(name, WP_BUNDLE_SUMS))
		return SUMS_MAX;
	if (!strcmp(name, WP_BUNDLE_INDEX))
		return INDEX_MAX;
	if (ends_with(name, ".json.p7s.tsr"))
		return CM_TSA_REPLY_MAX;
	if (!strcmp(name, WP_BUNDLE_SUMS_SIG) || ends_with(name, ".json.p7s"))
		return SIG_MAX;
	if (ends_with(name, ".json"))
		return WP_CERT_MAX;
	return 0;
}

/* A member's bytes are in: hold, pair or drop them (@b is taken). */
static int route(struct verifier *v, const char *name, struct cm_buf *b)
{
	size_t len = b->len;
	char *data = cm_buf_take(b), base[NAME_LEN + 1];
	bool tsr = ends_with(name, ".json.p7s.tsr");
	int rc = 0;

	if (!data)
		return cm_err_set(v->err, -ENOMEM, "out of memory");
	snprintf(base, sizeof(base), "%s", name);
	if (tsr)
		base[strlen(base) - 13] = '\0';
	/* the held certificate is checked unless this is its token */
	if (v->have_held && (!tsr || strcmp(v->held.base, base)))
		rc = flush_held(v);
	if (rc < 0 || tsr) {
		if (rc < 0)
			free(data);
		return rc < 0 ? rc : pair(v, base, PART_TSR, data, len);
	}
	if (!strcmp(name, WP_BUNDLE_INDEX)) {
		if (v->index) {
			free(data); /* the first counts; the list says twice */
		} else {
			v->index = data;
			v->index_len = len;
		}
		return 0;
	}
	if (!strcmp(name, WP_BUNDLE_SUMS) ||
	    !strcmp(name, WP_BUNDLE_SUMS_SIG)) {
		bool sig = !strcmp(name, WP_BUNDLE_SUMS_SIG);

		if (sig ? v->have_sig : v->have_sums) {
			free(data); /* the first counts; the list says twice */
			return 0;
		}
		*(sig ? &v->sums_sig : &v->sums) = data;
		*(sig ? &v->sums_sig_len : &v->sums_len) = len;
		*(sig ? &v->have_sig : &v->have_sums) = true;
		return 0;
	}
	if (ends_with(name, ".json.p7s")) {
		base[strlen(base) - 9] = '\0';
		return pair(v, base, PART_SIG, data, len);
	}
	v->st->certificates++;
	base[strlen(base) - 5] = '\0';
	return pair(v, base, PART_JSON, data, len);
}

/* One member: checked, hashed, and routed when it is one we read. */
static int member(struct verifier *v, struct archive *a,
		  struct archive_entry *e, char *buf)
{
	const char *name = archive_entry_pathname(e);
	struct cm_buf keep = CM_BUF_INIT(0);
	struct cm_sha256 h = {0};
	uint8_t md[CM_SHA256_LEN];
	char hex[CM_SHA256_HEX];
	size_t max;
	la_ssize_t n = 0;
	int rc;

	if (!wp_bundle_name_ok(name))
		return cm_err_setk(
			v->err, -EBADMSG, CM_ERR_DATAERR,
			"member '%s' is not a plain file name: a bundle holds files at its top level only (no '/', '..' or leading '.'), so this is not a bundle wipe made or it was tampered with",
			name ? name : "");
	if (archive_entry_filetype(e) != AE_IFREG || archive_entry_hardlink(e))
		return cm_err_setk(
			v->err, -EBADMSG, CM_ERR_DATAERR,
			"member '%s' is not a regular file (a link, directory or device): a bundle holds regular files only",
			name);
	v->st->members++;
	max = keep_max(name);
	cm_buf_init(&keep, max);
	rc = cm_sha256_init(&h, v->err);
	while (rc == 0 && (n = archive_read_data(a, buf, READ_BUF)) > 0) {
		rc = cm_sha256_update(&h, buf, (size_t)n, v->err);
		if (max)
			cm_buf_append(&keep, buf, (size_t)n);
	}
	if (rc == 0 && n < 0)
		rc = cm_err_setk(v->err, -EBADMSG, CM_ERR_DATAERR,
				 "member '%s': %s", name,
				 archive_error_string(a));
	if (rc == 0)
		rc = cm_sha256_final(&h, md, v->err);
	cm_sha256_release(&h);
	if (rc == 0) {
		cm_hex(md, sizeof(md), hex);
		if (strcmp(name, WP_BUNDLE_SUMS) &&
		    strcmp(name, WP_BUNDLE_SUMS_SIG) &&
		    wp_bundle_sums_add(&v->seen, &v->seen_cap, name,
				       strlen(name), hex) < 0)
			rc = cm_err_set(v->err, -ENOMEM, "out of memory");
	}
	if (rc == 0 && max && keep.err == -E2BIG)
		tell(v,
		     strncmp(name, WP_BUNDLE_SUMS, strlen(WP_BUNDLE_SUMS))
			     ? WP_BUNDLE_CERTIFICATE
			     : WP_BUNDLE_SUMS_FORMAT,
		     name, NULL, hex, NULL,
		     "too large to be what wipe writes; not checked");
	else if (rc == 0 && max)
		rc = keep.err ? cm_err_set(v->err, keep.err, "out of memory")
			      : route(v, name, &keep);
	cm_buf_release(&keep);
	return rc;
}

static void mismatch(struct verifier *v, const struct wp_bundle_sum *s,
		     const struct wp_bundle_sum *w)
{
	char d[128];

	snprintf(d, sizeof(d), "%s lists %s", WP_BUNDLE_SUMS, w->sha);
	tell(v, WP_BUNDLE_MISMATCH, s->name, NULL, s->sha, NULL, d);
}

/* The signed list against the members read. */
static void compare(struct verifier *v)
{
	struct wp_bundle_sums want = {0};
	struct cm_cms_info info;
	struct cm_err why = {0};
	size_t i = 0, j = 0;
	int rc;

	if (!v->have_sums || !v->have_sig) {
		tell(v, WP_BUNDLE_SUMS_SIGNATURE,
		     v->have_sums ? WP_BUNDLE_SUMS_SIG : WP_BUNDLE_SUMS, NULL,
		     NULL, NULL,
		     "the bundle has no signed list of its members: nothing in it can be trusted");
		return;
	}
	rc = cm_cms_verify_trusted(v->sums, v->sums_len,
				   (const uint8_t *)v->sums_sig,
				   v->sums_sig_len, v->trust, &info, &why);
	if (rc == 0) {
		snprintf(v->st->signer_subject, sizeof(v->st->signer_subject),
			 "%s", info.signer_subject);
		snprintf(v->st->signer_fp, sizeof(v->st->signer_fp), "%s",
			 info.signer_fingerprint);
	} else {
		tell(v, WP_BUNDLE_SUMS_SIGNATURE, WP_BUNDLE_SUMS_SIG, NULL,
		     NULL, NULL, why.msg[0] ? why.msg : "does not verify");
	}
	cm_err_clear(&why);
	if (wp_bundle_sums_parse(v->sums, v->sums_len, &want, &why) < 0) {
		tell(v, WP_BUNDLE_SUMS_FORMAT, WP_BUNDLE_SUMS, NULL, NULL, NULL,
		     why.msg);
		return;
	}
	if (v->seen.n)
		wp_bundle_sums_sort(&v->seen);
	while (i < v->seen.n || j < want.n) {
		const struct wp_bundle_sum *s =
			i < v->seen.n ? &v->seen.v[i] : NULL;
		const struct wp_bundle_sum *w = j < want.n ? &want.v[j] : NULL;
		int c = !s ? 1 : !w ? -1 : strcmp(s->name, w->name);

		if (s && i && !strcmp(s->name, v->seen.v[i - 1].name)) {
			tell(v, WP_BUNDLE_DUPLICATE, s->name, NULL, s->sha,
			     NULL, "the tar holds this name more than once");
			i++;
			continue;
		}
		if (c < 0)
			tell(v, WP_BUNDLE_EXTRA, s->name, NULL, s->sha, NULL,
			     "not listed in " WP_BUNDLE_SUMS);
		else if (c > 0)
			tell(v, WP_BUNDLE_MISSING, w->name, NULL, w->sha, NULL,
			     "listed in " WP_BUNDLE_SUMS
			     " but not in the bundle");
		else if (strcmp(s->sha, w->sha))
			mismatch(v, s, w);
		i += c <= 0;
		j += c >= 0;
	}
	wp_bundle_sums_release(&want);
}

static bool orphan(const struct ident *id, size_t i)
{
	const struct wp_cert_chain_entry *e = &id->ch.v[i];

	return e->prev[0] && (e->finding == WP_CHAIN_GAP || id->ch.n == 1);
}

/*
 * Where a filtered bundle starts the identity's chain: without its first
 * certificate, the earliest whose predecessor is outside (SIZE_MAX: none).
 */
static size_t chain_start(const struct ident *id)
{
	size_t start = SIZE_MAX;

	for (size_t i = 0; i < id->ch.n; i++)
		if (!id->ch.v[i].prev[0])
			return SIZE_MAX;
	for (size_t i = 0; i < id->ch.n; i++) {
		int c;

		if (!orphan(id, i))
			continue;
		c = start == SIZE_MAX ? -1
				      : strcmp(id->when[i], id->when[start]);
		if (c < 0 || (c == 0 &&
			      strcmp(id->ch.v[i].sha, id->ch.v[start].sha) < 0))
			start = i;
	}
	return start;
}

/* Each identity's chain: its earliest certificate may start mid-chain. */
static int chains(struct verifier *v)
{
	for (size_t k = 0; k < v->nids; k++) {
		struct ident *id = &v->ids[k];
		size_t start = SIZE_MAX;
		int rc = wp_cert_chain_finish(&id->ch, v->err);

		if (rc < 0)
			return rc;
		start = chain_start(id);
		for (size_t i = 0; i < id->ch.n; i++) {
			struct wp_cert_chain_entry *e = &id->ch.v[i];

			if (i == start)
				tell(v, WP_BUNDLE_STARTS_AFTER, e->path, id->fp,
				     e->sha, e->prev,
				     "the first certificate of its identity in this bundle follows one outside it");
			else if (e->finding == WP_CHAIN_GAP)
				tell(v, WP_BUNDLE_GAP, e->path, id->fp, e->sha,
				     e->prev,
				     "its predecessor is not in the bundle");
			else if (e->finding == WP_CHAIN_FORK)
				tell(v, WP_BUNDLE_FORK, e->path, id->fp, e->sha,
				     e->prev,
				     "another certificate claims the same predecessor");
		}
	}
	v->st->identities = (long)v->nids;
	return 0;
}

static void release(struct verifier *v)
{
	while (v->npend)
		pending_drop(v, v->npend - 1);
	free(v->pend);
	free(v->held.base);
	free(v->held.json);
	free(v->held.sig);
	free(v->held.tsr);
	cm_crl_set_free(v->crls);
	for (size_t i = 0; i < v->nids; i++) {
		wp_cert_chain_release(&v->ids[i].ch);
		free(v->ids[i].when);
	}
	free(v->ids);
	wp_bundle_sums_release(&v->seen);
	free(v->sums);
	free(v->sums_sig);
	free(v->index);
	wp_bundle_index_free(v->ix);
}

static void index_told(void *ctx, const char *detail)
{
	tell(ctx, WP_BUNDLE_INDEX_ROW, WP_BUNDLE_INDEX, NULL, NULL, NULL,
	     detail);
}

/* Every member of the open @a, then the list, the pairs, the chains. */
static int run(struct verifier *v, struct archive *a)
{
	struct archive_entry *e;
	char *buf = malloc(READ_BUF);
	int r, rc = buf ? 0 : cm_err_set(v->err, -ENOMEM, "out of memory");

	while (rc == 0 &&
	       (r = archive_read_next_header(a, &e)) != ARCHIVE_EOF) {
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			rc = cm_err_setk(v->err, -EBADMSG, CM_ERR_DATAERR,
					 "not a readable tar: %s",
					 archive_error_string(a));
			break;
		}
		rc = member(v, a, e, buf);
	}
	free(buf);
	if (rc == 0)
		rc = flush_held(v);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < v->npend; i++) {
		struct pending *p = &v->pend[i];
		char m[NAME_LEN + 16];

		snprintf(m, sizeof(m), "%s.json%s", p->base,
			 p->json  ? ""
			 : p->sig ? ".p7s"
				  : ".p7s.tsr");
		tell(v, WP_BUNDLE_UNPAIRED, m, NULL, NULL, NULL,
		     p->json ? "a certificate without its signature (NAME.json.p7s)"
		     : p->sig
			     ? "a signature without its certificate (NAME.json)"
			     : "a time-stamp token without its certificate, or after it (export puts NAME.json.p7s.tsr right after NAME.json.p7s)");
	}
	compare(v);
	if (v->index)
		rc = wp_bundle_index_check(v->ix, v->index, v->index_len,
					   index_told, v, v->err);
	if (rc == 0)
		rc = chains(v);
	if (rc < 0)
		return rc;
	return v->st->problems ? 1 : 0;
}

static int verify(struct archive *a, const char *what, const char *pem,
		  size_t pem_len, const struct cm_verify_trust *tr,
		  wp_bundle_fn fn, void *ctx, struct wp_bundle_verify_stats *st,
		  struct cm_err *err)
{
	struct verifier v = {.pem = pem,
			     .pem_len = pem_len,
			     .tsa_ca_pem = tr ? tr->tsa_ca_pem : NULL,
			     .fn = fn,
			     .ctx = ctx,
			     .st = st,
			     .err = err};
	int rc = cm_cms_trust_new(pem, pem_len, &v.trust, err);

	/* the CRLs count when one of the bundle's anchors signed them */
	if (rc == 0 && tr && tr->crl_pem)
		rc = cm_crl_set_new(tr->crl_pem, pem, pem_len, &v.crls, err);

	if (rc == 0)
		rc = run(&v, a);
	release(&v);
	cm_cms_trust_free(v.trust);
	if (rc < 0)
		cm_err_wrap(err, "bundle '%s'", what);
	return rc;
}

static struct archive *reader(void)
{
	struct archive *a = archive_read_new();

	if (a && archive_read_support_format_tar(a) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

int wp_bundle_verify(const char *path, const char *pem, size_t pem_len,
		     wp_bundle_fn fn, void *ctx,
		     struct wp_bundle_verify_stats *st, struct cm_err *err)
{
	return wp_bundle_verify_trust(path, pem, pem_len, NULL, fn, ctx, st,
				      err);
}

int wp_bundle_verify_trust(const char *path, const char *pem, size_t pem_len,
			   const struct cm_verify_trust *tr, wp_bundle_fn fn,
			   void *ctx, struct wp_bundle_verify_stats *st,
			   struct cm_err *err)
{
	struct archive *a = NULL;
	int fd, rc;

	memset(st, 0, sizeof(*st));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		return cm_err_set(err, -e, "cannot open bundle '%s': %s", path,
				  strerror(e));
	}
	a = reader();
	if (!a)
		rc = cm_err_set(err, -ENOMEM, "out of memory");
	else if (archive_read_open_fd(a, fd, READ_BUF) != ARCHIVE_OK)
		rc = cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				 "bundle '%s' is not a tar: %s", path,
				 archive_error_string(a));
	else
		rc = verify(a, path, pem, pem_len, tr, fn, ctx, st, err);
	archive_read_free(a);
	close(fd);
	return rc;
}

int wp_bundle_verify_mem(const void *buf, size_t len, const char *pem,
			 size_t pem_len, wp_bundle_fn fn, void *ctx,
			 struct wp_bundle_verify_stats *st, struct cm_err *err)
{
	struct archive *a = reader();
	int rc;

	memset(st, 0, sizeof(*st));
	if (!a)
		return cm_err_set(err, -ENOMEM, "out of memory");
	if (archive_read_open_memory(a, buf, len) != ARCHIVE_OK)
		rc = cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR, "not a tar: %s",
				 archive_error_string(a));
	else
		rc = verify(a, "(memory)", pem, pem_len, NULL, fn, ctx, st,
			    err);
	archive_read_free(a);
	return rc;
}
