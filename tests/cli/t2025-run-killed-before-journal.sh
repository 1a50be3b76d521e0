#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# build: test-hooks (SANITAS_FAULT; see docs/HACKING.md)
# A run killed before its first journal entry (the case holds only
# playbook.yaml.tmpXXXXXX, or playbook.yaml, or playbook.yaml and an empty
# custody.jsonl) is no dead end: 'respond resume' says the run never
# started and how to start it (exit 66), and 'respond run' of the same
# playbook with the same --case takes the directory over and ends in a
# complete case that verifies, with no temporary left. A directory that
# holds anything else, another playbook, or is not the run's own 0700
# directory is refused (exit 73) and left as it was.
. "$SRCDIR/tests/lib/respond.bash"
rt_setup

# rt_point CASE FAULT: a triage run killed at FAULT (exit 137)
rt_point() {
	local rc=0
	SANITAS_FAULT="$2" $RUN "$BIN/respond" run "$PLAYBOOK" \
		--root "$HOSTTREE" --case "$1" --identity "$ID" \
		--set max_file_size=1M --quiet >/dev/null 2>&1 || rc=$?
	[ "$rc" -eq 137 ] || rt_fail "the crash point $2 did not fire (exit $rc)"
}

# rt_finish CASE WHAT: resume explains, run takes over, the case verifies
rt_finish() {
	local c=$1 rc=0
	"$BIN/respond" verify "$c" >/dev/null 2>&1 || rc=$?
	[ "$rc" -ne 0 ] || rt_fail "$2: a killed case verifies"
	rc=0
	$RUN "$BIN/respond" resume --case "$c" --quiet 2>"$T/err" || rc=$?
	[ "$rc" -eq 66 ] && grep -q "stopped before its run started" "$T/err" &&
		grep -q "respond run PLAYBOOK --case" "$T/err" ||
		rt_fail "$2: resume rc=$rc: $(cat "$T/err")"
	rc=0
	rt_triage "$c" 2>"$T/err" || rc=$?
	[ "$rc" -eq 0 ] || rt_fail "$2: run again exited $rc: $(cat "$T/err")"
	"$BIN/respond" verify --ca "$ID/cert.pem" "$c" >/dev/null ||
		rt_fail "$2: respond verify"
	(cd "$c" && sha256sum -c --quiet --strict SHA256SUMS) || rt_fail "$2: sha256sum -c"
	openssl cms -verify -binary -inform DER -in "$c/SHA256SUMS.p7s" \
		-content "$c/SHA256SUMS" -CAfile "$ID/cert.pem" -purpose any \
		-out /dev/null 2>/dev/null || rt_fail "$2: openssl cms -verify"
	[ -z "$(find "$c" -name '*.tmp*' -o -name '*.part')" ] ||
		rt_fail "$2: leftovers $(find "$c" -name '*.tmp*' -o -name '*.part')"
	python3 - "$c" <<'PY' || rt_fail "$2: journal/case"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1] + "/custody.jsonl")]
assert lines[0]["event"] == "run.start" and lines[0]["seq"] == 1, lines[0]
assert sum(l["event"] == "run.start" for l in lines) == 1
assert lines[-1]["event"] == "run.end", lines[-1]["event"]
c = json.load(open(sys.argv[1] + "/case.json"))
assert c["status"] == "complete", c["status"]
PY
	cmp -s "$c/playbook.yaml" "$PLAYBOOK" || rt_fail "$2: playbook.yaml"
}

# killed while playbook.yaml is written: only its temporary
C1=$CASES/c1
rt_point "$C1" 'atomic-rename:*/playbook.yaml'
[ "$(ls -A "$C1")" != "" ] && [ -z "$(ls -A "$C1" | grep -v '^playbook\.yaml\.tmp......$')" ] ||
	rt_fail "expected only playbook.yaml.tmpXXXXXX: $(ls -A "$C1")"
rt_finish "$C1" "temporary only"

# killed after playbook.yaml, before the journal exists
C2=$CASES/c2
rt_point "$C2" run-before-journal
[ "$(ls -A "$C2")" = playbook.yaml ] || rt_fail "expected playbook.yaml: $(ls -A "$C2")"
cp -a "$C2" "$CASES/c2-copy"
rt_finish "$C2" "playbook only"

# killed with the journal created, before run.start
C3=$CASES/c3
rt_point "$C3" run-before-start
[ -e "$C3/custody.jsonl" ] && [ ! -s "$C3/custody.jsonl" ] ||
	rt_fail "expected an empty journal: $(ls -lA "$C3")"
rt_finish "$C3" "empty journal"

# refused, and left as they were: another playbook; anything else beside
# the leftovers; a directory the run did not make (not 0700)
C4=$CASES/c2-copy
snap() { (cd "$1" && find . -printf '%p %m %s\n' | sort && cat ./* 2>/dev/null | sha256sum); }
check_refused() { # DIR WHAT PLAYBOOK GREP
	local before rc=0
	before=$(snap "$1")
	$RUN "$BIN/respond" run "$3" --root "$HOSTTREE" --case "$1" \
		--identity "$ID" --set max_file_size=1M --quiet 2>"$T/err" || rc=$?
	[ "$rc" -eq 73 ] && grep -q "$4" "$T/err" || rt_fail "$2: rc=$rc $(cat "$T/err")"
	[ "$(snap "$1")" = "$before" ] || rt_fail "$2: the directory was changed"
}
cp "$PLAYBOOK" "$T/other.yaml"
printf '# another\n' >>"$T/other.yaml"
chmod a+r "$T/other.yaml"
check_refused "$C4" "another playbook" "$T/other.yaml" "another playbook"
$RUN sh -c "echo mine >'$C4/notes.txt'"
check_refused "$C4" "a foreign file" "$PLAYBOOK" "is not empty"
$RUN rm "$C4/notes.txt"
chmod 0755 "$C4"
check_refused "$C4" "not the run's 0700 directory" "$PLAYBOOK" "is not empty"
exit 0
