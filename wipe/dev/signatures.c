// SPDX-License-Identifier: Apache-2.0
/*
 * Signatures through libblkid: every superblock and partition table on a
 * target, each hidden in turn so the next is found (as wipefs does).
 */
#include <blkid/blkid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wp_signatures.h"
#include "wp_use.h"

static uint64_t str_u64(const char *s)
{
	return s ? strtoull(s, NULL, 10) : 0;
}

int wp_probe_signatures(const char *path, struct wp_signature *sigs, int max,
			int *count, struct cm_err *err)
{
	blkid_probe pr = NULL;
	int fd, rc = 0, n = 0;

	*count = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return cm_err_set(err, -errno, "cannot open '%s': %s", path,
				  strerror(errno));
	/* read what is on the media, not what the page cache remembers */
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	pr = blkid_new_probe();
	if (!pr || blkid_probe_set_device(pr, fd, 0, 0) != 0) {
		rc = cm_err_set(err, -EIO, "cannot probe '%s'", path);
		goto out;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(
		pr, BLKID_SUBLKS_MAGIC | BLKID_SUBLKS_TYPE |
			    BLKID_SUBLKS_USAGE | BLKID_SUBLKS_LABEL |
			    BLKID_SUBLKS_UUID | BLKID_SUBLKS_BADCSUM);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_MAGIC |
						     BLKID_PARTS_FORCE_GPT);

	/*
	 * As wipefs does: report a signature, hide its magic, step back and
	 * probe again, so every signature is found, not just the winner. The
	 * bound stops a probe that could not hide what it found.
	 */
	for (int round = 0; round < 256; round++) {
		const char *type = NULL, *off = NULL, *magic = NULL;
		const char *usage = NULL, *label = NULL, *uuid = NULL;
		size_t maglen = 0;
		bool pt = false;
		int r = blkid_do_probe(pr);

		if (r == 1)
			break;
		if (r < 0) {
			rc = cm_err_set(err, -EIO,
					"cannot probe '%s' for signatures",
					path);
			goto out;
		}
		if (blkid_probe_lookup_value(pr, "TYPE", &type, NULL) == 0) {
			blkid_probe_lookup_value(pr, "SBMAGIC_OFFSET", &off,
						 NULL);
			blkid_probe_lookup_value(pr, "SBMAGIC", &magic,
						 &maglen);
			blkid_probe_lookup_value(pr, "USAGE", &usage, NULL);
			blkid_probe_lookup_value(pr, "LABEL", &label, NULL);
			blkid_probe_lookup_value(pr, "UUID", &uuid, NULL);
		} else if (blkid_probe_lookup_value(pr, "PTTYPE", &type,
						    NULL) == 0) {
			pt = true;
			blkid_probe_lookup_value(pr, "PTMAGIC_OFFSET", &off,
						 NULL);
			blkid_probe_lookup_value(pr, "PTMAGIC", &magic,
						 &maglen);
			blkid_probe_lookup_value(pr, "PTUUID", &uuid, NULL);
		} else {
			continue;
		}
		if (n < max) {
			struct wp_signature *s = &sigs[n];

			memset(s, 0, sizeof(*s));
			wp_copy(s->type, sizeof(s->type), type);
			wp_copy(s->usage, sizeof(s->usage),
				pt	? "partition_table"
				: usage ? usage
					: "");
			s->offset = str_u64(off);
			wp_copy(s->label, sizeof(s->label), label ? label : "");
			wp_copy(s->uuid, sizeof(s->uuid), uuid ? uuid : "");
		}
		n++;
		if (!off || !maglen ||
		    blkid_probe_hide_range(pr, str_u64(off), maglen) != 0)
			break;
		blkid_probe_step_back(pr);
	}
out:
	blkid_free_probe(pr);
	close(fd);
	*count = n < max ? n : max;
	return rc;
}
