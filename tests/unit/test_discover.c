// SPDX-License-Identifier: Apache-2.0
/* Unit tests of discovery's pure parts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cmocka.h>

#include "wp_discover.h"
#include "wp_identity.h"
#include "wp_use.h"

static const char mountinfo[] =
	"21 26 0:20 / /proc rw,relatime - proc proc rw\n"
	"26 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard\n"
	"40 26 7:3 / /mnt/with\\040space rw master:2 shared:7 - ext4 "
	"/dev/loop3p1 rw\n"
	"41 26 8:1 /sub /srv/bind rw - xfs /dev/sda1 rw\n"
	"garbage line without separator\n"
	"42 26 8:17 / /boot rw - vfat /dev/sdb1 rw"; /* no final newline */

static void test_mountinfo_parse(void **state)
{
	struct wp_mount *m = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(wp_mountinfo_parse(mountinfo, &m, &n, NULL), 0);
	assert_int_equal(n, 5);
	assert_int_equal(m[0].major, 0);
	assert_string_equal(m[0].fstype, "proc");
	assert_int_equal(m[1].major, 254);
	assert_int_equal(m[1].minor, 0);
	assert_string_equal(m[1].mountpoint, "/");
	assert_string_equal(m[1].source, "/dev/vda");
	assert_string_equal(m[1].fstype, "ext4");
	/* several optional fields, and an escaped space */
	assert_int_equal(m[2].major, 7);
	assert_int_equal(m[2].minor, 3);
	assert_string_equal(m[2].mountpoint, "/mnt/with space");
	assert_string_equal(m[2].source, "/dev/loop3p1");
	assert_string_equal(m[3].mountpoint, "/srv/bind");
	assert_string_equal(m[4].mountpoint, "/boot");
	assert_string_equal(m[4].source, "/dev/sdb1");
	free(m);

	assert_int_equal(wp_mountinfo_parse("", &m, &n, NULL), 0);
	assert_int_equal(n, 0);
	free(m);
}

