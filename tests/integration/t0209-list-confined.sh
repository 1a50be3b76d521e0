#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Where this process cannot see every mount (another mount namespace than
# PID 1's, a chroot), a device mounted out of its sight is not "unused":
# `wipe list` marks it unsafe with the reason, and erase refuses it (75).
set -euo pipefail
. "$SRCDIR/tests/lib/discover.bash"
need_root_loop
command -v unshare >/dev/null || skip "needs unshare"
command -v chroot >/dev/null || skip "needs chroot"

make_identity
new_loop 16M
dev=$LOOP
mkfs.ext4 -q "$dev"
mkdir "$T/m"
mount -o ro "$dev" "$T/m"
MOUNTS+=("$T/m")
# the reason as the confined process sees it
confined_reason() {
	jq -r --arg p "$dev" '.devices[] | select(.path == $p) | .unsafe_detail' "$1"
}

# 1. another mount namespace in which the mount is gone
unshare -m --propagation private sh -c \
	'umount "$1" && ! grep -q " $1 " /proc/self/mountinfo && "$2" list --all --json' \
	sh "$T/m" "$WIPE" >"$T/ns.json" || fail "list in a new mount namespace"
confined_reason "$T/ns.json" | grep -q "refused an exclusive open, and this process cannot see every mount" ||
	fail "namespace: $(confined_reason "$T/ns.json")"
run_rc rc unshare -m --propagation private sh -c \
	'umount "$1" && exec "$2" erase --identity "$3/id" --cert-dir "$3/certs" --state-dir "$3/state" --yes --method zero "$4"' \
	sh "$T/m" "$WIPE" "$T" "$dev" 2>"$T/err"
[ "$rc" -eq 75 ] || fail "erase in a new mount namespace: exit $rc: $(cat "$T/err")"

# 2. a chroot whose tree does not hold the mount
mkdir "$T/root"
unshare -m sh -c '
	mount --rbind / "$1" && mount --make-rprivate "$1" &&
	umount -l "$1$2" && exec chroot "$1" "$3" list --all --json' \
	sh "$T/root" "$T/m" "$WIPE" >"$T/chroot.json" || fail "list in a chroot"
confined_reason "$T/chroot.json" | grep -q "cannot see every mount" ||
	fail "chroot: $(confined_reason "$T/chroot.json")"
