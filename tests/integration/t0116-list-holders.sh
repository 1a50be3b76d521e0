#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A loop device claimed by a device-mapper target is unsafe, "holders",
# naming the dm device and its name; a mount of the dm device counts too.
. "$SRCDIR/tests/lib/discover.bash"
need_root_loop
command -v dmsetup >/dev/null || skip "needs dmsetup"
dmsetup version >/dev/null 2>&1 || skip "no device-mapper in this kernel"

new_loop "$T/pv.img" 32M
dev=$LOOP
name=${dev#/dev/}
dm=sanitas-t0116-$$
sectors=$(blockdev --getsz "$dev")
dmsetup create "$dm" --table "0 $sectors linear $dev 0" || skip "cannot create a dm target"
trap 'umount "$T/m" 2>/dev/null || true; dmsetup remove "$dm" 2>/dev/null || true; cleanup' EXIT
# without udev the node may not appear under /dev/mapper
dmdev=$(basename "$(ls -d /sys/block/"$name"/holders/* | head -1)")
[ -n "$dmdev" ] || fail "kernel shows no holder"

j=$(dev_json "$dev")
jq -e '.unsafe | index("holders")' <<<"$j" >/dev/null || fail "unsafe: $(jq -c .unsafe <<<"$j")"
jq -r .unsafe_detail <<<"$j" | grep -qF "held by $dmdev [$dm] ($name)" ||
	fail "detail: $(jq -r .unsafe_detail <<<"$j")"

if [ -b "/dev/$dmdev" ] && mkfs.ext4 -q -F "/dev/$dmdev" 2>/dev/null; then
	mkdir "$T/m"
	mount "/dev/$dmdev" "$T/m"
	j=$(dev_json "$dev")
	jq -r .unsafe_detail <<<"$j" | grep -qF "mounted at $T/m ($dmdev, holder of $name)" ||
		fail "mount through the holder: $(jq -r .unsafe_detail <<<"$j")"
fi
echo ok
