// SPDX-License-Identifier: Apache-2.0
/*
 * Identity from what udev, sysfs and the SCSI VPD pages say: vendor,
 * model, serial, WWN, firmware and transport of a target.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cm_path.h"
#include "wp_identity.h"
#include "wp_use.h"

void wp_transport_from_syspath(const char *syspath, const char *name, char *out,
			       size_t len)
{
	const char *t = "";

	/* most specific first: a USB-SATA bridge also shows host/target */
	if (!strncmp(name, "loop", 4) && strstr(syspath, "/virtual/"))
		t = "loop";
	else if (strstr(syspath, "/usb"))
		t = "usb";
	else if (strstr(syspath, "/nvme") || !strncmp(name, "nvme", 4))
		t = "nvme";
	else if (strstr(syspath, "/end_device-") ||
		 strstr(syspath, "/expander-") || strstr(syspath, "/sas_"))
		t = "sas";
	else if (strstr(syspath, "/ata"))
		t = "sata";
	else if (strstr(syspath, "/mmc_host/") || !strncmp(name, "mmcblk", 6))
		t = "mmc";
	else if (strstr(syspath, "/virtio"))
		t = "virtio";
	else if (strstr(syspath, "/host") && strstr(syspath, "/target"))
		t = "scsi";
	else if (strstr(syspath, "/virtual/"))
		t = "virtual";
	wp_copy(out, len, t);
}

const char *wp_transport_from_bus(const char *bus)
{
	static const struct {
		const char *bus, *transport;
	} map[] = {
		{"ata", "sata"},	  {"usb", "usb"}, {"nvme", "nvme"},
		{"scsi", "scsi"},	  {"mmc", "mmc"}, {"virtio", "virtio"},
		{"ieee1394", "firewire"},
	};

	if (!bus)
		return NULL;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(bus, map[i].bus))
			return map[i].transport;
	return NULL;
}

/* Set @dst from @src (trimmed) when @dst is empty and @src is not. */
static int fill(char *dst, size_t len, const char *src)
{
	char tmp[256];

	if (dst[0] || !src)
		return 0;
	wp_copy(tmp, sizeof(tmp), src);
	wp_strtrim(tmp);
	if (!tmp[0])
		return 0;
	wp_copy(dst, len, tmp);
	return 1;
}

/* udev's ID_*_ENC values escape bytes as \xNN; decode into @out. */
static void udev_decode(const char *s, char *out, size_t len)
{
	size_t w = 0;

	for (; *s && w + 1 < len; s++) {
		unsigned v;

		if (s[0] == '\\' && s[1] == 'x' &&
		    isxdigit((unsigned char)s[2]) &&
		    isxdigit((unsigned char)s[3]) &&
		    sscanf(s + 2, "%2x", &v) == 1) {
			out[w++] = (char)v;
			s += 3;
		} else {
			out[w++] = *s;
		}
	}
	out[w] = '\0';
}

int wp_identity_from_props(const char *(*get)(void *ctx, const char *key),
			   void *ctx, struct wp_devinfo *info)
{
	char dec[256];
	const char *v;
	int n = 0;

	/* the _ENC forms keep spaces the plain forms turn into '_' */
	v = get(ctx, "ID_VENDOR_ENC");
	if (v) {
		udev_decode(v, dec, sizeof(dec));
		v = dec;
	} else {
		v = get(ctx, "ID_VENDOR");
	}
	/* "ATA" names the SCSI translation layer, not who made the drive */
	if (v && strcmp(v, "ATA") && strncmp(v, "ATA ", 4))
		n += fill(info->vendor, sizeof(info->vendor), v);
	v = get(ctx, "ID_MODEL_ENC");
	if (v) {
		udev_decode(v, dec, sizeof(dec));
		v = dec;
	} else {
		v = get(ctx, "ID_MODEL");
	}
	n += fill(info->model, sizeof(info->model), v);
	v = get(ctx, "ID_SERIAL_SHORT");
	n += fill(info->serial, sizeof(info->serial), v);
	v = get(ctx, "ID_WWN_WITH_EXTENSION");
	if (!v)
		v = get(ctx, "ID_WWN");
	n += fill(info->wwn, sizeof(info->wwn), v);
	v = get(ctx, "ID_REVISION");
	n += fill(info->firmware, sizeof(info->firmware), v);
	n += fill(info->transport, sizeof(info->transport),
		  wp_transport_from_bus(get(ctx, "ID_BUS")));
	return n;
}

/* Read a binary sysfs attribute; returns bytes read or -1. */
static ssize_t read_bin(const char *dir, const char *name, uint8_t *buf,
			size_t len)
{
	char path[PATH_MAX];
	ssize_t r;
	int fd;

	if (cm_path_join_buf(path, sizeof(path), dir, name))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	r = read(fd, buf, len);
	close(fd);
	return r;
}

