// SPDX-License-Identifier: Apache-2.0
/* authorized_keys lines, fingerprints and sshd_config (sshd(8), sshd_config(5)) */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "cm_buf.h"
#include "rs_sshkeys.h"

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64val(char c)
{
	const char *p = c ? strchr(b64, c) : NULL;

	return p ? (int)(p - b64) : -1;
}

/* Decode base64 (padding optional). -EINVAL on a bad character. */
static int b64_decode(const char *s, size_t n, uint8_t *out, size_t *olen)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;

	while (n && s[n - 1] == '=')
		n--;
	for (size_t i = 0; i < n; i++) {
		int v = b64val(s[i]);

		if (v < 0)
			return -EINVAL;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (uint8_t)(acc >> bits);
		}
	}
	*olen = o;
	return 0;
}

void rs_ssh_fp_str(const uint8_t h[32], char out[RS_SSH_FP_LEN])
{
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 7;

	memcpy(out, "SHA256:", 7);
	for (size_t i = 0; i < 32; i++) {
		acc = (acc << 8) | h[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			out[o++] = b64[(acc >> bits) & 63];
		}
	}
	if (bits)
		out[o++] = b64[(acc << (6 - bits)) & 63];
	out[o] = '\0';
}

int rs_ssh_fp_parse(const char *s, uint8_t out[32])
{
	uint8_t buf[40];
	size_t n;

	if (strncmp(s, "SHA256:", 7))
		return -EINVAL;
	s += 7;
	if (strlen(s) < 43 || strlen(s) > 44)
		return -EINVAL;
	if (b64_decode(s, strlen(s), buf, &n) || n != 32)
		return -EINVAL;
	memcpy(out, buf, 32);
	return 0;
}

void rs_ssh_line_release(struct rs_ssh_line *l)
{
	if (!l)
		return;
	free(l->blob);
	memset(l, 0, sizeof(*l));
}

static bool key_type_ok(const char *t, size_t n)
{
	static const char *const types[] = {
		"ssh-ed25519",
		"ssh-rsa",
		"ssh-dss",
		"ecdsa-sha2-nistp256",
		"ecdsa-sha2-nistp384",
		"ecdsa-sha2-nistp521",
		"sk-ssh-ed25519@openssh.com",
		"sk-ecdsa-sha2-nistp256@openssh.com",
		"ssh-ed448",
	};
	static const char cert[] = "-cert-v01@openssh.com";

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strlen(types[i]) == n && !memcmp(types[i], t, n))
			return true;
	/* certificates: "<type>-cert-v01@openssh.com" */
	if (n > sizeof(cert) - 1 &&
	    !memcmp(t + n - (sizeof(cert) - 1), cert, sizeof(cert) - 1))
		return true;
	return false;
}

/* Skip an options field: commas, quoted strings with \" escapes. */
static size_t skip_options(const char *p, size_t n)
{
	size_t i = 0;
	bool q = false;

	for (; i < n; i++) {
		if (q && p[i] == '\\' && i + 1 < n && p[i + 1] == '"') {
			i++;
			continue;
		}
		if (p[i] == '"')
			q = !q;
		else if (!q && (p[i] == ' ' || p[i] == '\t'))
			break;
	}
	return i;
}

static size_t token(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && p[i] != ' ' && p[i] != '\t')
		i++;
	return i;
}

static size_t spaces(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	return i;
}

int rs_ssh_parse_line(const char *line, size_t len, struct rs_ssh_line *out)
{
	size_t i, t, k;
	uint32_t tl;

	memset(out, 0, sizeof(*out));
	while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' ||
		       line[len - 1] == '\t'))
		len--;
	i = spaces(line, len);
	if (i == len || line[i] == '#')
		return 1;
	t = token(line + i, len - i);
	if (!key_type_ok(line + i, t)) {
		i += skip_options(line + i, len - i);
		i += spaces(line + i, len - i);
		t = token(line + i, len - i);
		if (!key_type_ok(line + i, t))
			return -EINVAL;
	}
	if (t >= sizeof(out->type))
		return -EINVAL;
	memcpy(out->type, line + i, t);
	out->type[t] = '\0';
	i += t;
	i += spaces(line + i, len - i);
	k = token(line + i, len - i);
	if (!k || k > 16384)
		return -EINVAL;
	out->blob = malloc(k);
	if (!out->blob)
		return -ENOMEM;
	if (b64_decode(line + i, k, out->blob, &out->blob_len) ||
	    out->blob_len < 4)
		goto bad;
	/* the blob starts with its own type as an SSH string */
	tl = (uint32_t)out->blob[0] << 24 | (uint32_t)out->blob[1] << 16 |
	     (uint32_t)out->blob[2] << 8 | out->blob[3];
	if (tl != strlen(out->type) || 4 + (size_t)tl > out->blob_len ||
	    memcmp(out->blob + 4, out->type, tl))
		goto bad;
	if (!EVP_Digest(out->blob, out->blob_len, out->sha256, NULL,
			EVP_sha256(), NULL))
		goto bad;
	rs_ssh_fp_str(out->sha256, out->fp);
	return 0;
