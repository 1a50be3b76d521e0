// SPDX-License-Identifier: Apache-2.0
/*
 * Validation records: built, signed and written beside the certificate,
 * read back (the reader takes outside data: see tests/fuzz), and the rule
 * that the certificate's own signer never validates it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cm_atomic.h"
#include "cm_file.h"
#include "cm_hash.h"
#include "cm_json.h"
#include "cm_random.h"
#include "cm_time.h"
#include "wp_dev.h"
#include "wp_discover.h"
#include "wp_pattern.h"
#include "wp_validation.h"
#include "wp_verify.h"

#define SIG_MAX (1024 * 1024)

/* ---- reading ---- */

enum vt { V_STR, V_STR_NULL, V_HEX, V_OBJ, V_OBJ_NULL, V_NUM, V_INT };

struct vkey {
	const char *key;
	enum vt type;
};

static const struct vkey top_keys[] = {
	{"schema", V_STR},	  {"id", V_STR},
	{"validated_at", V_STR},  {"certificate", V_OBJ},
	{"validator", V_OBJ},	  {"verdict", V_STR},
	{"reverify", V_OBJ_NULL}, {"notes", V_STR_NULL},
	{"tool", V_OBJ},	  {NULL, 0},
};

static const struct vkey cert_keys[] = {
	{"id", V_STR},
	{"sha256", V_HEX},
	{"issued_at", V_STR_NULL},
	{"signer_subject", V_STR},
	{"signer_fingerprint", V_HEX},
	{"signer_key_fingerprint", V_HEX},
	{"operator", V_STR_NULL},
	{"serial", V_STR_NULL},
	{NULL, 0},
};

static const struct vkey validator_keys[] = {
	{"name", V_STR},
	{"title", V_STR_NULL},
	{"organization", V_STR_NULL},
	{"location", V_STR_NULL},
	{"phone", V_STR_NULL},
	{"subject", V_STR},
	{"fingerprint", V_HEX},
	{"key_fingerprint", V_HEX},
	{NULL, 0},
};

static const struct vkey reverify_keys[] = {
	{"target", V_STR},
	{"method", V_STR},
	{"expected", V_STR},
	{"capacity_bytes", V_INT},
	{"bytes_checked", V_INT},
	{"coverage", V_NUM},
	{"mismatched_bytes", V_INT},
	{"result", V_STR},
	{NULL, 0},
};

static bool is_hex64(const char *s)
{
	size_t n = s ? strspn(s, "0123456789abcdef") : 0;

	return n == 64 && !s[n];
}

static int check_keys(const char *name, const char *where, const json_t *o,
		      const struct vkey *k, struct cm_err *err)
{
	for (; k->key; k++) {
		const json_t *v = json_object_get(o, k->key);
		bool ok;

		switch (k->type) {
		case V_STR:
			ok = json_is_string(v) && json_string_length(v) > 0;
			break;
		case V_STR_NULL:
			ok = json_is_string(v) || json_is_null(v);
			break;
		case V_HEX:
			ok = is_hex64(json_string_value(v));
			break;
		case V_OBJ:
			ok = json_is_object(v);
			break;
		case V_OBJ_NULL:
			ok = json_is_object(v) || json_is_null(v);
			break;
		case V_NUM:
			ok = json_is_number(v) && json_number_value(v) >= 0 &&
			     json_number_value(v) <= 1;
			break;
		default:
			ok = json_is_integer(v) && json_integer_value(v) >= 0;
		}
		if (!ok)
			return cm_err_setk(
				err, -EBADMSG, CM_ERR_DATAERR,
				"'%s' is not a valid validation record: %s%s%s is %s",
				name, where, where[0] ? "." : "", k->key,
				v ? "of the wrong type or value" : "missing");
	}
	return 0;
}

bool wp_validation_claimed(const char *data, size_t len)
{
	static const char s[] = WP_VALIDATION_SCHEMA;

	return memmem(data, len < 256 ? len : 256, s, sizeof(s) - 1) != NULL;
}

int wp_validation_parse(const char *name, const char *data, size_t len,
			struct wp_validation *v, struct cm_err *err)
{
	const json_t *c, *who, *re;
	json_error_t je;
	int rc;

