#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# kill -9 in the middle of a run, then respond resume: completed steps are
# not repeated, the interrupted collection is redone cleanly, and the case
# is complete, sealed and verifiable.
. "$SRCDIR/tests/lib/respond.bash"
rt_setup
C=$CASES/case
gate=$CASES/gate
J=$C/custody.jsonl

$RUN "$BIN/respond" run "$FIXPB/resume.yaml" \
	--root "$HOSTTREE" --case "$C" --identity "$ID" --set "gate=$gate" \
	--yes --quiet &
pid=$!
for _ in $(seq 1 200); do
	grep -q '"event":"step.start","details":{"step":"wait"' "$J" 2>/dev/null && break
	sleep 0.05
done
grep -q '"event":"step.start","details":{"step":"wait"' "$J" || rt_fail "never reached the wait step"
# while the run is alive, nobody else may run the case
rc=0
$RUN "$BIN/respond" resume --case "$C" --quiet 2>"$T/busy" || rc=$?
[ "$rc" -eq 75 ] && grep -q "in use" "$T/busy" || rt_fail "resume of a live case: rc=$rc $(cat "$T/busy")"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
# the orphaned command finishes once the gate exists
touch "$gate"
[ ! -e "$C/SHA256SUMS" ] || rt_fail "killed run was sealed"
ls "$C/evidence/" | grep -q '^wait\.stdout\.part$' || rt_fail "expected the killed step's leftovers"
rc=0
"$BIN/respond" verify "$C" >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 1 ] || rt_fail "unsealed case verified (rc=$rc)"

rc=0
$RUN "$BIN/respond" resume --case "$C" --quiet || rc=$?
[ "$rc" -eq 0 ] || rt_fail "resume exited $rc"

"$BIN/respond" verify "$C" >/dev/null || rt_fail "resumed case does not verify"
(cd "$C" && sha256sum -c --quiet SHA256SUMS) || rt_fail "sha256sum -c"
openssl cms -verify -binary -inform DER -in "$C/SHA256SUMS.p7s" \
	-content "$C/SHA256SUMS" -CAfile "$ID/cert.pem" -purpose any \
	-out /dev/null 2>/dev/null || rt_fail "openssl cms -verify"
[ -z "$(find "$C" -name '*.part')" ] || rt_fail "leftover .part files"
bsdtar -xOf "$C/evidence/wait.tar.zst" stdout | grep -qx "gate open" || rt_fail "wait output"

python3 - "$J" "$C/case.json" <<'PY' || rt_fail "journal/case after resume"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
ev = [(l["event"], l["details"].get("step")) for l in lines]
starts = [s for e, s in ev if e == "step.start"]
assert starts.count("etc") == 1, starts          # not repeated
assert starts.count("wait") == 2, starts         # interrupted, redone
res = [s for e, s in ev if e == "step.result"]
assert sorted(res) == ["attest", "etc", "logs", "wait"], res
r = [l for l in lines if l["event"] == "run.resume"]
assert len(r) == 1 and r[0]["details"]["interrupted"] == ["wait"], r
assert lines[-1]["event"] == "run.end" and lines[-1]["details"]["status"] == "complete"
for a, b in zip(lines, lines[1:]):
    assert b["prev"] == a["sha256"] and b["seq"] == a["seq"] + 1
c = json.load(open(sys.argv[2]))
assert c["status"] == "complete", c["status"]
att = [s for s in c["steps"] if s["id"] == "attest"][0]
assert att["outputs"]["attested_by"] == "Tester" and att["outputs"]["via"] == "--yes", att
PY

# SIGINT stops at a safe point with exit 130; resume finishes the case
C2=$CASES/case2
gate2=$CASES/gate2
$RUN "$BIN/respond" run "$FIXPB/resume.yaml" \
	--root "$HOSTTREE" --case "$C2" --identity "$ID" --set "gate=$gate2" \
	--yes --quiet &
pid=$!
for _ in $(seq 1 200); do
	grep -q '"event":"step.start","details":{"step":"wait"' "$C2/custody.jsonl" 2>/dev/null && break
	sleep 0.05
done
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
[ "$rc" -eq 130 ] || rt_fail "SIGINT: exit $rc"
[ ! -e "$C2/SHA256SUMS" ] || rt_fail "interrupted run was sealed"
touch "$gate2"
$RUN "$BIN/respond" resume --case "$C2" --quiet || rt_fail "resume after SIGINT"
"$BIN/respond" verify "$C2" >/dev/null || rt_fail "case after SIGINT does not verify"
echo ok
