#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The exit codes of wipe are interface: each one pinned here.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"

expect() {
	local want=$1 rc=0
	shift
	"$WIPE" "$@" >"$T/out" 2>"$T/err" || rc=$?
	[ "$rc" -eq "$want" ] || fail "wipe $*: exit $rc, want $want ($(cat "$T/err"))"
}

expect 64
expect 64 frobnicate
expect 0 --help
expect 0 erase --help
grep -q "usage: wipe erase" "$T/out" || fail "erase --help on stdout"
expect 64 erase
expect 64 erase --verify sometimes x.img
expect 64 erase --passes 0 x.img
expect 64 erase --destination moon x.img
expect 64 erase --data-backed-up maybe x.img
expect 64 erase --resume --method zero x.img
expect 64 erase a.img a.img
expect 64 verify x.img
expect 64 verify --expect random x.img
expect 64 cert
expect 64 identity create
grep -q "Try 'wipe --help'" "$T/err" || fail "usage hint"
# no such device
make_identity
expect 66 erase --identity "$T/id" --yes "$T/missing.img"
grep -q "missing.img" "$T/err" || fail "66 names the file"
expect 66 verify --expect zero "$T/missing.img"
expect 66 cert verify "$T/missing.json"
# a missing identity is an error before anything is touched
truncate -s 1M "$T/a.img"
printf 'keep' | dd of="$T/a.img" conv=notrunc status=none
expect 66 erase --identity "$T/noid" --yes "$T/a.img"
[ "$(head -c4 "$T/a.img")" = keep ] || fail "file touched without an identity"
# malformed certificate: 65
echo '{"schema": "sanitas.certificate/1", "id": ' >"$T/bad.json"
expect 65 cert show "$T/bad.json"
expect 65 cert verify "$T/bad.json"
# one file under two names is one target
expect 64 erase --identity "$T/id" --yes "$T/a.img" "$T/../$(basename "$T")/a.img"
grep -q "named twice" "$T/err" || fail "two names for one file"
# an unknown method
expect 64 erase --identity "$T/id" --yes --method shred "$T/a.img"
# a Purge method an image file cannot do: 69, before touching it
expect 69 erase --identity "$T/id" --cert-dir "$T/c" --yes \
	--method nvme-sanitize-crypto "$T/a.img"
grep -q "does not support nvme-sanitize-crypto" "$T/err" || fail "69 reason: $(cat "$T/err")"
[ "$(head -c4 "$T/a.img")" = keep ] || fail "file touched by an unsupported method"
[ ! -e "$T/c" ] || [ -z "$(ls -A "$T/c")" ] || fail "a certificate for nothing done"
