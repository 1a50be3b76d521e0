// SPDX-License-Identifier: Apache-2.0
/*
 * Certificates of sanitization: build, issue (atomic JSON + detached CMS,
 * chained per identity), read and check.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cm_atomic.h"
#include "cm_hash.h"
#include "cm_json.h"
#include "cm_path.h"
#include "cm_random.h"
#include "cm_time.h"
#include "wp_cert.h"
#include "wp_cert_chain.h"
#include "cm_file.h"

#ifndef SANITAS_BUILD
#define SANITAS_BUILD "unknown"
#endif

static const char attestation[] =
	"I attest that the information provided on this statement is accurate to the best of my knowledge.";

enum wp_dev_type wp_media_type(const struct wp_devinfo *info,
			       const struct wp_caps *caps)
{
	if (caps && caps->type != WP_TYPE_OTHER)
		return caps->type;
	if (info->is_file)
		return WP_TYPE_FILE;
	if (!strcmp(info->transport, "nvme"))
		return WP_TYPE_NVME;
	if (!strcmp(info->transport, "usb") && !info->rotational)
		return WP_TYPE_USB_FLASH;
	if (!strcmp(info->transport, "loop") || !info->transport[0])
		return WP_TYPE_OTHER;
	return info->rotational ? WP_TYPE_HDD : WP_TYPE_SSD;
}

static char *read_line_file(const char *path)
{
	char *buf = NULL;
	size_t len = 0;

	if (cm_read_file(path, 4096, &buf, &len, NULL) < 0)
		return NULL;
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		buf[--len] = '\0';
	if (!len) {
		free(buf);
		return NULL;
	}
	return buf;
}

static json_t *str_file_or_null(const char *path)
{
	char *s = read_line_file(path);
	json_t *j = cm_json_str_or_null(s);

	free(s);
	return j;
}

static json_t *host_json(void)
{
	char host[256] = "";

	gethostname(host, sizeof(host) - 1);
	return json_pack(
		"{s:s, s:o, s:o, s:o, s:o}", "hostname", host, "machine_id",
		str_file_or_null("/etc/machine-id"), "dmi_vendor",
		str_file_or_null("/sys/class/dmi/id/sys_vendor"), "dmi_product",
		str_file_or_null("/sys/class/dmi/id/product_name"),
		"dmi_serial",
		str_file_or_null("/sys/class/dmi/id/product_serial"));
}

static json_t *nonempty(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *time_or_null(time_t t)
{
	char buf[CM_RFC3339_LEN];

	if (!t)
		return json_null();
	cm_time_rfc3339(t, buf);
	return json_string(buf);
}

/*
 * The standards a verified job satisfied. NIST SP 800-88 Rev. 2 (September
 * 2025) keeps the Clear and Purge methods and defers the techniques to
 * IEEE 2883-2022, except cryptographic erase, which it describes itself;
 * a crypto-erase job names that technique. Older certificates that say
 * "Rev. 1" stay as signed: the strings are not checked on verification.
 */
static json_t *standards_for(const struct wp_job_result *res)
{
	json_t *a = json_array();
	const char *ver = res->verification
				  ? cm_json_get_str(res->verification, "result")
				  : NULL;
	bool ce = res->method && res->method->technique &&
		  !strcmp(res->method->technique, "crypto-erase");

	/* claim a standard only for what was done and verified */
	if (res->result != WP_RESULT_SUCCESS || !ver || strcmp(ver, "passed"))
		return a;
	if (res->category == WP_CAT_PURGE) {
		json_array_append_new(
			a,
			json_string(
				ce ? "NIST SP 800-88 Rev. 2 Purge (cryptographic erase)"
				   : "NIST SP 800-88 Rev. 2 Purge"));
		json_array_append_new(
			a,
			json_string(
				ce ? "IEEE 2883-2022 Purge (cryptographic erase)"
				   : "IEEE 2883-2022 Purge"));
	} else {
		json_array_append_new(
			a, json_string("NIST SP 800-88 Rev. 2 Clear"));
		json_array_append_new(a, json_string("IEEE 2883-2022 Clear"));
	}
	return a;
}

