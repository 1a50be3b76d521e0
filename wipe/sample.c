// SPDX-License-Identifier: Apache-2.0
/*
 * Seeded sample plans for sampled verification.
 *
 * NIST SP 800-88r1 section 4.7 describes sampled verification as reading
 * pseudorandom locations; we take one block from each of @count equal
 * subsections so samples spread over the whole device, plus the first and
 * last MiB where partition tables and backup headers live.
 */
#include <string.h>

#include "wp_sample.h"

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t align_down(uint64_t v, uint32_t a)
{
	return v - v % a;
}

void wp_sample_plan_init(struct wp_sample_plan *p, uint64_t size,
			 uint32_t align, double pct, uint64_t seed)
{
	uint64_t middle, want;

	memset(p, 0, sizeof(*p));
	p->size = size;
	p->align = align ? align : 512;
	p->block = WP_SAMPLE_BLOCK - WP_SAMPLE_BLOCK % p->align;
	if (!p->block)
		p->block = p->align;
	p->seed = seed;
	p->pct = pct > 100 ? 100 : pct;
	if (size <= 2ULL * WP_SAMPLE_EDGE) {
		p->count = 0;
		p->bytes = size;
		return;
	}
	middle = size - 2ULL * WP_SAMPLE_EDGE;
	want = (uint64_t)((double)size * p->pct / 100.0);
	want = want > 2ULL * WP_SAMPLE_EDGE ? want - 2ULL * WP_SAMPLE_EDGE : 0;
	p->count = (want + p->block - 1) / p->block;
	if (p->count && middle / p->count < p->block)
		p->count = middle / p->block; /* subsections can't be smaller */
	p->bytes = 2ULL * WP_SAMPLE_EDGE + p->count * p->block;
}

int wp_sample_plan_next(struct wp_sample_plan *p, uint64_t *off, uint32_t *len)
{
	uint64_t idx = p->next;

	if (p->size <= 2ULL * WP_SAMPLE_EDGE) {
		/* small device: the whole of it, in edge-sized pieces */
		uint64_t o = idx * WP_SAMPLE_EDGE;

		if (o >= p->size)
			return 1;
		*off = o;
		*len = (uint32_t)(p->size - o < WP_SAMPLE_EDGE
					  ? p->size - o
					  : WP_SAMPLE_EDGE);
		p->next++;
		return 0;
	}
	if (idx == 0) {
		*off = 0;
		*len = WP_SAMPLE_EDGE;
	} else if (idx <= p->count) {
		uint64_t middle = p->size - 2ULL * WP_SAMPLE_EDGE;
		uint64_t sub = middle / p->count;
		uint64_t base = WP_SAMPLE_EDGE + (idx - 1) * sub;
		uint64_t room = sub - p->block;
		uint64_t r = splitmix64(p->seed ^ splitmix64(idx));

		*off = align_down(base + (room ? r % (room + 1) : 0), p->align);
		if (*off < base) /* base itself may be unaligned */
			*off += p->align;
		*len = p->block;
	} else if (idx == p->count + 1) {
		*off = align_down(p->size - WP_SAMPLE_EDGE, p->align);
		*len = (uint32_t)(p->size - *off);
	} else {
		return 1;
	}
	p->next++;
	return 0;
}
