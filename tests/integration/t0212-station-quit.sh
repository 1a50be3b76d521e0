#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe station: q while two drives are erased asks first (n keeps them
# running); y stops both at a safe point as SIGINT does: each a signed
# interrupted record and a 0600 checkpoint holding its key, the summary
# naming them, exit 130; then wipe erase --resume finishes each, its
# certificate completing the interrupted record.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/station.bash"
need_root

make_identity
devs=()
for i in 1 2; do
	new_loop "$T/d$i.img" 512M
	devs+=("$LOOP")
	mark "$LOOP"
done

# eight random passes: long enough to be stopped in the middle
stn_start -- --method random --passes 8
for d in "${devs[@]}"; do
	n=${d#/dev/}
	stn_wait "^[> ] \[ \] $n .*ready"
	stn_goto "$n"
	stn_keys Space
	stn_wait "^> \[x\] $n "
done
stn_keys Enter
stn_wait "^> Method +random"
stn_field ">> Start"
stn_keys Enter
stn_wait "Type 2 to erase these 2 drives"
stn_type 2
stn_keys Enter
# both writing, then q: asked, and n keeps them going
for d in "${devs[@]}"; do
	stn_wait "^[> ] ${d#/dev/} +pass [1-8]/8 +[0-9.]+% .* +0 +running"
done
# a pass's rate and ETA once it has run a second
stn_wait "^[> ] loop[0-9]+ +pass [1-7]/8 +[0-9.]+% +[0-9.]+ MB/s +[0-9]+:[0-9]{2}:[0-9]{2} +0 +running"
stn_screen >"$T/progress"
stn_keys q
stn_wait "Stop every running drive at a safe point\\?"
stn_keys n
stn_wait "erasing: 0 of 2 drives ended"
if stn_has "Stop every running"; then fail "the question stayed"; fi
stn_keys q
stn_wait "Stop every running drive at a safe point\\?"
stn_keys y
stn_wait "summary: 0 of 2 drives erased and verified" 300
stn_screen >"$T/summary"
cat "$T/progress" "$T/summary"
for d in "${devs[@]}"; do
	grep -qE "^[> ] $d +interrupted " "$T/summary" || fail "$d not interrupted"
	ic=$(grep -A1 -E "^[> ] $d " "$T/summary" | sed -n 's/^    certificate \(\S*\.json\).*/\1/p')
	[ -f "$ic" ] || fail "no interrupted record named for $d"
	openssl_ok "$ic" || fail "interrupted record of $d not signed"
	[ "$(jget "$ic" 'd["result"]')" = interrupted ] || fail "result of $ic"
	[ "$(jget "$ic" 'd["standards"]')" = "[]" ] || fail "$ic claims a standard"
	echo "$d $ic" >>"$T/interrupted"
done
[ "$(ls "$T"/state/*.json | wc -l)" -eq 2 ] || fail "two checkpoints"
for ck in "$T"/state/*.json; do
	[ "$(stat -c %a "$ck")" = 600 ] || fail "checkpoint mode of $ck"
	[ "$(jget "$ck" 'len(d["key"])')" = 32 ] || fail "checkpoint $ck holds no key"
done
stn_keys q
stn_exited 130

# the checkpoints resume with the one-shot command line
while read -r d ic; do
	isha=$(sha256sum "$ic" | cut -d' ' -f1)
	erase --resume --yes --quiet --json "$d" >"$T/r.json" || fail "resume of $d"
	fc=$(jget "$T/r.json" 'd["jobs"][0]["certificate"]')
	openssl_ok "$fc" || fail "final certificate of $d"
	python3 - "$fc" "$ic" "$isha" <<'PY'
import json, sys
f = json.load(open(sys.argv[1])); i = json.load(open(sys.argv[2]))
d = f["sanitization"]["details"]
assert f["result"] == "success", f["result"]
assert d["completes"] == {"id": i["id"], "sha256": sys.argv[3]}, d["completes"]
assert len(d["sessions"]) == 2, d["sessions"]
assert f["verification"]["result"] == "passed"
PY
done <"$T/interrupted"
[ -z "$(ls "$T/state")" ] || fail "checkpoints left after the resumes"
for i in 1 2; do
	if grep -qa "$MARKER" "$T/d$i.img"; then fail "marker left on d$i.img"; fi
done
"$WIPE" cert verify --identity "$T/id" "$T/certs" >/dev/null || fail "chain"