int wp_cert_build(const struct cm_identity *id, const struct wp_devinfo *info,
		  const struct wp_caps *caps, const struct wp_cert_meta *meta,
		  const struct wp_job_result *res, json_t **out,
		  struct cm_err *err)
{
	json_t *cert, *media, *san, *ver;
	uint64_t native = res->native_capacity;

	*out = NULL;
	if (!native && caps && caps->native_bytes)
		native = caps->native_bytes;
	media = json_pack(
		"{s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:I, s:o, s:I, s:I, s:o, s:o, s:o, s:o, s:o}",
		"device", nonempty(info->path), "vendor",
		nonempty(info->vendor), "model", nonempty(info->model),
		"serial", nonempty(info->serial), "wwn", nonempty(info->wwn),
		"firmware", nonempty(info->firmware), "type",
		wp_dev_type_name(wp_media_type(info, caps)), "transport",
		nonempty(info->transport), "property_number",
		cm_json_str_or_null(meta->asset_tag), "capacity_bytes",
		(json_int_t)info->size, "native_capacity_bytes",
		native ? json_integer((json_int_t)native) : json_null(),
		"logical_block_size", (json_int_t)info->logical_block,
		"physical_block_size", (json_int_t)info->physical_block,
		"hidden_areas",
		res->hidden_areas ? json_incref(res->hidden_areas)
				  : json_null(),
		"source", cm_json_str_or_null(meta->source), "classification",
		cm_json_str_or_null(meta->classification), "data_backed_up",
		cm_json_str_or_null(meta->data_backed_up), "backup_location",
		cm_json_str_or_null(meta->backup_location));
	san = json_pack(
		"{s:s, s:s, s:s, s:o, s:o, s:o, s:I, s:o, s:o}", "category",
		wp_category_name(res->category), "technique",
		res->method->technique, "method", res->method->name, "details",
		res->details ? json_incref(res->details) : json_object(),
		"started_at", time_or_null(res->started_at), "finished_at",
		time_or_null(res->finished_at), "bytes_written",
		(json_int_t)res->bytes_written, "errors",
		res->errors ? json_incref(res->errors) : json_array(),
		"device_status",
		res->device_status ? json_incref(res->device_status)
				   : json_null());
	if (res->verification)
		ver = json_incref(res->verification);
	else
		ver = json_pack("{s:s, s:n, s:n, s:s, s:{}}", "method", "none",
				"coverage", "samples", "result", "not-run",
				"details");
	if (!media || !san || !ver) {
		json_decref(media);
		json_decref(san);
		json_decref(ver);
		return cm_err_set(err, -ENOMEM, "cannot build the certificate");
	}
	if (res->failure_reason)
		json_object_set_new(san, "failure_reason",
				    json_string(res->failure_reason));
	cert = json_pack(
		"{s:s, s:n, s:n, s:n, s:{s:s, s:s, s:s, s:o}, s:{s:o, s:o, s:o, s:o, s:o}, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:s, s:n}",
		"schema", WP_CERT_SCHEMA, "id", "issued_at", "previous_sha256",
		"tool", "name", "wipe", "version", SANITAS_VERSION, "build",
		SANITAS_BUILD, "host", host_json(), "operator", "name",
		cm_json_str_or_null(meta->operator_name ? meta->operator_name
							: id->operator_name),
		"title", cm_json_str_or_null(id->title), "organization",
		cm_json_str_or_null(id->organization), "location",
		cm_json_str_or_null(id->location), "phone",
		cm_json_str_or_null(id->phone), "media", media, "sanitization",
		san, "verification", ver, "result", wp_result_name(res->result),
		"destination", cm_json_str_or_null(meta->destination),
		"post_classification",
		cm_json_str_or_null(meta->post_classification), "notes",
		cm_json_str_or_null(meta->notes), "standards",
		standards_for(res), "attestation", attestation, "validation");
	if (!cert)
		return cm_err_set(err, -ENOMEM, "cannot build the certificate");
	/* optional keys, after the required ones (older readers skip them) */
	if (json_object_set_new(cert, "customer",
				cm_json_str_or_null(meta->customer)) ||
	    json_object_set_new(cert, "job", cm_json_str_or_null(meta->job))) {
		json_decref(cert);
		return cm_err_set(err, -ENOMEM, "cannot build the certificate");
	}
	*out = cert;
	return 0;
}

