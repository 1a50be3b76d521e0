#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Probing an image file: type file, its size and signatures (as wipefs sees
# them); unsafe while it backs a loop device that is mounted, and read-only
# when immutable. Probing a partition names its parent disk.
. "$SRCDIR/tests/lib/discover.bash"
need_root_loop
PROBE="$BIN/discover-probe"
[ -x "$PROBE" ] || skip "no discover-probe helper"

img="$T/image file.img"
truncate -s 40M "$img"
mkfs.ext4 -q -F -L img-t0117 "$img"
j=$("$PROBE" "$img")
[ "$(jq -r .type <<<"$j")" = file ] || fail "type"
[ "$(jq -r .transport <<<"$j")" = file ] || fail "transport"
[ "$(jq -r .size_bytes <<<"$j")" = $((40 * 1024 * 1024)) ] || fail "size"
[ "$(jq -r .devno <<<"$j")" = null ] || fail "a file has no devno"
[ "$(our_sigs "$j")" = "$(wipefs_sigs "$img")" ] || fail "signatures vs wipefs"
[ "$(jq -r '.signatures[0].label' <<<"$j")" = img-t0117 ] || fail "label"
[ "$(jq -r .safe <<<"$j")" = true ] || fail "unsafe: $(jq -r .unsafe_detail <<<"$j")"

# attached but unused: still fine
new_loop "$img" 40M
dev=$LOOP
name=${dev#/dev/}
[ "$(jq -r .safe <<<"$("$PROBE" "$img")")" = true ] || fail "attached loop made it unsafe"
# mounted through the loop: unsafe, and the reason says how
mkdir "$T/m"
mount "$dev" "$T/m" || skip "cannot mount"
MOUNTS+=("$T/m")
j=$("$PROBE" "$img")
jq -e '.unsafe == ["mounted"]' <<<"$j" >/dev/null || fail "unsafe: $(jq -c .unsafe <<<"$j")"
[ "$(jq -r .unsafe_detail <<<"$j")" = "mounted at $T/m ($name, $name over this file)" ] ||
	fail "detail: $(jq -r .unsafe_detail <<<"$j")"
# the loop device itself, probed by path, says the same plainly
j=$("$PROBE" "$dev")
[ "$(jq -r .unsafe_detail <<<"$j")" = "mounted at $T/m ($name)" ] || fail "loop detail"
[ "$(jq -r .backing_file <<<"$j")" = "$(realpath "$img")" ] || fail "backing file"
umount "$T/m"
MOUNTS=()

# immutable: read-only even for root
if chattr +i "$img" 2>/dev/null; then
	j=$("$PROBE" "$img")
	chattr -i "$img"
	jq -e '.readonly and (.unsafe | index("read-only"))' <<<"$j" >/dev/null ||
		fail "immutable file not read-only"
fi
chmod 0444 "$img"
jq -e '.readonly' <<<"$("$PROBE" "$img")" >/dev/null || fail "0444 file not read-only"
chmod 0644 "$img"

# a partition names its disk
truncate -s 32M "$T/parted.img"
printf 'label: dos\n,8M\n,\n' | sfdisk -q "$T/parted.img" >/dev/null 2>&1 || skip "needs sfdisk"
new_loop "$T/parted.img" 32M -P
pdev=$LOOP
scan_parts "$pdev"
j=$("$PROBE" "${pdev}p2")
[ "$(jq -r .type <<<"$j")" = partition ] || fail "partition type"
[ "$(jq -r .parent <<<"$j")" = "${pdev#/dev/}" ] || fail "parent"
[ "$(jq -r .size_bytes <<<"$j")" = "$(blockdev --getsize64 "${pdev}p2")" ] || fail "partition size"
j=$("$PROBE" "$pdev")
jq -e '[.signatures[].type] == ["dos"]' <<<"$j" >/dev/null || fail "dos label: $(our_sigs "$j")"

# errors: missing target 66, a character device 65
rc=0; "$PROBE" "$T/absent" 2>/dev/null || rc=$?
[ "$rc" = 66 ] || fail "missing target exit $rc"
rc=0; "$PROBE" /dev/null 2>/dev/null || rc=$?
[ "$rc" = 65 ] || fail "character device exit $rc"
echo ok
