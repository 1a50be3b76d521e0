#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every --json verb of respond checks its write to stdout: to /dev/full it
# exits 74 naming the reason, to a file it exits 0 with one valid JSON
# document. A verb that already failed keeps its own answer (an invalid
# playbook: 65, a tampered case: 1).
. "$SRCDIR/tests/lib/respond.bash"
[ -w /dev/full ] || { echo "SKIP: no /dev/full"; exit 77; }
rt_setup

# full VERB ARGS...: to /dev/full exit 74 with the message; to a file, 0 and
# valid JSON
full() {
	local verb=$1 rc=0
	"$BIN/respond" "$@" >/dev/full 2>"$T/err" || rc=$?
	[ "$rc" -eq 74 ] || rt_fail "$* > /dev/full: exit $rc: $(cat "$T/err")"
	grep -qx "respond: $verb: cannot write to standard output: No space left on device" "$T/err" ||
		rt_fail "$* > /dev/full: message: $(cat "$T/err")"
	rc=0
	"$BIN/respond" "$@" >"$T/out.json" 2>"$T/err" || rc=$?
	[ "$rc" -eq 0 ] || rt_fail "$* > file: exit $rc: $(cat "$T/err")"
	python3 -m json.tool "$T/out.json" >/dev/null || rt_fail "$* > file: not JSON"
}

full validate --json "$PLAYBOOK"
full plan --json "$PLAYBOOK" --set incident_id=IR-1 --root "$HOSTTREE"
full actions --json
full deadlines --json --set role=covered-entity \
	--set discovered_at=2027-01-10T09:00:00Z \
	--set 'affected_by_jurisdiction={US-CA: 12}' --set affected_total=12
rt_triage "$CASES/case" || rt_fail "run"
full verify --json "$CASES/case"

# an invalid playbook stays exit 65, with both messages
rc=0
"$BIN/respond" validate --json "$SRCDIR/tests/fixtures/playbooks/bad/07-cycle.yaml" \
	>/dev/full 2>"$T/err" || rc=$?
[ "$rc" -eq 65 ] || rt_fail "invalid > /dev/full: exit $rc"
grep -q "cannot write to standard output" "$T/err" || rt_fail "invalid: no write message"
grep -q "07-cycle.yaml" "$T/err" || rt_fail "invalid: no playbook message"
# a tampered case stays exit 1
cp -a "$CASES/case" "$T/t"
echo x >>"$T/t/report.md"
rc=0
"$BIN/respond" verify --json "$T/t" >/dev/full 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] || rt_fail "tampered > /dev/full: exit $rc"
grep -q "cannot write to standard output" "$T/err" || rt_fail "tampered: no write message"
echo ok
