#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# --resume continues only the medium it interrupted: another image file
# moved to the same path, and another image attached to the same loop
# device name (same path, same size, no serial), are refused with exit 75 and
# left as they were; the real medium still resumes.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
need_root

make_identity
SIZE=768M
# interrupt an erase of $1 once its first chunks are written
interrupt() {
	"$WIPE" erase --identity "$T/id" --cert-dir "$T/certs" --state-dir "$T/state" \
		--yes --method random --json-progress "$1" >/dev/null 2>"$T/prog" &
	local pid=$!
	for _ in $(seq 1 400); do
		grep -q '"phase":"pass 1/1","bytes":[1-9]' "$T/prog" 2>/dev/null && break
		sleep 0.01
	done
	kill -INT "$pid"
	run_rc rc wait "$pid"
	[ "$rc" -eq 130 ] || fail "interrupt $1: exit $rc ($(tail -2 "$T/prog"))"
}
# a sparse image with a marker at its start, and that start kept aside
marked() {
	truncate -s "$SIZE" "$1"
	printf 'OTHER-MEDIUM' | dd of="$1" conv=notrunc status=none
	head -c 8M "$1" >"$1.head"
}
untouched() { cmp -s -n 8388608 "$1" "$1.head" || fail "$2: the other medium was written"; }

# 1. an image file replaced by another at the same path
truncate -s "$SIZE" "$T/a.img"
interrupt "$T/a.img"
[ -n "$(ls "$T"/state/*.json)" ] || fail "no checkpoint"
marked "$T/other.img"
mv "$T/other.img" "$T/a.img"
mv "$T/other.img.head" "$T/a.img.head"
run_rc rc erase --resume --yes --quiet "$T/a.img" >/dev/null 2>"$T/err"
[ "$rc" -eq 75 ] || fail "swapped file: exit $rc: $(cat "$T/err")"
grep -q "another medium" "$T/err" || fail "swapped file message: $(cat "$T/err")"
untouched "$T/a.img" "swapped file"
rm -f "$T"/state/*.json

# 2. another image behind the same device name (a stable link, as
# /dev/disk/by-* names are: the loop number itself may be taken by others)
new_loop "$T/b.img" "$SIZE"
ln -s "$LOOP" "$T/disk"
interrupt "$T/disk"
marked "$T/c.img"
losetup -d "$LOOP"
new_loop "$T/c.img" "$SIZE"
ln -sfn "$LOOP" "$T/disk"
run_rc rc erase --resume --yes --quiet "$T/disk" >/dev/null 2>"$T/err"
[ "$rc" -eq 75 ] || fail "swapped loop backing: exit $rc: $(cat "$T/err")"
grep -q "another medium" "$T/err" || fail "swapped loop message: $(cat "$T/err")"
untouched "$T/c.img" "swapped loop backing"

# 3. the medium it interrupted, attached again: resumes
new_loop "$T/b.img" "$SIZE"
ln -sfn "$LOOP" "$T/disk"
erase --resume --yes --quiet "$T/disk" >/dev/null 2>"$T/err" ||
	fail "resume of the same medium: $(cat "$T/err")"
