// SPDX-License-Identifier: Apache-2.0
/*
 * LUKS purge: wiping every keyslot and the header, then checking that
 * no key material remains.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "purge/luks.h"
#include "purge/run.h"
#include "purge/verify.h"
#include "wp_luks.h"

int wp_purge_luks_erase(struct wp_purge_ctx *r)
{
	struct wp_luks_info li;
	struct wp_purge_samples s = {0};
	uint8_t *buf = NULL, *chk = NULL;
	uint64_t area, off;
	json_t *v;
	char sig[64] = "";
	int destroyed = 0, rc, nonzero = 0;
	bool ok = true;

	rc = wp_luks_probe(r->d->path, &li);
	if (rc != 1) {
		wp_purge_fail(r, "no LUKS header found");
		return 0;
	}
	area = li.metadata_bytes;
	if (!area || area > r->d->size)
		area = r->d->size < 16u << 20 ? r->d->size : 16u << 20;
	json_object_set_new(r->status, "luks",
			    json_pack("{s:s, s:s, s:i, s:I}", "type", li.type,
				      "uuid", li.uuid, "active_keyslots",
				      (json_int_t)li.active_keyslots,
				      "metadata_bytes", (json_int_t)area));
	rc = wp_dev_luks_erase(r->d, &destroyed, r->err);
	json_object_set_new(r->status, "keyslots_destroyed",
			    json_integer(destroyed));
	if (rc < 0) {
		/* the overwrite below destroys them all the same */
		json_object_set_new(r->status, "keyslot_destroy_error",
				    json_string(r->err ? r->err->msg : ""));
		cm_err_clear(r->err);
	}
	/* then the whole metadata area: headers, JSON, keyslot material */
	if (posix_memalign((void **)&buf, 4096, 1u << 20) ||
	    posix_memalign((void **)&chk, 4096, 1u << 20)) {
		rc = -ENOMEM;
		goto out;
	}
	memset(buf, 0, 1u << 20);
	for (off = 0; off < area;) {
		size_t n = area - off > (1u << 20) ? 1u << 20
						   : (size_t)(area - off);
		ssize_t w = wp_dev_pwrite(r->d, buf, n, off);

		if (w < 0) {
			wp_purge_fail(
				r,
				"cannot overwrite the LUKS metadata at %" PRIu64
				": %s",
				off, strerror((int)-w));
			goto out;
		}
		off += (uint64_t)w;
		r->res->bytes_written += (uint64_t)w;
	}
	rc = wp_dev_flush(r->d);
	if (rc < 0) {
		wp_purge_fail(r, "flush failed: %s", strerror(-rc));
		goto out;
	}
	wp_dev_drop_cache(r->d);
	for (off = 0; off < area;) {
		uint32_t n = area - off > (1u << 20) ? 1u << 20
						     : (uint32_t)(area - off);

		rc = wp_purge_read_fully(r->d, chk, n, off);
		if (rc < 0) {
			ok = false;
			break;
		}
		if (wp_purge_classify(chk, n) != 0)
			nonzero++;
		off += n;
	}
	if (nonzero)
		ok = false;
	v = json_object();
	json_object_set_new(v, "method", json_string("full"));
	json_object_set_new(
		v, "coverage",
		json_real(r->d->size ? (double)area / (double)r->d->size : 0));
	json_object_set_new(v, "samples", json_integer(1));
	rc = wp_luks_probe(r->d->path, &li);
	json_object_set_new(v, "luks_header_after",
			    json_string(rc == 1 ? "present" : "absent"));
	if (rc == 1)
		ok = false;
	rc = wp_blkid_find_signature(r->d, sig, sizeof(sig));
	if (rc == 1)
		ok = false;
	json_object_set_new(v, "blkid",
			    rc == 1 ? json_sprintf("signature '%s' found", sig)
			    : rc == 0 ? json_string("no signature")
				      : json_string("not checked"));
	json_object_set_new(
		v, "details",
		json_pack("{s:s, s:s, s:I, s:i}", "check",
			  "the metadata and keyslot areas read back as zeros",
			  "area", "luks-metadata", "bytes", (json_int_t)area,
			  "nonzero_mib", (json_int_t)nonzero));
	json_object_set_new(v, "result", json_string(ok ? "passed" : "failed"));
	json_decref(r->res->verification);
	r->res->verification = v;
	if (!ok)
		wp_purge_fail(r, "the LUKS metadata area was not erased");
	rc = 0;
out:
	free(buf);
	free(chk);
	free(s.v);
	return rc < 0 ? rc : 0;
}
