#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Purge on emulated drives, real kernel, real ioctls: boots Debian's kernel
# in qemu-system-x86_64 (TCG, no KVM) with a busybox initramfs built here,
# an emulated NVMe controller and an AHCI SATA disk (whose writes fail in a
# sector range, injected with QEMU's blkdebug). Inside, wipe lists,
# inspects and erases them (lib/guest-purge.sh); outputs and certificates
# come back in a tar stream on a third (virtio) disk and are checked here
# with independent tools: python3, openssl cms -verify, cmp, od.
#
# QEMU 7.2's NVMe controller supports Format NVM with SES=1 and reports
# SANICAP=0; its SATA disk has neither the Security nor the Sanitize
# feature set. The test pins exactly that.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"

skip() {
	echo "SKIP: $*" >&2
	exit 77
}
command -v qemu-system-x86_64 >/dev/null || skip "no qemu-system-x86_64"
command -v cpio >/dev/null || skip "no cpio"
[ -x /bin/busybox ] || command -v busybox >/dev/null || skip "no busybox"
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -1 || true)
[ -n "$kernel" ] && [ -r "$kernel" ] || skip "no kernel image in /boot"
kver=${kernel#/boot/vmlinuz-}
[ -d "/lib/modules/$kver" ] || skip "no modules for $kver"

MIB=$((1024 * 1024))
NVME_SIZE=$((64 * MIB))
SATA_SIZE=$((32 * MIB))
BAD_SECTOR=20480 # 10 MiB into the SATA disk

make_identity
mkdir -p "$T/extra"
cp -a "$T/id" "$T/extra/id"
{
	echo "export ASAN_OPTIONS='${ASAN_OPTIONS:-}'"
	echo "export UBSAN_OPTIONS='${UBSAN_OPTIONS:-}'"
} >"$T/extra/env"
INITRAMFS_EXTRA="$T/extra" "$SRCDIR/tests/lib/qemu/mkinitramfs" \
	"$T/initrd.gz" "$kver" "$SRCDIR/tests/lib/qemu/guest-purge.sh" \
	"$BIN/wipe"

# drives with markers: the NVMe one at sector 2048, a filesystem-like
# signature at 0 so that verification has something to look for
truncate -s "$NVME_SIZE" "$T/nvme.img"
truncate -s "$SATA_SIZE" "$T/sata.img"
truncate -s $((16 * MIB)) "$T/out.img"
mkfs.ext4 -q -F "$T/nvme.img" 4M
printf 'SANITAS-NVME-MARKER' | dd of="$T/nvme.img" bs=512 seek=2048 conv=notrunc 2>/dev/null
head -c $((2 * MIB)) /dev/urandom | dd of="$T/nvme.img" bs=1M seek=20 conv=notrunc 2>/dev/null
grep -qa 'SANITAS-NVME-MARKER' "$T/nvme.img" || fail "marker not planted"
printf 'SANITAS-SATA-MARKER' | dd of="$T/sata.img" bs=512 seek=100 conv=notrunc 2>/dev/null
cat >"$T/blkdebug.conf" <<EOC
[inject-error]
event = "write_aio"
errno = "5"
sector = "$BAD_SECTOR"
once = "off"
EOC

rc=0
timeout 300 qemu-system-x86_64 -machine q35 -accel tcg -m 1024 -smp 1 \
	-nographic -no-reboot -nodefaults -serial stdio \
	-kernel "$kernel" -initrd "$T/initrd.gz" \
	-append 'console=ttyS0 quiet panic=-1 loglevel=3' \
	-drive file="$T/nvme.img",if=none,id=n0,format=raw \
	-device nvme,serial=SANITASNVME01,drive=n0 \
	-drive file=blkdebug:"$T/blkdebug.conf":"$T/sata.img",if=none,id=s0,format=raw \
	-device ahci,id=ahci \
	-device ide-hd,drive=s0,bus=ahci.0,serial=SANITASSATA01 \
	-drive file="$T/out.img",if=virtio,format=raw \
	>"$T/console.log" 2>&1 || rc=$?
grep '^guest:' "$T/console.log" || true
[ "$rc" = 0 ] || { tail -40 "$T/console.log"; fail "qemu exit $rc"; }
mkdir "$T/out"
tar xf "$T/out.img" -C "$T/out" || { tail -40 "$T/console.log"; fail "no results"; }
O=$T/out

rcof() { cat "$O/$1.rc"; }
show() { echo "--- $1"; cat "$O/$1.out" "$O/$1.err" >&2 || true; }

# list and inspect see both drives with their identity
[ "$(rcof list)" = 0 ] || { show list; fail "list exit $(rcof list)"; }
python3 - "$O/list.out" <<'PY' || { show list; fail "list"; }
import json, sys
d = json.load(open(sys.argv[1]))
by = {x["name"]: x for x in d["devices"]}
assert "nvme0n1" in by and "sda" in by, sorted(by)
assert by["nvme0n1"]["serial"] == "SANITASNVME01", by["nvme0n1"]
assert by["nvme0n1"]["model"] == "QEMU NVMe Ctrl", by["nvme0n1"]
assert by["nvme0n1"]["size_bytes"] == 64 << 20
assert by["sda"]["model"] == "QEMU HARDDISK", by["sda"]
assert by["sda"]["size_bytes"] == 32 << 20
PY
[ "$(rcof inspect-nvme)" = 0 ] || { show inspect-nvme; fail "inspect nvme"; }
python3 - "$O/inspect-nvme.out" <<'PY' || { show inspect-nvme; fail "inspect nvme"; }
import json, sys
c = json.load(open(sys.argv[1]))["capabilities"]
raw = c["raw"]["nvme"]
assert raw["serial"] == "SANITASNVME01" and raw["model"] == "QEMU NVMe Ctrl", raw
assert raw["sanicap"] == 0 and raw["format"]["supported"], raw
assert raw["namespace"]["nsze"] * raw["namespace"]["lba_bytes"] == 64 << 20
assert c["type"] == "nvme" and c["auto"] == "nvme-format-erase", c
m = {x["name"]: x for x in c["methods"]}
assert m["nvme-format-erase"]["supported"]
for n in ("nvme-sanitize-crypto", "nvme-sanitize-block", "nvme-sanitize-overwrite"):
    assert not m[n]["supported"] and "SANICAP=0x00000000" in m[n]["reason"], m[n]
assert not m["nvme-format-crypto"]["supported"] and "FNA" in m["nvme-format-crypto"]["reason"]
assert not m["ata-secure-erase"]["supported"]
d = json.load(open(sys.argv[1]))["device"]
assert any(x.get("type") == "ext4" for x in d["signatures"]), d["signatures"]
PY
[ "$(rcof inspect-sata)" = 0 ] || { show inspect-sata; fail "inspect sata"; }
python3 - "$O/inspect-sata.out" <<'PY' || { show inspect-sata; fail "inspect sata"; }
import json, sys
c = json.load(open(sys.argv[1]))["capabilities"]
ata = c["raw"]["ata"]
assert ata["serial"] == "SANITASSATA01" and ata["model"] == "QEMU HARDDISK", ata
assert ata["checksum_ok"] and ata["lba48"] and ata["max_lba"] == (32 << 11) - 1, ata
assert not ata["security"]["supported"] and not ata["sanitize"]["supported"], ata
# READ NATIVE MAX ADDRESS EXT went to the drive: no hidden area
assert c["raw"]["hpa"]["native_max_lba"] == ata["max_lba"], c["raw"]["hpa"]
assert c["native_bytes"] == c["visible_bytes"] == 32 << 20 and not c["hidden_area"]
assert c["auto"] == "random", c["auto"]   # no Purge: a Clear overwrite
m = {x["name"]: x for x in c["methods"]}
assert "Sanitize feature set" in m["ata-sanitize-crypto"]["reason"], m
assert "Security feature set" in m["ata-secure-erase"]["reason"], m
PY

# unsupported Purge requests exit 69 with the reason, and write nothing
for n in nvme-sanitize-crypto nvme-sanitize-block nvme-sanitize-overwrite; do
	[ "$(rcof $n)" = 69 ] || { show $n; fail "$n: exit $(rcof $n)"; }
	cat "$O/$n.out" "$O/$n.err" | grep -q 'SANICAP=0x00000000' ||
		{ show $n; fail "$n: no reason"; }
done
cmp -s "$O/nvme-sum-before" "$O/nvme-sum-after" || fail "a refused sanitize changed the NVMe drive"
for m in ata-sanitize-crypto ata-sanitize-block ata-sanitize-overwrite \
	ata-secure-erase ata-secure-erase-enhanced scsi-sanitize-crypto; do
	[ "$(rcof sata-$m)" = 69 ] || { show sata-$m; fail "$m: exit $(rcof sata-$m)"; }
	cat "$O/sata-$m.out" "$O/sata-$m.err" | grep -qE 'feature set|ATA device' ||
		{ show sata-$m; fail "$m: no reason"; }
done
cmp -s "$O/sata-sum-before" "$O/sata-sum-after" || fail "a refused ATA method changed the SATA drive"
[ ! -s "$O/certs-after-refusals" ] || fail "a refusal wrote a certificate"

# auto picks Format NVM on the NVMe drive
[ "$(rcof nvme-auto-dry)" = 0 ] || { show nvme-auto-dry; fail "dry run"; }
grep -q 'nvme-format-erase' "$O/nvme-auto-dry.out" || { show nvme-auto-dry; fail "auto plan"; }

# Format NVM (SES=1) erased, verified, certified
certs_ok() {
	local job=$1 method=$2 c
	c=$O/certs/$(basename "$(jget "$O/$job.out" 'd["jobs"][0]["certificate"]')")
	[ -f "$c" ] || fail "$job: no certificate"
	openssl cms -verify -binary -inform DER -in "$c.p7s" -content "$c" \
		-CAfile "$T/id/cert.pem" -purpose any -out /dev/null 2>/dev/null ||
		fail "$job: openssl cms -verify rejects the certificate"
	# and wipe's own verifier accepts what the Purge path wrote
	"$WIPE" cert verify --identity "$T/id" "$c" >"$T/v.out" 2>&1 ||
		{ cat "$T/v.out"; fail "$job: wipe cert verify rejects the certificate"; }
	grep -q ': valid (success certificate' "$T/v.out" || { cat "$T/v.out"; fail "$job: cert verify"; }
	python3 - "$c" "$method" <<'PY' || fail "$job: certificate"
import json, sys
c = json.load(open(sys.argv[1]))
s, v, m = c["sanitization"], c["verification"], c["media"]
assert c["result"] == "success", (c["result"], s)
assert s["method"] == sys.argv[2] and s["category"] == "purge", s
assert s["technique"] == "block-erase", s
assert s["device_status"]["completion"] == "synchronous", s["device_status"]
assert s["device_status"]["command"]["opcode"] == "0x80", s["device_status"]
assert s["device_status"]["command"]["cdw10"] == 1 << 9, s["device_status"]  # SES=1
assert s["device_status"]["nvme_status"] == 0
assert v["method"] == "sample" and v["result"] == "passed", v
assert 0 < v["coverage"] <= 1 and v["samples"] > 0, v
assert len(v["details"]["before_sha256"]) == 64 and v["details"]["before_sha256"] != v["details"]["after_sha256"], v
assert v["details"]["data_bearing"] >= 1 and v["details"]["unchanged"] == 0, v
assert v["blkid"] == "no signature", v
assert m["serial"] == "SANITASNVME01" and m["type"] == "nvme", m
assert any(x.startswith("NIST SP 800-88 Rev. 2 Purge") for x in c["standards"]), c["standards"]
PY
}
[ "$(rcof nvme-format-erase)" = 0 ] || { show nvme-format-erase; fail "format exit $(rcof nvme-format-erase)"; }
certs_ok nvme-format-erase nvme-format-erase
grep -q 'SANITAS' "$O/nvme-marker-after" && fail "marker survived the format"
[ "$(rcof nvme-auto)" = 0 ] || { show nvme-auto; fail "auto exit $(rcof nvme-auto)"; }
certs_ok nvme-auto nvme-format-erase
# on the host: the NVMe image is all zeros now (both markers gone)
cmp -n "$NVME_SIZE" "$T/nvme.img" /dev/zero || fail "NVMe image not all zeros"

# the write error: a signed failed certificate that lists the range
rc=$(rcof sata-write-error)
[ "$rc" != 0 ] || { show sata-write-error; fail "write error not reported"; }
c=$O/certs/$(basename "$(jget "$O/sata-write-error.out" 'd["jobs"][0]["certificate"]')")
[ -f "$c" ] || { show sata-write-error; fail "no failed certificate"; }
openssl cms -verify -binary -inform DER -in "$c.p7s" -content "$c" \
	-CAfile "$T/id/cert.pem" -purpose any -out /dev/null 2>/dev/null ||
	fail "openssl rejects the failed certificate"
python3 - "$c" "$BAD_SECTOR" <<'PY' || { show sata-write-error; fail "failed certificate"; }
import json, sys
c = json.load(open(sys.argv[1]))
bad = int(sys.argv[2])
s = c["sanitization"]
assert c["result"] == "failed", c["result"]
assert s["method"] == "zero" and s["category"] == "clear", s
errs = s["errors"]
assert errs, s
lbs = c["media"].get("logical_block_size") or 512
hit = [e for e in errs if e["first_lba"] * lbs // 512 <= bad <= (e["last_lba"] + 1) * lbs // 512 - 1]
assert hit, (errs, bad)
assert c["media"]["model"] == "QEMU HARDDISK", c["media"]
PY
# the rest of the SATA disk was written: the marker is gone
if grep -qa 'SANITAS-SATA-MARKER' "$T/sata.img"; then fail "SATA marker survived"; fi
echo ok
