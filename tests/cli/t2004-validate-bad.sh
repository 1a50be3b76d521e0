#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every malformed playbook in tests/fixtures/playbooks/bad is refused by
# validate with exit 65 and a message naming FILE:LINE:COL, what is wrong
# and the fix (EXPECTED lists them); every corpus file has an expectation.
set -euo pipefail
: "${BIN:?}" "${SRCDIR:?}"
dir=$SRCDIR/tests/fixtures/playbooks/bad
n=0
while read -r file pos text; do
	case $file in '#'* | '') continue ;; esac
	rc=0
	err=$("$BIN/respond" validate "$dir/$file" 2>&1 >/dev/null) || rc=$?
	[ "$rc" -eq 65 ] || { echo "FAIL: $file: exit $rc: $err"; exit 1; }
	case $err in
	"respond: validate: $dir/$file:$pos: "*) ;;
	*) echo "FAIL: $file: want $pos, got: $err"; exit 1 ;;
	esac
	grep -qF -- "$text" <<<"$err" || { echo "FAIL: $file: want '$text': $err"; exit 1; }
	n=$((n + 1))
done <"$dir/EXPECTED"
[ "$n" -ge 20 ] || { echo "FAIL: only $n cases"; exit 1; }
[ "$n" -eq "$(ls "$dir"/*.yaml | wc -l)" ] || { echo "FAIL: a corpus file has no expectation"; exit 1; }
# the shipped playbooks validate
for p in "$SRCDIR"/playbooks/*.yaml; do
	"$BIN/respond" validate "$p" >/dev/null || { echo "FAIL: $p"; exit 1; }
done
echo "ok: $n malformed playbooks"
