// SPDX-License-Identifier: Apache-2.0
/*
 * The poll loop every drive sanitize runner uses: read, judge, and stop
 * at the drive's end, an interrupt, the timeout or a stall.
 */
#include "purge/poll.h"

unsigned wp_purge_poll_run(struct wp_purge_ctx *r,
			   const struct wp_purge_poller *p)
{
	struct wp_purge_poll ps = {0};
	enum wp_poll_state st;
	uint64_t timeout, stall, now;
	uint32_t progress;
	int rc;

	wp_purge_timeouts(r->caps->estimate_secs[r->m], r->d->size, &timeout,
			  &stall);
	if (p->record_timeout)
		json_object_set_new(r->status, "timeout_secs",
				    json_integer((json_int_t)timeout));
	ps.start_ms = ps.last_change_ms = r->now(r->o->clock_ctx);
	ps.last_progress = WP_POLL_NO_PROGRESS;
	for (;;) {
		if (p->sleep_first)
			r->sleep(r->o->clock_ctx, r->poll_ms);
		rc = p->read(r, p->arg);
		now = r->now(r->o->clock_ctx);
		progress = WP_POLL_NO_PROGRESS;
		st = p->judge(r, p->arg, rc, &ps, now, &progress);
		if (st == WP_POLL_UNREAD)
			break;
		ps.polls++;
		if (st == WP_POLL_DONE || st == WP_POLL_FAILED)
			break;
		if (st == WP_POLL_IN_PROGRESS) {
			ps.seen_in_progress = true;
			if (progress != WP_POLL_NO_PROGRESS &&
			    progress != ps.last_progress) {
				ps.last_progress = progress;
				ps.last_change_ms = now;
			}
		}
		if (wp_purge_stopped(r)) {
			r->interrupted = true;
			p->give_up(r, WP_POLL_INTERRUPTED, &ps, 0);
			break;
		}
		if (now - ps.start_ms > timeout * 1000) {
			p->give_up(r, WP_POLL_TIMEOUT, &ps, timeout);
			break;
		}
		/*
		 * Until the drive reports the operation running, the last
		 * change is the start: a drive that never starts stalls too.
		 */
		if (now - ps.last_change_ms > stall * 1000) {
			p->give_up(r, WP_POLL_STALLED, &ps, stall);
			break;
		}
		if (!p->sleep_first)
			r->sleep(r->o->clock_ctx, r->poll_ms);
	}
	json_object_set_new(r->status, "polls", json_integer(ps.polls));
	return ps.polls;
}
