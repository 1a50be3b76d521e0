#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# What a certificate records is checked before anything is written: bytes
# that are not UTF-8 (or are control characters) in --notes, --asset-tag
# or an image path are refused (64, 65) with the image unchanged (cmp) and
# no certificate; an image named through a symlink is recorded by its real
# path; a loop device and its own backing file (also through a stack of
# loops) are one medium and cannot be named in one run (64); an active
# swap file is refused as swap (75).
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
need_root

make_identity
img() {
	truncate -s 4M "$1"
	printf 'PATIENT-RECORD' | dd of="$1" conv=notrunc status=none
	cp "$1" "$T/orig"
}
unchanged() { cmp -s "$1" "$T/orig" || fail "$2: the image was written"; }
no_certs() { [ -z "$(ls -A "$T/certs" 2>/dev/null)" ] || fail "$1: a certificate was written"; }

# 1. option text: refused before any write, whatever the option
img "$T/d.img"
for opt in --notes --asset-tag --operator --source --classification \
	--backup-location --post-classification; do
	run_rc rc erase --yes --method zero "$opt" $'bad\xff-value' "$T/d.img" \
		>/dev/null 2>"$T/err"
	[ "$rc" -eq 64 ] || fail "$opt non-UTF-8: exit $rc: $(cat "$T/err")"
	grep -q -- "${opt#--} is not printable UTF-8 text (byte 4 is 0xff)" "$T/err" ||
		fail "$opt message: $(cat "$T/err")"
done
run_rc rc erase --yes --method zero --asset-tag $'tag\e[2J' "$T/d.img" >/dev/null 2>"$T/err"
[ "$rc" -eq 64 ] || fail "escape sequence in --asset-tag: exit $rc"
unchanged "$T/d.img" "non-UTF-8 option"
no_certs "non-UTF-8 option"
# notes may hold lines; valid UTF-8 is recorded as given
erase --yes --method zero --quiet --notes $'first line\nzweite Zeile: \xc3\xbc' \
	"$T/d.img" >/dev/null 2>"$T/err" || fail "UTF-8 notes refused: $(cat "$T/err")"
c=$(ls "$T"/certs/*.json)
[ "$(jget "$c" 'd["notes"]')" = $'first line\nzweite Zeile: \xc3\xbc' ] || fail "notes recorded"
rm -rf "$T/certs"

# 2. an image path that is not UTF-8: refused before any write (65)
img "$T/"$'p\xff.img'
run_rc rc erase --yes --method zero "$T/"$'p\xff.img' >/dev/null 2>"$T/err"
[ "$rc" -eq 65 ] || fail "non-UTF-8 path: exit $rc: $(cat "$T/err")"
grep -q "its path is not printable UTF-8" "$T/err" || fail "path message: $(cat "$T/err")"
grep -q "nothing was written" "$T/err" || fail "says nothing was written"
unchanged "$T/"$'p\xff.img' "non-UTF-8 path"
no_certs "non-UTF-8 path"
# the same file through a UTF-8 symlink: still its real name that counts
ln -s "$T/"$'p\xff.img' "$T/link.img"
run_rc rc erase --yes --method zero "$T/link.img" >/dev/null 2>"$T/err"
[ "$rc" -eq 65 ] || fail "UTF-8 link to a non-UTF-8 file: exit $rc"
unchanged "$T/"$'p\xff.img' "link to non-UTF-8 path"

# 3. a symlink: the certificate names the real file
img "$T/real.img"
ln -s "$T/real.img" "$T/alias.img"
erase --yes --method zero --quiet "$T/alias.img" >/dev/null 2>"$T/err" ||
	fail "erase through a link: $(cat "$T/err")"
c=$(ls "$T"/certs/*.json)
[ "$(jget "$c" 'd["media"]["device"]')" = "$(realpath "$T/real.img")" ] ||
	fail "certificate names $(jget "$c" 'd["media"]["device"]')"
rm -rf "$T/certs"

# 4. a loop device and its own backing file, directly and stacked
img "$T/b.img"
new_loop "$T/b.img" 4M
l0=$LOOP
LOOP=$(losetup -f --show "$l0")
LOOPS+=("$LOOP")
l1=$LOOP
for pair in "$l0 $T/b.img" "$T/b.img $l0" "$l1 $T/b.img" "$l0 $l1"; do
	# shellcheck disable=SC2086
	run_rc rc erase --yes --method zero $pair >/dev/null 2>"$T/err"
	[ "$rc" -eq 64 ] || fail "one medium twice ($pair): exit $rc: $(cat "$T/err")"
	grep -q "are one medium" "$T/err" || fail "message ($pair): $(cat "$T/err")"
done
unchanged "$T/b.img" "loop and backing file"
no_certs "loop and backing file"

# 5. an active swap file (on an ext4 that supports swap files)
new_loop 64M
mkfs.ext4 -q "$LOOP"
mkdir "$T/fs"
mount "$LOOP" "$T/fs"
MOUNTS+=("$T/fs")
dd if=/dev/zero of="$T/fs/swapfile" bs=1M count=16 status=none
chmod 600 "$T/fs/swapfile"
mkswap -q "$T/fs/swapfile" >/dev/null
swapon "$T/fs/swapfile" 2>/dev/null || skip "swap files not supported here"
SWAPS+=("$T/fs/swapfile")
cp "$T/fs/swapfile" "$T/orig"
run_rc rc erase --yes --method zero "$T/fs/swapfile" >/dev/null 2>"$T/err"
[ "$rc" -eq 75 ] || fail "active swap file: exit $rc: $(cat "$T/err")"
grep -q "active swap file" "$T/err" || fail "swap file reason: $(cat "$T/err")"
unchanged "$T/fs/swapfile" "active swap file"
no_certs "active swap file"