/*
 * A chain-head.pending names the certificate being issued. If a crash
 * left one behind, the certificate it names either reached the disk
 * (adopt it as the head, so the next certificate links to it and no two
 * ever claim the same predecessor) or did not (drop it).
 */
static bool is_uuid(const char *s)
{
	if (!s || strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++)
		if (i == 8 || i == 13 || i == 18 || i == 23
			    ? s[i] != '-'
			    : !strchr("0123456789abcdef", s[i]) || !s[i])
			return false;
	return true;
}

/*
 * What a crash while certificate @file ("DIR/ID.json", named by the
 * pending record under the chain lock) was being written left beside it:
 * the temporaries of ID.json and ID.json.p7s ("NAME.tmpXXXXXX", see
 * cm_atomic_sweep) and, when the certificate itself never reached the
 * disk, its orphaned signature. Only these two names of this one
 * certificate are touched, nothing else in the directory.
 */
static void sweep_unfinished(const char *file, const char *id, bool issued)
{
	const char *base = strrchr(file, '/');
	char *sig = NULL;
	struct stat st;

	base = base ? base + 1 : file;
	if (!is_uuid(id) || strncmp(base, id, 36) || strcmp(base + 36, ".json"))
		return;
	if (asprintf(&sig, "%s.p7s", file) < 0)
		return;
	cm_atomic_sweep(file);
	cm_atomic_sweep(sig);
	if (!issued && lstat(file, &st) < 0 && errno == ENOENT &&
	    lstat(sig, &st) == 0 && S_ISREG(st.st_mode))
		unlink(sig);
	free(sig);
}

static int recover_pending(const char *pendp, const char *headp,
			   struct cm_err *err)
{
	uint8_t md[CM_SHA256_LEN];
	char hex[CM_SHA256_HEX];
	const char *sha, *file;
	json_t *p;
	bool issued;
	int rc = 0;

	/* the chain lock is held: no one else writes these two */
	cm_atomic_sweep(pendp);
	cm_atomic_sweep(headp);
	if (access(pendp, F_OK) != 0)
		return 0;
	p = cm_json_load_file(pendp, 8192, NULL);
	sha = p ? cm_json_get_str(p, "sha256") : NULL;
	file = p ? cm_json_get_str(p, "path") : NULL;
	issued = sha && file && cm_sha256_file(file, md, NULL) == 0 &&
		 (cm_hex(md, sizeof(md), hex), !strcmp(hex, sha));
	if (file)
		sweep_unfinished(file, cm_json_get_str(p, "id"), issued);
	if (issued) {
		if (rename(pendp, headp) < 0)
			rc = cm_err_setk(err, -errno, CM_ERR_CANTCREAT,
					 "cannot adopt '%s': %s", pendp,
					 strerror(errno));
	} else if (unlink(pendp) < 0) {
		rc = cm_err_setk(err, -errno, CM_ERR_CANTCREAT,
				 "cannot remove '%s': %s", pendp,
				 strerror(errno));
	}
	json_decref(p);
	return rc;
}

int wp_cert_issue(const struct cm_identity *id, const char *cert_dir,
		  json_t *cert, char **path_out, char *sha_out,
		  struct cm_err *err)
{
	char uuid[37], when[CM_RFC3339_LEN], name[64], hex[CM_SHA256_HEX];
	char *lockp = NULL, *headp = NULL, *pendp = NULL, *path = NULL;
	char *sigp = NULL, *body = NULL, *abspath = NULL;
	uint8_t md[CM_SHA256_LEN], *der = NULL;
	size_t der_len = 0;
	json_t *headj = NULL, *pend = NULL;
	int lockfd = -1, rc;

