#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A mounted loop device is unsafe, "mounted", and the reason names the mount
# point (with a space in it, as /proc/self/mountinfo escapes it); once
# unmounted it is safe again.
. "$SRCDIR/tests/lib/discover.bash"
need_root_loop

new_loop "$T/disk.img" 32M
dev=$LOOP
name=${dev#/dev/}
mkfs.ext4 -q -F "$dev"
mnt="$T/mount point"
mkdir -p "$mnt"
mount "$dev" "$mnt" || skip "cannot mount ext4"
MOUNTS+=("$mnt")

j=$(dev_json "$dev")
[ "$(jq -r .safe <<<"$j")" = false ] || fail "mounted device reported safe"
jq -e '.unsafe == ["mounted"]' <<<"$j" >/dev/null || fail "unsafe: $(jq -c .unsafe <<<"$j")"
[ "$(jq -r .unsafe_detail <<<"$j")" = "mounted at $mnt ($name)" ] ||
	fail "detail: $(jq -r .unsafe_detail <<<"$j")"
# the same mount point findmnt reports
findmnt -n -o TARGET "$dev" | grep -qxF "$mnt" || fail "findmnt disagrees"
"$WIPE" list --all | grep -F "$name " | grep -qF "mounted at $mnt ($name)" ||
	fail "table does not name the mount point"

umount "$mnt"
MOUNTS=()
j=$(dev_json "$dev")
[ "$(jq -r .safe <<<"$j")" = true ] || fail "still unsafe after umount: $(jq -r .unsafe_detail <<<"$j")"
echo ok
