// SPDX-License-Identifier: Apache-2.0
/*
 * LUKS through libcryptsetup, and the libblkid signature check every
 * Purge runs afterwards.
 */
#include <blkid/blkid.h>
#include <errno.h>
#include <libcryptsetup.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "wp_luks.h"

/*
 * libcryptsetup 2.6 sets up its crypto backend (an OpenSSL library context
 * and providers) on the first crypt_load() with no guard against two
 * threads at once: two erase workers probing at the same time each made
 * one and one was lost (Valgrind: a definite leak). Every use of the
 * library here holds this lock, so the set-up runs exactly once, before
 * any other worker can call in; a probe reads one header, so the workers
 * wait for each other only for that long.
 */
static pthread_mutex_t crypt_lock = PTHREAD_MUTEX_INITIALIZER;

static void quiet_log(int level, const char *msg, void *usrptr)
{
	(void)level;
	(void)msg;
	(void)usrptr;
}

int wp_luks_probe(const char *path, struct wp_luks_info *info)
{
	struct crypt_device *cd = NULL;
	const char *type;
	int rc, max;

	memset(info, 0, sizeof(*info));
	pthread_mutex_lock(&crypt_lock);
	crypt_set_log_callback(NULL, quiet_log, NULL);
	rc = crypt_init(&cd, path);
	if (rc < 0) {
		pthread_mutex_unlock(&crypt_lock);
		return rc;
	}
	crypt_set_log_callback(cd, quiet_log, NULL);
	rc = crypt_load(cd, CRYPT_LUKS, NULL);
	if (rc < 0) {
		rc = 0; /* not LUKS (or unreadable: the caller reads it) */
		goto out;
	}
	type = crypt_get_type(cd);
	snprintf(info->type, sizeof(info->type), "%s", type ? type : "LUKS");
	snprintf(info->uuid, sizeof(info->uuid), "%s",
		 crypt_get_uuid(cd) ? crypt_get_uuid(cd) : "");
	max = crypt_keyslot_max(type);
	for (int i = 0; i < max; i++) {
		crypt_keyslot_info ki = crypt_keyslot_status(cd, i);

		if (ki == CRYPT_SLOT_ACTIVE || ki == CRYPT_SLOT_ACTIVE_LAST)
			info->active_keyslots++;
	}
	/* data offset in 512-byte sectors: header and keyslots lie below */
	info->metadata_bytes = crypt_get_data_offset(cd) * 512;
	rc = 1;
out:
	crypt_free(cd);
	pthread_mutex_unlock(&crypt_lock);
	return rc;
}

int wp_luks_destroy_keyslots(struct wp_dev *d, int *destroyed,
			     struct cm_err *err)
{
	const char *path = d->path;
	struct crypt_device *cd = NULL;
	int rc, max;

	*destroyed = 0;
	pthread_mutex_lock(&crypt_lock);
	rc = crypt_init(&cd, path);
	if (rc < 0) {
		pthread_mutex_unlock(&crypt_lock);
		return cm_err_set(err, rc,
				  "cannot open '%s' with libcryptsetup: %s",
				  path, strerror(-rc));
	}
	crypt_set_log_callback(cd, quiet_log, NULL);
	rc = crypt_load(cd, CRYPT_LUKS, NULL);
	if (rc < 0) {
		cm_err_set(err, rc, "'%s' has no LUKS header", path);
		goto out;
	}
	max = crypt_keyslot_max(crypt_get_type(cd));
	for (int i = 0; i < max; i++) {
		crypt_keyslot_info ki = crypt_keyslot_status(cd, i);

		if (ki != CRYPT_SLOT_ACTIVE && ki != CRYPT_SLOT_ACTIVE_LAST &&
		    ki != CRYPT_SLOT_UNBOUND)
			continue;
		rc = crypt_keyslot_destroy(cd, i);
		if (rc < 0) {
			cm_err_set(err, rc,
				   "cannot destroy keyslot %d of '%s': %s", i,
				   path, strerror(-rc));
			goto out;
		}
		(*destroyed)++;
	}
	rc = 0;
out:
	crypt_free(cd);
	pthread_mutex_unlock(&crypt_lock);
	return rc;
}

int wp_blkid_find_signature(struct wp_dev *d, char *name, size_t len)
{
	blkid_probe pr;
	const char *v = NULL;
	int rc;

	if (d->fd < 0 || !d->path)
		return -ENOTSUP;
	/*
	 * A fresh buffered descriptor: ours may be O_DIRECT, which libblkid's
	 * unaligned reads would fail on. Our caches were dropped already.
	 */
	pr = blkid_new_probe_from_filename(d->path);
	if (!pr)
		return -errno ? -errno : -EIO;
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_MAGIC);
	rc = blkid_do_safeprobe(pr);
	if (rc == 0) {
		if (blkid_probe_lookup_value(pr, "TYPE", &v, NULL) < 0 &&
		    blkid_probe_lookup_value(pr, "PTTYPE", &v, NULL) < 0)
			v = "unknown";
		snprintf(name, len, "%s", v);
		rc = 1;
	} else if (rc == 1) {
		rc = 0; /* nothing found */
	} else if (rc == -2) {
		snprintf(name, len, "ambivalent");
		rc = 1;
	} else {
		rc = -EIO;
	}
	blkid_free_probe(pr);
	return rc;
}