	if (path_out)
		*path_out = NULL;
	rc = cm_mkdirs(cert_dir, 0755, err);
	if (rc < 0)
		return rc;
	lockp = cm_path_join(id->dir, "chain.lock");
	headp = cm_path_join(id->dir, "chain-head");
	pendp = cm_path_join(id->dir, "chain-head.pending");
	if (!lockp || !headp || !pendp) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	lockfd = open(lockp, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lockfd < 0 || flock(lockfd, LOCK_EX) < 0) {
		rc = cm_err_setk(err, -errno, CM_ERR_CANTCREAT,
				 "cannot lock '%s': %s", lockp,
				 strerror(errno));
		goto out;
	}
	rc = recover_pending(pendp, headp, err);
	if (rc < 0)
		goto out;
	if (access(headp, F_OK) == 0) {
		headj = cm_json_load_file(headp, 4096, err);
		if (!headj || !cm_json_get_str(headj, "sha256")) {
			rc = cm_err_setk(
				err, -EBADMSG, CM_ERR_DATAERR,
				"chain head '%s' is damaged: restore it from the last certificate before issuing more",
				headp);
			goto out;
		}
	}
	rc = cm_uuid4(uuid, err);
	if (rc < 0)
		goto out;
	cm_time_rfc3339(cm_time_now(), when);
	json_object_set_new(cert, "id", json_string(uuid));
	json_object_set_new(cert, "issued_at", json_string(when));
	json_object_set_new(
		cert, "previous_sha256",
		headj ? json_string(cm_json_get_str(headj, "sha256"))
		      : json_null());
	body = cm_json_dumps(cert);
	if (!body) {
		rc = cm_err_set(err, -ENOMEM, "cannot serialise");
		goto out;
	}
	snprintf(name, sizeof(name), "%s.json", uuid);
	path = cm_path_join(cert_dir, name);
	snprintf(name, sizeof(name), "%s.json.p7s", uuid);
	sigp = cm_path_join(cert_dir, name);
	abspath = path ? realpath(cert_dir, NULL) : NULL;
	if (!path || !sigp || !abspath) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	rc = cm_sha256_buf(body, strlen(body), md, err);
	if (rc < 0)
		goto out;
	cm_hex(md, sizeof(md), hex);
	rc = cm_cms_sign(id, body, strlen(body), &der, &der_len, err);
	if (rc < 0)
		goto out;
	/* intent first, then the signature, then the certificate itself */
	{
		char *full = cm_path_join(abspath, name);

		if (full)
			full[strlen(full) - 4] = '\0'; /* drop ".p7s" */
		pend = full ? json_pack("{s:s, s:s, s:s, s:s}", "sha256", hex,
					"id", uuid, "issued_at", when, "path",
					full)
			    : NULL;
		free(full);
	}
	rc = pend ? cm_json_write_file(pend, pendp, 0600, err)
		  : cm_err_set(err, -ENOMEM, "out of memory");
	if (rc < 0)
		goto out;
	rc = cm_atomic_write_file(sigp, der, der_len, 0644, err);
	if (rc == 0)
		rc = cm_atomic_write_file(path, body, strlen(body), 0644, err);
	if (rc < 0) {
		unlink(pendp);
		unlink(sigp);
		goto out;
	}
	if (rename(pendp, headp) < 0) {
		rc = cm_err_setk(err, -errno, CM_ERR_CANTCREAT,
				 "cannot move the chain head: %s",
				 strerror(errno));
		goto out;
	}
	if (sha_out)
		memcpy(sha_out, hex, CM_SHA256_HEX);
	if (path_out) {
		*path_out = path;
		path = NULL;
	}
out:
	if (lockfd >= 0)
		close(lockfd); /* releases the lock */
	json_decref(headj);
	json_decref(pend);
	free(der);
	free(body);
	free(path);
	free(sigp);
	free(abspath);
	free(lockp);
	free(headp);
	free(pendp);
	return rc;
}

/* ---- schema ---- */

enum jt {
	J_STR,
	J_STR_NULL,
	J_INT,
	J_INT_NULL,
	J_OBJ,
	J_OBJ_NULL,
	J_ARR,
	J_ANY,
	J_NUM_NULL
};