static void test_swaps_parse(void **state)
{
	static const char swaps[] =
		"Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
		"/dev/loop1                              partition\t65532"
		"\t\t0\t\t-2\n"
		"/var/swap\\040file                       "
		"file\t\t1024\t\t0\t\t-3\n";
	struct wp_swap *s = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(wp_swaps_parse(swaps, &s, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(s[0].path, "/dev/loop1");
	assert_string_equal(s[0].type, "partition");
	assert_string_equal(s[1].path, "/var/swap file");
	assert_string_equal(s[1].type, "file");
	free(s);

	/* the header alone: no swap */
	assert_int_equal(wp_swaps_parse("Filename Type Size Used Priority\n",
					&s, &n, NULL),
			 0);
	assert_int_equal(n, 0);
	free(s);
}

static void test_unescape_trim(void **state)
{
	char a[] = "a\\040b\\011c\\134d\\000e\\9";
	char b[] = "  \t padded value \n";
	char c[] = "   ";
	char d[8];

	(void)state;
	wp_unescape_octal(a);
	assert_string_equal(a, "a b\tc\\d\\000e\\9");
	assert_string_equal(wp_strtrim(b), "padded value");
	assert_string_equal(wp_strtrim(c), "");
	wp_copy(d, sizeof(d), "0123456789");
	assert_string_equal(d, "0123456");
}

static void test_unsafe_str(void **state)
{
	char buf[128];

	(void)state;
	wp_unsafe_str(0, buf, sizeof(buf));
	assert_string_equal(buf, "");
	wp_unsafe_str(WP_UNSAFE_MOUNTED | WP_UNSAFE_SWAP, buf, sizeof(buf));
	assert_string_equal(buf, "mounted, swap");
	wp_unsafe_str(WP_UNSAFE_MOUNTED | WP_UNSAFE_SWAP | WP_UNSAFE_HOLDERS |
			      WP_UNSAFE_SYSTEM | WP_UNSAFE_READONLY |
			      WP_UNSAFE_BACKS_SYSTEM,
		      buf, sizeof(buf));
	assert_string_equal(buf, "mounted, swap, holders, system, read-only, "
				 "backs-system");
	wp_unsafe_str(WP_UNSAFE_MOUNTED | WP_UNSAFE_SWAP, buf, 10);
	assert_string_equal(buf, "mounted, ");
	assert_string_equal(wp_unsafe_name(WP_UNSAFE_READONLY), "read-only");
	assert_null(wp_unsafe_name(1u << 20));
	assert_true(wp_unsafe_is_absolute(WP_UNSAFE_SYSTEM));
	assert_true(wp_unsafe_is_absolute(WP_UNSAFE_BACKS_SYSTEM |
					  WP_UNSAFE_MOUNTED));
	assert_false(wp_unsafe_is_absolute(WP_UNSAFE_MOUNTED | WP_UNSAFE_SWAP |
					   WP_UNSAFE_HOLDERS |
					   WP_UNSAFE_READONLY));
}

static void test_transport(void **state)
{
	static const struct {
		const char *path, *name, *want;
	} cases[] = {
		{"/sys/devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/"
		 "target6:0:0/6:0:0:0/block/sdc",
		 "sdc", "usb"},
		{"/sys/devices/pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0/"
		 "nvme0n1",
		 "nvme0n1", "nvme"},
		{"/sys/devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/"
		 "0:0:0:0/block/sda",
		 "sda", "sata"},
		{"/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/host0/"
		 "port-0:0/end_device-0:0/target0:0:0/0:0:0:0/block/sdb",
		 "sdb", "sas"},
		{"/sys/devices/pci0000:00/0000:00:02.0/virtio1/block/vda",
		 "vda", "virtio"},
		{"/sys/devices/platform/soc/mmc_host/mmc0/mmc0:0001/block/"
		 "mmcblk0",
		 "mmcblk0", "mmc"},
		{"/sys/devices/virtual/block/loop3", "loop3", "loop"},
		{"/sys/devices/virtual/block/dm-0", "dm-0", "virtual"},
		{"/sys/devices/platform/host3/session1/target3:0:0/3:0:0:1/"
		 "block/sdd",
		 "sdd", "scsi"},
		{"/sys/devices/platform/something/block/xyz", "xyz", ""},
	};
	char buf[16];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		wp_transport_from_syspath(cases[i].path, cases[i].name, buf,
					  sizeof(buf));
		assert_string_equal(buf, cases[i].want);
	}
	assert_string_equal(wp_transport_from_bus("ata"), "sata");
	assert_string_equal(wp_transport_from_bus("usb"), "usb");
	assert_null(wp_transport_from_bus("bogus"));
	assert_null(wp_transport_from_bus(NULL));
}

/* udev properties as key=value pairs, NULL-terminated */
static const char *prop_get(void *ctx, const char *key)
{
	const char *const *kv = ctx;

	for (; kv[0]; kv += 2)
		if (!strcmp(kv[0], key))
			return kv[1];
	return NULL;
}

static void test_identity_from_props(void **state)
{
	static const char *const sata[] = {
		"ID_VENDOR",
		"ATA",
		"ID_MODEL",
		"Samsung_SSD_860_EVO_500GB",
		"ID_MODEL_ENC",
		"Samsung\\x20SSD\\x20860\\x20EVO\\x20500GB\\x20",
		"ID_SERIAL_SHORT",
		"S3Z1NB0K123456X",
		"ID_WWN",
		"0x5002538e40a1b2c3",
		"ID_REVISION",
		"RVT02B6Q",
		"ID_BUS",
		"ata",
		NULL,
		NULL,
	};
	static const char *const usb[] = {
		"ID_VENDOR",
		"SanDisk",
		"ID_MODEL",
		"Ultra",
		"ID_SERIAL_SHORT",
		"4C530001234567891234",
		"ID_BUS",
		"usb",
		NULL,
		NULL,
	};
	struct wp_devinfo info;

	(void)state;
	memset(&info, 0, sizeof(info));
	assert_int_equal(wp_identity_from_props(prop_get, (void *)sata, &info),
			 5);
	/* "ATA" is the SCSI translation layer, not the maker */
	assert_string_equal(info.vendor, "");
	assert_string_equal(info.model, "Samsung SSD 860 EVO 500GB");
	assert_string_equal(info.serial, "S3Z1NB0K123456X");
	assert_string_equal(info.wwn, "0x5002538e40a1b2c3");
	assert_string_equal(info.firmware, "RVT02B6Q");
	assert_string_equal(info.transport, "sata");

	/* fields a better source already filled are kept */
	memset(&info, 0, sizeof(info));
	wp_copy(info.serial, sizeof(info.serial), "FROM-SYSFS");
	assert_int_equal(wp_identity_from_props(prop_get, (void *)usb, &info),
			 3);
	assert_string_equal(info.vendor, "SanDisk");
	assert_string_equal(info.model, "Ultra");
	assert_string_equal(info.serial, "FROM-SYSFS");
	assert_string_equal(info.wwn, "");
	assert_string_equal(info.transport, "usb");
}

static char tmpdir[64];

static void put(const char *rel, const void *data, size_t len)
{
	char path[256], dir[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	for (char *p = dir + strlen(tmpdir) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0700);
			*p = '/';
		}
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

#define PUTS(rel, s) put(rel, s, strlen(s))

static int fake_sysfs_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_discover.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int fake_sysfs_teardown(void **state)
{
	(void)state;
	return nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void test_identity_from_sysfs(void **state)
{
	/* VPD page 0x80: header, then the serial padded with spaces */
	static const uint8_t pg80[] = {
		0x00, 0x80, 0x00, 0x14, ' ', ' ', ' ', ' ', 'W', 'D', '-', 'W',
		'C',  'C',  '4',  'N',	'1', '2', '3', '4', '5', '6', '7', '8'};
	struct wp_devinfo info;
	char dir[128];

	(void)state;
	/* a SATA disk behind libata */
	PUTS("sda/device/vendor", "ATA     \n");
	PUTS("sda/device/model", "WDC WD10EFRX-68F\n");
	PUTS("sda/device/rev", "0A82\n");
	put("sda/device/vpd_pg80", pg80, sizeof(pg80));
	PUTS("sda/device/wwid", "naa.50014ee2b1c2d3e4\n");
	memset(&info, 0, sizeof(info));
	wp_copy(info.name, sizeof(info.name), "sda");
	snprintf(dir, sizeof(dir), "%s/sda", tmpdir);
	assert_int_equal(wp_identity_from_sysfs(dir, &info), 4);
	assert_string_equal(info.vendor, "");
	assert_string_equal(info.model, "WDC WD10EFRX-68F");
	assert_string_equal(info.serial, "WD-WCC4N12345678");
	assert_string_equal(info.wwn, "naa.50014ee2b1c2d3e4");
	assert_string_equal(info.firmware, "0A82");

	/* an NVMe namespace: identity on the controller, wwid on the disk */
	PUTS("nvme0n1/device/model",
	     "Samsung SSD 970 EVO Plus 1TB           \n");
	PUTS("nvme0n1/device/serial", "S4EWNX0R123456A     \n");
	PUTS("nvme0n1/device/firmware_rev", "2B2QEXM7\n");
	PUTS("nvme0n1/wwid", "eui.0025385891b2c3d4\n");
	memset(&info, 0, sizeof(info));
	wp_copy(info.name, sizeof(info.name), "nvme0n1");
	snprintf(dir, sizeof(dir), "%s/nvme0n1", tmpdir);
	assert_int_equal(wp_identity_from_sysfs(dir, &info), 4);
	assert_string_equal(info.model, "Samsung SSD 970 EVO Plus 1TB");
	assert_string_equal(info.serial, "S4EWNX0R123456A");
	assert_string_equal(info.wwn, "eui.0025385891b2c3d4");
	assert_string_equal(info.firmware, "2B2QEXM7");

	/* virtio-blk: a PCI id is not a vendor name; a t10 id is no WWN */
	PUTS("vda/device/vendor", "0x1af4\n");
	PUTS("vda/serial", "1816639936111745");
	PUTS("vda/wwid", "t10.VIRTIO  disk 1816639936111745\n");
	memset(&info, 0, sizeof(info));
	wp_copy(info.name, sizeof(info.name), "vda");
	snprintf(dir, sizeof(dir), "%s/vda", tmpdir);
	assert_int_equal(wp_identity_from_sysfs(dir, &info), 1);
	assert_string_equal(info.vendor, "");
	assert_string_equal(info.serial, "1816639936111745");
	assert_string_equal(info.wwn, "");

	/* NVMe without EUI-64/NGUID: the kernel's "nvme." wwid is no WWN */
	PUTS("nvme1n1/wwid", "nvme.1b36-4e564d45-51454d55-00000001\n");
	memset(&info, 0, sizeof(info));
	snprintf(dir, sizeof(dir), "%s/nvme1n1", tmpdir);
	assert_int_equal(wp_identity_from_sysfs(dir, &info), 0);
	assert_string_equal(info.wwn, "");

	/* nothing there: nothing invented */
	memset(&info, 0, sizeof(info));
	snprintf(dir, sizeof(dir), "%s/absent", tmpdir);
	assert_int_equal(wp_identity_from_sysfs(dir, &info), 0);
	assert_string_equal(info.model, "");
}

static void test_vpd(void **state)
{
	static const uint8_t pg80[] = {0x00, 0x80, 0x00, 0x08, 'Z', '1',
				       'D',  '2',  'A',	 'B',  ' ', ' '};
	static const uint8_t pg80_short[] = {0x00, 0x80, 0x00, 0x40,
					     'A',  'B',	 'C'};
	/* page 0x83: a T10 vendor id, then a target-port NAA (association
	 * 1, skipped), then the logical unit's NAA 5 designator */
	static const uint8_t pg83[] = {
		0x00, 0x83, 0x00, 0x24, 0x02, 0x01, 0x00, 0x04, 'A',
		'T',  'A',  ' ',  0x01, 0x13, 0x00, 0x08, 0x50, 0x01,
		0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x01, 0x03, 0x00,
		0x08, 0x50, 0x00, 0xc5, 0x00, 0xa1, 0xb2, 0xc3, 0xd4,
	};
	static const uint8_t pg83_bad[] = {0x00, 0x83, 0x00, 0x08, 0x01, 0x03,
					   0x00, 0x10, 0x50, 0x00, 0x00, 0x00};
	char out[64];

	(void)state;
	assert_int_equal(wp_vpd80_serial(pg80, sizeof(pg80), out, sizeof(out)),
			 0);
	assert_string_equal(out, "Z1D2AB");
	/* a length beyond the buffer is bounded by the buffer */
	assert_int_equal(wp_vpd80_serial(pg80_short, sizeof(pg80_short), out,
					 sizeof(out)),
			 0);
	assert_string_equal(out, "ABC");
	assert_int_equal(wp_vpd80_serial(pg83, sizeof(pg83), out, sizeof(out)),
			 -EBADMSG);
	assert_int_equal(wp_vpd83_naa(pg83, sizeof(pg83), out, sizeof(out)), 0);
	assert_string_equal(out, "0x5000c500a1b2c3d4");
	assert_int_equal(wp_vpd83_naa(pg83, 16, out, sizeof(out)), -EBADMSG);
	assert_int_equal(
		wp_vpd83_naa(pg83_bad, sizeof(pg83_bad), out, sizeof(out)),
		-EBADMSG);
	assert_int_equal(wp_vpd83_naa(pg80, sizeof(pg80), out, sizeof(out)),
			 -EBADMSG);
	/* only the T10 designator: no NAA */
	assert_int_equal(wp_vpd83_naa(pg83, 12, out, sizeof(out)), -ENOENT);
}

static struct wp_mount eval_mounts[] = {
	{.major = 254, .minor = 1, .mountpoint = "/", .fstype = "ext4"},
	{.major = 7, .minor = 33, .mountpoint = "/mnt/x", .fstype = "ext4"},
	{.major = 7, .minor = 33, .mountpoint = "/mnt/x", .fstype = "ext4"},
	{.major = 0, .minor = 20, .mountpoint = "/proc", .fstype = "proc"},
};

static void eval_ctx(struct wp_usectx *ctx, dev_t *swapdevs,
		     struct wp_swap *swaps, struct wp_sysdev *sys)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->mounts = eval_mounts;
	ctx->nmounts = sizeof(eval_mounts) / sizeof(*eval_mounts);
	swapdevs[0] = makedev(7, 1);
	wp_copy(swaps[0].path, sizeof(swaps[0].path), "/dev/loop1");
	ctx->swapdevs = swapdevs;
	ctx->swaps = swaps;
	ctx->nswaps = 1;
	sys[0].devno = makedev(254, 1);
	wp_copy(sys[0].what, sizeof(sys[0].what), "/");
	sys[1].devno = makedev(254, 0);
	wp_copy(sys[1].what, sizeof(sys[1].what), "/");
	sys[2].devno = makedev(7, 5);
	wp_copy(sys[2].what, sizeof(sys[2].what), "/boot");
	ctx->sysdevs = sys;
	ctx->nsys = 3;
}

static void test_use_eval(void **state)
{
	struct wp_usectx ctx;
	dev_t swapdevs[1];
	struct wp_swap swaps[1];
	struct wp_sysdev sys[3];
	struct wp_devinfo info;
	struct wp_devref refs[4];

	(void)state;
	eval_ctx(&ctx, swapdevs, swaps, sys);

	/* a partitioned loop whose second partition is mounted (twice) */
	memset(&info, 0, sizeof(info));
	memset(refs, 0, sizeof(refs));
	refs[0].devno = makedev(7, 32);
	wp_copy(refs[0].name, sizeof(refs[0].name), "loop2");
	refs[1].devno = makedev(7, 33);
	wp_copy(refs[1].name, sizeof(refs[1].name), "loop2p1");
	wp_use_eval(&ctx, refs, 2, &info);
	assert_int_equal(info.unsafe, WP_UNSAFE_MOUNTED);
	assert_string_equal(info.unsafe_detail, "mounted at /mnt/x (loop2p1)");

	/* the system disk: / is on vda1 */
	memset(&info, 0, sizeof(info));
	refs[0].devno = makedev(254, 0);
	wp_copy(refs[0].name, sizeof(refs[0].name), "vda");
	refs[1].devno = makedev(254, 1);
	wp_copy(refs[1].name, sizeof(refs[1].name), "vda1");
	refs[2].devno = makedev(254, 2);
	wp_copy(refs[2].name, sizeof(refs[2].name), "vda2");
	wp_use_eval(&ctx, refs, 3, &info);
	assert_int_equal(info.unsafe, WP_UNSAFE_MOUNTED | WP_UNSAFE_SYSTEM);
	assert_string_equal(info.unsafe_detail,
			    "holds the running system (/ on vda); mounted at "
			    "/ (vda1)");

	/* a sibling partition of the system disk holds nothing */
	memset(&info, 0, sizeof(info));
	info.is_partition = true;
	wp_use_eval(&ctx, &refs[2], 1, &info);
	assert_int_equal(info.unsafe, 0);
	assert_string_equal(info.unsafe_detail, "");

	/* active swap */
	memset(&info, 0, sizeof(info));
	refs[0].devno = makedev(7, 1);
	wp_copy(refs[0].name, sizeof(refs[0].name), "loop1");
	wp_use_eval(&ctx, refs, 1, &info);
	assert_int_equal(info.unsafe, WP_UNSAFE_SWAP);
	assert_string_equal(info.unsafe_detail, "active swap (loop1)");

	/* an image file attached as the loop that holds /boot */
	memset(&info, 0, sizeof(info));
	info.is_file = true;
	refs[0].devno = makedev(7, 5);
	wp_copy(refs[0].name, sizeof(refs[0].name), "loop5");
	wp_copy(refs[0].via, sizeof(refs[0].via), "loop5 over this file");
	wp_use_eval(&ctx, refs, 1, &info);
	assert_int_equal(info.unsafe, WP_UNSAFE_BACKS_SYSTEM);
	assert_string_equal(info.unsafe_detail,
			    "backs the running system (/boot on loop5, loop5 "
			    "over this file)");
	assert_true(wp_unsafe_is_absolute(info.unsafe));

	/* nothing in use */
	memset(&info, 0, sizeof(info));
	wp_use_eval(&ctx, refs, 0, &info);
	assert_int_equal(info.unsafe, 0);
}

static void test_unsafe_add(void **state)
{
	struct wp_devinfo info;
	char reason[200];

	(void)state;
	memset(&info, 0, sizeof(info));
	wp_unsafe_add(&info, WP_UNSAFE_READONLY, "read-only device");
	wp_unsafe_add(&info, WP_UNSAFE_HOLDERS, "held by %s (%s)", "dm-0",
		      "sdb1");
	wp_unsafe_add(&info, WP_UNSAFE_READONLY, "read-only device");
	assert_int_equal(info.unsafe, WP_UNSAFE_READONLY | WP_UNSAFE_HOLDERS);
	assert_string_equal(info.unsafe_detail,
			    "read-only device; held by dm-0 (sdb1)");
	/* many long reasons are cut at the buffer, terminated */
	for (int i = 0; i < 10; i++) {
		snprintf(reason, sizeof(reason), "mounted at /%0150d", i);
		wp_unsafe_add(&info, WP_UNSAFE_MOUNTED, "%s", reason);
	}
	assert_true(strlen(info.unsafe_detail) < sizeof(info.unsafe_detail));
	assert_true(info.unsafe & WP_UNSAFE_MOUNTED);
}

static void test_devinfo_json(void **state)
{
	struct wp_devinfo info;
	json_t *j, *s;

	(void)state;
	memset(&info, 0, sizeof(info));
	wp_copy(info.path, sizeof(info.path), "/dev/loop2p1");
	wp_copy(info.name, sizeof(info.name), "loop2p1");
	wp_copy(info.parent, sizeof(info.parent), "loop2");
	wp_copy(info.transport, sizeof(info.transport), "loop");
	info.is_partition = true;
	info.major = 259;
	info.minor = 3;
	info.size = 20u << 20;
	info.logical_block = 512;
	info.physical_block = 4096;
	info.nsigs = 1;
	wp_copy(info.sigs[0].type, sizeof(info.sigs[0].type), "ext4");
	wp_copy(info.sigs[0].usage, sizeof(info.sigs[0].usage), "filesystem");
	info.sigs[0].offset = 1080;
	wp_unsafe_add(&info, WP_UNSAFE_MOUNTED, "mounted at /mnt (loop2p1)");

	j = wp_devinfo_json(&info);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "type")),
			    "partition");
	assert_string_equal(json_string_value(json_object_get(j, "parent")),
			    "loop2");
	assert_string_equal(json_string_value(json_object_get(j, "devno")),
			    "259:3");
	/* unknown stays null, never an empty string */
	assert_true(json_is_null(json_object_get(j, "serial")));
	assert_true(json_is_null(json_object_get(j, "vendor")));
	assert_true(json_is_null(json_object_get(j, "backing_file")));
	assert_int_equal(json_integer_value(json_object_get(j, "size_bytes")),
			 20 << 20);
	assert_false(json_is_true(json_object_get(j, "safe")));
	s = json_object_get(j, "unsafe");
	assert_int_equal(json_array_size(s), 1);
	assert_string_equal(json_string_value(json_array_get(s, 0)), "mounted");
	s = json_array_get(json_object_get(j, "signatures"), 0);
	assert_string_equal(json_string_value(json_object_get(s, "type")),
			    "ext4");
	assert_int_equal(json_integer_value(json_object_get(s, "offset")),
			 1080);
	assert_true(json_is_null(json_object_get(s, "label")));
	assert_true(json_is_null(json_object_get(j, "signatures_error")));
	json_decref(j);

	/* signatures that could not be read are unknown: null, with why */
	info.sig_error = -EPERM;
	info.unsafe = 0;
	info.unsafe_detail[0] = '\0';
	j = wp_devinfo_json(&info);
	assert_non_null(j);
	assert_true(json_is_null(json_object_get(j, "signatures")));
	assert_string_equal(
		json_string_value(json_object_get(j, "signatures_error")),
		strerror(EPERM));
	assert_true(json_is_true(json_object_get(j, "safe")));
	assert_true(json_is_null(json_object_get(j, "unsafe_detail")));
	json_decref(j);
}