bad:
	rs_ssh_line_release(out);
	return -EINVAL;
}

/* ---- sshd_config ------------------------------------------------------- */

void rs_sshd_conf_release(struct rs_sshd_conf *c)
{
	if (!c)
		return;
	free(c->authorized_keys_file);
	free(c->revoked_keys);
	memset(c, 0, sizeof(*c));
}

/* Is the value after a keyword (" none", "=none") absent or "none"? */
static bool is_none(const char *p, size_t n)
{
	size_t i = spaces(p, n);

	if (i < n && p[i] == '=')
		i++;
	i += spaces(p + i, n - i);
	while (n > i && isspace((unsigned char)p[n - 1]))
		n--;
	return i == n || (n - i == 4 && !strncasecmp(p + i, "none", 4));
}

int rs_sshd_conf_parse(const char *text, struct rs_sshd_conf *c)
{
	const char *p = text;

	memset(c, 0, sizeof(*c));
	while (p && *p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		size_t i = spaces(p, n), k, v;
		char **dst = NULL;

		k = i;
		while (k < n && !isspace((unsigned char)p[k]) && p[k] != '=')
			k++;
		if (k - i == 5 && !strncasecmp(p + i, "Match", 5))
			break; /* only the global part applies to all users */
		if (k - i == 18 &&
		    !strncasecmp(p + i, "AuthorizedKeysFile", 18))
			dst = &c->authorized_keys_file;
		else if (k - i == 11 && !strncasecmp(p + i, "RevokedKeys", 11))
			dst = &c->revoked_keys;
		else if (k - i == 21 &&
			 !strncasecmp(p + i, "AuthorizedKeysCommand", 21))
			c->keys_command = !is_none(p + k, n - k);
		else if (k - i == 17 &&
			 !strncasecmp(p + i, "TrustedUserCAKeys", 17))
			c->user_ca = !is_none(p + k, n - k);
		/* sshd keeps the first value it reads for these keywords */
		if (dst && !*dst) {
			v = k + spaces(p + k, n - k);
			if (v < n && p[v] == '=')
				v++;
			v += spaces(p + v, n - v);
			while (n > v && isspace((unsigned char)p[n - 1]))
				n--;
			*dst = strndup(p + v, n - v);
			if (!*dst) {
				rs_sshd_conf_release(c);
				return -ENOMEM;
			}
			if (dst == &c->revoked_keys &&
			    !strcasecmp(*dst, "none")) {
				free(*dst);
				*dst = strdup("none");
			}
		}
		p = e ? e + 1 : NULL;
	}
	if (c->revoked_keys && !strcmp(c->revoked_keys, "none")) {
		free(c->revoked_keys);
		c->revoked_keys = NULL;
	}
	if (!c->authorized_keys_file) {
		c->authorized_keys_file =
			strdup(".ssh/authorized_keys .ssh/authorized_keys2");
		if (!c->authorized_keys_file)
			return -ENOMEM;
	}
	return 0;
}

int rs_sshd_expand(const char *pattern, const char *user, const char *home,
		   unsigned uid, char **out)
{
	struct cm_buf b = CM_BUF_INIT(CM_BUF_TEXT_MAX);

	*out = NULL;
	if (pattern[0] != '/' && pattern[0] != '%') {
		cm_buf_appends(&b, home);
		cm_buf_appends(&b, "/");
	}
	for (const char *p = pattern; *p; p++) {
		if (*p != '%') {
			cm_buf_append(&b, p, 1);
			continue;
		}
		switch (*++p) {
		case 'h':
			cm_buf_appends(&b, home);
			break;
		case 'u':
			cm_buf_appends(&b, user);
			break;
		case 'U':
			cm_buf_appendf(&b, "%u", uid);
			break;
		case '%':
			cm_buf_appends(&b, "%");
			break;
		default:
			cm_buf_release(&b);
			return -EINVAL;
		}
	}
	*out = cm_buf_take(&b);
	return *out ? 0 : -ENOMEM;
}
