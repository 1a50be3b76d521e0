// SPDX-License-Identifier: Apache-2.0
/* The checkpoint file of an overwrite job: written, loaded, closed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "cm_file.h"
#include "cm_hash.h"
#include "cm_json.h"
#include "cm_time.h"
#include "wp_checkpoint.h"

#define CHECKPOINT_SCHEMA "sanitas.checkpoint/1"

char *wp_checkpoint_path(const char *state_dir, const struct wp_devinfo *info)
{
	char key[1024], hex[CM_SHA256_HEX], *p;
	uint8_t md[CM_SHA256_LEN];
	size_t n;

	snprintf(key, sizeof(key), "%s\n%s\n%llu", info->path, info->serial,
		 (unsigned long long)info->size);
	if (cm_sha256_buf(key, strlen(key), md, NULL) < 0)
		return NULL;
	cm_hex(md, sizeof(md), hex);
	n = strlen(state_dir) + 32;
	p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%.16s.json", state_dir, hex);
	return p;
}

int wp_checkpoint_init(struct wp_checkpoint *c, const char *state_dir,
		       const struct wp_devinfo *info, struct cm_err *err)
{
	memset(c, 0, sizeof(*c));
	c->path = wp_checkpoint_path(state_dir, info);
	if (!c->path)
		return cm_err_set(err, -ENOMEM, "out of memory");
	return 0;
}

json_t *wp_checkpoint_errors(const struct wp_checkpoint *c)
{
	json_t *all = json_array();

	if (c->prior_errors)
		json_array_extend(all, c->prior_errors);
	if (c->st && c->st->bad_ranges)
		json_array_extend(all, c->st->bad_ranges);
	return all;
}

static json_t *session_json(const struct wp_checkpoint *c, unsigned pass,
			    uint64_t off, time_t end, const char *stop)
{
	char a[CM_RFC3339_LEN], b[CM_RFC3339_LEN];

	cm_time_rfc3339(c->session_start, a);
	cm_time_rfc3339(end, b);
	return json_pack(
		"{s:s, s:s, s:i, s:I, s:i, s:I, s:I, s:s}", "started_at", a,
		"stopped_at", b, "from_pass", (int)c->from_pass + 1,
		"from_offset", (json_int_t)c->from_off, "to_pass",
		(int)(pass < c->passes ? pass + 1 : c->passes), "to_offset",
		(json_int_t)off, "bytes_written",
		(json_int_t)(c->st ? c->st->bytes_written : 0), "stop", stop);
}

/*
 * Everything a resume needs, durably: position, bytes, the errors so far
 * and this session (so that a crash without an orderly stop still leaves
 * an honest record of what was done).
 */
int wp_checkpoint_write(struct wp_checkpoint *c, unsigned pass, uint64_t off,
			struct cm_err *err)
{
	json_object_set_new(c->doc, "pass", json_integer(pass));
	json_object_set_new(c->doc, "offset", json_integer((json_int_t)off));
	json_object_set_new(
		c->doc, "bytes_written",
		json_integer((json_int_t)(c->prior_bytes +
					  (c->st ? c->st->bytes_written : 0))));
	json_object_set_new(c->doc, "errors", wp_checkpoint_errors(c));
	json_object_set_new(
		c->doc, "current_session",
		session_json(
			c, pass, off, cm_time_now(),
			"unclean (process ended without an orderly stop)"));
	return cm_json_write_file(c->doc, c->path, 0600, err);
}

void wp_checkpoint_end_session(struct wp_checkpoint *c, unsigned pass,
			       uint64_t off, const char *stop)
{
	json_array_append_new(json_object_get(c->doc, "sessions"),
			      session_json(c, pass, off, cm_time_now(), stop));
	json_object_del(c->doc, "current_session");
}

void wp_checkpoint_tick(void *ctx, unsigned pass, uint64_t off)
{
	/* best effort: a missed periodic checkpoint only costs rework */
	wp_checkpoint_write(ctx, pass, off, NULL);
}

int wp_checkpoint_stop(struct wp_checkpoint *c, unsigned pass, uint64_t off,
		       struct cm_err *err)
{
	int rc = wp_checkpoint_write(c, pass, off, err);

	json_object_del(c->doc, "current_session");
	if (rc == 0)
		rc = cm_json_write_file(c->doc, c->path, 0600, err);
	return rc;
}

