// SPDX-License-Identifier: Apache-2.0
/*
 * The read-back verifier (the device read into the ring, the expected data
 * regenerated a cache-sized piece at a time), the signature scan after an
 * erase, and the verification record the certificate carries.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wp_discover.h"
#include "wp_sample.h"
#include "wp_verify.h"

#define MAX_MISMATCH_RANGES 64
#define VERIFY_PIECE	    (256u * 1024) /* fits in L2 */

const char *wp_verify_mode_name(enum wp_verify_mode m)
{
	switch (m) {
	case WP_VERIFY_FULL:
		return "full";
	case WP_VERIFY_SAMPLE:
		return "sample";
	default:
		return "none";
	}
}

int wp_verify_mode_parse(const char *s, enum wp_verify_mode *m)
{
	if (!s)
		return -EINVAL;
	if (!strcmp(s, "full"))
		*m = WP_VERIFY_FULL;
	else if (!strcmp(s, "sample"))
		*m = WP_VERIFY_SAMPLE;
	else if (!strcmp(s, "none"))
		*m = WP_VERIFY_NONE;
	else
		return -EINVAL;
	return 0;
}

struct vf {
	struct wp_dev *d;
	const struct wp_verify_opts *o;
	struct wp_verify_result *r;
	struct wp_sample_plan plan;
	uint64_t pos, end;
	size_t chunk;
	void *expect;
	uint64_t progress_total;
};

static int vf_next(void *ctx, uint64_t *off, size_t *len)
{
	struct vf *v = ctx;

	if (v->o->mode == WP_VERIFY_SAMPLE) {
		uint32_t l;

		if (wp_sample_plan_next(&v->plan, off, &l))
			return 1;
		*len = l;
		return 0;
	}
	if (v->pos >= v->end)
		return 1;
	*off = v->pos;
	*len = v->end - v->pos < v->chunk ? (size_t)(v->end - v->pos)
					  : v->chunk;
	v->pos += *len;
	return 0;
}

static int vf_produce(void *ctx, struct wp_ring_slot *s, struct cm_err *err)
{
	struct vf *v = ctx;
	size_t done = 0;

	while (done < s->len) {
		ssize_t n = wp_dev_pread(v->d, (uint8_t *)s->buf + done,
					 s->len - done, s->off + done);

		if (n < 0)
			return cm_err_setk(err, (int)n, CM_ERR_IOERR,
					   "'%s': read error at byte %llu: %s",
					   v->d->path,
					   (unsigned long long)(s->off + done),
					   strerror((int)-n));
		if (n == 0)
			return cm_err_setk(err, -EIO, CM_ERR_IOERR,
					   "'%s': unexpected end at byte %llu",
					   v->d->path,
					   (unsigned long long)(s->off + done));
		done += (size_t)n;
	}
	return 0;
}

static bool all_byte(const uint8_t *b, size_t len, uint8_t v)
{
	return len == 0 || (b[0] == v && !memcmp(b, b + 1, len - 1));
}

static void record_mismatch(struct vf *v, const uint8_t *got,
			    const uint8_t *want, size_t len, uint64_t off)
{
	size_t i = 0;

	while (i < len) {
		size_t start;

		if (got[i] == want[i]) {
			i++;
			continue;
		}
		start = i;
		while (i < len && got[i] != want[i])
			i++;
		if (!v->r->mismatched_bytes)
			v->r->first_mismatch = off + start;
		v->r->mismatched_bytes += i - start;
		if (json_array_size(v->r->mismatches) < MAX_MISMATCH_RANGES)
			json_array_append_new(
				v->r->mismatches,
				json_pack("{s:I, s:I}", "offset",
					  (json_int_t)(off + start), "length",
					  (json_int_t)(i - start)));
	}
}

static int vf_consume(void *ctx, struct wp_ring_slot *s, struct cm_err *err)
{
	struct vf *v = ctx;
	const struct wp_pattern *p = v->o->pattern;
	const uint8_t *got = s->buf;
	int rc;

	v->r->samples++;
	v->r->bytes_checked += s->len;
	if (p->kind == WP_PAT_ZERO || p->kind == WP_PAT_ONE) {
		uint8_t b = p->kind == WP_PAT_ZERO ? 0x00 : 0xff;

		if (!all_byte(got, s->len, b)) {
			memset(v->expect, b, s->len);
			record_mismatch(v, got, v->expect, s->len, s->off);
		}
	} else {
		/*
		 * Regenerate and compare a cache-sized piece at a time: the
		 * expected data never makes a round trip through memory.
		 */
		for (size_t o = 0; o < s->len; o += VERIFY_PIECE) {
			size_t n = s->len - o < VERIFY_PIECE ? s->len - o
							     : VERIFY_PIECE;

			rc = wp_pattern_fill(p, v->o->ks, v->o->pass,
					     s->off + o, v->expect, n, err);
			if (rc < 0)
				return rc;
			if (memcmp(got + o, v->expect, n))
				record_mismatch(v, got + o, v->expect, n,
						s->off + o);
		}
	}
	if (v->o->progress)
		v->o->progress(v->o->progress_ctx, "verify",
			       v->r->bytes_checked, v->progress_total);
	return 0;
}

