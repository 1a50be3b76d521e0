/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Read-back verification: the device read again, bypassing the page cache,
 * and compared with the data the last pass wrote (regenerated, never
 * stored), in full or on a seeded sample; after any erase, the signature
 * scan; and the certificate's verification record of an overwrite.
 */
#ifndef SANITAS_WP_VERIFY_H
#define SANITAS_WP_VERIFY_H

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "cm_err.h"
#include "wp_dev.h"
#include "wp_keystream.h"
#include "wp_pattern.h"
#include "wp_ring.h"

enum wp_verify_mode {
	WP_VERIFY_NONE,
	WP_VERIFY_SAMPLE,
	WP_VERIFY_FULL,
};

/* "full", "sample" or "none". */
const char *wp_verify_mode_name(enum wp_verify_mode m);
/* The mode named @s (as wp_verify_mode_name() spells it): 0, or -EINVAL
 * for NULL or an unknown name (no message: the caller says what is wrong). */
int wp_verify_mode_parse(const char *s, enum wp_verify_mode *m);

struct wp_verify_opts {
	enum wp_verify_mode mode;
	double pct;    /* sample: percent of the device */
	uint64_t seed; /* sample: recorded for repeatability */
	const struct wp_pattern *pattern;
	struct wp_keystream *ks;
	unsigned pass; /* the pass whose data must be there */
	volatile sig_atomic_t *stop;
	wp_progress_fn progress;
	void *progress_ctx;
	uint32_t chunk;
};

struct wp_verify_result {
	uint64_t bytes_checked;
	uint64_t samples; /* ranges read */
	uint64_t mismatched_bytes;
	uint64_t first_mismatch; /* offset, valid if mismatched_bytes */
	bool interrupted;
	json_t *mismatches; /* owned: up to 64 ranges {"offset","length"} */
};

/*
 * Read @d back, bypassing the page cache, and compare with the expected
 * data. Returns 0 clean, 1 data found (mismatches), <0 read error.
 */
int wp_verify_run(struct wp_dev *d, const struct wp_verify_opts *o,
		  struct wp_verify_result *r, struct cm_err *err);

/*
 * The signatures libblkid finds on @d now, read after dropping the cache:
 * *@found is a new JSON array [{"type","usage","offset"}]. Returns how many
 * (0 after a good erase) or <0.
 */
int wp_verify_signatures(struct wp_dev *d, json_t **found, struct cm_err *err);

/*
 * The certificate's "verification" object for an overwrite verified with
 * @vo (wp_verify_run() returned @vrc into @vr; wp_verify_signatures() found
 * @nsig into @sigs, which this takes over). @expected names the pattern.
 * Returns a new object (NULL when out of memory); *@result (static) is
 * its "result": passed, failed, not-run or interrupted.
 */
json_t *wp_verify_record(const struct wp_dev *d,
			 const struct wp_verify_opts *vo,
			 const struct wp_verify_result *vr, int vrc, int nsig,
			 json_t *sigs, const char *expected,
			 const char **result);

#endif
