// SPDX-License-Identifier: Apache-2.0
/*
 * Ingest of certificates into the ledger: read once, verified from the
 * bytes read (never re-read from disk), stored in one transaction.
 */
#include <dirent.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cm_cms.h"
#include "cm_crl.h"
#include "cm_file.h"
#include "cm_hash.h"
#include "cm_json.h"
#include "cm_path.h"
#include "cm_time.h"
#include "cm_tsa.h"
#include "wp_cert.h"
#include "wp_custody.h"
#include "wp_ingest.h"
#include "wp_ledger_custody.h"
#include "wp_ledger_validation.h"
#include "wp_validation.h"

#define SIG_MAX (1024 * 1024)

struct batch {
	struct wp_ledger *l;
	struct cm_cms_trust *trust;
	const char *tsa_ca_pem;	 /* borrowed, NULL: tokens not checked */
	struct cm_crl_set *crls; /* NULL: no --crl */
	wp_ingest_reject_fn fn;
	void *ctx;
	struct wp_ingest_stats *st;
};

static const char *sub(const json_t *o, const char *a, const char *k)
{
	return cm_json_get_str(a ? json_object_get(o, a) : o, k);
}

void wp_ingest_fill(struct wp_ledger_record *r, const struct wp_cert_check *chk)
{
	const json_t *c = chk->cert;
	const json_t *host =
		json_object_get(json_object_get(c, "tool"), "host");

	memcpy(r->sha256, chk->sha256, sizeof(r->sha256));
	r->id = sub(c, NULL, "id");
	r->issued_at = sub(c, NULL, "issued_at");
	r->previous_sha256 = sub(c, NULL, "previous_sha256");
	r->station = cm_json_get_str(host, "hostname");
	r->machine_id = cm_json_get_str(host, "machine_id");
	r->serial = sub(c, "media", "serial");
	r->wwn = sub(c, "media", "wwn");
	r->asset_tag = sub(c, "media", "property_number");
	r->model = sub(c, "media", "model");
	r->result = sub(c, NULL, "result");
	r->method = sub(c, "sanitization", "method");
	r->category = sub(c, "sanitization", "category");
	r->operator_name = sub(c, "operator", "name");
	r->org = sub(c, "operator", "organization");
	r->signer_fingerprint = chk->cms.signer_fingerprint;
	r->signer_subject = chk->cms.signer_subject;
	r->customer = sub(c, NULL, "customer");
	r->job = sub(c, NULL, "job");
}

