#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# SIGINT mid-erase: exit 130, a 0600 checkpoint, a signed *interrupted*
# record at once; `--resume` finishes, verifies clean, and its certificate
# covers the whole job and names the interrupted record it completes.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
need_root

make_identity
new_loop 768M
dev=$LOOP
mkfs.ext4 -q "$dev"
# the binary itself in the background (a shell function would get the signal)
"$WIPE" erase --identity "$T/id" --cert-dir "$T/certs" --state-dir "$T/state" \
	--yes --method random --json-progress "$dev" >"$T/out1" 2>"$T/prog" &
pid=$!
# wait until the first chunks are written, then interrupt
for _ in $(seq 1 400); do
	grep -q '"phase":"pass 1/1","bytes":[1-9]' "$T/prog" 2>/dev/null && break
	sleep 0.01
done
kill -INT "$pid"
run_rc rc wait "$pid"
[ "$rc" -eq 130 ] || fail "interrupted erase: exit $rc ($(cat "$T/prog" | tail -2))"
ck=$(ls "$T"/state/*.json)
[ "$(stat -c %a "$ck")" = 600 ] || fail "checkpoint mode"
[ "$(jget "$ck" 'len(d["key"])')" = 32 ] || fail "checkpoint holds the key"
off=$(jget "$ck" 'd["offset"]')
[ "$off" -gt 0 ] && [ "$off" -lt $((768 * 1024 * 1024)) ] || fail "offset $off"
ic=$(ls "$T"/certs/*.json)
[ "$(jget "$ic" 'd["result"]')" = interrupted ] || fail "interrupted record"
[ "$(jget "$ic" 'd["standards"]')" = "[]" ] || fail "interrupted claims a standard"
openssl_ok "$ic" || fail "interrupted record not signed"
isha=$(sha256sum "$ic" | cut -d' ' -f1)
# resume
erase --resume --yes --quiet "$dev" >/dev/null || fail "resume failed"
[ ! -e "$ck" ] || fail "checkpoint (with its key) left behind"
fc=$(ls -t "$T"/certs/*.json | head -1)
[ "$fc" != "$ic" ] || fail "no final certificate"
python3 - "$fc" "$ic" "$isha" <<'PY'
import json, sys
f = json.load(open(sys.argv[1])); i = json.load(open(sys.argv[2]))
d = f["sanitization"]["details"]
assert f["result"] == "success", f["result"]
assert d["completes"] == {"id": i["id"], "sha256": sys.argv[3]}, d["completes"]
assert f["previous_sha256"] == sys.argv[3]
assert f["sanitization"]["started_at"] == i["sanitization"]["started_at"]
assert len(d["sessions"]) == 2
assert d["sessions"][1]["from_offset"] == d["sessions"][0]["to_offset"]
assert f["sanitization"]["bytes_written"] == f["media"]["capacity_bytes"]
assert f["verification"]["result"] == "passed" and f["verification"]["coverage"] == 1.0
PY
openssl_ok "$fc" || fail "final certificate"
"$WIPE" cert verify --identity "$T/id" "$T/certs" >/dev/null || fail "chain of the two"
run_rc rc blkid -p "$dev"
[ "$rc" -eq 2 ] || fail "signature left"
# nothing left to resume
run_rc rc erase --resume --yes "$dev" 2>/dev/null
[ "$rc" -eq 66 ] || fail "second resume: exit $rc"
