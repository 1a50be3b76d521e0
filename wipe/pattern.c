// SPDX-License-Identifier: Apache-2.0
/*
 * The data of an overwrite pass: fixed bytes, a repeated pattern kept in
 * phase with the device offset, or the keystream.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cm_hash.h"
#include "wp_pattern.h"

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