struct field {
	const char *key;
	enum jt type;
	const struct field *sub; /* for objects, NULL-key terminated */
};

static const struct field f_host[] = {
	{"hostname", J_STR, NULL},	  {"machine_id", J_STR_NULL, NULL},
	{"dmi_vendor", J_STR_NULL, NULL}, {"dmi_product", J_STR_NULL, NULL},
	{"dmi_serial", J_STR_NULL, NULL}, {NULL, 0, NULL}};
static const struct field f_tool[] = {{"name", J_STR, NULL},
				      {"version", J_STR, NULL},
				      {"build", J_STR, NULL},
				      {"host", J_OBJ, f_host},
				      {NULL, 0, NULL}};
static const struct field f_operator[] = {
	{"name", J_STR_NULL, NULL},	    {"title", J_STR_NULL, NULL},
	{"organization", J_STR_NULL, NULL}, {"location", J_STR_NULL, NULL},
	{"phone", J_STR_NULL, NULL},	    {NULL, 0, NULL}};
static const struct field f_media[] = {
	{"device", J_STR_NULL, NULL},
	{"vendor", J_STR_NULL, NULL},
	{"model", J_STR_NULL, NULL},
	{"serial", J_STR_NULL, NULL},
	{"wwn", J_STR_NULL, NULL},
	{"firmware", J_STR_NULL, NULL},
	{"type", J_STR, NULL},
	{"transport", J_STR_NULL, NULL},
	{"property_number", J_STR_NULL, NULL},
	{"capacity_bytes", J_INT, NULL},
	{"native_capacity_bytes", J_INT_NULL, NULL},
	{"logical_block_size", J_INT, NULL},
	{"physical_block_size", J_INT, NULL},
	{"hidden_areas", J_ANY, NULL},
	{"source", J_STR_NULL, NULL},
	{"classification", J_STR_NULL, NULL},
	{"data_backed_up", J_STR_NULL, NULL},
	{"backup_location", J_STR_NULL, NULL},
	{NULL, 0, NULL}};
static const struct field f_san[] = {
	{"category", J_STR, NULL},	  {"technique", J_STR, NULL},
	{"method", J_STR, NULL},	  {"details", J_OBJ, NULL},
	{"started_at", J_STR_NULL, NULL}, {"finished_at", J_STR_NULL, NULL},
	{"bytes_written", J_INT, NULL},	  {"errors", J_ARR, NULL},
	{"device_status", J_ANY, NULL},	  {NULL, 0, NULL}};
static const struct field f_ver[] = {
	{"method", J_STR, NULL},       {"coverage", J_NUM_NULL, NULL},
	{"samples", J_INT_NULL, NULL}, {"result", J_STR, NULL},
	{"details", J_OBJ, NULL},      {NULL, 0, NULL}};
static const struct field f_cert[] = {{"schema", J_STR, NULL},
				      {"id", J_STR, NULL},
				      {"issued_at", J_STR, NULL},
				      {"previous_sha256", J_STR_NULL, NULL},
				      {"tool", J_OBJ, f_tool},
				      {"operator", J_OBJ, f_operator},
				      {"media", J_OBJ, f_media},
				      {"sanitization", J_OBJ, f_san},
				      {"verification", J_OBJ, f_ver},
				      {"result", J_STR, NULL},
				      {"destination", J_STR_NULL, NULL},
				      {"post_classification", J_STR_NULL, NULL},
				      {"notes", J_STR_NULL, NULL},
				      {"standards", J_ARR, NULL},
				      {"attestation", J_STR, NULL},
				      {"validation", J_ANY, NULL},
				      {NULL, 0, NULL}};

static bool type_ok(const json_t *v, enum jt t)
{
	switch (t) {
	case J_STR:
		return json_is_string(v);
	case J_STR_NULL:
		return json_is_string(v) || json_is_null(v);
	case J_INT:
		return json_is_integer(v) && json_integer_value(v) >= 0;
	case J_INT_NULL:
		return json_is_null(v) ||
		       (json_is_integer(v) && json_integer_value(v) >= 0);
	case J_NUM_NULL:
		return json_is_null(v) || json_is_number(v);
	case J_OBJ:
		return json_is_object(v);
	case J_OBJ_NULL:
		return json_is_object(v) || json_is_null(v);
	case J_ARR:
		return json_is_array(v);
	case J_ANY:
		return true;
	}
	return false;
}

