#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe verify: 0 when only the pattern is there, 1 when any data or any
# signature is found, in full and sampled modes.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"

truncate -s 16M "$T/z.img"
"$WIPE" verify --expect zero "$T/z.img" >"$T/out" || fail "zeros: $(cat "$T/out")"
"$WIPE" verify --expect zero --sample 5 --json "$T/z.img" >"$T/v.json"
[ "$(jget "$T/v.json" 'd["result"]')" = clean ] || fail "sample clean"
[ "$(jget "$T/v.json" 'd["method"]')" = sample ] || fail "sample method"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert 0.05 <= d['coverage'] < 0.3, d['coverage']" "$T/v.json"
# one byte in the middle: full finds it at its offset
printf '\x01' | dd of="$T/z.img" bs=1 seek=$((9 * 1024 * 1024 + 77)) conv=notrunc status=none
run_rc rc "$WIPE" verify --expect zero --json "$T/z.img" >"$T/v.json"
[ "$rc" -eq 1 ] || fail "planted byte: exit $rc"
[ "$(jget "$T/v.json" 'd["mismatched_bytes"]')" = 1 ] || fail count
[ "$(jget "$T/v.json" 'd["mismatches"][0]["offset"]')" = $((9 * 1024 * 1024 + 77)) ] || fail offset
# in the last MiB: the sample always reads it
truncate -s 16M "$T/e.img"
printf 'x' | dd of="$T/e.img" bs=1 seek=$((16 * 1024 * 1024 - 3)) conv=notrunc status=none
run_rc rc "$WIPE" verify --expect zero --sample 1 "$T/e.img"
[ "$rc" -eq 1 ] || fail "last MiB not sampled"
# patterns
python3 -c "import sys; sys.stdout.buffer.write(bytes([0xa5,0x5a])*(4*1024*1024))" >"$T/p.img"
"$WIPE" verify --expect pattern:a55a "$T/p.img" >/dev/null || fail "pattern"
run_rc rc "$WIPE" verify --expect pattern:5aa5 "$T/p.img"
[ "$rc" -eq 1 ] || fail "wrong phase accepted"
# a filesystem signature counts as data found
truncate -s 8M "$T/f.img"
mkfs.vfat "$T/f.img" >/dev/null
run_rc rc "$WIPE" verify --expect zero "$T/f.img" >"$T/out"
[ "$rc" -eq 1 ] || fail "vfat: exit $rc"
grep -q "vfat signature" "$T/out" || fail "names the signature: $(cat "$T/out")"
