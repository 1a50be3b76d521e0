#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Input values are checked by plan and run before anything runs (exit 65,
# no case created); --set takes YAML flow for lists and maps; a whole
# reference keeps its JSON type, an embedded one is stringified; `when`
# skips; an approval gate refuses without --yes/--approve off a terminal.
. "$SRCDIR/tests/lib/respond.bash"
rt_setup
P=$FIXPB/inputs.yaml

expect65() { # expect65 TEXT CMD...: exit 65 and TEXT in stderr
	local text=$1 rc=0
	shift
	"$@" 2>"$T/err" >/dev/null </dev/null || rc=$?
	[ "$rc" -eq 65 ] || rt_fail "$*: exit $rc: $(cat "$T/err")"
	grep -qF -- "$text" "$T/err" || rt_fail "$*: want '$text': $(cat "$T/err")"
}
expect65 "inputs.yaml:6:3: input 'incident_id' is required" "$BIN/respond" plan "$P"
expect65 "input 'incident_id' is required" $RUN "$BIN/respond" run "$P" --case "$CASES/c0" --root "$HOSTTREE"
[ ! -e "$CASES/c0" ] || rt_fail "a case was created before inputs were checked"
expect65 "input 'count' must be an integer" "$BIN/respond" plan "$P" --set incident_id=IR-7 --set count=many
expect65 "input 'discovered_at' must be a datetime" "$BIN/respond" plan "$P" --set incident_id=IR-7 --set discovered_at=yesterday
expect65 "input 'paths' must be a list" "$BIN/respond" plan "$P" --set incident_id=IR-7 --set 'paths={a: 1}'
expect65 "did you mean 'incident_id'?" "$BIN/respond" plan "$P" --set incident_idd=IR-7

"$BIN/respond" plan --json "$P" --root "$HOSTTREE" --set incident_id=IR-7 \
	--set 'paths=[/etc/hosts, /etc/passwd]' --set count=5 \
	--set 'by_state={US-CA: 812, TX: 3}' >"$T/plan.json"
python3 - "$T/plan.json" <<'PY' || rt_fail "plan"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["schema"] == "sanitas.plan/1"
assert [s["id"] for s in p["steps"]] == ["files", "deep", "echo"]
f = p["steps"][0]
assert f["params"]["paths"] == ["/etc/hosts", "/etc/passwd"], f   # type kept
assert p["inputs"]["count"] == 5 and p["inputs"]["by_state"] == {"US-CA": 812, "TX": 3}
assert p["steps"][2]["approval"] is True
PY

# off a terminal, without --yes or --approve, the gate refuses
rc=0
$RUN "$BIN/respond" run "$P" --root "$HOSTTREE" --case "$CASES/c1" --identity "$ID" \
	--set incident_id=IR-7 --set 'paths=[/etc/hosts, /etc/passwd]' --quiet </dev/null || rc=$?
[ "$rc" -eq 1 ] || rt_fail "unapproved run exited $rc"
"$BIN/respond" verify "$CASES/c1" >/dev/null || rt_fail "refused run is not sealed"
python3 - "$CASES/c1/case.json" <<'PY' || rt_fail "c1 statuses"
import json, sys
st = {s["id"]: s["status"] for s in json.load(open(sys.argv[1]))["steps"]}
assert st == {"files": "ok", "deep": "skipped", "echo": "not_approved"}, st
PY
[ ! -e "$CASES/c1/evidence/echo.tar.zst" ] || rt_fail "unapproved step ran"

# --approve STEP opens the gate; embedded references are stringified
rc=0
$RUN "$BIN/respond" run "$P" --root "$HOSTTREE" --case "$CASES/c2" --identity "$ID" \
	--set incident_id=IR-7 --set 'paths=[/etc/hosts, /etc/passwd]' \
	--set 'by_state={US-CA: 812}' --approve echo --quiet </dev/null || rc=$?
[ "$rc" -eq 0 ] || rt_fail "approved run exited $rc"
out=$(bsdtar -xOf "$CASES/c2/evidence/echo.tar.zst" stdout)
[ "$out" = 'incident IR-7: 2 files, count 3, states {"US-CA":812}' ] || rt_fail "substitution: $out"
grep -q '"event":"step.approval","details":{"step":"echo","approved_by":"Tester","via":"--approve"}' \
	"$CASES/c2/custody.jsonl" || rt_fail "approval not journaled"

# a step's timeout stops it; on_failure: continue lets the rest run
cat >"$T/timeout.yaml" <<'YAML'
schema: sanitas.playbook/1
id: timeout-test
steps:
  - id: slow
    action: collect.command
    timeout: 1s
    on_failure: continue
    with: {path: /bin/sleep, args: ["30"]}
  - id: after
    action: collect.files
    with: {paths: [/etc/hostname]}
YAML
rc=0
$RUN "$BIN/respond" run "$T/timeout.yaml" --root "$HOSTTREE" --case "$CASES/c3" --identity "$ID" --quiet </dev/null || rc=$?
[ "$rc" -eq 1 ] || rt_fail "timed-out run exited $rc"
python3 - "$CASES/c3/case.json" <<'PY' || rt_fail "timeout statuses"
import json, sys
st = {s["id"]: s for s in json.load(open(sys.argv[1]))["steps"]}
assert st["slow"]["status"] == "failed" and "timed out" in st["slow"]["error"], st["slow"]
assert st["after"]["status"] == "ok", st["after"]
PY
"$BIN/respond" verify "$CASES/c3" >/dev/null || rt_fail "timed-out case does not verify"
# what the killed command wrote is kept, and says it was killed
bsdtar -xOf "$CASES/c3/evidence/slow.tar.zst" command.json | grep -q '"timed_out": true' ||
	rt_fail "timed-out command's record"
echo ok
