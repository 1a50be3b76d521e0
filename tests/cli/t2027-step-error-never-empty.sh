#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# build: test-hooks (SANITAS_FAULT; see docs/HACKING.md)
# A step whose action fails without a message (SANITAS_FAULT=fail:STEP:
# the action returns an error and says nothing, as a library call that
# sets no text would) still has a reason: the action and the errno's
# text, the same in the journal, case.json and report.md; the later steps
# do not run (on_failure: abort), are recorded as not run, and the case
# verifies.
. "$SRCDIR/tests/lib/respond.bash"
rt_setup
C=$CASES/c1
touch "$T/gate"
chmod a+r "$T/gate"
rc=0
SANITAS_FAULT=fail:etc $RUN "$BIN/respond" run "$FIXPB/resume.yaml" \
	--root "$HOSTTREE" --case "$C" --identity "$ID" --set "gate=$T/gate" \
	--yes --quiet 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] || rt_fail "run exited $rc: $(cat "$T/err")"
want="collect.files failed: Input/output error"
python3 - "$C" "$want" <<'PY' || rt_fail "the reason is not everywhere"
import json, sys
c, want = sys.argv[1], sys.argv[2]
res = [json.loads(l)["details"] for l in open(c + "/custody.jsonl")
       if json.loads(l)["event"] == "step.result"]
etc = [r for r in res if r["step"] == "etc"]
assert len(etc) == 1 and etc[0]["status"] == "failed", etc
assert etc[0]["error"] == want, etc[0]
steps = {s["id"]: s for s in json.load(open(c + "/case.json"))["steps"]}
assert steps["etc"]["status"] == "failed" and steps["etc"]["error"] == want, steps["etc"]
for s in steps.values():
    assert s["status"] in ("ok", "failed") or s.get("error") is None or s["error"], s
assert open(c + "/report.md").read().count(want) >= 1
PY
"$BIN/respond" verify --ca "$ID/cert.pem" "$C" >/dev/null || rt_fail "respond verify"
exit 0
