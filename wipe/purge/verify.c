// SPDX-License-Identifier: Apache-2.0
/*
 * Purge verification: seeded sample blocks hashed before the erase and
 * compared after it against what the erase should have done.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "cm_hash.h"
#include "cm_random.h"
#include "purge/run.h"
#include "purge/verify.h"
#include "wp_luks.h"
#include "wp_sample.h"

#define DEFAULT_PCT 0.1

uint8_t wp_purge_classify(const uint8_t *b, size_t n)
{
	bool z = true, f = true;

	for (size_t i = 0; i < n && (z || f); i++) {
		z = z && b[i] == 0x00;
		f = f && b[i] == 0xFF;
	}
	return z ? 0 : f ? 1 : 2;
}

int wp_purge_read_fully(struct wp_dev *d, uint8_t *buf, uint32_t len,
			uint64_t off)
{
	uint32_t done = 0;

	while (done < len) {
		ssize_t n = wp_dev_pread(d, buf + done, len - done, off + done);

		if (n < 0)
			return (int)n;
		if (n == 0)
			return -EIO;
		done += (uint32_t)n;
	}
	return 0;
}

static int sha256(const void *b, size_t n, uint8_t out[32])
{
	unsigned int len = 32;

	return EVP_Digest(b, n, out, &len, EVP_sha256(), NULL) ? 0 : -EIO;
}

int wp_purge_sample_plan(struct wp_purge_ctx *r, struct wp_purge_samples *s)
{
	struct wp_sample_plan p;
	uint64_t off;
	uint32_t len;

	s->pct = r->o && r->o->sample_pct > 0 ? r->o->sample_pct : DEFAULT_PCT;
	s->seed = r->o ? r->o->seed : 0;
	wp_sample_plan_init(&p, r->d->size, r->d->logical_block, s->pct,
			    s->seed);
	while (wp_sample_plan_next(&p, &off, &len) == 0) {
		while (len) {
			uint32_t l = len > WP_PURGE_UNIT_MAX ? WP_PURGE_UNIT_MAX
							     : len;

			if (s->n == s->cap) {
				size_t nc = s->cap ? s->cap * 2 : 64;
				struct wp_purge_sample *nv =
					realloc(s->v, nc * sizeof(*nv));

				if (!nv)
					return -ENOMEM;
				s->v = nv;
				s->cap = nc;
			}
			s->v[s->n++] =
				(struct wp_purge_sample){.off = off, .len = l};
			s->bytes += l;
			off += l;
			len -= l;
		}
	}
	return 0;
}

/* Hash every sample (@after selects the slot); fills the commitment. */
int wp_purge_sample_hash(struct wp_purge_ctx *r, struct wp_purge_samples *s,
			 bool after)
{
	EVP_MD_CTX *all = NULL;
	uint8_t *buf = NULL;
	unsigned int dl = 32;
	int rc;

	rc = wp_dev_drop_cache(r->d);
	if (rc < 0 && rc != -EOPNOTSUPP)
		return rc;
	if (posix_memalign((void **)&buf, 4096, WP_PURGE_UNIT_MAX))
		return -ENOMEM;
	all = EVP_MD_CTX_new();
	if (!all || !EVP_DigestInit_ex(all, EVP_sha256(), NULL)) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < s->n; i++) {
		struct wp_purge_sample *x = &s->v[i];
		uint8_t *h = after ? x->after : x->before;

		rc = wp_purge_read_fully(r->d, buf, x->len, x->off);
		if (rc < 0)
			goto out;
		rc = sha256(buf, x->len, h);
		if (rc < 0)
			goto out;
		if (!after)
			x->kind = wp_purge_classify(buf, x->len);
		if (!EVP_DigestUpdate(all, h, 32)) {
			rc = -EIO;
			goto out;
		}
	}
	if (!EVP_DigestFinal_ex(all, after ? s->commit_after : s->commit_before,
				&dl))
		rc = -EIO;
	else
		rc = 0;
out:
	EVP_MD_CTX_free(all);
	free(buf);
	return rc;
}

/*
 * After the erase: re-read the samples, compare, and record the outcome
 * in res->verification. Returns true when verification passed.
 */
bool wp_purge_verify_after(struct wp_purge_ctx *r, struct wp_purge_samples *s,
			   enum wp_purge_verify_kind k, uint8_t pattern)
{
	json_t *v = json_object(), *bad = json_array();
	uint8_t *buf = NULL;
	size_t data_bearing = 0, changed = 0, unchanged = 0, mismatch = 0,
	       uniform = 0;
	char h[65], sig[64] = "";
	bool ok = true;
	int rc;

