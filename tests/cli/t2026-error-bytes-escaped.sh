#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Error messages name files with any bytes: on stderr, bytes that are not
# UTF-8 and control characters are shown escaped ("\xff", "\x1b"), a
# backslash as "\\", never raw (both tools, one place: cli_fail). respond
# run refuses a --root, --case or playbook path that is not UTF-8, as
# given or as resolved, before anything is created (exit 64): the case
# records them as JSON text (it used to fail with "out of memory" after
# creating the case).
. "$SRCDIR/tests/lib/respond.bash"
rt_setup
raw() { LC_ALL=C grep -c $'[\x80-\xff\x1b]' "$1" || true; }

R=$T/ro$'\xff'
mkdir -m 0755 "$R"
C=$CASES/c1
for root in "$R" "$T/link"; do
	ln -sfn "$R" "$T/link"
	rc=0
	$RUN "$BIN/respond" run "$PLAYBOOK" --root "$root" --case "$C" \
		--identity "$ID" --quiet 2>"$T/err" || rc=$?
	[ "$rc" -eq 64 ] || rt_fail "--root $root: exit $rc: $(cat -v "$T/err")"
	grep -qF -- "--root '$T/ro\\xff' is not valid UTF-8" "$T/err" ||
		rt_fail "not shown escaped: $(cat -v "$T/err")"
	[ "$(raw "$T/err")" = 0 ] || rt_fail "raw bytes on stderr: $(cat -v "$T/err")"
	[ ! -e "$C" ] || rt_fail "the case was created"
done
rc=0
$RUN "$BIN/respond" run "$PLAYBOOK" --case "$CASES/c"$'\xfe' --identity "$ID" \
	--quiet 2>"$T/err" || rc=$?
[ "$rc" -eq 64 ] && grep -qF "c\\xfe' is not valid UTF-8" "$T/err" ||
	rt_fail "--case: exit $rc: $(cat -v "$T/err")"
[ -z "$(ls -A "$CASES")" ] || rt_fail "something was created: $(ls -A "$CASES" | cat -v)"
rc=0
"$BIN/respond" plan "$PLAYBOOK" --root "$R" 2>"$T/err" >/dev/null || rc=$?
[ "$rc" -eq 64 ] && grep -qF "ro\\xff' is not valid UTF-8" "$T/err" ||
	rt_fail "plan: exit $rc: $(cat -v "$T/err")"

# any error naming such a file: a missing playbook, a terminal escape, a
# literal backslash (told apart from an escaped byte)
rc=0
"$BIN/respond" validate "$T/gone"$'\xff\x1b[2J'.yaml 2>"$T/err" || rc=$?
[ "$rc" -eq 66 ] || rt_fail "validate: exit $rc"
grep -qF 'gone\xff\x1b[2J.yaml' "$T/err" || rt_fail "validate: $(cat -v "$T/err")"
[ "$(raw "$T/err")" = 0 ] || rt_fail "validate: raw bytes: $(cat -v "$T/err")"
rc=0
"$BIN/respond" validate "$T/back\\xff.yaml" 2>"$T/err" || rc=$?
grep -qF 'back\\xff.yaml' "$T/err" || rt_fail "backslash: $(cat "$T/err")"

# wipe prints its errors the same way
rc=0
"$BIN/wipe" erase --yes --identity "$ID" --cert-dir "$T/certs" \
	"$T/no"$'\xff\x9b'.img 2>"$T/err" >/dev/null || rc=$?
[ "$rc" -ne 0 ] || rt_fail "wipe erase of a missing file succeeded"
grep -qF 'no\xff\x9b.img' "$T/err" || rt_fail "wipe: $(cat -v "$T/err")"
[ "$(raw "$T/err")" = 0 ] || rt_fail "wipe: raw bytes: $(cat -v "$T/err")"
exit 0
