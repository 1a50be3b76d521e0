#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The disk(s) under the root file system are flagged "system", named with
# the mount point; lsblk's inverse tree is the independent checker.
. "$SRCDIR/tests/lib/discover.bash"
command -v jq >/dev/null || skip "needs jq"

majmin=$(awk '$5 == "/" { print $3; exit }' /proc/self/mountinfo)
[ -n "$majmin" ] && [ "${majmin%%:*}" != 0 ] && [ -e "/sys/dev/block/$majmin" ] ||
	skip "/ is not on a block device here ($majmin)"
root=$(basename "$(readlink -f "/sys/dev/block/$majmin")")

# the root device itself (whatever it is) holds the system
j=$("$WIPE" list --all --json | jq -e --arg n "$root" '.devices[] | select(.name == $n)') ||
	fail "$root not listed"
jq -e '.unsafe | index("system")' <<<"$j" >/dev/null || fail "$root not system: $(jq -c .unsafe <<<"$j")"
jq -r .unsafe_detail <<<"$j" | grep -qF "holds the running system (/" ||
	fail "detail: $(jq -r .unsafe_detail <<<"$j")"
jq -e '.unsafe | index("mounted")' <<<"$j" >/dev/null || fail "$root not mounted"

# every whole disk under it, as lsblk sees the stack
disks=$(lsblk -s -n -r -o KNAME,TYPE "/dev/$root" 2>/dev/null | awk '$2 == "disk" { print $1 }' | sort -u)
[ -n "$disks" ] || disks=$root
for d in $disks; do
	j=$("$WIPE" list --json | jq -e --arg n "$d" '.devices[] | select(.name == $n)') ||
		fail "system disk $d not in plain 'wipe list'"
	jq -e '.unsafe | index("system")' <<<"$j" >/dev/null || fail "$d not flagged system"
	jq -e '.safe == false' <<<"$j" >/dev/null || fail "$d safe"
	"$WIPE" list | grep -E "^$d " | grep -qF "holds the running system" ||
		fail "table row of $d does not say system"
done
echo ok
