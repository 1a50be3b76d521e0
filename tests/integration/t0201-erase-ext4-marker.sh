#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A real ext4 filesystem on a loop device holding a marker file: after
# `wipe erase` (random, full verify) not one marker byte is left on the
# device, blkid finds nothing, and the certificate verifies with openssl.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
need_root

make_identity
new_loop 96M
dev=$LOOP
mkfs.ext4 -q "$dev"
mkdir "$T/mnt"
mount "$dev" "$T/mnt"
MOUNTS+=("$T/mnt")
marker="SANITAS-MARKER-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
for i in $(seq 1 200); do echo "$marker patient $i"; done >"$T/mnt/records.txt"
umount "$T/mnt"
grep -qa "$marker" "$dev" || fail "the marker should be on the device first"
blkid -p "$dev" >/dev/null || fail "ext4 should be found first"
erase --yes --quiet --method random --verify full --json "$dev" >"$T/r.json"
c=$(jget "$T/r.json" 'd["jobs"][0]["certificate"]')
grep -qa "$marker" "$dev" && fail "marker bytes left on the device"
grep -qa "SANITAS-MARKER" "$dev" && fail "marker prefix left on the device"
run_rc rc blkid -p "$dev"
[ "$rc" -eq 2 ] || fail "blkid still finds something (exit $rc)"
openssl_ok "$c" || fail "openssl rejects the certificate"
python3 - "$c" "$(blockdev --getsize64 "$dev")" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); size = int(sys.argv[2])
assert c["result"] == "success"
assert c["media"]["transport"] == "loop" and c["media"]["capacity_bytes"] == size
assert c["sanitization"]["bytes_written"] == size
r = c["sanitization"]["details"]["range"]
assert r["first_lba"] == 0 and (r["last_lba"] + 1) * r["block_size"] == size
v = c["verification"]
assert v["method"] == "full" and v["coverage"] == 1.0 and v["result"] == "passed"
assert v["details"]["signatures_found"] == []
PY
