// SPDX-License-Identifier: Apache-2.0
/* A memory-backed device behind the drive seam, with failure injection. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fake_dev.h"

static struct fake_dev *of(struct wp_dev *d)
{
	return (struct fake_dev *)d;
}

static bool hits_bad(struct fake_dev *f, size_t len, uint64_t off)
{
	return f->bad_len && off < f->bad_off + f->bad_len &&
	       off + len > f->bad_off;
}

static ssize_t f_pread(struct wp_dev *d, void *buf, size_t len, uint64_t off)
{
	struct fake_dev *f = of(d);

	f->reads++;
	if (off >= d->size)
		return 0;
	if (len > d->size - off)
		len = (size_t)(d->size - off);
	memcpy(buf, f->mem + off, len);
	if (f->flip && f->flip_off >= off && f->flip_off < off + len)
		((uint8_t *)buf)[f->flip_off - off] ^= 0x01;
	return (ssize_t)len;
}

static ssize_t f_pwrite(struct wp_dev *d, const void *buf, size_t len,
			uint64_t off)
{
	struct fake_dev *f = of(d);

	f->writes++;
	if (len > f->max_write)
		f->max_write = len;
	if (off >= d->size)
		return -ENOSPC;
	if (len > d->size - off)
		len = (size_t)(d->size - off);
	if (hits_bad(f, len, off))
		return -EIO;
	memcpy(f->mem + off, buf, len);
	return (ssize_t)len;
}

static int f_flush(struct wp_dev *d)
{
	of(d)->flushes++;
	return 0;
}

static int f_drop(struct wp_dev *d)
{
	of(d)->drops++;
	return 0;
}

static int f_luks_erase(struct wp_dev *d, int *destroyed, struct cm_err *err)
{
	(void)err;
	of(d)->luks_erases++;
	*destroyed = of(d)->luks_keyslots;
	of(d)->luks_keyslots = 0;
	return 0;
}

static const struct wp_dev_ops fake_ops = {
	.name = "fake",
	.pread = f_pread,
	.pwrite = f_pwrite,
	.flush = f_flush,
	.drop_cache = f_drop,
	.luks_erase = f_luks_erase,
};

struct fake_dev *fake_dev_new(uint64_t size, uint32_t lbs, uint8_t fill)
{
	struct fake_dev *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->mem = malloc(size);
	if (!f->mem) {
		free(f);
		return NULL;
	}
	memset(f->mem, fill, size);
	f->dev.ops = &fake_ops;
	f->dev.path = strdup("fake0");
	f->dev.fd = -1;
	f->dev.size = size;
	f->dev.logical_block = lbs;
	f->dev.physical_block = lbs;
	return f;
}

void fake_dev_free(struct fake_dev *f)
{
	if (!f)
		return;
	free(f->dev.path);
	free(f->mem);
	free(f);
}