static void test_probe_signatures_file(void **state)
{
	/* a bare file holds no signature; a file with a swap magic does */
	static char page[8192];
	struct wp_signature sigs[4];
	char path[128];
	int n = -1;

	(void)state;
	snprintf(path, sizeof(path), "%s/plain.img", tmpdir);
	memset(page, 0, sizeof(page));
	put("plain.img", page, sizeof(page));
	assert_int_equal(truncate(path, 2 << 20), 0);
	assert_int_equal(wp_probe_signatures(path, sigs, 4, &n, NULL), 0);
	assert_int_equal(n, 0);
	/* swap v1 magic sits at the end of the first 4 KiB page */
	memcpy(page + 4096 - 10, "SWAPSPACE2", 10);
	page[1024] = 1; /* version 1 */
	page[1028] = 1; /* last_page */
	put("plain.img", page, sizeof(page));
	/* libblkid skips most probers on "tiny" (< 1 MiB) devices */
	assert_int_equal(truncate(path, 2 << 20), 0);
	assert_int_equal(wp_probe_signatures(path, sigs, 4, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(sigs[0].type, "swap");
	assert_int_equal(sigs[0].offset, 4086);
	/* no such file */
	snprintf(path, sizeof(path), "%s/absent.img", tmpdir);
	assert_int_equal(wp_probe_signatures(path, sigs, 4, &n, NULL), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mountinfo_parse),
		cmocka_unit_test(test_swaps_parse),
		cmocka_unit_test(test_unescape_trim),
		cmocka_unit_test(test_unsafe_str),
		cmocka_unit_test(test_transport),
		cmocka_unit_test(test_identity_from_props),
		cmocka_unit_test(test_identity_from_sysfs),
		cmocka_unit_test(test_vpd),
		cmocka_unit_test(test_use_eval),
		cmocka_unit_test(test_unsafe_add),
		cmocka_unit_test(test_devinfo_json),
		cmocka_unit_test(test_probe_signatures_file),
	};

	return cmocka_run_group_tests(tests, fake_sysfs_setup,
				      fake_sysfs_teardown);
}
