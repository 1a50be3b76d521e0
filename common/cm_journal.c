// SPDX-License-Identifier: Apache-2.0
/*
 * The custody journal: one JSON object per line, each chained to the one
 * before by SHA-256; appended with fsync, checked line by line.
 *
 * Each line's sha256 covers the line's own bytes up to (not including)
 * the final ,"sha256":"..." member, closed with '}'. Hashing the bytes as
 * written, not a re-serialisation, keeps verification independent of any
 * JSON library's formatting.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cm_file.h"
#include "cm_journal.h"
#include "cm_time.h"

#define JOURNAL_LINE_MAX (16 * 1024 * 1024)
#define SHA_SUFFIX_LEN	 (sizeof(",\"sha256\":\"\"}") - 1 + 64)

static const char zeros[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

/*
 * Check one line (without its newline) against the expected seq and prev.
 * Returns 0 ok and fills @sha_out, 1 broken with a reason in @err.
 */
static int check_line(const char *line, size_t len, uint64_t seq,
		      const char *prev, char *sha_out, struct cm_err *err)
{
	const char *sha;
	uint8_t md[CM_SHA256_LEN];
	char hex[CM_SHA256_HEX];
	json_t *j = NULL;
	json_error_t je;
	char *copy;
	int rc = 1;

	if (len < SHA_SUFFIX_LEN + 2 ||
	    strncmp(line + len - SHA_SUFFIX_LEN, ",\"sha256\":\"", 11) ||
	    strncmp(line + len - 2, "\"}", 2))
		return cm_err_set(err, 0, "entry %llu: no trailing sha256",
				  (unsigned long long)seq),
		       1;
	sha = line + len - SHA_SUFFIX_LEN + 11;
	copy = malloc(len - SHA_SUFFIX_LEN + 2);
	if (!copy)
		return cm_err_set(err, -ENOMEM, "out of memory");
	memcpy(copy, line, len - SHA_SUFFIX_LEN);
	copy[len - SHA_SUFFIX_LEN] = '}';
	copy[len - SHA_SUFFIX_LEN + 1] = '\0';
	if (cm_sha256_buf(copy, len - SHA_SUFFIX_LEN + 1, md, err) < 0) {
		rc = err ? err->code : -EIO;
		goto out;
	}
	cm_hex(md, sizeof(md), hex);
	if (strncmp(hex, sha, 64)) {
		cm_err_set(
			err, 0,
			"entry %llu: content does not match its sha256 (edited)",
			(unsigned long long)seq);
		goto out;
	}
	j = json_loads(copy, 0, &je);
	if (!j || !json_is_object(j)) {
		cm_err_set(err, 0, "entry %llu: not a JSON object",
			   (unsigned long long)seq);
		goto out;
	}
	if (!json_is_integer(json_object_get(j, "seq")) ||
	    (uint64_t)json_integer_value(json_object_get(j, "seq")) != seq) {
		cm_err_set(
			err, 0,
			"entry %llu: sequence number is not %llu (entries removed or reordered)",
			(unsigned long long)seq, (unsigned long long)seq);
		goto out;
	}
	if (!json_is_string(json_object_get(j, "prev")) ||
	    strcmp(json_string_value(json_object_get(j, "prev")), prev)) {
		cm_err_set(
			err, 0,
			"entry %llu: does not chain to the previous entry (entries removed, inserted or reordered)",
			(unsigned long long)seq);
		goto out;
	}
	memcpy(sha_out, hex, CM_SHA256_HEX);
	rc = 0;
out:
	json_decref(j);
	free(copy);
	return rc;
}

/*
 * Walk @buf (the journal's bytes). Sets *@good_len to the length of the
 * intact prefix ending in a newline, *@bad_line to the first bad line.
 */
static int walk(const char *buf, size_t len, uint64_t *next_seq, char *prev,
		size_t *good_len, uint64_t *bad_line, struct cm_err *err)
{
	size_t pos = 0;
	uint64_t seq = 1;

	memcpy(prev, zeros, CM_SHA256_HEX);
	*good_len = 0;
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		char sha[CM_SHA256_HEX] = "";
		int rc;

		if (!nl) {
			*bad_line = seq;
			cm_err_set(err, 0, "entry %llu: torn (no newline)",
				   (unsigned long long)seq);
			return 2;
		}
		rc = check_line(buf + pos, (size_t)(nl - (buf + pos)), seq,
				prev, sha, err);
		if (rc) {
			*bad_line = seq;
			return rc;
		}
		memcpy(prev, sha, CM_SHA256_HEX);
		pos = (size_t)(nl - buf) + 1;
		*good_len = pos;
		seq++;
	}
	*next_seq = seq;
	return 0;
}

