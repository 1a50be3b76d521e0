#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The running system found through stacked devices, in a QEMU guest where we
# may do anything: /boot is an ext4 on a device-mapper target over sda1, and
# /boot/efi an ext4 on a loop device whose backing file lives on vda. Then
# sda (under dm) and vda (under the loop's backing file) must be "system",
# sda "held by" the dm target, the backing file "backs-system", and the
# untouched NVMe disk and sda2 safe.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }

command -v qemu-system-x86_64 >/dev/null || skip "needs qemu-system-x86"
command -v jq >/dev/null || skip "needs jq"
command -v sfdisk >/dev/null || skip "needs sfdisk"
command -v dmsetup >/dev/null || skip "needs dmsetup"
[ -x "$BIN/discover-probe" ] || skip "no discover-probe helper"
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
for m in $(cat /extra/order); do insmod /extra/$m 2>/dev/null; done
for i in 1 2 3 4 5 6 7 8 9 10; do
	[ -e /sys/block/sda/sda1 ] && [ -e /sys/block/vda ] && [ -e /dev/loop-control ] && break
	sleep 1
done
mkdir -p /boot /mnt/store
size=$(cat /sys/class/block/sda1/size)
dmsetup --noudevsync --noudevrules create sysmap --table "0 $size linear /dev/sda1 0" &&
	mount -t ext4 /dev/dm-0 /boot && mkdir -p /boot/efi &&
	mount -t ext4 /dev/vda /mnt/store &&
	losetup /dev/loop0 /mnt/store/inner.img &&
	mount -t ext4 /dev/loop0 /boot/efi && echo "STACK-READY"
cat /proc/self/mountinfo
echo "==LIST-BEGIN=="
/bin/wipe list --all --json
echo "==LIST-END== rc=$?"
echo "==PROBE-BEGIN=="
/bin/discover-probe /mnt/store/inner.img
echo "==PROBE-END== rc=$?"
poweroff -f
GUEST

"$SRCDIR/tests/lib/qemu/mkinitramfs" "$T/initrd.gz" "$kver" "$T/test.sh" \
	"$BIN/wipe" "$BIN/discover-probe" "$(command -v dmsetup)" "$(command -v losetup)" \
	>/dev/null 2>&1 || skip "cannot build an initramfs for $kver"

