// SPDX-License-Identifier: Apache-2.0
/*
 * Checking an evidence archive against its manifest: every member read
 * back through libarchive and hashed, none missing, none extra.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "cm_hash.h"
#include "cm_json.h"
#include "rs_evidence.h"
#include "rs_evidence_verify.h"

#define RS_MANIFEST_MAX (512UL * 1024 * 1024)

int rs_evidence_verify(const char *tar_path, const char *man_path,
		       struct cm_err *err)
{
	json_t *man = cm_json_load_file(man_path, RS_MANIFEST_MAX, err);
	json_t *byname = json_object(), *members, *m;
	struct archive *ar = NULL;
	struct archive_entry *e;
	unsigned char *buf = malloc(RS_EVIDENCE_BUF);
	const char *tname =
		strrchr(tar_path, '/') ? strrchr(tar_path, '/') + 1 : tar_path;
	char *name = NULL;
	size_t i;
	int rc = 0, r;

	if (!man || !buf || !byname) {
		rc = man ? cm_err_set(err, -ENOMEM, "out of memory") : 1;
		if (!man)
			cm_err_wrap(err, "manifest '%s'", man_path);
		goto out;
	}
	members = json_object_get(man, "members");
	if (!json_is_array(members)) {
		rc = 1;
		cm_err_set(err, -EBADMSG, "%s: no member list", man_path);
		goto out;
	}
	/* keyed by the raw bytes of each name (cm_json_set_bytes()) */
	json_array_foreach(members, i, m)
	{
		char *key = cm_json_get_bytes(m, "member");

		if (!key || json_object_get(byname, key)) {
			free(key);
			rc = 1;
			cm_err_set(err, -EBADMSG,
				   "%s: member %zu has no name or a duplicate",
				   man_path, i);
			goto out;
		}
		json_object_set_nocheck(byname, key, m);
		free(key);
	}
	ar = archive_read_new();
	archive_read_support_format_tar(ar);
	archive_read_support_filter_zstd(ar);
	if (archive_read_open_filename(ar, tar_path, RS_EVIDENCE_BUF) !=
	    ARCHIVE_OK) {
		rc = 1;
		cm_err_set(err, -EBADMSG, "%s: cannot open: %s", tname,
			   archive_error_string(ar));
		goto out;
	}
	while ((r = archive_read_next_header(ar, &e)) == ARCHIVE_OK) {
		const char *raw = archive_entry_pathname(e);
		size_t nl;
		json_t *want;

		/* names are not bounded by PATH_MAX: a tree walked by
		 * openat may be deeper than any one path */
		free(name);
		name = strdup(raw ? raw : "");
		if (!name) {
			rc = cm_err_set(err, -ENOMEM, "out of memory");
			goto out;
		}
		/* directories are stored with a trailing slash */
		nl = strlen(name);
		while (nl > 1 && name[nl - 1] == '/')
			name[--nl] = '\0';
		want = json_object_get(byname, name);
		struct cm_sha256 h = {0};
		uint8_t md[CM_SHA256_LEN];
		char hex[CM_SHA256_HEX];
		const char *wsha;
		json_int_t size = 0;
		ssize_t n;

		if (!want) {
			rc = 1;
			cm_err_set(err, -EBADMSG,
				   "%s: member '%s' is not in the manifest",
				   tname, name);
			goto out;
		}
		if ((rc = cm_sha256_init(&h, err)))
			goto out;
		while ((n = archive_read_data(ar, buf, RS_EVIDENCE_BUF)) > 0) {
			cm_sha256_update(&h, buf, (size_t)n, NULL);
			size += n;
		}
		if (n < 0) {
			cm_sha256_release(&h);
			rc = 1;
			cm_err_set(err, -EBADMSG, "%s: member '%s': %s", tname,
				   name, archive_error_string(ar));
			goto out;
		}
		cm_sha256_final(&h, md, NULL);
		cm_hex(md, sizeof(md), hex);
		wsha = cm_json_get_str(want, "sha256");
		if ((wsha && strcmp(wsha, hex)) || (!wsha && size != 0) ||
		    (wsha && json_integer_value(
				     json_object_get(want, "size")) != size)) {
			rc = 1;
			cm_err_set(
				err, -EBADMSG,
				"%s: member '%s' does not match the manifest (sha256 %s, size %lld)",
				tname, name, hex, (long long)size);
			goto out;
		}
		json_object_del(byname, name);
	}
	if (r != ARCHIVE_EOF) {
		rc = 1;
		cm_err_set(err, -EBADMSG, "%s: %s", tname,
			   archive_error_string(ar) ? archive_error_string(ar)
						    : "damaged archive");
		goto out;
	}
	if (json_object_size(byname)) {
		const char *k;
		json_t *v;

		json_object_foreach(byname, k, v)
		{
			rc = 1;
			cm_err_set(
				err, -EBADMSG,
				"%s: manifest member '%s' is missing from the archive",
				tname, k);
			break;
		}
	}
out:
	free(name);
	if (ar)
		archive_read_free(ar);
	free(buf);
	json_decref(man);
	json_decref(byname);
	return rc;
}
