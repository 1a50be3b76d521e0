#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# On a terminal, respond asks: an approval gate takes y/N and a manual step
# takes the operator's name and a note; both end up in the journal and the
# case. A refusal is recorded as not approved.
. "$SRCDIR/tests/lib/respond.bash"
rt_setup
cat >"$T/pb.yaml" <<'YAML'
schema: sanitas.playbook/1
id: terminal-test
steps:
  - id: listing
    action: collect.command
    approval: required
    with: {path: /bin/echo, args: [gated]}
  - id: isolate
    action: manual
    after: [listing]
    phase: respond
    with: {prompt: "pull the network cable of portal01"}
YAML

# drive respond through a pseudo-terminal: answer each prompt in turn
talk() { # talk CASE ANSWER...
	python3 - "$BIN/respond" "$T/pb.yaml" "$1" "$ID" "$HOSTTREE" "${@:2}" <<'PY'
import os, pty, select, sys, time
respond, pb, case, ident, root, *answers = sys.argv[1:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(respond, [respond, "run", pb, "--case", case, "--identity", ident,
                       "--root", root, "--quiet"])
out, last = b"", 0
prompts = [b"[y/N]", b"(empty refuses):", b"note (optional):"]
deadline = time.time() + 60
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 1)
    if r:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    tail = out[last:].rstrip()
    if answers and any(tail.endswith(p) for p in prompts):
        os.write(fd, answers.pop(0).encode() + b"\n")
        last = len(out)
else:
    os.kill(pid, 9)
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(status))
PY
}

rc=0
talk "$T/c1" y "Dana Operator" "cable pulled 03:20" >"$T/out1" || rc=$?
[ "$rc" -eq 0 ] || rt_fail "terminal run exited $rc: $(cat "$T/out1")"
grep -q "approve step 'listing' (collect.command)? \[y/N\]" "$T/out1" || rt_fail "no approval prompt"
grep -q "manual step: pull the network cable of portal01" "$T/out1" || rt_fail "no manual prompt"
"$BIN/respond" verify "$T/c1" >/dev/null || rt_fail "case does not verify"
python3 - "$T/c1" <<'PY' || rt_fail "terminal answers not recorded"
import json, sys
c = json.load(open(sys.argv[1] + "/case.json"))
st = {s["id"]: s for s in c["steps"]}
assert st["listing"]["status"] == "ok"
o = st["isolate"]["outputs"]
assert o["attested_by"] == "Dana Operator" and o["note"] == "cable pulled 03:20" and o["via"] == "terminal", o
j = [json.loads(l) for l in open(sys.argv[1] + "/custody.jsonl")]
ap = [e for e in j if e["event"] == "step.approval"]
assert len(ap) == 1 and ap[0]["details"]["via"] == "terminal", ap
PY

rc=0
talk "$T/c2" n >"$T/out2" || rc=$?
[ "$rc" -eq 1 ] || rt_fail "refused run exited $rc"
python3 - "$T/c2/case.json" <<'PY' || rt_fail "refusal not recorded"
import json, sys
st = {s["id"]: s["status"] for s in json.load(open(sys.argv[1]))["steps"]}
assert st == {"listing": "not_approved", "isolate": "not_run"}, st
PY
echo ok
