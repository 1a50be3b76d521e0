#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Without --yes the operator must type the target's serial (the path, for
# an image file): anything else leaves it untouched.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"

make_identity
truncate -s 4M "$T/d.img"
printf 'PATIENT-RECORD' | dd of="$T/d.img" conv=notrunc status=none
run_rc rc erase --method zero "$T/d.img" <<<"yes" >/dev/null 2>"$T/err"
[ "$rc" -eq 1 ] || fail "wrong confirmation: exit $rc"
grep -q "not confirmed" "$T/err" || fail "message: $(cat "$T/err")"
grep -q "Type the path '$T/d.img'" "$T/err" || fail "prompt names what to type"
[ "$(head -c14 "$T/d.img")" = PATIENT-RECORD ] || fail "erased without confirmation"
run_rc rc erase --method zero "$T/d.img" </dev/null >/dev/null 2>&1
[ "$rc" -eq 1 ] || fail "no input: exit $rc"
[ "$(head -c14 "$T/d.img")" = PATIENT-RECORD ] || fail "erased on EOF"
erase --method zero --quiet "$T/d.img" <<<"$T/d.img" >/dev/null 2>&1 ||
	fail "typed path refused"
cmp -s "$T/d.img" <(head -c 4M /dev/zero) || fail "not erased after confirmation"