/*
 * What the medium is beyond its path, serial and size, which a loop
 * device, an image file or a serial-less reader share with another: an
 * image file's inode, a loop device's backing file, a disk's WWN or EUI
 * and the kernel's disk sequence number (new for every medium).
 */
static json_t *medium_identity(const struct wp_devinfo *info)
{
	char sys[96], *seq = NULL;
	struct stat st;
	size_t n = 0;
	json_t *j;

	if (info->is_file || info->backing_file[0]) {
		if (stat(info->is_file ? info->path : info->backing_file,
			 &st) == 0)
			return json_pack("{s:s, s:I, s:I}", "kind",
					 info->is_file ? "file" : "loop", "dev",
					 (json_int_t)st.st_dev, "ino",
					 (json_int_t)st.st_ino);
	}
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u/diskseq", info->major,
		 info->minor);
	if (cm_read_file(sys, 64, &seq, &n, NULL) == 0)
		while (n && (seq[n - 1] == '\n' || seq[n - 1] == ' '))
			seq[--n] = '\0';
	j = json_pack("{s:s, s:s, s:s}", "kind", "block", "diskseq",
		      seq ? seq : "", "wwn", info->wwn);
	free(seq);
	return j;
}

/*
 * Whether the identity @rec a checkpoint recorded is the medium @info is
 * now. A disk with a serial or WWN may have been plugged in again (a new
 * disk sequence number); one without either must be the very same.
 */
static bool same_medium(const json_t *rec, const struct wp_devinfo *info)
{
	json_t *now;
	const char *kind = cm_json_get_str(rec, "kind");
	bool same;

	if (!json_is_object(rec))
		return true; /* written before identities were recorded */
	now = medium_identity(info);
	if (!now || !kind || strcmp(kind, cm_json_get_str(now, "kind") ?: ""))
		same = false;
	else if (strcmp(kind, "block"))
		same = json_equal(json_object_get(rec, "dev"),
				  json_object_get(now, "dev")) &&
		       json_equal(json_object_get(rec, "ino"),
				  json_object_get(now, "ino"));
	else if ((cm_json_get_str(rec, "wwn") ?: "")[0])
		same = !strcmp(cm_json_get_str(rec, "wwn"), info->wwn);
	else if (info->serial[0])
		same = true;
	else
		same = (cm_json_get_str(rec, "diskseq") ?: "")[0] &&
		       !strcmp(cm_json_get_str(rec, "diskseq"),
			       cm_json_get_str(now, "diskseq") ?: "");
	json_decref(now);
	return same;
}

int wp_checkpoint_load(struct wp_checkpoint *c, const char *state_dir,
		       const struct wp_devinfo *info, struct cm_err *err)
{
	const char *serial;
	json_t *dev, *cur, *errs;
	json_int_t passes;

	if (access(c->path, F_OK) != 0)
		return cm_err_setk(
			err, -ENOENT, CM_ERR_NOINPUT,
			"no checkpoint for '%s' in '%s': nothing to resume",
			info->path, state_dir);
	c->doc = cm_json_load_file(c->path, 1 << 20, err);
	if (!c->doc)
		return err ? err->code : -EBADMSG;
	dev = json_object_get(c->doc, "device");
	serial = cm_json_get_str(dev, "serial");
	if (strcmp(cm_json_get_str(c->doc, "schema") ?: "",
		   CHECKPOINT_SCHEMA) ||
	    !serial || strcmp(serial, info->serial) ||
	    (uint64_t)json_integer_value(json_object_get(dev, "size")) !=
		    info->size)
		return cm_err_setk(
			err, -EINVAL, CM_ERR_TEMPFAIL,
			"checkpoint '%s' does not match '%s' (serial or size differ): refusing to resume",
			c->path, info->path);
	if (!same_medium(json_object_get(dev, "identity"), info))
		return cm_err_setk(
			err, -EINVAL, CM_ERR_TEMPFAIL,
			"checkpoint '%s' was written for another medium under the name '%s' (a different file, loop backing file, WWN or disk sequence number): refusing to resume; to erase this one, remove the checkpoint and start again",
			c->path, info->path);
	/* the interrupted job's own parameters, not today's defaults */
	passes = json_integer_value(json_object_get(c->doc, "passes"));
	if (passes < 1 || passes > 64 ||
	    wp_verify_mode_parse(cm_json_get_str(c->doc, "verify"),
				 &c->verify) < 0 ||
	    wp_method_parse(cm_json_get_str(c->doc, "method") ?: "?",
			    &c->method, NULL) < 0 ||
	    !json_is_array(json_object_get(c->doc, "sessions")))
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "checkpoint '%s' is damaged", c->path);
	c->passes = (unsigned)passes;
	c->sample_pct =
		json_number_value(json_object_get(c->doc, "sample_percent"));
	c->prior_bytes = (uint64_t)json_integer_value(
		json_object_get(c->doc, "bytes_written"));
	errs = json_object_get(c->doc, "errors");
	c->prior_errors =
		json_is_array(errs) ? json_incref(errs) : json_array();
	/* a session that ended without an orderly stop still counts */
	cur = json_object_get(c->doc, "current_session");
	if (json_is_object(cur)) {
		json_array_append(json_object_get(c->doc, "sessions"), cur);
		json_object_del(c->doc, "current_session");
	}
	return 0;
}

