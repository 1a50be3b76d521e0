// SPDX-License-Identifier: Apache-2.0
/*
 * The overwrite engine (Clear) and the read-back verifier, streaming through
 * a ring of aligned buffers.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_hash.h"
#include "cm_time.h"
#include "wp_engine.h"
#include "wp_sample.h"

#define BUF_ALIGN	    4096
#define MAX_BAD_RANGES	    4096
#define MAX_MISMATCH_RANGES 64
#define DEAD_CHUNKS	    4 /* consecutive unwritable chunks: give up */
#define CHECKPOINT_SECS	    10.0
#define VERIFY_PIECE	    (256u * 1024) /* fits in L2 */

/* ---- patterns ---- */

int wp_pattern_parse(const char *s, struct wp_pattern *p, struct cm_err *err)
{
	memset(p, 0, sizeof(*p));
	if (!strcmp(s, "zero")) {
		p->kind = WP_PAT_ZERO;
		return 0;
	}
	if (!strcmp(s, "one")) {
		p->kind = WP_PAT_ONE;
		return 0;
	}
	if (!strcmp(s, "random")) {
		p->kind = WP_PAT_RANDOM;
		return 0;
	}
	if (!strncmp(s, "pattern:", 8)) {
		const char *h = s + 8;
		size_t n = strlen(h);

		if (n == 0 || n % 2 || n / 2 > sizeof(p->bytes))
			return cm_err_setk(
				err, -EINVAL, CM_ERR_USAGE,
				"pattern '%s': give 1 to %zu bytes as an even number of hex digits, e.g. pattern:a55a",
				h, sizeof(p->bytes));
		for (size_t i = 0; i < n / 2; i++) {
			int hi = cm_hexval(h[2 * i]),
			    lo = cm_hexval(h[2 * i + 1]);

			if (hi < 0 || lo < 0)
				return cm_err_setk(
					err, -EINVAL, CM_ERR_USAGE,
					"pattern '%s': '%c%c' is not a hex byte",
					h, h[2 * i], h[2 * i + 1]);
			p->bytes[i] = (uint8_t)(hi << 4 | lo);
		}
		p->kind = WP_PAT_BYTES;
		p->nbytes = n / 2;
		return 0;
	}
	return cm_err_setk(
		err, -EINVAL, CM_ERR_USAGE,
		"unknown pattern '%s' (zero, one, random or pattern:HEX)", s);
}

void wp_pattern_name(const struct wp_pattern *p, char *buf, size_t len)
{
	switch (p->kind) {
	case WP_PAT_ZERO:
		snprintf(buf, len, "zero");
		break;
	case WP_PAT_ONE:
		snprintf(buf, len, "one");
		break;
	case WP_PAT_RANDOM:
		snprintf(buf, len, "random");
		break;
	case WP_PAT_BYTES: {
		size_t o = (size_t)snprintf(buf, len, "pattern:");

		for (size_t i = 0; i < p->nbytes && o + 3 <= len; i++)
			o += (size_t)snprintf(buf + o, len - o, "%02x",
					      p->bytes[i]);
		break;
	}
	}
}

int wp_pattern_fill(const struct wp_pattern *p, struct wp_keystream *ks,
		    unsigned pass, uint64_t off, void *buf, size_t len,
		    struct cm_err *err)
{
	uint8_t *b = buf;

	switch (p->kind) {
	case WP_PAT_ZERO:
		memset(buf, 0, len);
		return 0;
	case WP_PAT_ONE:
		memset(buf, 0xff, len);
		return 0;
	case WP_PAT_RANDOM:
		return wp_keystream_fill(ks, pass, off, buf, len, err);
	case WP_PAT_BYTES: {
		size_t n = p->nbytes, phase = (size_t)(off % n), done;

		/* seed one period, then double the filled prefix */
		for (done = 0; done < len && done < n; done++)
			b[done] = p->bytes[(phase + done) % n];
		while (done < len) {
			size_t step = done;

			/* copy whole periods only, to keep the phase */
			step -= step % n;
			if (step > len - done)
				step = len - done;
			memcpy(b + done, b, step);
			done += step;
		}
		return 0;
	}
	}
	return cm_err_set(err, -EINVAL, "bad pattern");
}

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

/* ---- the pipeline: a producer thread and the caller as consumer ---- */

struct pipe_slot {
	void *buf;
	uint64_t off;
	size_t len;
	bool full;
	bool init; /* buffer holds a fixed pattern already */
};

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct pipe_slot slot[WP_NBUF];
	size_t head, tail;
	bool done, cancel;
	int prod_rc;
	struct cm_err prod_err;
	/* next range: 0 ok, 1 end */
	int (*next)(void *ctx, uint64_t *off, size_t *len);
	int (*produce)(void *ctx, struct pipe_slot *s, struct cm_err *err);
	int (*consume)(void *ctx, struct pipe_slot *s, struct cm_err *err);
	void *ctx;
	volatile sig_atomic_t *stop;
	bool stopped;
};

