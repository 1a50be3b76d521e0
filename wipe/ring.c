// SPDX-License-Identifier: Apache-2.0
/*
 * The ring of aligned buffers: a producer thread fills slots while the
 * caller's thread consumes them, in order.
 */
#include <errno.h>
#include <stdlib.h>

#include "wp_ring.h"

static void *producer(void *arg)
{
	struct wp_ring *p = arg;

	for (;;) {
		struct wp_ring_slot *s;
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

int wp_ring_run(struct wp_ring *p, size_t bufsize, struct cm_err *err)
{
	pthread_t th;
	int rc = 0, i;

	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	for (i = 0; i < WP_NBUF; i++) {
		if (posix_memalign(&p->slot[i].buf, WP_BUF_ALIGN, bufsize)) {
			rc = cm_err_set(err, -ENOMEM, "out of memory");
			goto out;
		}
	}
	if (pthread_create(&th, NULL, producer, p)) {
		rc = cm_err_set(err, -EAGAIN, "cannot start a thread");
		goto out;
	}
	for (;;) {
		struct wp_ring_slot *s;

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
