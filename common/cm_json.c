// SPDX-License-Identifier: Apache-2.0
/* JSON helpers on top of jansson. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "cm_atomic.h"
#include "cm_json.h"
#include "cm_file.h"

/* Length of the valid UTF-8 sequence at @p (RFC 3629), 0 when invalid. */
static size_t utf8_len(const unsigned char *p)
{
	unsigned c = p[0];
	size_t n;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	/* overlong forms, surrogates and beyond U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

bool cm_utf8_valid(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_len(p);

		if (!n)
			return false;
		p += n;
	}
	return true;
}

char *cm_utf8_display(const char *s)
{
	size_t len = strlen(s), o = 0;
	char *out = malloc(3 * len + 1);

	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_len(p);

		if (n) {
			memcpy(out + o, p, n);
			o += n;
			p += n;
		} else {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			p++;
		}
	}
	out[o] = '\0';
	return out;
}

char *cm_utf8_escape(const char *s)
{
	size_t len = strlen(s), o = 0;
	char *out = malloc(4 * len + 1);

	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_len(p);
		/* C0 but tab and newline, DEL, and C1 (U+0080..U+009F) */
		bool ctl = n == 1 ? (*p < 0x20 && *p != '\t' && *p != '\n') ||
					    *p == 0x7f
				  : n == 2 && p[0] == 0xc2 && p[1] < 0xa0;

		if (n == 1 && *p == '\\') {
			memcpy(out + o, "\\\\", 2);
			o += 2;
			p++;
		} else if (n && !ctl) {
			memcpy(out + o, p, n);
			o += n;
			p += n;
		} else {
			/* an invalid byte alone; a control whole */
			for (size_t k = 0; k < (n ? n : 1); k++, o += 4)
				snprintf(out + o, 5, "\\x%02x", *p++);
		}
	}
	out[o] = '\0';
	return out;
}

json_t *cm_json_str_or_null(const char *s)
{
	char *d;
	json_t *v;

	if (!s)
		return json_null();
	if (cm_utf8_valid(s))
		return json_string(s);
	d = cm_utf8_display(s);
	v = d ? json_string(d) : NULL;
	free(d);
	return v;
}

int cm_json_set_bytes(json_t *o, const char *key, const char *bytes)
{
	size_t len = strlen(bytes), kl = strlen(key);
	unsigned char *b64;
	char *k;
	int rc;

	if (cm_utf8_valid(bytes))
		return json_object_set_new(o, key, json_string(bytes)) ? -ENOMEM
								       : 0;
	b64 = malloc(4 * ((len + 2) / 3) + 1);
	k = malloc(kl + 5);
	rc = b64 && k ? 0 : -ENOMEM;
	if (!rc) {
		EVP_EncodeBlock(b64, (const unsigned char *)bytes, (int)len);
		memcpy(k, key, kl);
		memcpy(k + kl, "_b64", 5);
		if (json_object_set_new(o, key, cm_json_str_or_null(bytes)) ||
		    json_object_set_new(o, k, json_string((char *)b64)))
			rc = -ENOMEM;
	}
	free(b64);
	free(k);
	return rc;
}

char *cm_json_get_bytes(const json_t *o, const char *key)
{
	size_t kl = strlen(key), n;
	char k[256];
	const char *b64;
	unsigned char *raw;
	int got;

	if (kl + 5 > sizeof(k))
		return NULL;
	memcpy(k, key, kl);
	memcpy(k + kl, "_b64", 5);
	b64 = cm_json_get_str(o, k);
	if (!b64)
		return cm_json_get_str(o, key) ? strdup(cm_json_get_str(o, key))
					       : NULL;
	n = strlen(b64);
	if (n % 4 || n > (size_t)1 << 30)
		return NULL;
	raw = malloc(n / 4 * 3 + 1);
	got = raw ? EVP_DecodeBlock(raw, (const unsigned char *)b64, (int)n)
		  : -1;
	if (got < 0) {
		free(raw);
		return NULL;
	}
	/* EVP_DecodeBlock counts the padding as zero bytes */
	if (n && b64[n - 1] == '=')
		got--;
	if (n > 1 && b64[n - 2] == '=')
		got--;
	raw[got] = '\0';
	/* a name is a C string: an embedded NUL is malformed */
	if (strlen((char *)raw) != (size_t)got) {
		free(raw);
		return NULL;
	}
	return (char *)raw;
}

char *cm_json_dumps(const json_t *j)
{
	char *s = json_dumps(j, CM_JSON_FLAGS);
	char *t;
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s);
	t = realloc(s, n + 2);
	if (!t) {
		free(s);
		return NULL;
	}
	t[n] = '\n';
	t[n + 1] = '\0';
	return t;
}

int cm_json_write_file(const json_t *j, const char *path, mode_t mode,
		       struct cm_err *err)
{
	char *s = cm_json_dumps(j);
	int rc;

	if (!s)
		return cm_err_set(err, -ENOMEM, "cannot serialise JSON");
	rc = cm_atomic_write_file(path, s, strlen(s), mode, err);
	free(s);
	return rc;
}

json_t *cm_json_load_file(const char *path, size_t max, struct cm_err *err)
{
	json_error_t je;
	json_t *j;
	char *buf;
	size_t len;

	if (cm_read_file(path, max, &buf, &len, err) < 0)
		return NULL;
	j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	free(buf);
	if (!j)
		cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
			    "%s:%d:%d: malformed JSON: %s", path, je.line,
			    je.column, je.text);
	return j;
}

const char *cm_json_get_str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}
