#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# build: no-test-hooks
#
# The boot image, built and booted: scripts/build-live makes the hybrid ISO
# from Debian 12 packages with this build of wipe (cached by a hash of its
# inputs, so an unchanged image is not rebuilt), and qemu-system-x86_64
# (TCG, no KVM) boots it five times:
#   1. headless over PXE: QEMU's iPXE boot ROM gets an iPXE script by TFTP
#      from QEMU's DHCP/TFTP, then the image's kernel and initrd by HTTP
#      from a server this test starts on loopback, and live-boot fetches
#      the ISO itself (fetch=); an emulated NVMe drive and an AHCI SATA
#      disk each hold a marker, a USB stick holds the SANITAS data
#      partition and a signing identity: on the host afterwards the
#      markers are gone, the certificates on the stick verify (openssl cms
#      -verify, wipe cert verify), the stick is otherwise intact;
#   2. headless with the ISO as a CD (as from a USB stick) and no identity
#      on the stick: nothing erased, the console says why, no certificate;
#   3. the ISO itself from BIOS (SeaBIOS, El Torito, GRUB) and
#   4. from UEFI (OVMF): the menu, the kernel and sanitas-live come up;
#   5. attended, with the station screen on the serial line: the drives
#      listed by serial; the boot medium and the stick not listed.
# Run by CI once, in the release configuration (label live).
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
need_root
command -v qemu-system-x86_64 >/dev/null || skip "no qemu-system-x86_64"

# the image: built, or found in the cache
t0=$(date +%s)
iso=$("$SRCDIR/scripts/build-live" --wipe "$WIPE" --print-path 2>"$T/build.log") ||
	{ cat "$T/build.log"; fail "scripts/build-live failed"; }
echo "image: $iso ($(($(date +%s) - t0)) s: $(grep -o 'unchanged inputs\|base layer built in [0-9]* s' "$T/build.log" || echo 'sanitas layer only'))"
[ -s "$iso" ] || fail "no image"
# a hybrid ISO: an El Torito BIOS boot image, an EFI system partition
# image, and an MBR that makes it bootable when written to a stick
xorriso -indev "$iso" -report_el_torito plain 2>/dev/null >"$T/eltorito"
grep -q 'El Torito boot img :   1  BIOS' "$T/eltorito" || { cat "$T/eltorito"; fail "no BIOS boot image"; }
grep -q 'El Torito boot img :   2  UEFI' "$T/eltorito" || { cat "$T/eltorito"; fail "no UEFI boot image"; }
[ "$(od -An -tx1 -j510 -N2 "$iso" | tr -d ' ')" = 55aa ] || fail "no MBR: not bootable from a USB stick"
xorriso -osirrox on -indev "$iso" -extract /live/vmlinuz "$T/vmlinuz" \
	-extract /live/initrd.img "$T/initrd.img" 2>/dev/null || fail "no kernel in the image"