int cm_journal_open(struct cm_journal *j, const char *path, int *truncated,
		    struct cm_err *err)
{
	char *buf = NULL;
	size_t len = 0, good = 0;
	uint64_t bad = 0;
	int rc;

	j->fd = -1;
	j->next_seq = 1;
	memcpy(j->prev, zeros, CM_SHA256_HEX);
	if (truncated)
		*truncated = 0;
	j->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (j->fd < 0)
		return cm_err_setk(err, -errno, CM_ERR_CANTCREAT,
				   "cannot open journal '%s': %s", path,
				   strerror(errno));
	rc = cm_read_file(path, (size_t)1 << 31, &buf, &len, err);
	if (rc < 0)
		goto fail;
	rc = walk(buf, len, &j->next_seq, j->prev, &good, &bad, err);
	if (rc == 2) {
		/* a crash tore the last append: drop the partial line */
		const char *last = len ? memrchr(buf, '\n', len) : NULL;
		size_t keep = last ? (size_t)(last - buf) + 1 : 0;

		if (keep != good || ftruncate(j->fd, (off_t)keep) < 0 ||
		    fsync(j->fd) < 0) {
			rc = cm_err_setk(
				err, -EBADMSG, CM_ERR_DATAERR,
				"journal '%s' is damaged at entry %llu", path,
				(unsigned long long)bad);
			goto fail;
		}
		if (truncated)
			*truncated = 1;
		free(buf);
		buf = NULL;
		rc = cm_read_file(path, (size_t)1 << 31, &buf, &len, err);
		if (rc < 0)
			goto fail;
		rc = walk(buf, len, &j->next_seq, j->prev, &good, &bad, err);
	}
	if (rc != 0) {
		rc = cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				 "journal '%s' is broken at entry %llu: %s",
				 path, (unsigned long long)bad,
				 err ? err->msg : "");
		goto fail;
	}
	free(buf);
	return 0;
fail:
	free(buf);
	close(j->fd);
	j->fd = -1;
	return rc;
}

int cm_journal_append(struct cm_journal *j, const char *actor,
		      const char *event, json_t *details, struct cm_err *err)
{
	char when[CM_RFC3339_LEN];
	uint8_t md[CM_SHA256_LEN];
	char hex[CM_SHA256_HEX];
	json_t *entry;
	char *body = NULL, *line = NULL;
	size_t n;
	int rc;

	cm_time_rfc3339(cm_time_now(), when);
	entry = json_pack("{s:I, s:s, s:s, s:s, s:o, s:s}", "seq",
			  (json_int_t)j->next_seq, "time", when, "actor",
			  actor ? actor : "unknown", "event", event, "details",
			  details ? json_incref(details) : json_object(),
			  "prev", j->prev);
	if (!entry)
		return cm_err_set(err, -ENOMEM, "cannot build journal entry");
	body = json_dumps(entry, JSON_COMPACT | JSON_PRESERVE_ORDER |
					 JSON_ENSURE_ASCII);
	json_decref(entry);
	if (!body)
		return cm_err_set(err, -ENOMEM, "cannot serialise entry");
	n = strlen(body);
	rc = cm_sha256_buf(body, n, md, err);
	if (rc < 0)
		goto out;
	cm_hex(md, sizeof(md), hex);
	line = malloc(n + SHA_SUFFIX_LEN + 2);
	if (!line) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	memcpy(line, body, n - 1); /* drop the closing brace */
	snprintf(line + n - 1, SHA_SUFFIX_LEN + 3, ",\"sha256\":\"%s\"}\n",
		 hex);
	rc = cm_write_all(j->fd, line, strlen(line), err);
	if (rc < 0) {
		cm_err_wrap(err, "cannot append to the journal");
		goto out;
	}
	if (fsync(j->fd) < 0) {
		rc = cm_err_set(err, -errno, "cannot sync the journal: %s",
				strerror(errno));
		goto out;
	}
	memcpy(j->prev, hex, CM_SHA256_HEX);
	j->next_seq++;
out:
	free(line);
	free(body);
	return rc;
}

void cm_journal_close(struct cm_journal *j)
{
	if (j && j->fd >= 0) {
		close(j->fd);
		j->fd = -1;
	}
}

int cm_journal_verify(const char *path, uint64_t *bad_line, struct cm_err *err)
{
	char prev[CM_SHA256_HEX];
	char *buf = NULL;
	size_t len = 0, good = 0;
	uint64_t next = 0, bad = 0;
	int rc;

	rc = cm_read_file(path, (size_t)1 << 31, &buf, &len, err);
	if (rc < 0)
		return rc;
	rc = walk(buf, len, &next, prev, &good, &bad, err);
	free(buf);
	if (rc < 0)
		return rc;
	if (rc) {
		if (bad_line)
			*bad_line = bad;
		return 1;
	}
	return 0;
}
