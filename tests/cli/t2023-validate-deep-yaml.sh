#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Deeply nested YAML is refused while it is parsed, not after: a 400 KB
# playbook of nested flow sequences (and a --set value like it) fails in
# well under a second with exit 65 and the line:column where the limit is
# passed, where loading the whole document first took over a minute.
. "$SRCDIR/tests/lib/respond.bash"
rt_setup
/usr/bin/python3 - "$T/deep.yaml" <<'PY'
import sys
n = 200000
open(sys.argv[1], "w").write(
    "schema: sanitas.playbook/1\nid: deep\nsteps: " + "[" * n + "]" * n + "\n")
PY
rc=0
start=$(date +%s%N)
timeout 20 "$BIN/respond" validate "$T/deep.yaml" 2>"$T/err" || rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
[ "$rc" -eq 65 ] || rt_fail "deep playbook: rc=$rc $(cat "$T/err")"
grep -q "deep.yaml:3:72: nested more than 64 levels deep" "$T/err" ||
	rt_fail "message: $(cat "$T/err")"
[ "$ms" -lt 5000 ] || rt_fail "took $ms ms"
# exactly at the limit it still loads (and fails later for other reasons)
/usr/bin/python3 - "$T/ok.yaml" <<'PY'
import sys
n = 62
open(sys.argv[1], "w").write(
    "schema: sanitas.playbook/1\nid: deep\nsteps: " + "[" * n + "]" * n + "\n")
PY
rc=0
"$BIN/respond" validate "$T/ok.yaml" 2>"$T/err2" || rc=$?
! grep -q "levels deep" "$T/err2" || rt_fail "62 levels refused as too deep"
v=$(/usr/bin/python3 -c 'print("[" * 30000 + "]" * 30000)')
rc=0
timeout 20 "$BIN/respond" plan "$PLAYBOOK" --root "$HOSTTREE" \
	--set "incident_id=$v" 2>"$T/err3" >/dev/null || rc=$?
[ "$rc" -eq 65 ] && grep -q "levels deep" "$T/err3" ||
	rt_fail "deep --set value: rc=$rc $(head -c 300 "$T/err3")"
exit 0
