/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Purge verification: before/after sample commitments of a drive erase.
 */
#ifndef SANITAS_PURGE_VERIFY_H
#define SANITAS_PURGE_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "purge/run.h"
#include "wp_dev.h"
#include "wp_sample.h"

#define WP_PURGE_UNIT_MAX WP_SAMPLE_BLOCK /* bytes hashed as one block */

struct wp_purge_sample {
	uint64_t off;
	uint32_t len;
	uint8_t kind; /* 0 all 0x00, 1 all 0xFF, 2 data */
	uint8_t before[32];
	uint8_t after[32];
};

struct wp_purge_samples {
	struct wp_purge_sample *v;
	size_t n, cap;
	double pct;
	uint64_t seed;
	uint64_t bytes; /* total sampled */
	uint8_t commit_before[32], commit_after[32];
};

enum wp_purge_verify_kind {
	WP_PURGE_V_DIFF, /* crypto / block erase: data-bearing blocks differ */
	WP_PURGE_V_PATTERN, /* overwrite: every block reads back the pattern */
	WP_PURGE_V_DEALLOC, /* Format SES=1: 0x00/0xFF, else must differ */
};

/* 0 all 0x00, 1 all 0xFF, 2 data. */
uint8_t wp_purge_classify(const uint8_t *b, size_t n);

/* Read exactly @len bytes at @off of @d; 0 or -errno. */
int wp_purge_read_fully(struct wp_dev *d, uint8_t *buf, uint32_t len,
			uint64_t off);

/* Choose the seeded sample blocks of @r's device into @s. */
int wp_purge_sample_plan(struct wp_purge_ctx *r, struct wp_purge_samples *s);

/* Hash every sample of @s (before the erase, or @after it). */
int wp_purge_sample_hash(struct wp_purge_ctx *r, struct wp_purge_samples *s,
			 bool after);

/*
 * After the erase: re-read the samples, compare, and record the outcome
 * in res->verification. Returns true when verification passed.
 */
bool wp_purge_verify_after(struct wp_purge_ctx *r, struct wp_purge_samples *s,
			   enum wp_purge_verify_kind k, uint8_t pattern);

#endif
