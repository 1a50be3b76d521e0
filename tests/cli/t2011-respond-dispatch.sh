#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# respond's dispatcher: no verb, --help/-h, --version, an unknown verb, each
# with its text, stream and exit code; the misuse hint names the verb;
# standard output is checked when the process ends: text that cannot be
# written exits 74 and says why, a verb that failed keeps its own code.
set -euo pipefail
: "${BIN:?}" "${SRCDIR:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
R=$BIN/respond

version=$(sed -n 's/^project(sanitas VERSION \([0-9.]*\).*/\1/p' "$SRCDIR/CMakeLists.txt")
cat >"$T/usage" <<'TXT'
usage: respond VERB [options] ARGS

verbs:
  validate   check a playbook (no input values needed)
  plan       dry run: what each step would touch
  run        run a playbook into a sealed case
  resume     finish an interrupted run
  verify     re-check a sealed case
  decrypt    a plain copy of an encrypted case
  report     the case report for counsel (PDF)
  actions    list the actions and their parameters
  deadlines  the notification deadline table for given facts

'respond VERB --help' describes each verb.
TXT

# is CODE OUT ERR ARGS...: exit CODE, stdout = file OUT, stderr = file ERR
is() {
	local want=$1 out=$2 err=$3 rc=0
	shift 3
	"$R" "$@" >"$T/out" 2>"$T/err" </dev/null || rc=$?
	[ "$rc" -eq "$want" ] || fail "respond $*: exit $rc, want $want: $(cat "$T/err")"
	cmp -s "$T/out" "$out" || fail "respond $*: stdout: $(cat "$T/out")"
	cmp -s "$T/err" "$err" || fail "respond $*: stderr: $(cat "$T/err")"
}

is 64 /dev/null "$T/usage"
is 0 "$T/usage" /dev/null --help
is 0 "$T/usage" /dev/null -h
echo "respond (sanitas) $version" >"$T/version"
is 0 "$T/version" /dev/null --version
printf "respond: unknown verb 'version'\nTry 'respond --help'\n" >"$T/unknown"
is 64 /dev/null "$T/unknown" version
printf "respond: validate: give one PLAYBOOK\nTry 'respond validate --help'\n" >"$T/misuse"
is 64 /dev/null "$T/misuse" validate a.yaml b.yaml
run_rc() { local __v=$1 __rc=0; shift; "$@" </dev/null || __rc=$?; printf -v "$__v" '%s' "$__rc"; }
run_rc rc "$R" validate "$T/nope.yaml" >/dev/null 2>"$T/err"
[ "$rc" -eq 66 ] || fail "validate missing: exit $rc"
grep -q "^respond: validate: .*nope.yaml" "$T/err" || fail "failure line: $(cat "$T/err")"

[ -w /dev/full ] || { echo "SKIP: no /dev/full" >&2; exit 77; }
# full CODE MESSAGE ARGS...: respond ARGS > /dev/full exits CODE with
# stderr MESSAGE
full() {
	local want=$1 msg=$2 rc
	shift 2
	run_rc rc "$R" "$@" >/dev/full 2>"$T/err"
	[ "$rc" -eq "$want" ] || fail "respond $* > /dev/full: exit $rc, want $want: $(cat "$T/err")"
	[ "$(cat "$T/err")" = "$msg" ] || fail "respond $* > /dev/full: stderr: $(cat "$T/err")"
}
nospc="cannot write to standard output: No space left on device"
full 74 "respond: actions: $nospc" actions
full 74 "respond: $nospc" --help
full 74 "respond: $nospc" --version
full 74 "respond: validate: $nospc" validate "$SRCDIR/playbooks/evidence-triage.yaml"
full 74 "respond: plan: $nospc" plan "$SRCDIR/playbooks/evidence-triage.yaml" \
	--root "$SRCDIR/tests/fixtures/host"
full 64 "$(cat "$T/misuse")" validate a.yaml b.yaml
run_rc rc "$R" actions >&- 2>"$T/err"
[ "$rc" -eq 74 ] || fail "actions >&-: exit $rc"
grep -qx "respond: actions: cannot write to standard output: Bad file descriptor" "$T/err" ||
	fail "actions >&-: $(cat "$T/err")"
echo ok
