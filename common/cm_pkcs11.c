// SPDX-License-Identifier: Apache-2.0
/*
 * PKCS#11 keys through libp11's OpenSSL engine. The ENGINE API is
 * deprecated in OpenSSL 3 and this is the one file of sanitas that uses
 * it (Debian 12 has no PKCS#11 provider): its deprecation warnings are
 * silenced here, and only here.
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include <errno.h>
#include <openssl/engine.h>
#include <openssl/err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_pkcs11.h"

bool cm_pkcs11_is_uri(const char *s)
{
	return s && !strncmp(s, "pkcs11:", 7);
}

static const char *ssl_reason(void)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	return r ? r : "no reason given";
}

/*
 * Split @uri into the path part the engine takes (@path) and the module
 * the query names (@module, "" for none). A PIN in the URI is refused:
 * it would sit in files, argv and logs.
 */
static int split_uri(const char *uri, char *path, size_t psize, char *module,
		     size_t msize, struct cm_err *err)
{
	const char *q = strchr(uri, '?');
	size_t n = q ? (size_t)(q - uri) : strlen(uri);

	module[0] = '\0';
	if (!cm_pkcs11_is_uri(uri) || n >= psize)
		return cm_err_setk(
			err, -EINVAL, CM_ERR_USAGE,
			"'%s' is not a PKCS#11 URI (RFC 7512: pkcs11:token=...;object=...)",
			uri);
	if (strstr(uri, "pin-value") || strstr(uri, "pin-source"))
		return cm_err_setk(
			err, -EINVAL, CM_ERR_USAGE,
			"a PKCS#11 URI must not carry the PIN: give it with --passphrase-file or at the terminal");
	memcpy(path, uri, n);
	path[n] = '\0';
	while (q && *q) {
		const char *a = q + 1, *end = strchr(a, '&');
		size_t al = end ? (size_t)(end - a) : strlen(a);

		if (al > 12 && !strncmp(a, "module-path=", 12)) {
			if (al - 12 >= msize)
				return cm_err_setk(err, -ENAMETOOLONG,
						   CM_ERR_USAGE,
						   "module-path too long");
			memcpy(module, a + 12, al - 12);
			module[al - 12] = '\0';
		}
		q = end;
	}
	return 0;
}

int cm_pkcs11_load_key(const char *uri, const struct cm_passphrase *pin,
		       EVP_PKEY **out, struct cm_err *err)
{
	char path[2048], module[1024], pass[CM_PASSPHRASE_MAX + 1] = "";
	ENGINE *e = NULL;
	bool inited = false;
	int rc;

	*out = NULL;
	rc = split_uri(uri, path, sizeof(path), module, sizeof(module), err);
	if (rc < 0)
		return rc;
	if (!pin)
		return cm_err_setk(
			err, -ENOKEY, CM_ERR_KEYLOCKED,
			"the token key '%s' needs its PIN: give --passphrase-file FILE, or run at a terminal to be asked",
			uri);
	rc = pin->get(pin->cookie, uri, false, pass, sizeof(pass), err);
	if (rc < 0)
		return rc;
	ENGINE_load_builtin_engines();
	e = ENGINE_by_id("pkcs11");
	if (!e) {
		rc = cm_err_setk(
			err, -ENOENT, CM_ERR_UNAVAILABLE,
			"cannot load OpenSSL's pkcs11 engine (install libengine-pkcs11-openssl): %s",
			ssl_reason());
		goto out;
	}
	if ((module[0] &&
	     !ENGINE_ctrl_cmd_string(e, "MODULE_PATH", module, 0)) ||
	    !ENGINE_init(e)) {
		rc = cm_err_setk(err, -ENOENT, CM_ERR_UNAVAILABLE,
				 "cannot start the PKCS#11 module%s%s: %s",
				 module[0] ? " " : "", module, ssl_reason());
		goto out;
	}
	inited = true;
	if (!ENGINE_ctrl_cmd_string(e, "PIN", pass, 0)) {
		rc = cm_err_set(err, -EIO, "cannot hand the PIN to the engine");
		goto out;
	}
	ERR_clear_error();
	*out = ENGINE_load_private_key(e, path, NULL, NULL);
	if (!*out) {
		/* libp11 reports a refused login and a missing object alike
		 * (on stderr, not in the error queue): either way the key
		 * stays locked and nothing is signed */
		rc = cm_err_setk(
			err, -EACCES, CM_ERR_KEYLOCKED,
			"the token gave no private key at '%s': a wrong PIN, or no such key",
			uri);
		goto out;
	}
	rc = 0;
out:
	OPENSSL_cleanse(pass, sizeof(pass));
	/* the key holds its own reference to the engine */
	if (inited)
		ENGINE_finish(e);
	ENGINE_free(e);
	ERR_clear_error();
	return rc;
}
