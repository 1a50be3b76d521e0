// SPDX-License-Identifier: Apache-2.0
/*
 * The one fake of the drive seam: memory-backed media with failure
 * injection, a script of expected passthrough commands, a virtual clock
 * and the canned answers the scripts return.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fake_drive.h"

static struct fake_drive *of(struct wp_dev *d)
{
	return (struct fake_drive *)d;
}

/* ---- host I/O ---- */

static bool hits_bad(const struct fake_drive *f, size_t len, uint64_t off)
{
	return f->bad_len && off < f->bad_off + f->bad_len &&
	       off + len > f->bad_off;
}

static ssize_t f_pread(struct wp_dev *d, void *buf, size_t len, uint64_t off)
{
	struct fake_drive *f = of(d);

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
	struct fake_drive *f = of(d);

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

static int f_refresh(struct wp_dev *d)
{
	(void)d;
	return 0;
}

/* ---- the passthrough script ---- */

static uint32_t lcg(uint32_t *x)
{
	*x = *x * 1103515245u + 12345u;
	return *x >> 8;
}

static void apply(struct fake_drive *f, enum fake_effect fx)
{
	/* a new key each time, like a drive's crypto erase */
	uint32_t x = 0xC0FFEE + f->ncmds;

	switch (fx) {
	case FAKE_FX_NONE:
		break;
	case FAKE_FX_SCRAMBLE:
		for (uint64_t i = 0; i < f->dev.size; i++)
			f->mem[i] = (uint8_t)lcg(&x);
		break;
	case FAKE_FX_ZERO:
		memset(f->mem, 0, f->dev.size);
		break;
	case FAKE_FX_STOP:
		if (f->stop)
			*f->stop = 1;
		break;
	}
}

static const struct fake_expect *next(struct fake_drive *f, const char *kind)
{
	const struct fake_expect *e;

	f->ncmds++;
	if (f->pos >= f->nex)
		fail_msg("unexpected %s command #%u: the script has ended",
			 kind, f->ncmds);
	e = f->ex[f->pos];
	if (++f->used >= (e->repeat ? e->repeat : 1)) {
		f->pos++;
		f->used = 0;
	}
	return e;
}

static int f_nvme(struct wp_dev *d, struct wp_nvme_cmd *c)
{
	struct fake_drive *f = of(d);
	const struct fake_expect *e = next(f, "NVMe");

	if (e->kind != FAKE_NVME || e->opcode != c->opcode ||
	    e->nsid != c->nsid || e->cdw10 != c->cdw10 || e->cdw11 != c->cdw11)
		fail_msg(
			"NVMe command #%u: expected '%s' (opcode 0x%02x nsid 0x%x cdw10 0x%08x cdw11 0x%08x), got opcode 0x%02x nsid 0x%x cdw10 0x%08x cdw11 0x%08x",
			f->ncmds, e->what, e->opcode, e->nsid, e->cdw10,
			e->cdw11, c->opcode, c->nsid, c->cdw10, c->cdw11);
	if (e->data_in && c->data)
		memcpy(c->data, e->data_in,
		       e->data_in_len < c->data_len ? e->data_in_len
						    : c->data_len);
	apply(f, e->effect);
	return e->rc;
}

static int f_sg(struct wp_dev *d, struct wp_sg_cmd *c)
{
	struct fake_drive *f = of(d);
	const struct fake_expect *e = next(f, "SG");

	if (e->kind != FAKE_SG || e->cdb_len != c->cdb_len ||
	    memcmp(e->cdb, c->cdb, e->cdb_len) || e->dir != c->dir) {
		char got[64] = "", want[64] = "";

		for (int i = 0; i < c->cdb_len && i < 16; i++)
			snprintf(got + 3 * i, 4, "%02x ", c->cdb[i]);
		for (int i = 0; i < e->cdb_len && i < 16; i++)
			snprintf(want + 3 * i, 4, "%02x ", e->cdb[i]);
		fail_msg(
			"SG command #%u: expected '%s' [%s] dir %d, got [%s] dir %d",
			f->ncmds, e->what, want, e->dir, got, c->dir);
	}
	if (e->data_out) {
		assert_int_equal(c->data_len, e->data_out_len);
		if (memcmp(c->data, e->data_out, e->data_out_len))
			fail_msg("SG command #%u '%s': wrong data block",
				 f->ncmds, e->what);
	}
	if (e->data_in && c->data)
		memcpy(c->data, e->data_in,
		       e->data_in_len < c->data_len ? e->data_in_len
						    : c->data_len);
	if (e->sense_len)
		memcpy(c->sense, e->sense, e->sense_len);
	c->sense_len = e->sense_len;
	c->status = e->sense_len ? 0x02 : 0;
	apply(f, e->effect);
	if (e->rc)
		return e->rc;
	return e->sense_len ? 0x02 : 0;
}

static const struct wp_dev_ops mem_ops = {
	.name = "fake",
	.pread = f_pread,
	.pwrite = f_pwrite,
	.flush = f_flush,
	.drop_cache = f_drop,
	.luks_erase = f_luks_erase,
};

static const struct wp_dev_ops nvme_ops = {
	.name = "sim-nvme",
	.pread = f_pread,
	.pwrite = f_pwrite,
	.nvme_admin = f_nvme,
	.refresh_size = f_refresh,
};

static const struct wp_dev_ops sg_ops = {
	.name = "sim-sg",
	.pread = f_pread,
	.pwrite = f_pwrite,
	.sg_io = f_sg,
	.refresh_size = f_refresh,
};

static struct fake_drive *alloc(uint64_t size, uint32_t lbs,
				const struct wp_dev_ops *ops, const char *path)
{
	struct fake_drive *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->mem = malloc(size);
	assert_non_null(f->mem);
	f->dev.ops = ops;
	f->dev.path = strdup(path);
	assert_non_null(f->dev.path);
	f->dev.fd = -1;
	f->dev.size = size;
	f->dev.logical_block = lbs;
	f->dev.physical_block = lbs;
	return f;
}

struct fake_drive *fake_drive_new(uint64_t size, uint32_t lbs, uint8_t fill)
{
	struct fake_drive *f = alloc(size, lbs, &mem_ops, "fake0");

	memset(f->mem, fill, size);
	return f;
}

struct fake_drive *fake_drive_new_scripted(enum fake_kind kind, uint64_t size,
					   uint32_t seed)
{
	struct fake_drive *f =
		kind == FAKE_NVME ? alloc(size, 512, &nvme_ops, "sim-nvme0n1")
				  : alloc(size, 512, &sg_ops, "sim-sda");

	for (uint64_t i = 0; i < size; i++)
		f->mem[i] = (uint8_t)lcg(&seed);
	f->dev.is_block = true;
	return f;
}

void fake_drive_free(struct fake_drive *f)
{
	if (!f)
		return;
	free(f->dev.path);
	free(f->mem);
	free(f->ex);
	free(f);
}

void fake_drive_expect(struct fake_drive *f, const struct fake_expect *e,
		       size_t n)
{
	if (f->nex + n > f->cap) {
		f->cap = (f->nex + n) * 2;
		f->ex = realloc(f->ex, f->cap * sizeof(*f->ex));
		assert_non_null(f->ex);
	}
	for (size_t i = 0; i < n; i++)
		f->ex[f->nex++] = &e[i];
}

void fake_drive_done(const struct fake_drive *f)
{
	if (f->pos != f->nex)
		fail_msg("script not finished: next expected '%s' (%zu of %zu)",
			 f->ex[f->pos]->what, f->pos + 1, f->nex);
}

uint64_t fake_now_ms(void *ctx)
{
	return ((struct fake_drive *)ctx)->now_ms;
}

void fake_sleep_ms(void *ctx, uint32_t ms)
{
	((struct fake_drive *)ctx)->now_ms += ms;
}

/* ---- canned answers ---- */

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void pad(uint8_t *p, const char *s, size_t n)
{
	memset(p, ' ', n);
	memcpy(p, s, strlen(s) < n ? strlen(s) : n);
}

void fake_nvme_id_ctrl(uint8_t buf[4096], uint32_t sanicap, uint8_t fna,
		       uint16_t oacs)
{
	memset(buf, 0, 4096);
	put16(buf, 0x1b36);
	pad(buf + 4, "SIMNVME0001", 20);
	pad(buf + 24, "Simulated NVMe Controller", 40);
	pad(buf + 64, "1.0", 8);
	put16(buf + 256, oacs);
	put32(buf + 328, sanicap);
	put32(buf + 516, 1);
	buf[524] = fna;
}

void fake_nvme_id_ns(uint8_t buf[4096], uint64_t nsze, uint8_t lbads)
{
	memset(buf, 0, 4096);
	put32(buf, (uint32_t)nsze);
	put32(buf + 4, (uint32_t)(nsze >> 32));
	memcpy(buf + 8, buf, 8);
	buf[25] = 0;
	buf[26] = 0;
	put32(buf + 128, (uint32_t)lbads << 16);
}

void fake_nvme_sanlog(uint8_t buf[512], uint16_t sprog, uint16_t sstat,
		      uint32_t scdw10, uint32_t etce)
{
	memset(buf, 0, 512);
	put16(buf, sprog);
	put16(buf + 2, sstat);
	put32(buf + 4, scdw10);
	put32(buf + 8, 0xFFFFFFFF);
	put32(buf + 12, 0xFFFFFFFF);
	put32(buf + 16, etce);
}

void fake_ata_identify(uint8_t buf[512], const uint16_t (*w)[2], size_t n,
		       uint64_t sectors)
{
	static const char serial[] = "SIMATA0001          ";
	static const char model[] = "Simulated ATA Disk                      ";
	uint16_t words[256] = {0};
	uint8_t sum = 0;

	for (int i = 0; i < 10; i++)
		words[10 + i] =
			(uint16_t)(serial[2 * i] << 8 | serial[2 * i + 1]);
	for (int i = 0; i < 20; i++)
		words[27 + i] =
			(uint16_t)(model[2 * i] << 8 | model[2 * i + 1]);
	words[23] = ('1' << 8) | '.';
	words[24] = ('0' << 8) | ' ';
	words[25] = words[26] = 0x2020;
	words[83] = 0x4000 | (1u << 10); /* valid, 48-bit */
	words[82] = 0x4000;
	words[60] = (uint16_t)sectors;
	words[61] = (uint16_t)(sectors >> 16);
	for (int i = 0; i < 4; i++)
		words[100 + i] = (uint16_t)(sectors >> (16 * i));
	for (size_t i = 0; i < n; i++)
		words[w[i][0]] = w[i][1];
	words[255] = 0xA5;
	for (int i = 0; i < 256; i++)
		put16(buf + 2 * i, words[i]);
	for (int i = 0; i < 511; i++)
		sum = (uint8_t)(sum + buf[i]);
	buf[511] = (uint8_t)(0 - sum);
}

uint8_t fake_ata_sense(uint8_t sense[32], uint8_t status, uint8_t error,
		       uint16_t count, uint64_t lba)
{
	uint8_t *d = sense + 8;

	memset(sense, 0, 32);
	sense[0] = 0x72;
	sense[1] = (status & 0x01) ? 0x0B : 0x01; /* ABORTED / RECOVERED */
	sense[2] = 0x00;
	sense[3] = 0x1D; /* ATA PASS-THROUGH INFORMATION AVAILABLE */
	sense[7] = 14;
	d[0] = 0x09;
	d[1] = 0x0C;
	d[2] = 0x01;
	d[3] = error;
	d[4] = (uint8_t)(count >> 8);
	d[5] = (uint8_t)count;
	d[6] = (uint8_t)(lba >> 24);
	d[7] = (uint8_t)lba;
	d[8] = (uint8_t)(lba >> 32);
	d[9] = (uint8_t)(lba >> 8);
	d[10] = (uint8_t)(lba >> 40);
	d[11] = (uint8_t)(lba >> 16);
	d[12] = 0x40;
	d[13] = status;
	return 22;
}