int wp_verify_run(struct wp_dev *d, const struct wp_verify_opts *o,
		  struct wp_verify_result *r, struct cm_err *err)
{
	struct vf v = {0};
	struct wp_ring p = {0};
	int rc;

	memset(r, 0, sizeof(*r));
	r->mismatches = json_array();
	if (!r->mismatches)
		return cm_err_set(err, -ENOMEM, "out of memory");
	if (o->mode == WP_VERIFY_NONE)
		return 0;
	v.d = d;
	v.o = o;
	v.r = r;
	v.chunk = o->chunk ? o->chunk : WP_CHUNK;
	v.end = d->size;
	v.progress_total = d->size;
	if (o->mode == WP_VERIFY_SAMPLE) {
		wp_sample_plan_init(&v.plan, d->size, d->logical_block, o->pct,
				    o->seed);
		v.progress_total = v.plan.bytes;
		if (v.chunk < WP_SAMPLE_EDGE)
			v.chunk = WP_SAMPLE_EDGE;
	}
	/* read the media, not what we just wrote into the page cache */
	rc = wp_dev_drop_cache(d);
	if (rc < 0)
		return cm_err_setk(
			err, rc, CM_ERR_IOERR,
			"'%s': cannot drop the cache before verifying: %s",
			d->path, strerror(-rc));
	if (posix_memalign(&v.expect, WP_BUF_ALIGN, v.chunk))
		return cm_err_set(err, -ENOMEM, "out of memory");
	p.next = vf_next;
	p.produce = vf_produce;
	p.consume = vf_consume;
	p.ctx = &v;
	p.stop = o->stop;
	rc = wp_ring_run(&p, v.chunk, err);
	free(v.expect);
	if (rc < 0)
		return rc;
	r->interrupted = p.stopped;
	return r->mismatched_bytes ? 1 : 0;
}

static json_t *signatures_json(const struct wp_signature *sigs, int n)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:I}", "type",
						   sigs[i].type, "usage",
						   sigs[i].usage, "offset",
						   (json_int_t)sigs[i].offset));
	return a;
}

/*
 * After any erase, libblkid must find nothing: read through a fresh
 * open so that no cached page of ours is consulted.
 */
int wp_verify_signatures(struct wp_dev *d, json_t **found, struct cm_err *err)
{
	struct wp_signature sigs[16];
	int n = 0, rc;

	rc = wp_dev_drop_cache(d);
	if (rc < 0)
		return cm_err_set(err, rc, "'%s': cannot drop the cache: %s",
				  d->path, strerror(-rc));
	rc = wp_probe_signatures(d->path, sigs, 16, &n, err);
	if (rc < 0)
		return rc;
	*found = signatures_json(sigs, n);
	return n;
}

json_t *wp_verify_record(const struct wp_dev *d,
			 const struct wp_verify_opts *vo,
			 const struct wp_verify_result *vr, int vrc, int nsig,
			 json_t *sigs, const char *expected,
			 const char **result)
{
	const char *vres = vr->interrupted		? "interrupted"
			   : vrc == 1 || nsig > 0	? "failed"
			   : vo->mode == WP_VERIFY_NONE ? "not-run"
							: "passed";
	json_t *vdetails;

	*result = vres;

	vdetails = json_pack(
		"{s:s, s:I, s:I, s:O, s:o, s:s}", "expected", expected,
		"bytes_checked", (json_int_t)vr->bytes_checked,
		"mismatched_bytes", (json_int_t)vr->mismatched_bytes,
		"mismatches", vr->mismatches, "signatures_found", sigs,
		"cache_bypass",
		d->direct
			? "O_DIRECT reads after cache drop"
			: "buffered reads after BLKFLSBUF and POSIX_FADV_DONTNEED");
	if (!vdetails)
		return NULL;
	if (vo->mode == WP_VERIFY_SAMPLE) {
		json_object_set_new(vdetails, "seed",
				    json_integer((json_int_t)vo->seed));
		json_object_set_new(vdetails, "sample_percent",
				    json_real(vo->pct));
		json_object_set_new(vdetails, "sample_block",
				    json_integer(WP_SAMPLE_BLOCK));
		json_object_set_new(vdetails, "edges",
				    json_string("first and last MiB"));
	}
	if (vr->mismatched_bytes)
		json_object_set_new(
			vdetails, "first_mismatch",
			json_integer((json_int_t)vr->first_mismatch));
	return json_pack(
		"{s:s, s:o, s:o, s:s, s:o}", "method",
		wp_verify_mode_name(vo->mode), "coverage",
		vo->mode == WP_VERIFY_NONE
			? json_null()
			: json_real(d->size ? (double)vr->bytes_checked /
						      (double)d->size
					    : 1.0),
		"samples",
		vo->mode == WP_VERIFY_NONE
			? json_null()
			: json_integer((json_int_t)vr->samples),
		"result", vres, "details", vdetails);
}
