#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe list --all shows an attached loop device holding ext4 with the right
# size, geometry, backing file and signatures (checked against blockdev,
# blkid and wipefs); plain `wipe list` leaves loop devices out.
. "$SRCDIR/tests/lib/discover.bash"
need_root_loop

new_loop "$T/disk.img" 48M
dev=$LOOP
name=${dev#/dev/}
mkfs.ext4 -q -F -L sanitas-t0110 "$dev"

j=$(dev_json "$dev")
[ "$(jq -r .name <<<"$j")" = "$name" ] || fail "name"
[ "$(jq -r .type <<<"$j")" = loop ] || fail "type: $(jq -r .type <<<"$j")"
[ "$(jq -r .transport <<<"$j")" = loop ] || fail "transport"
[ "$(jq -r .size_bytes <<<"$j")" = "$(blockdev --getsize64 "$dev")" ] ||
	fail "size $(jq -r .size_bytes <<<"$j")"
[ "$(jq -r .size_bytes <<<"$j")" = $((48 * 1024 * 1024)) ] || fail "size not 48 MiB"
[ "$(jq -r .logical_block_size <<<"$j")" = "$(blockdev --getss "$dev")" ] ||
	fail "logical block size"
[ "$(jq -r .physical_block_size <<<"$j")" = "$(blockdev --getpbsz "$dev")" ] ||
	fail "physical block size"
[ "$(jq -r .backing_file <<<"$j")" = "$(realpath "$T/disk.img")" ] ||
	fail "backing file $(jq -r .backing_file <<<"$j")"
[ "$(jq -r .devno <<<"$j")" = "$(cat /sys/block/"$name"/dev)" ] || fail "devno"
[ "$(jq -r .readonly <<<"$j")" = false ] || fail "readonly"
[ "$(jq -r .safe <<<"$j")" = true ] || fail "unsafe: $(jq -r .unsafe_detail <<<"$j")"
[ "$(jq -c .unsafe <<<"$j")" = "[]" ] || fail "unsafe list"
[ "$(jq -r .serial <<<"$j")" = null ] || fail "a loop device has no serial"

# signatures: the same as blkid's and wipefs's
[ "$(jq -r '.signatures[0].type' <<<"$j")" = "$(blkid -p -o value -s TYPE "$dev")" ] ||
	fail "type differs from blkid"
[ "$(jq -r '.signatures[0].label' <<<"$j")" = sanitas-t0110 ] || fail "label"
[ "$(jq -r '.signatures[0].uuid' <<<"$j")" = "$(blkid -p -o value -s UUID "$dev")" ] ||
	fail "uuid differs from blkid"
[ "$(jq -r '.signatures[0].usage' <<<"$j")" = filesystem ] || fail "usage"
[ "$(our_sigs "$j")" = "$(wipefs_sigs "$dev")" ] ||
	fail "signatures differ from wipefs: $(our_sigs "$j") vs $(wipefs_sigs "$dev")"
[ "$(our_sigs "$j")" = "ext4@1080" ] || fail "ext4 magic at 0x438: $(our_sigs "$j")"

# a swap signature added behind the ext4 one is found too (step back)
mkswap -f "$dev" >/dev/null 2>&1
j=$(dev_json "$dev")
[ "$(our_sigs "$j")" = "$(wipefs_sigs "$dev")" ] ||
	fail "after mkswap: $(our_sigs "$j") vs $(wipefs_sigs "$dev")"
jq -e '[.signatures[].type] | index("swap")' <<<"$j" >/dev/null || fail "swap not found"

# the human table names it with its size and signatures
"$WIPE" list --all | grep -E "^$name +48\.0 MiB +loop .* swap" >/dev/null ||
	fail "table row: $("$WIPE" list --all | grep "^$name " || true)"

# whole disks only without --all
"$WIPE" list --json | jq -e --arg p "$dev" 'all(.devices[]; .path != $p)' >/dev/null ||
	fail "loop device listed without --all"

# detached: gone from the list (another test may reuse the number at once,
# so look for our backing file, not the name)
losetup -d "$dev"
LOOPS=()
"$WIPE" list --all --json |
	jq -e --arg f "$(realpath "$T/disk.img")" 'all(.devices[]; .backing_file != $f)' >/dev/null ||
	fail "detached loop still listed"
echo ok