static void *producer(void *arg)
{
	struct pipe *p = arg;

	for (;;) {
		struct pipe_slot *s;
		uint64_t off;
		size_t len;
		int rc;

		pthread_mutex_lock(&p->mu);
		while (p->slot[p->head].full && !p->cancel)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->cancel) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		s = &p->slot[p->head];
		pthread_mutex_unlock(&p->mu);
		if (p->next(p->ctx, &off, &len))
			break;
		s->off = off;
		s->len = len;
		rc = p->produce(p->ctx, s, &p->prod_err);
		pthread_mutex_lock(&p->mu);
		if (rc < 0) {
			p->prod_rc = rc;
			pthread_mutex_unlock(&p->mu);
			break;
		}
		s->full = true;
		p->head = (p->head + 1) % WP_NBUF;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	pthread_mutex_lock(&p->mu);
	p->done = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static int pipe_run(struct pipe *p, size_t bufsize, struct cm_err *err)
{
	pthread_t th;
	int rc = 0, i;

	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	for (i = 0; i < WP_NBUF; i++) {
		if (posix_memalign(&p->slot[i].buf, BUF_ALIGN, bufsize)) {
			rc = cm_err_set(err, -ENOMEM, "out of memory");
			goto out;
		}
	}
	if (pthread_create(&th, NULL, producer, p)) {
		rc = cm_err_set(err, -EAGAIN, "cannot start a thread");
		goto out;
	}
	for (;;) {
		struct pipe_slot *s;

		pthread_mutex_lock(&p->mu);
		while (!p->slot[p->tail].full && !p->done)
			pthread_cond_wait(&p->cv, &p->mu);
		if (!p->slot[p->tail].full) { /* producer finished */
			pthread_mutex_unlock(&p->mu);
			break;
		}
		s = &p->slot[p->tail];
		pthread_mutex_unlock(&p->mu);
		rc = p->consume(p->ctx, s, err);
		pthread_mutex_lock(&p->mu);
		s->full = false;
		p->tail = (p->tail + 1) % WP_NBUF;
		if (rc < 0 || (p->stop && *p->stop)) {
			/* a safe point: the consumed chunk is complete */
			p->stopped = rc == 0;
			p->cancel = true;
		}
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		if (p->cancel)
			break;
	}
	pthread_join(th, NULL);
	if (rc == 0 && p->prod_rc < 0) {
		rc = p->prod_rc;
		if (err)
			*err = p->prod_err;
	}
out:
	for (i = 0; i < WP_NBUF; i++)
		free(p->slot[i].buf);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	return rc;
}

/* ---- overwrite ---- */

struct ow {
	struct wp_dev *d;
	const struct wp_overwrite_opts *o;
	struct wp_overwrite_state *st;
	unsigned pass;
	uint64_t pos; /* next offset to hand out */
	uint64_t end;
	size_t chunk;
	uint64_t done; /* consumed up to here, this pass */
	unsigned dead; /* consecutive wholly failed chunks */
	double last_ckpt;
	unsigned retries;
};

static int ow_next(void *ctx, uint64_t *off, size_t *len)
{
	struct ow *w = ctx;

	if (w->pos >= w->end)
		return 1;
	*off = w->pos;
	*len = w->end - w->pos < w->chunk ? (size_t)(w->end - w->pos)
					  : w->chunk;
	w->pos += *len;
	return 0;
}

static int ow_produce(void *ctx, struct pipe_slot *s, struct cm_err *err)
{
	struct ow *w = ctx;
	const struct wp_pattern *p = &w->o->pattern;

	/* fixed bytes need filling once per buffer */
	if ((p->kind == WP_PAT_ZERO || p->kind == WP_PAT_ONE) && s->init)
		return 0;
	s->init = true;
	return wp_pattern_fill(p, w->o->ks, w->pass, s->off, s->buf, s->len,
			       err);
}

static void add_bad_range(json_t *ranges, uint64_t first, uint64_t last, int e)
{
	size_t n = json_array_size(ranges);
	json_t *prev = n ? json_array_get(ranges, n - 1) : NULL;

	if (prev &&
	    (uint64_t)json_integer_value(json_object_get(prev, "last_lba")) +
			    1 ==
		    first) {
		json_object_set_new(prev, "last_lba",
				    json_integer((json_int_t)last));
		return;
	}
	if (n >= MAX_BAD_RANGES)
		return;
	json_array_append_new(ranges, json_pack("{s:I, s:I, s:s}", "first_lba",
						(json_int_t)first, "last_lba",
						(json_int_t)last, "error",
						strerror(-e)));
}

static int write_fully(struct wp_dev *d, const uint8_t *buf, size_t len,
		       uint64_t off, unsigned retries)
{
	size_t done = 0;
	unsigned tries = 0;

	while (done < len) {
		ssize_t n =
			wp_dev_pwrite(d, buf + done, len - done, off + done);

		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (++tries > retries)
			return n < 0 ? (int)n : -EIO;
	}
	return 0;
}

static int ow_consume(void *ctx, struct pipe_slot *s, struct cm_err *err)
{
	struct ow *w = ctx;
	const uint8_t *buf = s->buf;
	int rc;

	rc = write_fully(w->d, buf, s->len, s->off, w->retries);
	if (rc < 0) {
		/*
		 * Find exactly which blocks fail: rewrite this chunk one
		 * physical block at a time and record what still fails.
		 */
		uint32_t bs = w->d->physical_block ? w->d->physical_block
						   : w->d->logical_block;
		uint32_t lbs =
			w->o->lba_size ? w->o->lba_size : w->d->logical_block;
		size_t failed = 0;

		for (size_t o = 0; o < s->len; o += bs) {
			size_t n = s->len - o < bs ? s->len - o : bs;
			/* the chunk was retried already: once per block */
			int r = write_fully(w->d, buf + o, n, s->off + o, 1);

			if (r < 0) {
				failed += n;
				add_bad_range(w->st->bad_ranges,
					      (s->off + o) / lbs,
					      (s->off + o + n - 1) / lbs, r);
			} else {
				w->st->bytes_written += n;
			}
		}
		w->dead = failed == s->len ? w->dead + 1 : 0;
		if (w->dead >= DEAD_CHUNKS) {
			w->st->aborted = true;
			return cm_err_setk(
				err, -EIO, CM_ERR_IOERR,
				"'%s': %u consecutive chunks could not be written: giving up",
				w->d->path, w->dead);
		}
	} else {
		w->dead = 0;
		w->st->bytes_written += s->len;
	}
	w->done = s->off + s->len;
	if (w->o->progress) {
		char phase[32];

		snprintf(phase, sizeof(phase), "pass %u/%u", w->pass + 1,
			 w->o->passes);
		w->o->progress(w->o->progress_ctx, phase, w->done, w->end);
	}
	if (w->o->checkpoint &&
	    cm_time_mono() - w->last_ckpt >= CHECKPOINT_SECS) {
		/* durable before we claim it as a resume point */
		if (wp_dev_flush(w->d) == 0)
			w->o->checkpoint(w->o->checkpoint_ctx, w->pass,
					 w->done);
		w->last_ckpt = cm_time_mono();
	}
	return 0;
}

int wp_overwrite_run(struct wp_dev *d, const struct wp_overwrite_opts *o,
		     struct wp_overwrite_state *st, struct cm_err *err)
{
	struct ow w = {0};
	int rc = 0;

	memset(st, 0, sizeof(*st));
	st->bad_ranges = json_array();
	if (!st->bad_ranges)
		return cm_err_set(err, -ENOMEM, "out of memory");
	if (o->pattern.kind == WP_PAT_RANDOM && !o->ks)
		return cm_err_set(err, -EINVAL, "random pattern without a key");
	w.d = d;
	w.o = o;
	w.st = st;
	w.chunk = o->chunk ? o->chunk : WP_CHUNK;
	w.end = d->size;
	w.retries = o->retries ? o->retries : 3;
	w.last_ckpt = cm_time_mono();
	for (w.pass = o->start_pass; w.pass < o->passes; w.pass++) {
		struct pipe p = {0};

		w.pos = w.pass == o->start_pass ? o->start_off : 0;
		w.pos -= w.pos % d->logical_block;
		w.done = w.pos;
		p.next = ow_next;
		p.produce = ow_produce;
		p.consume = ow_consume;
		p.ctx = &w;
		p.stop = o->stop;
		rc = pipe_run(&p, w.chunk, err);
		st->pass = w.pass;
		st->offset = w.done;
		if (rc < 0)
			break;
		rc = wp_dev_flush(d);
		if (rc < 0) {
			cm_err_setk(err, rc, CM_ERR_IOERR,
				    "'%s': cannot flush: %s", d->path,
				    strerror(-rc));
			break;
		}
		if (p.stopped && w.done < w.end) {
			st->interrupted = true;
			return 0;
		}
		if (p.stopped && w.pass + 1 < o->passes) {
			st->pass = w.pass + 1;
			st->offset = 0;
			st->interrupted = true;
			return 0;
		}
	}
	if (rc == 0) {
		st->pass = o->passes;
		st->offset = d->size;
	}
	return rc;
}

/* ---- verify ---- */

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

static int vf_produce(void *ctx, struct pipe_slot *s, struct cm_err *err)
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

static int vf_consume(void *ctx, struct pipe_slot *s, struct cm_err *err)
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
	struct pipe p = {0};
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
	if (posix_memalign(&v.expect, BUF_ALIGN, v.chunk))
		return cm_err_set(err, -ENOMEM, "out of memory");
	p.next = vf_next;
	p.produce = vf_produce;
	p.consume = vf_consume;
	p.ctx = &v;
	p.stop = o->stop;
	rc = pipe_run(&p, v.chunk, err);
	free(v.expect);
	if (rc < 0)
		return rc;
	r->interrupted = p.stopped;
	return r->mismatched_bytes ? 1 : 0;
}
