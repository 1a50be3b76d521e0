// SPDX-License-Identifier: Apache-2.0
/*
 * A simulated drive behind the seam: memory-backed media and a script of
 * expected passthrough commands.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim_drive.h"

struct sim_drive {
	struct wp_dev dev;
	uint8_t *media;
	const struct sim_expect **ex;
	size_t nex, cap, pos;
	unsigned used; /* answers given by ex[pos] */
	unsigned ncmds;
	uint64_t now_ms;
	volatile int *stop;
};

static struct sim_drive *of(struct wp_dev *d)
{
	return (struct sim_drive *)d;
}

static ssize_t sim_pread(struct wp_dev *d, void *buf, size_t len, uint64_t off)
{
	struct sim_drive *s = of(d);

	if (off >= d->size)
		return 0;
	if (len > d->size - off)
		len = (size_t)(d->size - off);
	memcpy(buf, s->media + off, len);
	return (ssize_t)len;
}

static ssize_t sim_pwrite(struct wp_dev *d, const void *buf, size_t len,
			  uint64_t off)
{
	struct sim_drive *s = of(d);

	if (off >= d->size)
		return -28; /* -ENOSPC */
	if (len > d->size - off)
		len = (size_t)(d->size - off);
	memcpy(s->media + off, buf, len);
	return (ssize_t)len;
}

static uint32_t lcg(uint32_t *x)
{
	*x = *x * 1103515245u + 12345u;
	return *x >> 8;
}

static void apply(struct sim_drive *s, enum sim_effect fx)
{
	/* a new key each time, like a drive's crypto erase */
	uint32_t x = 0xC0FFEE + s->ncmds;

	switch (fx) {
	case SIM_FX_NONE:
		break;
	case SIM_FX_SCRAMBLE:
		for (uint64_t i = 0; i < s->dev.size; i++)
			s->media[i] = (uint8_t)lcg(&x);
		break;
	case SIM_FX_ZERO:
		memset(s->media, 0, s->dev.size);
		break;
	case SIM_FX_STOP:
		if (s->stop)
			*s->stop = 1;
		break;
	}
}

static const struct sim_expect *next(struct sim_drive *s, const char *kind)
{
	const struct sim_expect *e;

	s->ncmds++;
	if (s->pos >= s->nex)
		fail_msg("unexpected %s command #%u: the script has ended",
			 kind, s->ncmds);
	e = s->ex[s->pos];
	if (++s->used >= (e->repeat ? e->repeat : 1)) {
		s->pos++;
		s->used = 0;
	}
	return e;
}

static int sim_nvme(struct wp_dev *d, struct wp_nvme_cmd *c)
{
	struct sim_drive *s = of(d);
	const struct sim_expect *e = next(s, "NVMe");

	if (e->kind != SIM_NVME || e->opcode != c->opcode ||
	    e->nsid != c->nsid || e->cdw10 != c->cdw10 || e->cdw11 != c->cdw11)
		fail_msg("NVMe command #%u: expected '%s' (opcode 0x%02x nsid "
			 "0x%x cdw10 0x%08x cdw11 0x%08x), got opcode 0x%02x "
			 "nsid 0x%x cdw10 0x%08x cdw11 0x%08x",
			 s->ncmds, e->what, e->opcode, e->nsid, e->cdw10,
			 e->cdw11, c->opcode, c->nsid, c->cdw10, c->cdw11);
	if (e->data_in && c->data)
		memcpy(c->data, e->data_in,
		       e->data_in_len < c->data_len ? e->data_in_len
						    : c->data_len);
	apply(s, e->effect);
	return e->rc;
}

static int sim_sg(struct wp_dev *d, struct wp_sg_cmd *c)
{
	struct sim_drive *s = of(d);
	const struct sim_expect *e = next(s, "SG");

	if (e->kind != SIM_SG || e->cdb_len != c->cdb_len ||
	    memcmp(e->cdb, c->cdb, e->cdb_len) || e->dir != c->dir) {
		char got[64] = "", want[64] = "";

		for (int i = 0; i < c->cdb_len && i < 16; i++)
			snprintf(got + 3 * i, 4, "%02x ", c->cdb[i]);
		for (int i = 0; i < e->cdb_len && i < 16; i++)
			snprintf(want + 3 * i, 4, "%02x ", e->cdb[i]);
		fail_msg("SG command #%u: expected '%s' [%s] dir %d, got [%s] "
			 "dir %d",
			 s->ncmds, e->what, want, e->dir, got, c->dir);
	}
	if (e->data_out) {
		assert_int_equal(c->data_len, e->data_out_len);
		if (memcmp(c->data, e->data_out, e->data_out_len))
			fail_msg("SG command #%u '%s': wrong data block",
				 s->ncmds, e->what);
	}
	if (e->data_in && c->data)
		memcpy(c->data, e->data_in,
		       e->data_in_len < c->data_len ? e->data_in_len
						    : c->data_len);
	memcpy(c->sense, e->sense, e->sense_len);
	c->sense_len = e->sense_len;
	c->status = e->sense_len ? 0x02 : 0;
	apply(s, e->effect);
	if (e->rc)
		return e->rc;
	return e->sense_len ? 0x02 : 0;
}