	memset(v, 0, sizeof(*v));
	if (len > WP_VALIDATION_MAX)
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "'%s' is larger than a validation record",
				   name);
	v->doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!v->doc)
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "%s:%d:%d: malformed JSON: %s", name,
				   je.line, je.column, je.text);
	rc = json_is_object(v->doc)
		     ? 0
		     : cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "'%s' is not a JSON object", name);
	if (rc == 0 && strcmp(cm_json_get_str(v->doc, "schema") ?: "",
			      WP_VALIDATION_SCHEMA))
		rc = cm_err_setk(
			err, -EBADMSG, CM_ERR_DATAERR,
			"'%s' is not a validation record (schema is not '%s')",
			name, WP_VALIDATION_SCHEMA);
	if (rc == 0)
		rc = check_keys(name, "", v->doc, top_keys, err);
	c = json_object_get(v->doc, "certificate");
	who = json_object_get(v->doc, "validator");
	re = json_object_get(v->doc, "reverify");
	if (rc == 0)
		rc = check_keys(name, "certificate", c, cert_keys, err);
	if (rc == 0)
		rc = check_keys(name, "validator", who, validator_keys, err);
	if (rc == 0 && json_is_object(re))
		rc = check_keys(name, "reverify", re, reverify_keys, err);
	if (rc < 0) {
		wp_validation_release(v);
		return rc;
	}
	v->id = cm_json_get_str(v->doc, "id");
	v->validated_at = cm_json_get_str(v->doc, "validated_at");
	v->verdict = cm_json_get_str(v->doc, "verdict");
	v->notes = cm_json_get_str(v->doc, "notes");
	v->cert_sha256 = cm_json_get_str(c, "sha256");
	v->cert_id = cm_json_get_str(c, "id");
	v->cert_signer_fp = cm_json_get_str(c, "signer_fingerprint");
	v->cert_signer_key = cm_json_get_str(c, "signer_key_fingerprint");
	v->cert_serial = cm_json_get_str(c, "serial");
	v->cert_operator = cm_json_get_str(c, "operator");
	v->name = cm_json_get_str(who, "name");
	v->title = cm_json_get_str(who, "title");
	v->organization = cm_json_get_str(who, "organization");
	v->location = cm_json_get_str(who, "location");
	v->phone = cm_json_get_str(who, "phone");
	v->validator_fp = cm_json_get_str(who, "fingerprint");
	v->validator_key = cm_json_get_str(who, "key_fingerprint");
	if (json_is_object(re)) {
		v->reverified = true;
		v->reverify_result = cm_json_get_str(re, "result");
		v->coverage =
			json_number_value(json_object_get(re, "coverage"));
		v->mismatched_bytes = (long long)json_integer_value(
			json_object_get(re, "mismatched_bytes"));
	}
	if (strcmp(v->verdict, "passed") && strcmp(v->verdict, "failed"))
		rc = cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				 "'%s': verdict must be 'passed' or 'failed'",
				 name);
	else if (v->reverified && strcmp(v->reverify_result, "clean") &&
		 strcmp(v->reverify_result, "data-found"))
		rc = cm_err_setk(
			err, -EBADMSG, CM_ERR_DATAERR,
			"'%s': reverify.result must be 'clean' or 'data-found'",
			name);
	else if (v->reverified && !strcmp(v->verdict, "passed") &&
		 strcmp(v->reverify_result, "clean"))
		rc = cm_err_setk(
			err, -EBADMSG, CM_ERR_DATAERR,
			"'%s': verdict 'passed' although the read-back found data",
			name);
	if (rc < 0)
		wp_validation_release(v);
	return rc;
}

void wp_validation_release(struct wp_validation *v)
{
	json_decref(v->doc);
	memset(v, 0, sizeof(*v));
}

/* ---- who may validate ---- */

void wp_validation_key_fingerprint(X509 *x, char *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	out[0] = '\0';
	if (x && X509_pubkey_digest(x, EVP_sha256(), md, &n))
		cm_hex(md, n, out);
}

