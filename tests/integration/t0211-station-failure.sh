#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe station: a drive that fails mid-erase (a loop device over a sparse
# image on a tmpfs too small to hold it: real write errors) ends FAILED on
# the screen with its signed failure certificate, while the drive erased
# beside it succeeds; the station's exit code is erase's for a write error.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/station.bash"
need_root

make_identity
mkdir "$T/small"
mount -t tmpfs -o size=12m tmpfs "$T/small"
MOUNTS+=("$T/small")
new_loop "$T/small/sparse.img" 20M
F=$LOOP
new_loop "$T/good.img" 32M
G=$LOOP
mark "$G"
f=${F#/dev/} g=${G#/dev/}

stn_start -- --method one
stn_wait "^[> ] \[ \] $f .*ready"
stn_wait "^[> ] \[ \] $g .*ready"
stn_goto "$f"
stn_keys Space
stn_wait "^> \[x\] $f "
stn_goto "$g"
stn_keys Space
stn_wait "^> \[x\] $g "
stn_keys Enter
stn_wait "^> Method +one"
stn_field ">> Start"
stn_keys Enter
stn_wait "Type 2 to erase these 2 drives"
stn_type 2
stn_keys Enter
stn_wait "summary: 1 of 2 drives erased and verified" 300
stn_screen >"$T/summary"
cat "$T/summary"
# colours on (no NO_COLOR): the failed row in red
esc=$(tm capture-pane -p -e)
grep -qE $'\e\\[31m[^\e]*'"$F +FAILED" <<<"$esc" || fail "the failed row is not red"
grep -qE "^[> ] $F +FAILED " "$T/summary" || fail "no FAILED row for $F"
grep -qE "^[> ] $G +success +passed" "$T/summary" || fail "no success row for $G"
grep -A2 -E "^[> ] $F " "$T/summary" | grep -q "could not be written" ||
	fail "the failure's reason is not shown"
cert=$(grep -A1 -E "^[> ] $F " "$T/summary" | sed -n 's/^    certificate \(\S*\.json\).*/\1/p')
[ -f "$cert" ] || fail "no failure certificate named"
openssl_ok "$cert" || fail "the failure certificate is not signed"
python3 - "$cert" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
assert c["result"] == "failed", c["result"]
assert c["standards"] == [], c["standards"]
assert c["sanitization"]["errors"], "no LBA ranges recorded"
assert "could not be written" in c["sanitization"]["failure_reason"]
PY
good=$(grep -A1 -E "^[> ] $G " "$T/summary" | sed -n 's/^    certificate \(\S*\.json\).*/\1/p')
openssl_ok "$good" || fail "the good drive's certificate"
if grep -qa "$MARKER" "$T/good.img"; then fail "marker left on good.img"; fi
cmp -s "$T/good.img" <(head -c 32M /dev/zero | tr '\0' '\377') ||
	fail "good.img is not all ones"
stn_keys q
stn_exited 74
# the summary stays on the terminal the screen leaves
stn_wait "^$F +failed +not-run +$T/certs/"
stn_wait "^$G +success +passed +$T/certs/"
