// SPDX-License-Identifier: Apache-2.0
/*
 * The overwrite engine: the pattern produced into the ring, written by the
 * caller's thread, failed chunks rewritten block by block to find exactly
 * which LBAs fail.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cm_time.h"
#include "wp_overwrite.h"

#define MAX_BAD_RANGES	4096
#define DEAD_CHUNKS	4 /* consecutive unwritable chunks: give up */
#define CHECKPOINT_SECS 10.0

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

static int ow_produce(void *ctx, struct wp_ring_slot *s, struct cm_err *err)
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

static int ow_consume(void *ctx, struct wp_ring_slot *s, struct cm_err *err)
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
				if (w->o->unwritten)
					atomic_fetch_add(w->o->unwritten, n);
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
		struct wp_ring p = {0};

		w.pos = w.pass == o->start_pass ? o->start_off : 0;
		w.pos -= w.pos % d->logical_block;
		w.done = w.pos;
		p.next = ow_next;
		p.produce = ow_produce;
		p.consume = ow_consume;
		p.ctx = &w;
		p.stop = o->stop;
		rc = wp_ring_run(&p, w.chunk, err);
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
