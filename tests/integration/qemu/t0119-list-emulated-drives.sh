#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe list on real kernel drivers without udev: a Debian kernel under QEMU
# with an emulated NVMe controller, a SATA disk on AHCI and a virtio disk,
# each with a serial number (and the SATA disk a model, firmware and WWN);
# the virtio disk is made active swap in the guest.
# Identity must come from sysfs and ioctls exactly as the drives report it;
# the SATA disk's GPT and its partition's ext4 must be found.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }

command -v qemu-system-x86_64 >/dev/null || skip "needs qemu-system-x86"
command -v jq >/dev/null || skip "needs jq"
command -v sfdisk >/dev/null || skip "needs sfdisk"
kernel=
for k in /boot/vmlinuz-*; do
	[ -r "$k" ] && [ -d "/lib/modules/${k#/boot/vmlinuz-}" ] && kernel=$k
done
[ -n "$kernel" ] || skip "no readable kernel with modules in /boot"
kver=${kernel#/boot/vmlinuz-}

T=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT

cat >"$T/test.sh" <<'GUEST'
#!/bin/sh
# give the drivers a moment to publish their disks
for i in 1 2 3 4 5 6 7 8 9 10; do
	[ -e /sys/block/nvme0n1 ] && [ -e /sys/block/sda ] && [ -e /sys/block/vda ] && break
	sleep 1
done
# the virtio disk becomes active swap: list must say so
busybox mkswap /dev/vda >/dev/null 2>&1 && busybox swapon /dev/vda
echo "==LIST-BEGIN=="
/bin/wipe list --all --json
echo "==LIST-END== rc=$?"
# hide the SATA disk's sysfs identity: it must then come from the ioctls
# (HDIO_GET_IDENTITY for model, serial and firmware; SG_IO INQUIRY VPD 0x83
# for the WWN)
for a in vendor model rev vpd_pg80 vpd_pg83 wwid; do
	[ -e /sys/block/sda/device/$a ] && mount -o bind /dev/null /sys/block/sda/device/$a
done
echo "HIDDEN-MODEL=[$(cat /sys/block/sda/device/model)]"
echo "==IOCTL-BEGIN=="
/bin/wipe list --json
echo "==IOCTL-END== rc=$?"
echo "==TABLE-BEGIN=="
/bin/wipe list
echo "==TABLE-END=="
poweroff -f
GUEST

"$SRCDIR/tests/lib/qemu/mkinitramfs" "$T/initrd.gz" "$kver" "$T/test.sh" \
	"$BIN/wipe" >/dev/null 2>&1 || skip "cannot build an initramfs for $kver"

truncate -s 64M "$T/nvme.img" "$T/virtio.img"
truncate -s 96M "$T/sata.img"
printf 'label: gpt\n,32M\n' | sfdisk -q "$T/sata.img" >/dev/null
# an ext4 in the first partition, written straight into the image
truncate -s 32M "$T/p1.img"
mkfs.ext4 -q -F -L sata-part "$T/p1.img"
dd if="$T/p1.img" of="$T/sata.img" bs=1M seek=1 conv=notrunc status=none

timeout 300 qemu-system-x86_64 -machine q35 -m 512 -smp 1 -nographic -no-reboot \
	-kernel "$kernel" -initrd "$T/initrd.gz" \
	-append "console=ttyS0 panic=-1 quiet loglevel=3" \
	-drive if=none,id=n0,file="$T/nvme.img",format=raw \
	-device nvme,drive=n0,serial=NVME-SAN-0001 \
	-drive if=none,id=s0,file="$T/sata.img",format=raw \
	-device ahci,id=ahci0 \
	-device ide-hd,drive=s0,bus=ahci0.0,serial=SATA-SAN-0002,model=Sanitas-SATA-Disk-Long-Name,ver=FW42abcd,wwn=0x5000c500a1b2c3d4 \
	-drive if=none,id=v0,file="$T/virtio.img",format=raw \
	-device virtio-blk-pci,drive=v0,serial=VIRTIO-SAN-0003 \
	</dev/null >"$T/console" 2>&1 || true

tr -d '\r' <"$T/console" | sed -n '/==LIST-BEGIN==$/,/^==LIST-END==/p' |
	sed '1d;$d' >"$T/list.json"
grep -q "==LIST-END== rc=0" "$T/console" || {
	tail -40 "$T/console" >&2
	fail "wipe list did not run to completion in the guest"
}
jq -e '.schema == "sanitas.devices/1"' "$T/list.json" >/dev/null || fail "JSON"
fail() { echo "FAIL: $*" >&2; jq -c '.devices[]' "$T/list.json" >&2; exit 1; }
dev() { jq -e --arg n "$1" '.devices[] | select(.name == $n)' "$T/list.json" || fail "$1 not listed"; }
check() { # name field want
	local got
	got=$(dev "$1" | jq -r ".$2")
	[ "$got" = "$3" ] || fail "$1 $2: got '$got', want '$3'"
}

check nvme0n1 transport nvme
check nvme0n1 serial NVME-SAN-0001
check nvme0n1 model "QEMU NVMe Ctrl"
check nvme0n1 size_bytes $((64 << 20))
# no EUI-64/NGUID: the kernel's made-up "nvme." wwid is not a WWN
check nvme0n1 wwn null
dev nvme0n1 | jq -e '.firmware != null and .safe and .type == "disk"' >/dev/null ||
	fail "nvme0n1 firmware/safe"

check sda transport sata
check sda serial SATA-SAN-0002
check sda model Sanitas-SATA-Disk-Long-Name
# sixteen characters would mean the SCSI translation, not ATA IDENTIFY
check sda firmware FW42abcd
# VPD page 0x83's NAA designator, written as udev's ID_WWN writes it
check sda wwn 0x5000c500a1b2c3d4
check sda vendor null
check sda size_bytes $((96 << 20))
check sda rotational true
dev sda | jq -e '[.signatures[].type] | index("gpt") and index("PMBR")' >/dev/null ||
	fail "sda: no GPT"
check sda1 type partition
check sda1 parent sda
check sda1 serial SATA-SAN-0002
dev sda1 | jq -e '.signatures[0].type == "ext4" and .signatures[0].label == "sata-part"' \
	>/dev/null || fail "sda1: no ext4"

check vda transport virtio
check vda serial VIRTIO-SAN-0003
check vda size_bytes $((64 << 20))
dev vda | jq -e '.unsafe == ["swap"] and .unsafe_detail == "active swap (vda)" and
	.signatures[0].type == "swap"' >/dev/null || fail "vda: swap not seen"

# the same identity through the ioctls alone
tr -d '\r' <"$T/console" | sed -n '/==IOCTL-BEGIN==$/,/^==IOCTL-END==/p' |
	sed '1d;$d' >"$T/ioctl.json"
grep -q "==IOCTL-END== rc=0" "$T/console" || fail "second listing failed"
grep -q "HIDDEN-MODEL=\[\]" "$T/console" || fail "sysfs identity was not hidden"
[ "$(jq -c '.devices[] | select(.name == "sda") | [.model, .serial, .firmware, .wwn, .vendor]' \
	"$T/ioctl.json")" = '["Sanitas-SATA-Disk-Long-Name","SATA-SAN-0002","FW42abcd","0x5000c500a1b2c3d4",null]' ] ||
	fail "identity through ioctls: $(jq -c '.devices[] | select(.name == "sda")' "$T/ioctl.json")"

# the table in the guest names all three with their serials
for s in NVME-SAN-0001 SATA-SAN-0002 VIRTIO-SAN-0003; do
	tr -d '\r' <"$T/console" | sed -n '/==TABLE-BEGIN==$/,/==TABLE-END==$/p' |
		grep -q "$s" || fail "table lacks $s"
done
echo ok
