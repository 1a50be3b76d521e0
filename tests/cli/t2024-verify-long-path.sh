#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A sealed case at a path longer than PATH_MAX (5,000 bytes) verifies as
# intact, and a case missing there is named with the end of its path kept
# (the message is not cut off before its reason).
. "$SRCDIR/tests/lib/respond.bash"
rt_setup
rt_triage "$CASES/c1" || rt_fail "run failed"
d=$(printf 'd%.0s' $(seq 1 200))
cd "$T"
mkdir long
cd long
for _ in $(seq 1 25); do
	mkdir "$d"
	cd "$d"
done
mv "$CASES/c1" c1
P=$PWD/c1
[ "${#P}" -ge 5000 ] || rt_fail "path is only ${#P} bytes"
cd "$T"
"$BIN/respond" verify "$P" >"$T/out" 2>"$T/err" ||
	rt_fail "a valid case at a long path failed: $(cat "$T/err")"
grep -q "intact" "$T/out" || rt_fail "not reported intact: $(cat "$T/out")"
rc=0
"$BIN/respond" verify "${P%c1}nothere" 2>"$T/err" || rc=$?
[ "$rc" -eq 66 ] && grep -q "nothere': No such file or directory" "$T/err" ||
	rt_fail "missing case: rc=$rc $(cat "$T/err")"
exit 0