static int sim_refresh(struct wp_dev *d)
{
	(void)d;
	return 0;
}

static const struct wp_dev_ops nvme_ops = {
	.name = "sim-nvme",
	.pread = sim_pread,
	.pwrite = sim_pwrite,
	.nvme_admin = sim_nvme,
	.refresh_size = sim_refresh,
};

static const struct wp_dev_ops sg_ops = {
	.name = "sim-sg",
	.pread = sim_pread,
	.pwrite = sim_pwrite,
	.sg_io = sim_sg,
	.refresh_size = sim_refresh,
};

struct sim_drive *sim_drive_new(enum sim_kind kind, uint64_t size,
				uint32_t seed)
{
	struct sim_drive *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	s->media = malloc(size);
	assert_non_null(s->media);
	for (uint64_t i = 0; i < size; i++)
		s->media[i] = (uint8_t)lcg(&seed);
	s->dev.ops = kind == SIM_NVME ? &nvme_ops : &sg_ops;
	s->dev.path = strdup(kind == SIM_NVME ? "sim-nvme0n1" : "sim-sda");
	s->dev.fd = -1;
	s->dev.is_block = true;
	s->dev.size = size;
	s->dev.logical_block = 512;
	s->dev.physical_block = 512;
	return s;
}

void sim_drive_free(struct sim_drive *s)
{
	if (!s)
		return;
	free(s->dev.path);
	free(s->media);
	free(s->ex);
	free(s);
}

struct wp_dev *sim_drive_dev(struct sim_drive *s)
{
	return &s->dev;
}

void sim_drive_expect(struct sim_drive *s, const struct sim_expect *e, size_t n)
{
	if (s->nex + n > s->cap) {
		s->cap = (s->nex + n) * 2;
		s->ex = realloc(s->ex, s->cap * sizeof(*s->ex));
		assert_non_null(s->ex);
	}
	for (size_t i = 0; i < n; i++)
		s->ex[s->nex++] = &e[i];
}

void sim_drive_done(struct sim_drive *s)
{
	if (s->pos != s->nex)
		fail_msg("script not finished: next expected '%s' (%zu of %zu)",
			 s->ex[s->pos]->what, s->pos + 1, s->nex);
}

unsigned sim_drive_commands(const struct sim_drive *s)
{
	return s->ncmds;
}

uint8_t *sim_drive_media(struct sim_drive *s)
{
	return s->media;
}

void sim_drive_set_stop(struct sim_drive *s, volatile int *flag)
{
	s->stop = flag;
}

uint64_t sim_now_ms(void *ctx)
{
	return ((struct sim_drive *)ctx)->now_ms;
}

void sim_sleep_ms(void *ctx, uint32_t ms)
{
	((struct sim_drive *)ctx)->now_ms += ms;
}

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

void sim_nvme_id_ctrl(uint8_t buf[4096], uint32_t sanicap, uint8_t fna,
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

void sim_nvme_id_ns(uint8_t buf[4096], uint64_t nsze, uint8_t lbads)
{
	memset(buf, 0, 4096);
	put32(buf, (uint32_t)nsze);
	put32(buf + 4, (uint32_t)(nsze >> 32));
	memcpy(buf + 8, buf, 8);
	buf[25] = 0;
	buf[26] = 0;
	put32(buf + 128, (uint32_t)lbads << 16);
}

void sim_nvme_sanlog(uint8_t buf[512], uint16_t sprog, uint16_t sstat,
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

void sim_ata_identify(uint8_t buf[512], const uint16_t (*w)[2], size_t n,
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

uint8_t sim_ata_sense(uint8_t sense[32], uint8_t status, uint8_t error,
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
