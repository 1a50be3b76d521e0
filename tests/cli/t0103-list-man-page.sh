#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# docs/wipe.8 documents every verb in wipe's verb table and every exit code
# in common/cli/cli_exit.h, and renders without roff errors.
set -euo pipefail
WIPE="$BIN/wipe"
MAN="$SRCDIR/docs/wipe.8"
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -f "$MAN" ] || fail "no docs/wipe.8"

verbs=$("$WIPE" --help | awk '/^verbs:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
[ -n "$verbs" ] || fail "no verbs in 'wipe --help'"
for v in $verbs; do
	grep -q "^\.SS \"\?wipe $v\b" "$MAN" || fail "verb '$v' has no section in wipe.8"
done

codes=$(sed -n '/^enum cli_exit {/,/^};/p' "$SRCDIR/common/cli/cli_exit.h" |
	grep -oE '= *[0-9]+' | tr -dc '0-9\n')
[ -n "$codes" ] || fail "no exit codes found in cli_exit.h"
for c in $codes; do
	sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$MAN" | grep -qx "\.B $c" ||
		fail "exit code $c is not documented"
done

if command -v groff >/dev/null; then
	err=$(groff -man -Tutf8 -z -wall "$MAN" 2>&1 | grep -v "cannot adjust line" || true)
	[ -z "$err" ] || fail "roff: $err"
fi
echo ok
