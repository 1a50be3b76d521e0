// SPDX-License-Identifier: Apache-2.0
/*
 * Certificate text: the UTF-8 and control-character check of every input
 * before an erase, and the escaped display form `wipe cert show` prints.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "wp_cert_text.h"
#include "wp_job.h"

/* The code point at @p (@n bytes left) into *@cp: its length, 0 if bad. */
static size_t utf8_next(const unsigned char *p, size_t n, unsigned *cp)
{
	unsigned c = p[0];
	size_t len = c < 0x80		  ? 1
		     : (c & 0xe0) == 0xc0 ? 2
		     : (c & 0xf0) == 0xe0 ? 3
		     : (c & 0xf8) == 0xf0 ? 4
					  : 0;

	if (!len || len > n)
		return 0;
	*cp = len == 1 ? c : c & (0x7fu >> len);
	for (size_t k = 1; k < len; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (p[k] & 0x3fu);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 2 && *cp < 0x80) || (len == 3 && *cp < 0x800) ||
	    (len == 4 && *cp < 0x10000) || *cp > 0x10ffff ||
	    (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return len;
}

static bool is_control(unsigned cp, bool lines)
{
	if (lines && (cp == '\t' || cp == '\n'))
		return false;
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

long wp_cert_text_bad_at(const char *s, bool lines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		unsigned cp = 0;
		size_t len = utf8_next(p + i, n - i, &cp);

		if (!len || is_control(cp, lines))
			return (long)i;
		i += len;
	}
	return -1;
}

int wp_cert_inputs_check(const char *target, const struct wp_devinfo *info,
			 const struct wp_cert_meta *meta,
			 const struct cm_identity *id, struct cm_err *err)
{
	const struct {
		const char *what, *v;
	} f[] = {{"path", info->path},
		 {"vendor", info->vendor},
		 {"model", info->model},
		 {"serial", info->serial},
		 {"WWN", info->wwn},
		 {"firmware", info->firmware},
		 {"transport", info->transport},
		 {"name", info->name}};
	struct wp_job_result res;
	char why[CM_ERR_MSG_MAX];
	json_t *cert = NULL;
	int rc;

	for (size_t i = 0; i < sizeof(f) / sizeof(*f); i++) {
		long at = wp_cert_text_bad_at(f[i].v, false);

		if (at >= 0)
			return cm_err_setk(
				err, -EILSEQ, CM_ERR_DATAERR,
				"cannot certify '%s': its %s is not printable UTF-8 (byte %ld is 0x%02x) and the certificate records it as text; nothing was written (rename the image file to a UTF-8 name)",
				target, f[i].what, at + 1,
				(unsigned)(unsigned char)f[i].v[at]);
	}
	if (!id)
		return 0;
	wp_job_result_init(&res);
	res.method = wp_method_get(WP_M_ZERO);
	rc = wp_cert_build(id, info, NULL, meta, &res, &cert, err);
	json_decref(cert);
	wp_job_result_release(&res);
	if (rc == 0)
		return 0;
	snprintf(why, sizeof(why), "%s", err ? err->msg : "");
	return cm_err_setk(
		err, -EILSEQ, CM_ERR_DATAERR,
		"cannot certify '%s': %s (the signing identity or an option holds text a certificate cannot); nothing was written",
		target, why);
}

char *wp_cert_text_display(const char *s, bool lines, char *out, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), w = 0;

	if (!len)
		return out;
	out[0] = '\0';
	for (size_t i = 0; i < n;) {
		unsigned cp = 0;
		size_t l = utf8_next(p + i, n - i, &cp);
		bool bs = l == 1 && cp == '\\';
		bool plain = l && !is_control(cp, lines) && !bs;
		/* an invalid byte alone; a control (C1: two bytes) whole */
		size_t take = l ? l : 1, need = plain ? take
						: bs  ? 2
						      : 4 * take;

		if (w + need >= len)
			break;
		if (plain)
			memcpy(out + w, s + i, take);
		else if (bs)
			memcpy(out + w, "\\\\", 2);
		else
			for (size_t k = 0; k < take; k++)
				snprintf(out + w + 4 * k, 5, "\\x%02x",
					 p[i + k]);
		w += need;
		out[w] = '\0';
		i += take;
	}
	return out;
}