int wp_validation_check_signer(const struct wp_validation *v,
			       const struct cm_cms_info *cms,
			       struct cm_err *err)
{
	if (strcmp(cms->signer_fingerprint, v->validator_fp) ||
	    strcmp(cms->signer_key_fingerprint, v->validator_key)) {
		cm_err_setk(
			err, 0, CM_ERR_NEGATIVE,
			"signed by %s (sha256 %s), not by the validator the record names (sha256 %s)",
			cms->signer_subject, cms->signer_fingerprint,
			v->validator_fp);
		return 1;
	}
	if (!strcmp(v->validator_fp, v->cert_signer_fp) ||
	    !strcmp(v->validator_key, v->cert_signer_key)) {
		cm_err_setk(
			err, 0, CM_ERR_NOPERM,
			"the validator is the identity that signed the certificate (%s key): a validation must be by someone other than the operator",
			!strcmp(v->validator_fp, v->cert_signer_fp)
				? "the same certificate and"
				: "a different certificate, the same");
		return 1;
	}
	return 0;
}

int wp_validation_not_self(const struct cm_identity *validator,
			   const struct cm_cms_info *cert_signer,
			   struct cm_err *err)
{
	char fp[65], key[65];

	cm_identity_fingerprint(validator, fp);
	wp_validation_key_fingerprint(validator->cert, key);
	if (!strcmp(fp, cert_signer->signer_fingerprint))
		return cm_err_setk(
			err, -EPERM, CM_ERR_NOPERM,
			"refused: the validator '%s' is the identity that signed the certificate (signer sha256 %s): a validation must be by someone other than the operator",
			validator->operator_name ?: "?", fp);
	if (key[0] && !strcmp(key, cert_signer->signer_key_fingerprint))
		return cm_err_setk(
			err, -EPERM, CM_ERR_NOPERM,
			"refused: the validator '%s' signs with the key that signed the certificate (key sha256 %s, under another certificate): a validation must be by someone other than the operator",
			validator->operator_name ?: "?", key);
	return 0;
}

/* ---- the validator's read-back ---- */

static const json_t *path2(const json_t *o, const char *a, const char *b)
{
	return json_object_get(json_object_get(o, a), b);
}

