#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# respond's command line: usage errors exit 64 with a hint, --help exits 0,
# actions lists every action with its parameters (text and JSON), validate
# --json and plan describe without touching anything.
set -euo pipefail
: "${BIN:?}" "${SRCDIR:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
R=$BIN/respond

exit_is() { # exit_is CODE CMD...
	local want=$1 rc=0
	shift
	"$@" >"$T/out" 2>"$T/err" </dev/null || rc=$?
	[ "$rc" -eq "$want" ] || fail "$*: exit $rc, want $want: $(cat "$T/err")"
}
exit_is 64 "$R"
exit_is 64 "$R" frobnicate
grep -q "Try 'respond --help'" "$T/err" || fail "no hint"
exit_is 0 "$R" --help
grep -q '^  validate ' "$T/out" || fail "--help lists no verbs"
for v in validate plan run resume verify actions; do
	exit_is 0 "$R" "$v" --help
	grep -q "usage: respond $v" "$T/out" || fail "$v --help"
done
exit_is 64 "$R" validate
exit_is 64 "$R" run "$SRCDIR/playbooks/evidence-triage.yaml"
grep -q -- "--case DIR is required" "$T/err" || fail "run without --case"
exit_is 64 "$R" verify
exit_is 64 "$R" resume
exit_is 64 "$R" run --bogus x
exit_is 66 "$R" validate "$T/nope.yaml"
exit_is 66 "$R" verify "$T/nocase"
exit_is 64 "$R" plan "$SRCDIR/playbooks/evidence-triage.yaml" --set novalue

exit_is 0 "$R" actions
for a in collect.volatile collect.files collect.command manual; do
	grep -q "^$a" "$T/out" || fail "actions lacks $a"
done
exit_is 0 "$R" actions --json
python3 - "$T/out" <<'PY' || fail "actions --json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "sanitas.actions/1"
a = {x["name"]: x for x in d["actions"]}
p = {q["name"]: q for q in a["collect.files"]["params"]}
assert p["paths"]["required"] and p["paths"]["type"] == "list"
assert p["max_file_size"]["type"] == "size"
assert a["collect.files"]["collects"] and not a["collect.files"]["state_changing"]
assert {q["name"] for q in a["collect.command"]["params"]} == {"path", "args", "sha256", "timeout"}
PY

exit_is 0 "$R" validate --json "$SRCDIR/playbooks/evidence-triage.yaml"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["valid"] and d["id"] == "evidence-triage" and d["steps"] == 5' "$T/out" ||
	fail "validate --json"
exit_is 65 "$R" validate --json "$SRCDIR/tests/fixtures/playbooks/bad/07-cycle.yaml"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert not d["valid"] and "cycle" in d["error"]' "$T/out" ||
	fail "validate --json on a bad playbook"

# plan touches nothing and shows the run order
exit_is 0 "$R" plan "$SRCDIR/playbooks/evidence-triage.yaml" --root "$SRCDIR/tests/fixtures/host"
grep -q '^1\. volatile: collect.volatile' "$T/out" || fail "plan order"
grep -q 'not_applicable' "$T/out" || fail "plan: volatile under --root"
[ -z "$(ls -A "$T" | grep -v '^out$\|^err$')" ] || fail "plan wrote files"
echo ok