# ext4, dm and loop as modules, appended as a second archive (the kernel
# unpacks concatenated initramfs archives in order)
mkdir -p "$T/x/extra"
declare -A seen=()
order=()
visit() {
	local m=${1//-/_} f d
	[ -n "${seen[$m]:-}" ] && return 0
	seen[$m]=1
	f=$(modinfo -k "$kver" -F filename "$m" 2>/dev/null) || return 0
	case "$f" in /*) ;; *) return 0 ;; esac
	for d in $(modinfo -k "$kver" -F depends "$m" | tr ',' ' '); do visit "$d"; done
	case "$f" in
	*.xz) xz -dc "$f" >"$T/x/extra/$m.ko" ;;
	*.zst) zstd -qdc "$f" >"$T/x/extra/$m.ko" ;;
	*) cp "$f" "$T/x/extra/$m.ko" ;;
	esac
	order+=("$m.ko")
}
for m in ext4 dm-mod loop; do visit "$m"; done
printf '%s\n' "${order[@]}" >"$T/x/extra/order"
(cd "$T/x" && find . | cpio -o -H newc --quiet) | gzip -1 >>"$T/initrd.gz"

# sda: GPT, p1 (ext4, becomes /boot through dm), p2 (empty)
truncate -s 96M "$T/sata.img"
printf 'label: gpt\n,32M\n,\n' | sfdisk -q "$T/sata.img" >/dev/null
truncate -s 32M "$T/p1.img"
mkfs.ext4 -q -F "$T/p1.img"
dd if="$T/p1.img" of="$T/sata.img" bs=1M seek=1 conv=notrunc status=none
# vda: ext4 holding inner.img, itself an ext4 (becomes /boot/efi by loop)
mkdir "$T/store"
truncate -s 8M "$T/store/inner.img"
mkfs.ext4 -q -F -L inner "$T/store/inner.img"
truncate -s 48M "$T/virtio.img"
mkfs.ext4 -q -F -d "$T/store" "$T/virtio.img"
truncate -s 32M "$T/nvme.img"

timeout 300 qemu-system-x86_64 -machine q35 -m 512 -smp 1 -nographic -no-reboot \
	-kernel "$kernel" -initrd "$T/initrd.gz" \
	-append "console=ttyS0 panic=-1 quiet loglevel=3" \
	-drive if=none,id=s0,file="$T/sata.img",format=raw \
	-device ahci,id=ahci0 -device ide-hd,drive=s0,bus=ahci0.0,serial=SYS-SATA-1 \
	-drive if=none,id=v0,file="$T/virtio.img",format=raw \
	-device virtio-blk-pci,drive=v0,serial=SYS-VIRTIO-2 \
	-drive if=none,id=n0,file="$T/nvme.img",format=raw \
	-device nvme,drive=n0,serial=SAFE-NVME-3 \
	</dev/null >"$T/console" 2>&1 || true
tr -d '\r' <"$T/console" >"$T/con"
grep -q "STACK-READY" "$T/con" || { tail -40 "$T/con" >&2; skip "could not build the stack in the guest"; }
grep -q "==LIST-END== rc=0" "$T/con" || { tail -40 "$T/con" >&2; fail "wipe list failed in the guest"; }
grep -q "==PROBE-END== rc=0" "$T/con" || fail "probe failed in the guest"
sed -n '/==LIST-BEGIN==$/,/^==LIST-END==/p' "$T/con" | sed '1d;$d' >"$T/list.json"
sed -n '/==PROBE-BEGIN==$/,/^==PROBE-END==/p' "$T/con" | sed '1d;$d' >"$T/probe.json"

dev() { jq -e --arg n "$1" '.devices[] | select(.name == $n)' "$T/list.json" || fail "$1 not listed"; }
has() { # name jq-condition what
	dev "$1" | jq -e "$2" >/dev/null || fail "$1: $3: $(dev "$1" | jq -c '{unsafe, unsafe_detail}')"
}
detail() { # name text
	dev "$1" | jq -r .unsafe_detail | grep -qF "$2" ||
		fail "$1: no '$2' in: $(dev "$1" | jq -r .unsafe_detail)"
}

# sda holds /boot through dm-0 over sda1
has sda '.unsafe == ["mounted", "holders", "system"]' "unsafe"
detail sda "held by dm-0 [sysmap] (sda1)"
detail sda "mounted at /boot (dm-0, holder of sda1)"
detail sda "holds the running system (/boot on sda)"
has sda1 '.unsafe | index("system")' "sda1 not system"
has sda2 '.safe' "a sibling partition is not the system"
has dm-0 '.unsafe | (index("system") and index("mounted"))' "dm-0"

# vda holds /boot/efi through the loop device's backing file
has vda '.unsafe == ["mounted", "system"]' "unsafe"
detail vda "mounted at /mnt/store (vda)"
detail vda "holds the running system (/boot/efi on vda)"
has loop0 '.unsafe == ["mounted", "system"]' "loop0"
has loop0 '.backing_file == "/mnt/store/inner.img"' "backing file"

# the backing file itself
jq -e '.type == "file" and .unsafe == ["mounted", "backs-system"]' "$T/probe.json" >/dev/null ||
	fail "inner.img: $(jq -c '{unsafe, unsafe_detail}' "$T/probe.json")"
jq -r .unsafe_detail "$T/probe.json" |
	grep -qF "backs the running system (/boot/efi on loop0, loop0 over this file)" ||
	fail "inner.img detail: $(jq -r .unsafe_detail "$T/probe.json")"

# and nothing else
has nvme0n1 '.safe' "the untouched NVMe disk is flagged"
echo ok