MIB=$((1024 * 1024))
make_identity
# the USB stick: GPT, one ext4 partition labelled SANITAS at 1 MiB
stick() { # stick IMG WITH_IDENTITY
	local d=$T/stick-src
	rm -rf "$d"
	mkdir -p "$d/certificates"
	[ "$2" = yes ] && cp -a "$T/id" "$d/identity"
	printf 'operator=Dana Okafor\ncustomer=Riverside Family Clinic\njob=LOT-2027-01\ndestination=recycling\n' >"$d/sanitas.conf"
	printf 'not to be touched\n' >"$d/keep.txt"
	rm -f "$T/part.img"
	mkfs.ext4 -q -L SANITAS -d "$d" "$T/part.img" 48M
	truncate -s 64M "$1"
	printf 'label: gpt\nstart=2048, size=98304, type=linux\n' | sfdisk -q "$1"
	dd if="$T/part.img" of="$1" bs=1M seek=1 conv=notrunc status=none
}
drives() {
	rm -f "$T/nvme.img" "$T/sata.img"
	truncate -s 64M "$T/nvme.img"
	truncate -s 32M "$T/sata.img"
	mkfs.ext4 -q -F "$T/nvme.img" 4M
	printf 'SANITAS-NVME-MARKER' | dd of="$T/nvme.img" bs=512 seek=2048 conv=notrunc status=none
	head -c $((2 * MIB)) /dev/urandom | dd of="$T/nvme.img" bs=1M seek=20 conv=notrunc status=none
	printf 'SANITAS-SATA-MARKER' | dd of="$T/sata.img" bs=512 seek=100 conv=notrunc status=none
	grep -qa SANITAS-NVME-MARKER "$T/nvme.img" && grep -qa SANITAS-SATA-MARKER "$T/sata.img" ||
		fail "markers not planted"
}
# the PXE server: the ISO, its kernel and initrd over HTTP on loopback
# (QEMU's user network shows the host as 10.0.2.2), the iPXE script by TFTP
mkdir "$T/pxe"
ln -s "$iso" "$T/pxe/sanitas-live.iso"
ln -s "$T/vmlinuz" "$T/initrd.img" "$T/pxe/"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$T/pxe" "$port" >"$T/http.log" 2>&1 &
http_pid=$!
trap 'kill $http_pid 2>/dev/null; cleanup' EXIT
# boot LOG [kernel command line]: with it, the ISO's kernel with that
# command line (PXE=1: over the network, else as a loader would from the
# ISO attached as a CD); without, the firmware boots the ISO (BIOS, or
# UEFI when FW is set)
boot() {
	local log=$1 append=${2:-} k=() fw=() cd=()
	if [ -n "${PXE:-}" ]; then
		printf '#!ipxe\ndhcp\nkernel http://10.0.2.2:%s/vmlinuz %s fetch=http://10.0.2.2:%s/sanitas-live.iso\ninitrd http://10.0.2.2:%s/initrd.img\nboot\n' \
			"$port" "$append" "$port" "$port" >"$T/pxe/boot.ipxe"
		k=(-boot n -netdev user,id=net0,tftp="$T/pxe",bootfile=boot.ipxe
			-device virtio-net-pci,netdev=net0)
	else
		cd=(-drive file="$iso",if=none,id=cd,media=cdrom,readonly=on
			-device ide-cd,drive=cd,bus=ahci.0)
		if [ -n "$append" ]; then
			k=(-kernel "$T/vmlinuz" -initrd "$T/initrd.img" -append "$append")
		else
			k=(-boot d)
		fi
	fi
	[ -z "${FW:-}" ] || fw=(-drive if=pflash,format=raw,readonly=on,file="$FW"
		-drive if=pflash,format=raw,file="$T/vars.fd")
	timeout "${BOOT_TIMEOUT:-600}" qemu-system-x86_64 -machine q35 -accel tcg \
		-m 2048 -smp 2 -nographic -no-reboot -nodefaults -serial stdio \
		"${fw[@]}" -device ahci,id=ahci "${k[@]}" "${cd[@]}" \
		-drive file="$T/nvme.img",if=none,id=n0,format=raw \
		-device nvme,serial=SANITASNVME01,drive=n0 \
		-drive file="$T/sata.img",if=none,id=s0,format=raw \
		-device ide-hd,drive=s0,bus=ahci.1,serial=SANITASSATA01 \
		-device qemu-xhci \
		-drive file="$T/stick.img",if=none,id=u0,format=raw \
		-device usb-storage,drive=u0,serial=SANITASSTICK01 \
		</dev/null >"$log" 2>&1
}
mount_stick() {
	umount "$T/m" 2>/dev/null || true
	mkdir -p "$T/m"
	mount -o loop,ro,offset=$MIB "$T/stick.img" "$T/m"
	MOUNTS+=("$T/m")
}
HEADLESS='boot=live quiet console=ttyS0,115200 sanitas.mode=headless sanitas.drives=nvme,sata sanitas.after=poweroff'

# --- 1. headless erase, booted over the network --------------------------------
drives
stick "$T/stick.img" yes
sfdisk -d "$T/stick.img" >"$T/table.before"
(cd "$T/id" && sha256sum key.pem cert.pem profile.json) >"$T/id.sums"
t0=$(date +%s)
PXE=1 boot "$T/console1.log" "$HEADLESS" || { tail -40 "$T/console1.log"; fail "boot 1: qemu exit $?"; }
echo "boot 1 (PXE, headless erase): $(($(date +%s) - t0)) s"
grep -qa "http://10.0.2.2:$port/initrd.img" "$T/console1.log" || fail "boot 1: iPXE did not load the initrd"
grep -q 'GET /sanitas-live.iso' "$T/http.log" || fail "boot 1: live-boot did not fetch the image"
grep -a 'sanitas-live:' "$T/console1.log" | sed 's/^\[[ 0-9.]*\] //' || true
grep -qa 'sanitas-live: RESULT: exit 0, 2 drive(s), 2 certificate(s)' "$T/console1.log" ||
	fail "boot 1: no successful result on the console"