int wp_validation_reverify(const json_t *cert, const struct wp_reverify_opts *o,
			   json_t **out, bool *clean, struct cm_err *err)
{
	const char *expected = json_string_value(path2(
		json_object_get(cert, "verification"), "details", "expected"));
	const json_t *cap = path2(cert, "media", "capacity_bytes");
	const char *serial = json_string_value(path2(cert, "media", "serial"));
	struct wp_verify_opts vo = {.mode = WP_VERIFY_FULL};
	struct wp_verify_result vr = {0};
	struct wp_devinfo info;
	struct wp_pattern pat;
	struct wp_dev *d = NULL;
	json_t *sigs = NULL;
	int rc, vrc, nsig;

	*out = NULL;
	*clean = false;
	if (!expected || wp_pattern_parse(expected, &pat, NULL) < 0 ||
	    pat.kind == WP_PAT_RANDOM)
		return cm_err_setk(
			err, -EOPNOTSUPP, CM_ERR_UNAVAILABLE,
			"the certificate's erase left %s%s%s, which a read-back cannot check (only the erase that wrote random data can): validate without --reverify",
			expected ? "'" : "no expected content",
			expected ? expected : "", expected ? "'" : "");
	rc = wp_devinfo_probe(o->target, &info, err);
	if (rc < 0)
		return rc;
	if (json_is_integer(cap) &&
	    (uint64_t)json_integer_value(cap) != info.size)
		return cm_err_setk(
			err, -EINVAL, CM_ERR_DATAERR,
			"'%s' is not the certificate's medium: %llu bytes, the certificate says %lld",
			o->target, (unsigned long long)info.size,
			(long long)json_integer_value(cap));
	if (serial && *serial && info.serial[0] && strcmp(serial, info.serial))
		return cm_err_setk(
			err, -EINVAL, CM_ERR_DATAERR,
			"'%s' is not the certificate's medium: serial '%s', the certificate says '%s'",
			o->target, info.serial, serial);
	if (o->sample_pct > 0) {
		vo.mode = WP_VERIFY_SAMPLE;
		vo.pct = o->sample_pct;
		vo.seed = o->seed;
	}
	vo.pattern = &pat;
	rc = wp_dev_open(o->target, WP_DEV_DIRECT, &d, err);
	if (rc < 0)
		return rc;
	vrc = wp_verify_run(d, &vo, &vr, err);
	if (vrc < 0) {
		rc = vrc;
		goto out;
	}
	nsig = wp_verify_signatures(d, &sigs, err);
	if (nsig < 0) {
		rc = nsig;
		goto out;
	}
	*clean = vrc == 0 && nsig == 0;
	*out = json_pack(
		"{s:s, s:s, s:s, s:o, s:I, s:I, s:f, s:I, s:I, s:o, s:O, s:o, s:s}",
		"target", o->target, "method", wp_verify_mode_name(vo.mode),
		"expected", expected, "seed",
		vo.mode == WP_VERIFY_SAMPLE ? json_integer((json_int_t)vo.seed)
					    : json_null(),
		"capacity_bytes", (json_int_t)d->size, "bytes_checked",
		(json_int_t)vr.bytes_checked, "coverage",
		d->size ? (double)vr.bytes_checked / (double)d->size : 1.0,
		"samples", (json_int_t)vr.samples, "mismatched_bytes",
		(json_int_t)vr.mismatched_bytes, "first_mismatch",
		vr.mismatched_bytes
			? json_integer((json_int_t)vr.first_mismatch)
			: json_null(),
		"mismatches", vr.mismatches ? vr.mismatches : json_null(),
		"signatures_found", sigs ? sigs : json_array(), "result",
		*clean ? "clean" : "data-found");
	sigs = NULL;
	if (!*out)
		rc = cm_err_set(err, -ENOMEM, "out of memory");
out:
	json_decref(vr.mismatches);
	json_decref(sigs);
	wp_dev_release(d);
	return rc;
}

/* ---- writing ---- */

int wp_validation_build(const struct wp_validation_in *in, json_t **out,
			struct cm_err *err)
{
	const struct cm_identity *who = in->who;
	const json_t *c = in->cert;
	char uuid[37], when[CM_RFC3339_LEN], fp[65], key[65], subject[512];
	int rc;

	*out = NULL;
	rc = cm_uuid4(uuid, err);
	if (rc < 0) {
		json_decref(in->reverify);
		return rc;
	}
	if (in->validated_at)
		snprintf(when, sizeof(when), "%s", in->validated_at);
	else
		cm_time_rfc3339(cm_time_now(), when);
	cm_identity_fingerprint(who, fp);
	wp_validation_key_fingerprint(who->cert, key);
	X509_NAME_oneline(X509_get_subject_name(who->cert), subject,
			  sizeof(subject));
	static const char fmt[] =
		"{s:s, s:s, s:s, s:{s:o, s:s, s:o, s:s, s:s, s:s, s:o, s:o}, s:{s:s, s:o, s:o, s:o, s:o, s:s, s:s, s:s}, s:s, s:o, s:o, s:{s:s, s:s}}";

	*out = json_pack(fmt, "schema", WP_VALIDATION_SCHEMA, "id", uuid,
			 "validated_at", when, "certificate", "id",
			 cm_json_str_or_null(cm_json_get_str(c, "id")),
			 "sha256", in->cert_sha256, "issued_at",
			 cm_json_str_or_null(cm_json_get_str(c, "issued_at")),
			 "signer_subject", in->cms->signer_subject,
			 "signer_fingerprint", in->cms->signer_fingerprint,
			 "signer_key_fingerprint",
			 in->cms->signer_key_fingerprint, "operator",
			 cm_json_str_or_null(cm_json_get_str(
				 json_object_get(c, "operator"), "name")),
			 "serial",
			 cm_json_str_or_null(cm_json_get_str(
				 json_object_get(c, "media"), "serial")),
			 "validator", "name", who->operator_name ?: "", "title",
			 cm_json_str_or_null(who->title), "organization",
			 cm_json_str_or_null(who->organization), "location",
			 cm_json_str_or_null(who->location), "phone",
			 cm_json_str_or_null(who->phone), "subject", subject,
			 "fingerprint", fp, "key_fingerprint", key, "verdict",
			 in->verdict, "reverify",
			 in->reverify ? in->reverify : json_null(), "notes",
			 cm_json_str_or_null(in->notes), "tool", "name", "wipe",
			 "version", SANITAS_VERSION);
	if (!*out)
		return cm_err_set(err, -ENOMEM, "cannot build the record");
	return 0;
}

