#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The guard: a mounted device and an active swap device are refused with
# exit 75 naming the reason, and nothing is written; a read-only device
# exits 77; the disk holding / is refused even with --force-unsafe.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
need_root

make_identity
# ext4 and swap leave the first 1 KiB alone: a marker there shows whether
# anything wrote to the device (the filesystem itself writes elsewhere)
mark() { printf 'UNTOUCHED-%s' "$2" | dd of="$1" conv=notrunc status=none; }
marked() { [ "$(head -c 12 "$1")" = "UNTOUCHED-$2" ]; }
new_loop 32M
m=$LOOP
mkfs.ext4 -q "$m"
mark "$m" m1
mkdir "$T/mnt"
mount "$m" "$T/mnt"
MOUNTS+=("$T/mnt")
run_rc rc erase --yes --method zero "$m" 2>"$T/err"
[ "$rc" -eq 75 ] || fail "mounted: exit $rc"
grep -q "mounted at $T/mnt" "$T/err" || fail "reason: $(cat "$T/err")"
run_rc rc erase --dry-run "$m" 2>"$T/err"
[ "$rc" -eq 75 ] || fail "mounted dry run: exit $rc"

new_loop 32M
s=$LOOP
mkswap -q "$s" >/dev/null
mark "$s" s1
swapon "$s"
SWAPS+=("$s")
run_rc rc erase --yes --method zero "$s" 2>"$T/err"
[ "$rc" -eq 75 ] || fail "swap: exit $rc"
grep -qi "swap" "$T/err" || fail "swap reason: $(cat "$T/err")"
# --force-unsafe passes the guard, but the kernel still refuses O_EXCL
run_rc rc erase --yes --method zero --force-unsafe "$s" 2>"$T/err"
[ "$rc" -eq 75 ] || fail "swap with --force-unsafe: exit $rc"
grep -q "exclusive open" "$T/err" || fail "O_EXCL reason: $(cat "$T/err")"

new_loop 8M -r
r=$LOOP
run_rc rc erase --yes --method zero "$r" 2>"$T/err"
[ "$rc" -eq 77 ] || fail "read-only: exit $rc"
grep -q "read-only" "$T/err" || fail "ro reason"

# the system disk: refused whatever the flags (dry run: never opened rw)
root_src=$(findmnt -no SOURCE /)
case "$root_src" in /dev/*) ;; *) echo "SKIP part: / is not a block device" >&2; root_src= ;; esac
if [ -n "$root_src" ]; then
	run_rc rc erase --dry-run --force-unsafe "$root_src" 2>"$T/err"
	[ "$rc" -eq 75 ] || fail "system disk: exit $rc"
	grep -q "running system" "$T/err" || fail "system reason: $(cat "$T/err")"
	grep -q "cannot override" "$T/err" || fail "says it cannot be overridden"
fi
marked "$m" m1 || fail "mounted device written"
marked "$s" s1 || fail "swap device written"
[ ! -d "$T/certs" ] || [ -z "$(ls -A "$T/certs")" ] || fail "certificate for a refusal"
