#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe's dispatcher: no verb, --help/-h, --version, an unknown verb, each
# with its text, stream and exit code; standard output is checked when the
# process ends: a verb whose text cannot be written exits 74 and says why,
# a verb that failed keeps its own code.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"

version=$(sed -n 's/^project(sanitas VERSION \([0-9.]*\).*/\1/p' "$SRCDIR/CMakeLists.txt")
cat >"$T/usage" <<'TXT'
usage: wipe VERB [options] ARGS

verbs:
  list       list drives and why any is unsafe
  inspect    identity, geometry, signatures, methods
  erase      erase, verify and certify drives
  station    a full-screen station: list, select, erase and certify drives
  verify     check that a drive holds only a pattern
  methods    the erase methods and their NIST category
  identity   create a signing identity
  cert       show, verify or render (PDF) certificates
  ledger     archive verified certificates (SQLite, PostgreSQL)
  version    print the version

'wipe VERB --help' describes each verb.
TXT

# is CODE OUT ERR ARGS...: exit CODE, stdout = file OUT, stderr = file ERR
# (/dev/null: empty)
is() {
	local want=$1 out=$2 err=$3 rc
	shift 3
	run_rc rc "$WIPE" "$@" >"$T/out" 2>"$T/err"
	[ "$rc" -eq "$want" ] || fail "wipe $*: exit $rc, want $want: $(cat "$T/err")"
	cmp -s "$T/out" "$out" || fail "wipe $*: stdout: $(cat "$T/out")"
	cmp -s "$T/err" "$err" || fail "wipe $*: stderr: $(cat "$T/err")"
}

is 64 /dev/null "$T/usage"
is 0 "$T/usage" /dev/null --help
is 0 "$T/usage" /dev/null -h
echo "wipe (sanitas) $version" >"$T/version"
is 0 "$T/version" /dev/null --version
is 0 "$T/version" /dev/null version
printf "wipe: unknown verb 'frobnicate'\nTry 'wipe --help'\n" >"$T/unknown"
is 64 /dev/null "$T/unknown" frobnicate
# options belong to verbs: one before the verb is an unknown verb
printf "wipe: unknown verb '--json'\nTry 'wipe --help'\n" >"$T/unknown"
is 64 /dev/null "$T/unknown" --json methods
# a verb's misuse names tool and verb, and hints at the tool's --help
printf "wipe: methods: no arguments expected\nTry 'wipe --help'\n" >"$T/misuse"
is 64 /dev/null "$T/misuse" methods extra
# a verb's failure: "wipe: VERB: message"
run_rc rc "$WIPE" verify --expect zero "$T/missing.img" >"$T/out" 2>"$T/err"
[ "$rc" -eq 66 ] || fail "verify missing: exit $rc"
grep -q "^wipe: verify: .*missing.img" "$T/err" || fail "failure line: $(cat "$T/err")"

# standard output that cannot be written
[ -w /dev/full ] || skip "no /dev/full"
# full CODE MESSAGE ARGS...: wipe ARGS > /dev/full exits CODE, stderr is
# MESSAGE (empty: whatever the verb said)
full() {
	local want=$1 msg=$2 rc
	shift 2
	run_rc rc "$WIPE" "$@" >/dev/full 2>"$T/err"
	[ "$rc" -eq "$want" ] || fail "wipe $* > /dev/full: exit $rc, want $want: $(cat "$T/err")"
	[ -z "$msg" ] || [ "$(cat "$T/err")" = "$msg" ] ||
		fail "wipe $* > /dev/full: stderr: $(cat "$T/err")"
}
nospc="cannot write to standard output: No space left on device"
full 74 "wipe: methods: $nospc" methods
full 74 "wipe: methods: $nospc" methods --help
full 74 "wipe: version: $nospc" version
full 74 "wipe: $nospc" --help
full 74 "wipe: $nospc" --version
# a verb that failed keeps its code, and its own message only
full 64 "$(cat "$T/misuse")" methods extra
full 66 "" verify --expect zero "$T/missing.img"
grep -q "missing.img" "$T/err" || fail "66 > /dev/full: $(cat "$T/err")"
grep -q "standard output" "$T/err" && fail "66 > /dev/full: a second message"
# more text than one stdio buffer: the first failed write is remembered
make_identity
for i in $(seq 80); do truncate -s 1M "$T/d$i.img"; done
run_rc rc "$WIPE" erase --dry-run --identity "$T/id" "$T"/d*.img >"$T/plans" 2>"$T/err"
[ "$rc" -eq 0 ] && [ "$(wc -c <"$T/plans")" -gt 8192 ] || fail "80 plans: exit $rc, $(wc -c <"$T/plans") bytes"
full 74 "wipe: erase: $nospc" erase --dry-run --identity "$T/id" "$T"/d*.img
# a closed stdout is a write error for a verb that prints
run_rc rc "$WIPE" methods >&- 2>"$T/err"
[ "$rc" -eq 74 ] || fail "methods >&-: exit $rc"
grep -qx "wipe: methods: cannot write to standard output: Bad file descriptor" "$T/err" ||
	fail "methods >&-: $(cat "$T/err")"
echo ok