int wp_validation_write(const struct cm_identity *who, const json_t *doc,
			const char *path, char *sha_out, struct cm_err *err)
{
	char *body = NULL, *sigp = NULL;
	uint8_t md[CM_SHA256_LEN], *der = NULL;
	size_t der_len = 0;
	int rc;

	if (access(path, F_OK) == 0)
		return cm_err_setk(
			err, -EEXIST, CM_ERR_CANTCREAT,
			"'%s' exists: a validation record is never replaced (name another with --output)",
			path);
	body = cm_json_dumps(doc);
	if (!body || asprintf(&sigp, "%s.p7s", path) < 0) {
		sigp = NULL;
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	rc = cm_cms_sign(who, body, strlen(body), &der, &der_len, err);
	if (rc < 0)
		goto out;
	/* the signature first: a crash between the two leaves a signature
	 * without a record, which nothing reads as a validation */
	rc = cm_atomic_write_file(sigp, der, der_len, 0644, err);
	if (rc == 0)
		rc = cm_atomic_write_file(path, body, strlen(body), 0644, err);
	if (rc < 0) {
		unlink(sigp);
		goto out;
	}
	if (sha_out) {
		cm_sha256_buf(body, strlen(body), md, NULL);
		cm_hex(md, sizeof(md), sha_out);
	}
out:
	free(der);
	free(sigp);
	free(body);
	return rc;
}

/* ---- verifying ---- */

int wp_validation_verify_mem(const char *name, const char *data, size_t len,
			     const uint8_t *sig, size_t sig_len,
			     struct cm_cms_trust *trust,
			     struct wp_validation *v, struct cm_cms_info *cms,
			     struct cm_err *err)
{
	int rc = wp_validation_parse(name, data, len, v, err);

	memset(cms, 0, sizeof(*cms));
	if (rc < 0)
		return rc;
	rc = cm_cms_verify_trusted(data, len, sig, sig_len, trust, cms, err);
	if (rc == 0)
		rc = wp_validation_check_signer(v, cms, err);
	if (rc != 0)
		wp_validation_release(v);
	return rc;
}

int wp_validation_verify_file(const char *path, const char *ca_pem_path,
			      struct wp_validation *v, struct cm_cms_info *cms,
			      char *sha_out, struct cm_err *err)
{
	char *data = NULL, *sig = NULL, *sigp = NULL;
	size_t len = 0, sig_len = 0;
	uint8_t md[CM_SHA256_LEN];
	int rc;

	memset(v, 0, sizeof(*v));
	memset(cms, 0, sizeof(*cms));
	sha_out[0] = '\0';
	if (asprintf(&sigp, "%s.p7s", path) < 0)
		return cm_err_set(err, -ENOMEM, "out of memory");
	rc = cm_read_file(path, WP_VALIDATION_MAX, &data, &len, err);
	if (rc == 0)
		rc = cm_read_file(sigp, SIG_MAX, &sig, &sig_len, err);
	if (rc < 0)
		goto out;
	cm_sha256_buf(data, len, md, NULL);
	cm_hex(md, sizeof(md), sha_out);
	rc = wp_validation_parse(path, data, len, v, err);
	if (rc < 0)
		goto out;
	rc = cm_cms_verify(data, len, (const uint8_t *)sig, sig_len,
			   ca_pem_path, cms, err);
	if (rc == 0)
		rc = wp_validation_check_signer(v, cms, err);
	if (rc < 0)
		wp_validation_release(v);
out:
	free(sigp);
	free(sig);
	free(data);
	return rc;
}
