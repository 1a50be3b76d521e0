#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe station's command line: --help on stdout; the options of wipe erase
# checked as erase checks them (exit 64 naming the option); the one-shot
# flags, named devices and a bad --confirm refused; without a terminal it
# says to use wipe erase (64) and never touches the identity.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"

expect() {
	local want=$1 rc=0
	shift
	"$WIPE" station "$@" </dev/null >"$T/out" 2>"$T/err" || rc=$?
	[ "$rc" -eq "$want" ] || fail "wipe station $*: exit $rc, want $want ($(cat "$T/err"))"
}

expect 0 --help
grep -q "^usage: wipe station" "$T/out" || fail "--help on stdout"
grep -q -- "--confirm count|serial" "$T/out" || fail "--help names --confirm"
expect 64 --verify sometimes
grep -q "^wipe: station: --verify takes full, sample or none" "$T/err" || fail "verify: $(cat "$T/err")"
expect 64 --destination moon
grep -q -- "--destination takes internal-reuse" "$T/err" || fail "destination"
expect 64 --customer ""
grep -q -- "--customer and --job take 1 to 128" "$T/err" || fail "customer"
expect 64 --notes $'a\x01b'
grep -q -- "--notes is not printable UTF-8 text (byte 2 is 0x01)" "$T/err" || fail "notes"
expect 64 --confirm always
grep -q -- "--confirm takes count or serial" "$T/err" || fail "confirm"
for flag in --yes --dry-run --json --json-progress --quiet --resume --force-unsafe; do
	expect 64 "$flag"
	grep -q "unknown option" "$T/err" || fail "$flag: $(cat "$T/err")"
done
expect 64 /dev/loop0
grep -q "name none (use 'wipe erase DEVICE...'" "$T/err" || fail "a device: $(cat "$T/err")"
# wipe erase does not take the station's own option
run_rc rc "$WIPE" erase --confirm count x.img 2>"$T/err"
[ "$rc" -eq 64 ] || fail "erase --confirm: exit $rc"
# no terminal: a clear word, before the identity is read
expect 64 --identity "$T/none"
grep -q "needs a terminal (stdin and stdout); for automation use 'wipe erase DEVICE... --yes'" "$T/err" ||
	fail "no terminal: $(cat "$T/err")"