grep -qa "sanitas-live: excluded: /dev/sd[a-z] (usb, serial SANITASSTICK01): the data partition's disk" "$T/console1.log" ||
	fail "boot 1: the stick was not excluded"
grep -qa 'sanitas-live: selected: /dev/nvme0n1 (nvme, serial SANITASNVME01)' "$T/console1.log" ||
	fail "boot 1: the NVMe drive was not selected"
grep -qa 'sanitas-live: selected: /dev/sd[a-z] (sata, serial SANITASSATA01)' "$T/console1.log" ||
	fail "boot 1: the SATA disk was not selected"
grep -qa 'sanitas-live: boot medium: /dev/loop0' "$T/console1.log" || fail "boot 1: the fetched image is not the medium"
# the markers are gone from both drives
if grep -qa SANITAS-NVME-MARKER "$T/nvme.img"; then fail "NVMe marker survived"; fi
if grep -qa SANITAS-SATA-MARKER "$T/sata.img"; then fail "SATA marker survived"; fi
# the stick: certificates that verify, everything else as it was
[ "$(sfdisk -d "$T/stick.img")" = "$(cat "$T/table.before")" ] || fail "the stick's partition table changed"
dd if="$T/stick.img" of="$T/p1" bs=1M skip=1 count=48 status=none
e2fsck -fn "$T/p1" >/dev/null 2>&1 || fail "the stick's filesystem is damaged"
mount_stick
(cd "$T/m/identity" && sha256sum -c --quiet "$T/id.sums") || fail "the identity on the stick changed"
[ "$(cat "$T/m/keep.txt")" = "not to be touched" ] || fail "a file on the stick changed"
mapfile -t certs < <(find "$T/m/certificates" -name '*.json' | sort)
[ "${#certs[@]}" = 2 ] || { ls -la "$T/m/certificates"; fail "expected 2 certificates, found ${#certs[@]}"; }
seen=
for c in "${certs[@]}"; do
	openssl cms -verify -binary -inform DER -in "$c.p7s" -content "$c" \
		-CAfile "$T/id/cert.pem" -purpose any -out /dev/null 2>/dev/null ||
		fail "openssl cms -verify rejects $(basename "$c")"
	"$WIPE" cert verify --identity "$T/id" "$c" >"$T/v.out" 2>&1 ||
		{ cat "$T/v.out"; fail "wipe cert verify rejects $(basename "$c")"; }
	seen+=$(jq -r '[.result, .media.serial, .customer, .job, .destination] | join(" ")' "$c")$'\n'
done
grep -qx 'success SANITASNVME01 Riverside Family Clinic LOT-2027-01 recycling' <<<"$seen" || { echo "$seen"; fail "no NVMe certificate with the job fields"; }
grep -qx 'success SANITASSATA01 Riverside Family Clinic LOT-2027-01 recycling' <<<"$seen" || { echo "$seen"; fail "no SATA certificate with the job fields"; }
ls "$T/m/logs/"*.log >/dev/null 2>&1 || fail "no run log on the stick"
grep -q 'RESULT: exit 0' "$T/m/logs/"*.log || fail "the run log on the stick has no result"
umount "$T/m"

# --- 2. no identity: nothing erased ------------------------------------------
drives
stick "$T/stick.img" no
sum_before=$(cat "$T/nvme.img" "$T/sata.img" | sha256sum)
t0=$(date +%s)
boot "$T/console2.log" "$HEADLESS" || { tail -40 "$T/console2.log"; fail "boot 2: qemu exit $?"; }
echo "boot 2 (no identity): $(($(date +%s) - t0)) s"
grep -a 'sanitas-live:' "$T/console2.log" | sed 's/^\[[ 0-9.]*\] //' || true
grep -qa 'sanitas-live: boot medium: /dev/sr0' "$T/console2.log" || fail "boot 2: the CD is not the medium"
grep -qa 'sanitas-live: refusing to erase: no signing identity in SANITAS:/identity/' "$T/console2.log" ||
	fail "boot 2: the console does not say why nothing was erased"
