#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# An image file is in use when any loop device over it, however deeply
# stacked (file -> loopA -> loopB), is mounted, swap or claimed, also in a
# mount namespace this process cannot see: every such erase exits 75 and
# the image stays byte for byte as it was (cmp). The check is repeated
# right before writing: a loop attached and mounted while the
# confirmation prompt waits is refused too. An image under idle loops is
# still erased. (Mounts are read-only, so only an erase could change it.)
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
need_root
command -v unshare >/dev/null || skip "needs unshare"

make_identity
PIDS=()
cleanup_more() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	cleanup
}
trap cleanup_more EXIT

# an image with a file system and a marker, and a copy to compare with
new_image() {
	truncate -s 16M "$1"
	mkfs.ext4 -q -F "$1"
	printf 'PATIENT-RECORD' | dd of="$1" conv=notrunc status=none
	cp "$1" "$1.orig"
}
unchanged() { cmp -s "$1" "$1.orig" || fail "$2: the image was written"; }

# 1. file -> loopA -> loopB, loopB mounted here
new_image "$T/a.img"
new_loop "$T/a.img" 16M
la=$LOOP
LOOP=$(losetup -f --show "$la")
LOOPS+=("$LOOP")
lb=$LOOP
mkdir "$T/mb"
mount -o ro,noload "$lb" "$T/mb"
MOUNTS+=("$T/mb")
run_rc rc erase --yes --method zero "$T/a.img" 2>"$T/err"
[ "$rc" -eq 75 ] || fail "stacked loops: exit $rc: $(cat "$T/err")"
grep -q "${lb#/dev/}" "$T/err" || fail "stacked: names ${lb#/dev/}: $(cat "$T/err")"
run_rc rc erase --dry-run "$T/a.img" 2>"$T/err" >/dev/null
[ "$rc" -eq 75 ] || fail "stacked loops, dry run: exit $rc"
umount "$T/mb"
unchanged "$T/a.img" "stacked loops"

# 2. a loop over the image mounted only in another mount namespace
new_image "$T/b.img"
new_loop "$T/b.img" 16M
lc=$LOOP
mkdir "$T/mc"
unshare -m --propagation private sh -c \
	'mount -o ro,noload "$1" "$2" && echo mounted >"$3" && exec sleep 60' sh \
	"$lc" "$T/mc" "$T/ns-ready" &
PIDS+=($!)
for _ in $(seq 50); do [ -s "$T/ns-ready" ] && break; sleep 0.1; done
[ -s "$T/ns-ready" ] || skip "cannot mount in a new mount namespace"
! grep -q " $T/mc " /proc/self/mountinfo || fail "the mount leaked into this namespace"
run_rc rc erase --yes --method zero "$T/b.img" 2>"$T/err"
[ "$rc" -eq 75 ] || fail "other namespace: exit $rc: $(cat "$T/err")"
grep -q "exclusive open" "$T/err" || fail "other namespace reason: $(cat "$T/err")"
unchanged "$T/b.img" "mounted in another namespace"
kill "${PIDS[-1]}"
wait "${PIDS[-1]}" 2>/dev/null || true

# 3. attached and mounted while the prompt waits
new_image "$T/c.img"
mkfifo "$T/answer"
erase --method zero "$T/c.img" <"$T/answer" >/dev/null 2>"$T/err" &
epid=$!
exec 9>"$T/answer"
for _ in $(seq 100); do grep -q "Type the path" "$T/err" && break; sleep 0.1; done
grep -q "Type the path" "$T/err" || fail "no prompt: $(cat "$T/err")"
new_loop "$T/c.img" 16M
ld=$LOOP
mkdir "$T/md"
mount -o ro,noload "$ld" "$T/md"
MOUNTS+=("$T/md")
echo "$T/c.img" >&9
exec 9>&-
run_rc rc wait "$epid"
[ "$rc" -eq 75 ] || fail "attached during the prompt: exit $rc: $(cat "$T/err")"
grep -q "mounted at $T/md" "$T/err" || fail "prompt race reason: $(cat "$T/err")"
umount "$T/md"
unchanged "$T/c.img" "attached during the prompt"

# 4. idle loops (nothing mounted on any) do not make the image unsafe
erase --yes --method zero --quiet "$T/a.img" >/dev/null 2>"$T/err" ||
	fail "idle stacked loops refused: $(cat "$T/err")"
cmp -s "$T/a.img" <(head -c 16M /dev/zero) || fail "idle image not erased"