int wp_checkpoint_start(struct wp_checkpoint *c, const struct wp_devinfo *info,
			const char *method, time_t started_at,
			struct cm_err *err)
{
	char when[CM_RFC3339_LEN];

	c->prior_errors = json_array();
	cm_time_rfc3339(started_at, when);
	c->doc = json_pack(
		"{s:s, s:{s:s, s:s, s:I, s:s}, s:s, s:i, s:s, s:f, s:s, s:n, s:[]}",
		"schema", CHECKPOINT_SCHEMA, "device", "path", info->path,
		"serial", info->serial, "size", (json_int_t)info->size, "model",
		info->model, "method", method, "passes", (int)c->passes,
		"verify", wp_verify_mode_name(c->verify), "sample_percent",
		c->sample_pct, "started_at", when, "interrupted_certificate",
		"sessions");
	if (!c->doc)
		return cm_err_set(err, -ENOMEM, "out of memory");
	json_object_set_new(json_object_get(c->doc, "device"), "identity",
			    medium_identity(info));
	return 0;
}

void wp_checkpoint_resume_point(const struct wp_checkpoint *c, unsigned *pass,
				uint64_t *off, time_t *started_at)
{
	time_t t0;

	*pass = (unsigned)json_integer_value(json_object_get(c->doc, "pass"));
	*off = (uint64_t)json_integer_value(json_object_get(c->doc, "offset"));
	if (cm_time_parse(cm_json_get_str(c->doc, "started_at") ?: "", &t0) ==
	    0)
		*started_at = t0;
}

int wp_checkpoint_key(const struct wp_checkpoint *c, uint8_t key[WP_KEY_LEN],
		      struct cm_err *err)
{
	const char *hk = cm_json_get_str(c->doc, "key");

	if (!hk || cm_unhex(hk, key, WP_KEY_LEN) < 0)
		return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
				   "checkpoint '%s' has no valid key", c->path);
	return 0;
}

void wp_checkpoint_set_key(struct wp_checkpoint *c,
			   const uint8_t key[WP_KEY_LEN])
{
	char hex[2 * WP_KEY_LEN + 1];

	/* the checkpoint (0600) must hold the key to resume */
	cm_hex(key, WP_KEY_LEN, hex);
	json_object_set_new(c->doc, "key", json_string(hex));
	OPENSSL_cleanse(hex, sizeof(hex));
}

json_t *wp_checkpoint_sessions(const struct wp_checkpoint *c)
{
	return json_object_get(c->doc, "sessions");
}

json_t *wp_checkpoint_completes(const struct wp_checkpoint *c)
{
	json_t *ic = json_object_get(c->doc, "interrupted_certificate");

	return ic && !json_is_null(ic) ? ic : NULL;
}

void wp_checkpoint_keep(struct wp_checkpoint *c, const char *cert_id,
			const char *cert_sha256)
{
	if (!c->doc)
		return;
	/* the resumed job's certificate will name this record */
	json_object_set_new(
		c->doc, "interrupted_certificate",
		json_pack("{s:s, s:s}", "id", cert_id, "sha256", cert_sha256));
	cm_json_write_file(c->doc, c->path, 0600, NULL);
}

void wp_checkpoint_remove(struct wp_checkpoint *c)
{
	/* done (either way): the checkpoint holds a key, remove it */
	if (c->path && c->doc)
		unlink(c->path);
}

void wp_checkpoint_release(struct wp_checkpoint *c)
{
	if (!c)
		return;
	json_decref(c->prior_errors);
	json_decref(c->doc);
	free(c->path);
	memset(c, 0, sizeof(*c));
}
