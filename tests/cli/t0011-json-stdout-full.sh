#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every --json verb of wipe checks its write to stdout: to /dev/full it
# exits 74 naming the reason, to a file it exits 0 with one valid JSON
# document. A verb that already failed keeps its own answer (data found: 1).
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
[ -w /dev/full ] || skip "no /dev/full"

# full VERB ARGS...: to /dev/full exit 74 with the message; to a file, 0 and
# valid JSON
full() {
	local verb=$1 rc
	run_rc rc "$WIPE" "$@" >/dev/full 2>"$T/err"
	[ "$rc" -eq 74 ] || fail "$* > /dev/full: exit $rc: $(cat "$T/err")"
	grep -qx "wipe: $verb: cannot write to standard output: No space left on device" "$T/err" ||
		fail "$* > /dev/full: message: $(cat "$T/err")"
	run_rc rc "$WIPE" "$@" >"$T/out.json" 2>"$T/err"
	[ "$rc" -eq 0 ] || fail "$* > file: exit $rc: $(cat "$T/err")"
	python3 -m json.tool "$T/out.json" >/dev/null || fail "$* > file: not JSON"
}

make_identity
truncate -s 4M "$T/d.img"
full list --json
full list --all --json
full methods --json
full inspect "$T/d.img" --json
full verify --expect zero --json "$T/d.img"
full erase --dry-run --json --method zero "$T/d.img"
full ledger --ledger "$T/ledger.db" find --json
erase --yes --quiet --method zero --verify none "$T/d.img" >/dev/null 2>&1 ||
	fail "erase"
cert=$(ls "$T/certs"/*.json)
full cert show "$cert" --json
full cert verify --identity "$T/id" --json "$cert"

# the answer of a verb that found something outranks a lost document
printf 'x' | dd of="$T/d.img" bs=1 seek=4096 conv=notrunc status=none
run_rc rc "$WIPE" verify --expect zero --json "$T/d.img" >/dev/full 2>"$T/err"
[ "$rc" -eq 1 ] || fail "data found > /dev/full: exit $rc"
grep -q "cannot write to standard output" "$T/err" || fail "data found: no message"
# the table path is unchanged: plain text, exit 0
"$WIPE" methods >"$T/table" || fail "methods table"
echo ok