static int check_fields(const json_t *obj, const struct field *f,
			const char *where, struct cm_err *err)
{
	/* required keys with their types; JSON objects are unordered
	 * (RFC 8259), so neither their order nor extra keys are an error:
	 * certificates written by every erase path (overwrite, Purge,
	 * LUKS) and by later versions verify alike */
	for (; f->key; f++) {
		json_t *v = json_object_get(obj, f->key);

		if (!v)
			return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
					   "%s: missing key '%s'", where,
					   f->key);
		if (!type_ok(v, f->type))
			return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
					   "%s.%s: wrong type", where, f->key);
		if (f->sub) {
			char sub[128];
			int rc;

			snprintf(sub, sizeof(sub), "%s.%s", where, f->key);
			rc = check_fields(v, f->sub, sub, err);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

static bool one_of(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

int wp_cert_check_schema(const json_t *cert, struct cm_err *err)
{
	static const char *const results[] = {"success", "failed",
					      "interrupted", NULL};
	static const char *const cats[] = {"clear", "purge", "destroy", NULL};
	static const char *const optional[] = {"customer", "job"};
	const char *s;
	time_t t;
	int rc;

	if (!json_is_object(cert))
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "not a JSON object");
	s = cm_json_get_str(cert, "schema");
	if (!s || strcmp(s, WP_CERT_SCHEMA))
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "schema is not '%s'", WP_CERT_SCHEMA);
	rc = check_fields(cert, f_cert, "certificate", err);
	if (rc < 0)
		return rc;
	if (!one_of(cm_json_get_str(cert, "result"), results))
		return cm_err_setk(
			err, -EBADMSG, CM_ERR_DATAERR,
			"result is not success, failed or interrupted");
	if (!one_of(cm_json_get_str(json_object_get(cert, "sanitization"),
				    "category"),
		    cats))
		return cm_err_setk(
			err, -EBADMSG, CM_ERR_DATAERR,
			"sanitization.category is not clear, purge or destroy");
	if (cm_time_parse(cm_json_get_str(cert, "issued_at"), &t) < 0)
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "issued_at is not an RFC 3339 time");
	s = cm_json_get_str(cert, "previous_sha256");
	if (s && strlen(s) != 64)
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "previous_sha256 is not a SHA-256");
	for (size_t i = 0; i < sizeof(optional) / sizeof(*optional); i++) {
		const json_t *v = json_object_get(cert, optional[i]);

		if (v && !json_is_string(v) && !json_is_null(v))
			return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
					   "certificate.%s: wrong type",
					   optional[i]);
	}
	return 0;
}

/* ---- verify ---- */

/* The signer must be the organisation the certificate names. */
static int check_org(const json_t *cert, const struct cm_cms_info *cms,
		     struct cm_err *err)
{
	const char *org = cm_json_get_str(json_object_get(cert, "operator"),
					  "organization");

	if (org && strcmp(cms->signer_org, org)) {
		cm_err_set(
			err, 0,
			"signed by organisation '%s', but the certificate names '%s'",
			cms->signer_org, org);
		return 1;
	}
	return 0;
}

int wp_cert_check_content(const char *name, const char *data, size_t len,
			  const struct cm_cms_info *cms, struct cm_err *err)
{
	json_error_t je;
	json_t *cert = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	int rc;

	if (!cert)
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "%s:%d:%d: malformed JSON: %s", name,
				   je.line, je.column, je.text);
	rc = wp_cert_check_schema(cert, err);
	if (rc < 0)
		cm_err_wrap(err, "'%s' is not a valid certificate", name);
	else
		rc = check_org(cert, cms, err);
	json_decref(cert);
	return rc;
}