	/* read the media, not our page cache */
	wp_dev_drop_cache(r->d);
	if (posix_memalign((void **)&buf, 4096, WP_PURGE_UNIT_MAX)) {
		ok = false;
		goto out;
	}
	for (size_t i = 0; i < s->n; i++) {
		struct wp_purge_sample *x = &s->v[i];
		uint8_t now;
		bool differs, is_bad = false;

		rc = wp_purge_read_fully(r->d, buf, x->len, x->off);
		if (rc < 0) {
			ok = false;
			json_array_append_new(
				bad, json_pack("{s:I, s:s}", "offset",
					       (json_int_t)x->off, "error",
					       strerror(-rc)));
			continue;
		}
		sha256(buf, x->len, x->after);
		now = wp_purge_classify(buf, x->len);
		differs = memcmp(x->before, x->after, 32) != 0;
		if (x->kind == 2)
			data_bearing++;
		if (differs)
			changed++;
		if (now != 2)
			uniform++;
		switch (k) {
		case WP_PURGE_V_DIFF:
			if (x->kind == 2 && !differs) {
				unchanged++;
				is_bad = true;
			}
			break;
		case WP_PURGE_V_PATTERN:
			if (now != (pattern == 0xFF ? 1 : 0)) {
				mismatch++;
				is_bad = true;
			}
			break;
		case WP_PURGE_V_DEALLOC:
			if (now == 2 && (x->kind == 2 && !differs)) {
				unchanged++;
				is_bad = true;
			}
			break;
		}
		if (is_bad) {
			ok = false;
			if (json_array_size(bad) < 16)
				json_array_append_new(
					bad,
					json_pack("{s:I, s:i}", "offset",
						  (json_int_t)x->off, "length",
						  (json_int_t)x->len));
		}
	}
	{
		EVP_MD_CTX *all = EVP_MD_CTX_new();
		unsigned int dl = 32;

		if (all && EVP_DigestInit_ex(all, EVP_sha256(), NULL)) {
			for (size_t i = 0; i < s->n; i++)
				EVP_DigestUpdate(all, s->v[i].after, 32);
			EVP_DigestFinal_ex(all, s->commit_after, &dl);
		}
		EVP_MD_CTX_free(all);
	}
	rc = wp_blkid_find_signature(r->d, sig, sizeof(sig));
	if (rc == 1) {
		ok = false;
		json_object_set_new(v, "blkid",
				    json_sprintf("signature '%s' found", sig));
	} else if (rc == 0) {
		json_object_set_new(v, "blkid", json_string("no signature"));
	} else {
		json_object_set_new(v, "blkid", json_string("not checked"));
	}
out:
	json_object_set_new(v, "method", json_string("sample"));
	/* as for overwrites: the fraction of the device read back */
	json_object_set_new(
		v, "coverage",
		json_real(r->d->size ? (double)s->bytes / (double)r->d->size
				     : 0));
	json_object_set_new(v, "samples", json_integer((json_int_t)s->n));
	json_object_set_new(v, "result", json_string(ok ? "passed" : "failed"));
	{
		json_t *det = json_object();

		json_object_set_new(det, "seed",
				    json_integer((json_int_t)s->seed));
		json_object_set_new(det, "percent", json_real(s->pct));
		json_object_set_new(det, "block_bytes",
				    json_integer(WP_PURGE_UNIT_MAX));
		json_object_set_new(det, "bytes_checked",
				    json_integer((json_int_t)s->bytes));
		json_object_set_new(
			det, "check",
			json_string(
				k == WP_PURGE_V_DIFF
					? "every sampled block that held data differs after"
				: k == WP_PURGE_V_PATTERN
					? "every sampled block reads back the overwrite pattern"
					: "every sampled block reads 0x00/0xFF or differs after"));
		cm_hex(s->commit_before, 32, h);
		json_object_set_new(det, "before_sha256", json_string(h));
		cm_hex(s->commit_after, 32, h);
		json_object_set_new(det, "after_sha256", json_string(h));
		json_object_set_new(det, "data_bearing",
				    json_integer((json_int_t)data_bearing));
		json_object_set_new(det, "changed",
				    json_integer((json_int_t)changed));
		json_object_set_new(det, "uniform_after",
				    json_integer((json_int_t)uniform));
		if (k == WP_PURGE_V_PATTERN)
			json_object_set_new(det, "pattern_mismatch",
					    json_integer((json_int_t)mismatch));
		else
			json_object_set_new(
				det, "unchanged",
				json_integer((json_int_t)unchanged));
		json_object_set_new(det, "failures", bad);
		bad = NULL;
		json_object_set_new(v, "details", det);
	}
	json_decref(bad);
	free(buf);
	json_decref(r->res->verification);
	r->res->verification = v;
	return ok;
}
