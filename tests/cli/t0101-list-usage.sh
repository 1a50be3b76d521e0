#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe list: usage errors exit 64 with one line and the hint; --help goes to
# stdout and exits 0; the verb is in the verb table.
set -euo pipefail
WIPE="$BIN/wipe"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

expect_usage() {
	local rc=0
	"$WIPE" list "$@" >"$T/out" 2>"$T/err" || rc=$?
	[ "$rc" -eq 64 ] || fail "wipe list $*: exit $rc, want 64"
	[ ! -s "$T/out" ] || fail "wipe list $*: wrote to stdout"
	grep -q "^wipe: list: " "$T/err" || fail "wipe list $*: message: $(cat "$T/err")"
	grep -qx "Try 'wipe --help'" "$T/err" || fail "wipe list $*: no hint"
}

expect_usage --bogus
expect_usage -x
expect_usage extra-argument
expect_usage --all /dev/sda
expect_usage --json=yes

grep -q "unknown option '--bogus'" <("$WIPE" list --bogus 2>&1 || true) ||
	fail "the message names the option"
grep -q "unexpected argument 'extra-argument'" <("$WIPE" list extra-argument 2>&1 || true) ||
	fail "the message names the argument"

"$WIPE" list --help >"$T/out" 2>"$T/err" || fail "--help exit $?"
grep -q "^usage: wipe list \[--all\] \[--json\]" "$T/out" || fail "--help text"
[ ! -s "$T/err" ] || fail "--help wrote to stderr"
"$WIPE" list -h | grep -q -- "--all" || fail "-h text"

"$WIPE" --help | grep -qE "^  list +list drives and why any is unsafe$" ||
	fail "verb table does not list 'list'"
echo ok