int wp_cert_verify_mem(const char *name, const char *data, size_t len,
		       const uint8_t *sig, size_t sig_len,
		       struct cm_cms_trust *trust, struct wp_cert_check *chk,
		       struct cm_err *err)
{
	uint8_t md[CM_SHA256_LEN];
	json_error_t je;
	int rc;

	memset(chk, 0, sizeof(*chk));
	cm_sha256_buf(data, len, md, NULL);
	cm_hex(md, sizeof(md), chk->sha256);
	chk->cert = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!chk->cert)
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "%s:%d:%d: malformed JSON: %s", name,
				   je.line, je.column, je.text);
	rc = wp_cert_check_schema(chk->cert, err);
	if (rc < 0) {
		cm_err_wrap(err, "'%s' is not a valid certificate", name);
		return rc;
	}
	rc = cm_cms_verify_trusted(data, len, sig, sig_len, trust, &chk->cms,
				   err);
	if (rc != 0)
		return rc;
	return check_org(chk->cert, &chk->cms, err);
}

int wp_cert_verify_trust(struct wp_cert_chain *chain, const char *path,
			 const struct cm_verify_trust *tr,
			 struct wp_cert_check *chk, struct cm_err *err)
{
	const char *ca_pem = tr->ca_pem;
	char *sigp = NULL, *data = NULL;
	uint8_t md[CM_SHA256_LEN];
	size_t len = 0;
	json_error_t je;
	int rc;

	memset(chk, 0, sizeof(*chk));
	rc = cm_read_file(path, WP_CERT_MAX, &data, &len, err);
	if (rc < 0)
		return rc;
	cm_sha256_buf(data, len, md, NULL);
	cm_hex(md, sizeof(md), chk->sha256);
	chk->cert = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!chk->cert) {
		rc = cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				 "%s:%d:%d: malformed JSON: %s", path, je.line,
				 je.column, je.text);
		goto out;
	}
	rc = wp_cert_check_schema(chk->cert, err);
	if (rc < 0) {
		cm_err_wrap(err, "'%s' is not a valid certificate", path);
		goto out;
	}
	sigp = malloc(strlen(path) + 5);
	if (!sigp) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	snprintf(sigp, strlen(path) + 5, "%s.p7s", path);
	{
		char *sig = NULL;
		size_t sig_len = 0;

		rc = cm_read_file(sigp, 1024 * 1024, &sig, &sig_len, err);
		if (rc < 0) {
			/* a certificate without its signature proves nothing */
			cm_err_setk(err, rc, CM_ERR_NEGATIVE,
				    "no signature: cannot read '%s'", sigp);
			rc = 1;
			goto out;
		}
		rc = cm_cms_verify(data, len, (uint8_t *)sig, sig_len, ca_pem,
				   &chk->cms, err);
		if (rc == 0)
			rc = cm_tsa_signature_time(
				sigp, (uint8_t *)sig, sig_len, &chk->cms,
				tr->tsa_ca_pem, &chk->time, err);
		free(sig);
	}
	if (rc == 0 && tr->crl_pem) {
		rc = cm_crl_judge(tr->crl_pem, ca_pem, &chk->cms, &chk->time,
				  &chk->rev, err);
		chk->rev_checked = rc >= 0;
	}
	if (rc != 0)
		goto out;
	rc = check_org(chk->cert, &chk->cms, err);
	if (rc)
		goto out;
	wp_cert_chain_link(chain, path,
			   cm_json_get_str(chk->cert, "previous_sha256"),
			   chk->chain, sizeof(chk->chain));
out:
	free(sigp);
	free(data);
	return rc;
}

int wp_cert_verify(const char *path, const char *ca_pem,
		   struct wp_cert_check *chk, struct cm_err *err)
{
	struct wp_cert_chain chain;
	int rc;

	wp_cert_chain_init(&chain);
	rc = wp_cert_verify_trust(&chain, path,
				  &(struct cm_verify_trust){.ca_pem = ca_pem},
				  chk, err);
	wp_cert_chain_release(&chain);
	return rc;
}

void wp_cert_check_release(struct wp_cert_check *chk)
{
	if (!chk)
		return;
	json_decref(chk->cert);
	chk->cert = NULL;
}
