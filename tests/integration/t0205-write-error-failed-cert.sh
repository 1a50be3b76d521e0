#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A real write error: a loop device over a sparse image on a tmpfs too
# small to hold it. The erase ends *failed* (exit 74) with a signed failure
# certificate listing the unwritable LBA ranges; it claims no standard.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
need_root

make_identity
mkdir "$T/small"
mount -t tmpfs -o size=12m tmpfs "$T/small"
MOUNTS+=("$T/small")
truncate -s 20M "$T/small/sparse.img"
dev=$(losetup -f --show "$T/small/sparse.img")
LOOPS+=("$dev")
run_rc rc erase --yes --quiet --method one --json "$dev" >"$T/r.json" 2>"$T/err"
[ "$rc" -eq 74 ] || fail "write errors: exit $rc ($(cat "$T/err"))"
c=$(jget "$T/r.json" 'd["jobs"][0]["certificate"]')
[ -f "$c" ] || fail "no failure certificate"
openssl_ok "$c" || fail "failure certificate not signed"
python3 - "$c" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
s = c["sanitization"]
assert c["result"] == "failed", c["result"]
assert c["standards"] == []
errs = s["errors"]
assert errs, "no LBA ranges recorded"
for e in errs:
    assert 0 <= e["first_lba"] <= e["last_lba"] < 20 * 2**20 // 512, e
# what was written plus what failed covers the device
bad = sum((e["last_lba"] - e["first_lba"] + 1) * 512 for e in errs)
assert s["bytes_written"] + bad >= 12 * 2**20 - 2**20, (s["bytes_written"], bad)
assert "could not be written" in s["failure_reason"]
PY
[ "$(jget "$T/r.json" 'd["jobs"][0]["result"]')" = failed ] || fail "json result"
jget "$T/r.json" 'd["jobs"][0]["error"]' | grep -q "could not be written" ||
	fail "the JSON names the failure"
