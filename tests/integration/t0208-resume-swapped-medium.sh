#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# --resume continues only the medium it interrupted: another image file
# moved to the same path, and another image attached to the same loop
# device (same path, same size, no serial), are refused with exit 75 and
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

# 2. another image attached to the same loop device
new_loop "$T/b.img" "$SIZE"
dev=$LOOP
interrupt "$dev"
marked "$T/c.img"
losetup -d "$dev"
losetup "$dev" "$T/c.img" || skip "cannot re-attach $dev"
run_rc rc erase --resume --yes --quiet "$dev" >/dev/null 2>"$T/err"
[ "$rc" -eq 75 ] || fail "swapped loop backing: exit $rc: $(cat "$T/err")"
grep -q "another medium" "$T/err" || fail "swapped loop message: $(cat "$T/err")"
untouched "$T/c.img" "swapped loop backing"

# 3. the medium it interrupted, attached again: resumes
losetup -d "$dev"
losetup "$dev" "$T/b.img" || skip "cannot re-attach $dev"
erase --resume --yes --quiet "$dev" >/dev/null 2>"$T/err" ||
	fail "resume of the same medium: $(cat "$T/err")"