int wp_identity_from_sysfs(const char *dir, struct wp_devinfo *info)
{
	char buf[256];
	uint8_t page[512];
	ssize_t plen;
	int n = 0;

	/* SCSI/SATA/USB disks; virtio-blk's device/vendor is a PCI id */
	if (wp_sysfs_read(dir, "device/vendor", buf, sizeof(buf)) &&
	    strncmp(buf, "0x", 2) && strcmp(buf, "ATA"))
		n += fill(info->vendor, sizeof(info->vendor), buf);
	if (wp_sysfs_read(dir, "device/model", buf, sizeof(buf)))
		n += fill(info->model, sizeof(info->model), buf);
	/* mmc names its product "name" */
	if (!strncmp(info->name, "mmcblk", 6) &&
	    wp_sysfs_read(dir, "device/name", buf, sizeof(buf)))
		n += fill(info->model, sizeof(info->model), buf);
	/* NVMe and MMC controllers; virtio-blk has it on the disk */
	if (wp_sysfs_read(dir, "device/serial", buf, sizeof(buf)))
		n += fill(info->serial, sizeof(info->serial), buf);
	if (wp_sysfs_read(dir, "serial", buf, sizeof(buf)))
		n += fill(info->serial, sizeof(info->serial), buf);
	plen = read_bin(dir, "device/vpd_pg80", page, sizeof(page));
	if (plen > 0 && !wp_vpd80_serial(page, (size_t)plen, buf, sizeof(buf)))
		n += fill(info->serial, sizeof(info->serial), buf);
	if (!info->wwn[0]) {
		plen = read_bin(dir, "device/vpd_pg83", page, sizeof(page));
		if (plen > 0 &&
		    !wp_vpd83_naa(page, (size_t)plen, buf, sizeof(buf)))
			n += fill(info->wwn, sizeof(info->wwn), buf);
	}
	/*
	 * "t10." and "nvme." identifiers are strings the kernel builds from
	 * vendor, model and serial when a drive has no world-wide name
	 */
	if ((wp_sysfs_read(dir, "wwid", buf, sizeof(buf)) ||
	     wp_sysfs_read(dir, "device/wwid", buf, sizeof(buf))) &&
	    strncmp(buf, "t10.", 4) && strncmp(buf, "nvme.", 5))
		n += fill(info->wwn, sizeof(info->wwn), buf);
	if (wp_sysfs_read(dir, "device/firmware_rev", buf, sizeof(buf)) ||
	    wp_sysfs_read(dir, "device/rev", buf, sizeof(buf)) ||
	    wp_sysfs_read(dir, "device/fwrev", buf, sizeof(buf)))
		n += fill(info->firmware, sizeof(info->firmware), buf);
	return n;
}

int wp_vpd80_serial(const uint8_t *page, size_t len, char *out, size_t outlen)
{
	size_t plen, w = 0;

	if (len < 4 || page[1] != 0x80)
		return -EBADMSG;
	plen = (size_t)page[2] << 8 | page[3];
	if (plen > len - 4)
		plen = len - 4;
	for (size_t i = 0; i < plen && w + 1 < outlen; i++) {
		uint8_t c = page[4 + i];

		if (c == 0)
			break;
		/* a serial is printable ASCII (SPC-5 7.7.18) */
		out[w++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	out[w] = '\0';
	wp_strtrim(out);
	return 0;
}

int wp_vpd83_naa(const uint8_t *page, size_t len, char *out, size_t outlen)
{
	size_t plen, off = 4;

	if (len < 4 || page[1] != 0x83)
		return -EBADMSG;
	plen = (size_t)page[2] << 8 | page[3];
	if (plen > len - 4)
		plen = len - 4;
	while (off + 4 <= plen + 4) {
		uint8_t assoc = (page[off + 1] >> 4) & 3;
		uint8_t type = page[off + 1] & 0xf;
		size_t dlen = page[off + 3];

		if (off + 4 + dlen > plen + 4)
			return -EBADMSG;
		/* NAA designator of the logical unit (SPC-5 7.7.6.6) */
		if (type == 3 && assoc == 0 && (dlen == 8 || dlen == 16) &&
		    outlen > 2 + 2 * dlen) {
			size_t w = 0;

			out[w++] = '0';
			out[w++] = 'x';
			for (size_t i = 0; i < dlen; i++)
				w += (size_t)snprintf(out + w, outlen - w,
						      "%02x",
						      page[off + 4 + i]);
			return 0;
		}
		off += 4 + dlen;
	}
	return -ENOENT;
}