/* Remember @fp among the identities the batch touched. */
static int touch(struct wp_ingest_stats *st, const char *fp)
{
	char **v;

	if (!fp)
		return 0;
	for (int i = st->nids - 1; i >= 0; i--)
		if (!strcmp(st->ids[i], fp))
			return 0;
	v = realloc(st->ids, ((size_t)st->nids + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	st->ids = v;
	v[st->nids] = strdup(fp);
	if (!v[st->nids])
		return -ENOMEM;
	st->nids++;
	return 0;
}

void wp_ingest_stats_release(struct wp_ingest_stats *st)
{
	for (int i = 0; i < st->nids; i++)
		free(st->ids[i]);
	free(st->ids);
	st->ids = NULL;
	st->nids = 0;
}

/*
 * The trusted time of a verified certificate (its token, if any) and what
 * the CRLs say of its signer: 0 it counts, 1 it does not (why in @why),
 * <0 an error of the whole batch (a CRL no anchor signed, in @err).
 */
static int time_and_revocation(struct batch *b, const char *sigp,
			       const uint8_t *tsr, size_t tsr_len,
			       const char *sig, size_t sig_len,
			       struct wp_cert_check *chk, struct cm_err *why,
			       struct cm_err *err)
{
	char *name = NULL;
	int rc;

	if (asprintf(&name, "%s%s", sigp, CM_TSA_SUFFIX) < 0)
		return cm_err_set(err, -ENOMEM, "out of memory");
	rc = cm_tsa_token_time(name, tsr, tsr_len, (const uint8_t *)sig,
			       sig_len, &chk->cms, b->tsa_ca_pem, &chk->time,
			       why);
	free(name);
	if (rc == -ENOMEM)
		return cm_err_set(err, rc, "out of memory");
	if (rc != 0)
		return 1; /* a token that does not verify rejects its file */
	if (!b->crls)
		return 0;
	rc = cm_crl_set_judge(b->crls, &chk->cms, &chk->time, &chk->rev, why);
	chk->rev_checked = rc >= 0;
	if (rc < 0)
		*err = *why;
	return rc;
}

/* What a record's own ingest returned (0, 1 duplicate, 2 rejected, <0)
 * counted and told: as one() returns. */
static int counted(struct batch *b, const char *path, int rc,
		   struct cm_err *why)
{
	if (rc == 2) {
		b->st->rejected++;
		if (b->fn)
			b->fn(b->ctx, path, why);
		return 1;
	}
	if (rc == 1)
		b->st->duplicates++;
	else if (rc == 0)
		b->st->stored++;
	return rc < 0 ? rc : 0;
}

/* A validation record: as one() returns. */
static int validation(struct batch *b, const char *path, const char *data,
		      size_t len, const char *sig, size_t sig_len,
		      struct cm_err *why, struct cm_err *err)
{
	return counted(b, path,
		       wp_ledger_ingest_validation(
			       b->l, b->trust, path, data, len,
			       (const unsigned char *)sig, sig_len, why, err),
		       why);
}

/* One certificate: 0 stored or duplicate, 1 rejected, <0 store error. */
static int one(struct batch *b, const char *path, struct cm_err *err)
{
	struct wp_ledger_record r = {0};
	struct wp_cert_check chk = {0};
	struct cm_err why = {0};
	uint8_t md[CM_SHA256_LEN], *tsr = NULL;
	char *data = NULL, *sig = NULL, *sigp = NULL;
	char tsa_time[CM_RFC3339_LEN];
	size_t len = 0, sig_len = 0, tsr_len = 0;
	int rc;

	b->st->seen++;
	if (asprintf(&sigp, "%s.p7s", path) < 0)
		return cm_err_set(err, -ENOMEM, "out of memory");
	rc = cm_read_file(path, WP_CERT_MAX, &data, &len, &why);
	if (rc == 0 && cm_read_file(sigp, SIG_MAX, &sig, &sig_len, &why) < 0)
		rc = cm_err_set(&why, -ENOENT, "no signature: cannot read '%s'",
				sigp);
	if (rc == 0 && wp_validation_claimed(data, len)) {
		rc = validation(b, path, data, len, sig, sig_len, &why, err);
		goto out;
	}
	if (rc == 0 && wp_custody_claimed(data, len)) {
		rc = counted(b, path,
			     wp_ledger_ingest_custody(
				     b->l, b->trust, path, data, len,
				     (const unsigned char *)sig, sig_len, &why,
				     err),
			     &why);
		goto out;
	}
	if (rc == 0 && cm_tsa_read_token(sigp, &tsr, &tsr_len, &why) < 0)
		rc = -EIO;
	if (rc == 0)
		rc = wp_cert_verify_mem(path, data, len, (uint8_t *)sig,
					sig_len, b->trust, &chk, &why);
	if (rc == 0) {
		rc = time_and_revocation(b, sigp, tsr, tsr_len, sig, sig_len,
					 &chk, &why, err);
		if (rc < 0)
			goto out;
	}
	if (rc != 0) {
		b->st->rejected++;
		if (b->fn)
			b->fn(b->ctx, path, &why);
		rc = 1;
		goto out;
	}
	wp_ingest_fill(&r, &chk);
	cm_sha256_buf(sig, sig_len, md, NULL);
	cm_hex(md, sizeof(md), r.p7s_sha256);
	r.json = data;
	r.json_len = len;
	r.p7s = (const unsigned char *)sig;
	r.p7s_len = sig_len;
	r.tsr = tsr;
	r.tsr_len = tsr_len;
	if (chk.time.source == CM_TIME_TSA) {
		cm_time_rfc3339(chk.time.tsa.gen_time, tsa_time);
		r.tsa_time = tsa_time;
	}
	rc = wp_ledger_insert_cert(b->l, &r, err);
	if (rc == 1)
		b->st->duplicates++;
	else if (rc == 0)
		b->st->stored++;
	if (rc == 0 && touch(b->st, r.signer_fingerprint) < 0)
		rc = cm_err_set(err, -ENOMEM, "out of memory");
	if (rc > 0)
		rc = 0;
out:
	wp_cert_check_release(&chk);
	free(sigp);
	free(sig);
	free(tsr);
	free(data);
	return rc;
}

static bool is_cert_name(const char *n)
{
	size_t len = strlen(n);

	return n[0] != '.' && len > 5 && !strcmp(n + len - 5, ".json");
}

/*
 * Validation records (named ID.validation.json) go after everything else,
 * so that the certificates they validate are stored first, whatever the
 * directory order: phase 0 takes the rest, phase 1 them.
 */
static bool in_phase(const char *name, int phase)
{
	size_t len = strlen(name);
	static const char suf[] = ".validation.json";
	bool v = len > sizeof(suf) - 1 &&
		 !strcmp(name + len - (sizeof(suf) - 1), suf);

	return v == (phase == 1);
}

/*
 * The *.json files of @dir, in directory order (as tar and find read
 * them): one at a time, so memory does not grow with the directory.
 */
static int dir(struct batch *b, const char *path, int phase, struct cm_err *err)
{
	struct dirent *de;
	int rc = 0, worst = 0;
	DIR *d = opendir(path);

	if (!d) {
		int e = errno;

		return cm_err_set(err, -e, "cannot read '%s': %s", path,
				  strerror(e));
	}
	while (rc >= 0 && (errno = 0, de = readdir(d))) {
		char *name;

		if (!is_cert_name(de->d_name) || !in_phase(de->d_name, phase))
			continue;
		name = cm_path_join(path, de->d_name);
		if (!name) {
			rc = cm_err_set(err, -ENOMEM, "out of memory");
			break;
		}
		rc = one(b, name, err);
		free(name);
		if (rc > worst)
			worst = rc;
	}
	if (rc >= 0 && !de && errno) {
		int e = errno;

		rc = cm_err_setk(err, -e, CM_ERR_IOERR, "cannot read '%s': %s",
				 path, strerror(e));
	}
	if (rc >= 0)
		rc = worst;
	closedir(d);
	return rc;
}

/* The PEM of the trusted anchors; -ENOENT (NOINPUT) when there is none. */
static int anchors_pem(struct wp_ledger *l, char **pem, size_t *len,
		       struct cm_err *err)
{
	int n = 0, rc = wp_ledger_trust_pem(l, pem, len, &n, err);

	if (rc == 0 && !n)
		rc = cm_err_setk(
			err, -ENOENT, CM_ERR_NOINPUT,
			"the ledger trusts no signer yet: add one with 'wipe ledger trust add CERT.pem'");
	return rc;
}

int wp_ledger_ingest(struct wp_ledger *l, char *const *paths, int n,
		     const struct cm_verify_trust *tr, wp_ingest_reject_fn fn,
		     void *ctx, struct wp_ingest_stats *st, struct cm_err *err)
{
	struct batch b = {.l = l,
			  .tsa_ca_pem = tr ? tr->tsa_ca_pem : NULL,
			  .fn = fn,
			  .ctx = ctx,
			  .st = st};
	char *pem = NULL;
	size_t pem_len = 0;
	int rc, worst = 0;

	memset(st, 0, sizeof(*st));
	rc = wp_ledger_begin(l, err);
	if (rc < 0)
		return rc;
	rc = anchors_pem(l, &pem, &pem_len, err);
	if (rc == 0)
		rc = cm_cms_trust_new(pem, pem_len, &b.trust, err);
	/* the CRLs count when a ledger anchor signed them */
	if (rc == 0 && tr && tr->crl_pem)
		rc = cm_crl_set_new(tr->crl_pem, pem, pem_len, &b.crls, err);
	for (int i = 0; i < 2 * n && rc >= 0; i++) {
		const char *p = paths[i % n];
		int phase = i / n;
		struct stat sb;

		if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
			rc = dir(&b, p, phase, err);
		else if (in_phase(p, phase))
			rc = one(&b, p, err);
		if (rc > worst)
			worst = rc;
	}
	if (rc >= 0)
		rc = worst;
	if (rc == 0)
		rc = wp_ledger_commit(l, err);
	else
		wp_ledger_rollback(l);
	if (rc != 0) {
		st->duplicates = 0;
		st->stored = 0;
		wp_ingest_stats_release(st);
	}
	cm_cms_trust_free(b.trust);
	cm_crl_set_free(b.crls);
	free(pem);
	return rc;
}

int wp_ledger_accepts(struct wp_ledger *l, const struct cm_identity *id,
		      struct cm_err *err)
{
	static const char probe[] = "sanitas ledger trust probe";
	struct cm_cms_info info;
	uint8_t *der = NULL;
	size_t der_len = 0, pem_len = 0;
	char *pem = NULL;
	int rc;

	rc = anchors_pem(l, &pem, &pem_len, err);
	if (rc == 0)
		rc = cm_cms_sign(id, probe, sizeof(probe) - 1, &der, &der_len,
				 err);
	if (rc == 0)
		rc = cm_cms_verify_pem(probe, sizeof(probe) - 1, der, der_len,
				       pem, pem_len, &info, err);
	if (rc > 0) {
		cm_err_wrap(
			err,
			"the ledger does not accept this identity's signatures (trust its cert.pem or its CA with 'wipe ledger trust add')");
		err->kind = CM_ERR_NOPERM;
		rc = -EACCES;
	}
	free(der);
	free(pem);
	return rc;
}