[ "$(cat "$T/nvme.img" "$T/sata.img" | sha256sum)" = "$sum_before" ] || fail "boot 2 changed a drive"
mount_stick
[ -z "$(ls -A "$T/m/certificates")" ] || fail "boot 2 wrote a certificate"
umount "$T/m"

# --- 3, 4. the ISO from BIOS and from UEFI firmware ----------------------------
# the default entry (the station screen) comes up: GRUB's menu and then
# sanitas-live's first lines on the serial console; no identity on the stick
# and an unchanged drive set, so nothing could be erased even if asked
# boot_until NAME LOG PATTERN [kernel command line]: boot until PATTERN is
# on the console, then stop the machine
boot_until() {
	local name=$1 log=$2 pattern=$3 append=${4:-}
	t0=$(date +%s)
	BOOT_TIMEOUT=420 boot "$log" "$append" &
	local pid=$! ok=
	for _ in $(seq 400); do
		if grep -qaE "$pattern" "$log" 2>/dev/null; then
			ok=1
			break
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 1
	done
	pkill -f "qemu-system-x86_64.*$T/stick.img" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	[ -n "$ok" ] || { tail -30 "$log"; fail "$name boot: '$pattern' never came on the console"; }
	echo "boot $name: $(($(date +%s) - t0)) s"
}
boot_until "BIOS (ISO, attended)" "$T/console3.log" 'sanitas-live: mode=attended'
grep -qa 'sanitas wipe station' "$T/console3.log" || fail "BIOS boot: no GRUB menu on the serial console"
ovmf=/usr/share/OVMF/OVMF_CODE_4M.fd
[ -r "$ovmf" ] || fail "no OVMF firmware ($ovmf): apt-get install ovmf"
cp /usr/share/OVMF/OVMF_VARS_4M.fd "$T/vars.fd"
FW=$ovmf boot_until "UEFI (ISO, attended)" "$T/console4.log" 'sanitas-live: mode=attended'
grep -qa 'sanitas wipe station' "$T/console4.log" || fail "UEFI boot: no GRUB menu on the serial console"
[ "$(cat "$T/nvme.img" "$T/sata.img" | sha256sum)" = "$sum_before" ] || fail "an attended boot changed a drive"

# --- 5. attended with an identity: the station screen itself ------------------
# on the serial line (sanitas.console=ttyS0) so that the test can read it:
# both drives listed by serial, the boot medium, the stick and the live
# system's own loop devices not listed at all
stick "$T/stick.img" yes
boot_until "attended, station screen" "$T/console5.log" 'a all safe' \
	'boot=live quiet console=ttyS0,115200 sanitas.mode=attended sanitas.console=ttyS0'
grep -qa 'sanitas-live: the station screen is on /dev/ttyS0' "$T/console5.log" || fail "attended: the station was not started"
grep -qa 'wipe station' "$T/console5.log" || fail "attended: no station screen"
# (an 80-column row shows the first 10 characters of a serial)
grep -qa 'SANITASNVM' "$T/console5.log" || fail "attended: the NVMe drive is not listed"
grep -qa 'SANITASSAT' "$T/console5.log" || fail "attended: the SATA disk is not listed"
# the boot medium, the stick and the live system's loops are not on it
if grep -qa 'SANITASSTI' "$T/console5.log"; then fail "attended: the stick is listed"; fi
if grep -qa 'iso9660' "$T/console5.log"; then fail "attended: the boot medium is listed"; fi
if grep -qa 'squashfs' "$T/console5.log"; then fail "attended: a live system layer is listed"; fi
[ "$(cat "$T/nvme.img" "$T/sata.img" | sha256sum)" = "$sum_before" ] || fail "the station changed a drive by itself"
# the serial consoles, for a person to read (LIVE_LOGS=DIR)
[ -z "${LIVE_LOGS:-}" ] || cp "$T"/console*.log "$LIVE_LOGS/"
echo "PASS"
