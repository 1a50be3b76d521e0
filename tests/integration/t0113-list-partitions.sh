#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A GPT-partitioned loop device: the disk shows the partition table
# signatures (as wipefs does), --all lists each partition with its parent
# and file system, and a mounted partition makes its whole disk unsafe,
# named by the partition.
. "$SRCDIR/tests/lib/discover.bash"
need_root_loop
command -v sfdisk >/dev/null || skip "needs sfdisk"

truncate -s 64M "$T/disk.img"
printf 'label: gpt\n,20M\n,\n' | sfdisk -q "$T/disk.img" >/dev/null
new_loop "$T/disk.img" 64M -P
dev=$LOOP
name=${dev#/dev/}
scan_parts "$dev"
mkfs.ext4 -q -F -L part-one "${dev}p1"
mkfs.vfat -n PARTTWO "${dev}p2" >/dev/null

j=$(dev_json "$dev")
[ "$(jq -r .type <<<"$j")" = loop ] || fail "type"
[ "$(our_sigs "$j")" = "$(wipefs_sigs "$dev")" ] ||
	fail "disk signatures: $(our_sigs "$j") vs $(wipefs_sigs "$dev")"
jq -e '[.signatures[].type] | (index("gpt") != null) and (index("PMBR") != null)' \
	<<<"$j" >/dev/null || fail "gpt/PMBR missing: $(our_sigs "$j")"
[ "$(jq -r '.signatures[] | select(.type=="gpt") | .uuid' <<<"$j" | sort -u)" = \
	"$(blkid -p -o value -s PTUUID "$dev")" ] || fail "PTUUID differs from blkid"
[ "$(jq -r .safe <<<"$j")" = true ] || fail "unmounted disk unsafe"

p1=$(dev_json "${dev}p1")
[ "$(jq -r .type <<<"$p1")" = partition ] || fail "p1 type"
[ "$(jq -r .parent <<<"$p1")" = "$name" ] || fail "p1 parent"
[ "$(jq -r .size_bytes <<<"$p1")" = "$(blockdev --getsize64 "${dev}p1")" ] || fail "p1 size"
[ "$(our_sigs "$p1")" = "$(wipefs_sigs "${dev}p1")" ] || fail "p1 signatures"
[ "$(jq -r '.signatures[0].type' <<<"$p1")" = ext4 ] || fail "p1 ext4"
[ "$(jq -r '.signatures[0].label' <<<"$p1")" = part-one ] || fail "p1 label"
p2=$(dev_json "${dev}p2")
[ "$(our_sigs "$p2")" = "$(wipefs_sigs "${dev}p2")" ] || fail "p2 signatures"
jq -e '[.signatures[].type] | unique == ["vfat"]' <<<"$p2" >/dev/null || fail "p2 vfat"

# partitions are listed only with --all
"$WIPE" list --json | jq -e --arg p "${dev}p1" 'all(.devices[]; .path != $p)' >/dev/null ||
	fail "partition listed without --all"
# sorted by name: disk, then p1, then p2
"$WIPE" list --all --json | jq -r '.devices[].name' | grep -E "^${name}(p[12])?$" |
	tr '\n' ' ' | grep -qx "$name ${name}p1 ${name}p2 " || fail "order"

mkdir "$T/m"
mount "${dev}p1" "$T/m" || skip "cannot mount"
MOUNTS+=("$T/m")
j=$(dev_json "$dev")
jq -e '.unsafe == ["mounted"]' <<<"$j" >/dev/null || fail "parent not flagged: $(jq -c .unsafe <<<"$j")"
[ "$(jq -r .unsafe_detail <<<"$j")" = "mounted at $T/m (${name}p1)" ] ||
	fail "parent detail: $(jq -r .unsafe_detail <<<"$j")"
jq -e '.unsafe == ["mounted"]' <<<"$(dev_json "${dev}p1")" >/dev/null || fail "p1 not flagged"
[ "$(jq -r .safe <<<"$(dev_json "${dev}p2")")" = true ] || fail "p2 flagged for p1's mount"
echo ok
