#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# respond verify DIR over a directory of cases (DIR/HOST/CASE and
# DIR/CASE): one line per case and a total, --json with the counts, exit 0
# when all are intact; a case re-signed by another key and one with a
# flipped byte are each a MISMATCH naming why, without counts (exit 1, the
# other still intact); a directory with no case exits 66; a single case is
# still verified as one.
. "$SRCDIR/tests/lib/respond.bash"
rt_setup
mkdir -m 0755 "$CASES/hostA" "$CASES/hostB"
[ -n "$RUN" ] && chown nobody:nogroup "$CASES/hostA" "$CASES/hostB"
rt_triage "$CASES/hostA/c1" --yes 2>/dev/null || rt_fail "run A"
rt_triage "$CASES/hostB/c2" --yes 2>/dev/null || rt_fail "run B"
rt_triage "$CASES/c3" --yes 2>/dev/null || rt_fail "run 3"
V() { "$BIN/respond" verify --ca "$ID/cert.pem" "$@"; }

V "$CASES" >"$T/out" || rt_fail "all intact: $(cat "$T/out")"
head -1 "$T/out" | grep -q "^CASE  *HOST  *STATUS  *SEAL  *SIGNER  *FILES  *ARCHIVES$" ||
	rt_fail "header: $(head -1 "$T/out")"
for c in hostA/c1 hostB/c2 c3; do
	grep -q "^$c  *$(hostname)  *complete  *intact  */O=Test/CN=Tester  *[1-9][0-9]*  *[1-9][0-9]*$" "$T/out" ||
		rt_fail "row of $c: $(cat "$T/out")"
done
tail -1 "$T/out" | grep -qx "3 cases: 3 intact, 0 failed" || rt_fail "total: $(tail -1 "$T/out")"
V --json "$CASES" >"$T/v.json" || rt_fail "--json"
python3 - "$T/v.json" "$CASES" <<'PY' || rt_fail "json: $(cat "$T/v.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "sanitas.verify-cases/1" and d["all_intact"] is True
assert d["counts"] == {"cases": 3, "intact": 3, "failed": 0}
assert [c["case"] for c in d["cases"]] == [sys.argv[2] + "/" + n for n in ("c3", "hostA/c1", "hostB/c2")]
for c in d["cases"]:
    assert c["seal"] == "intact" and c["mismatch"] is None and c["files"] > 3
PY
# the file counts are those of SHA256SUMS
n=$(wc -l <"$CASES/c3/SHA256SUMS")
grep -q "^c3 .* $n  *[0-9]*$" "$T/out" || rt_fail "c3 files $n: $(grep '^c3' "$T/out")"

# one flipped byte, one re-signed by a stranger (no counts: not verified)
python3 - "$CASES/hostA/c1/report.md" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 0x01
open(p, "wb").write(b)
PY
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/other.key" -out "$T/other.pem" -subj /O=Else/CN=Stranger -days 30 2>/dev/null
openssl cms -sign -binary -in "$CASES/hostB/c2/SHA256SUMS" -signer "$T/other.pem" \
	-inkey "$T/other.key" -outform DER -out "$CASES/hostB/c2/SHA256SUMS.p7s" 2>/dev/null
rc=0
V "$CASES" >"$T/out" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || rt_fail "damaged: exit $rc: $(cat "$T/out")"
grep -q "^hostA/c1 .* MISMATCH " "$T/out" || rt_fail "flipped byte: $(cat "$T/out")"
grep -q "^  hostA/c1: report.md: sha256 does not match SHA256SUMS" "$T/out" || rt_fail "why: $(cat "$T/out")"
grep -q "^hostB/c2 .* MISMATCH  *-  *-  *-$" "$T/out" || rt_fail "re-signed: $(cat "$T/out")"
grep -q "^  hostB/c2: SHA256SUMS.p7s: signature does not verify: the signer's certificate is not trusted" "$T/out" ||
	rt_fail "re-signed, why: $(cat "$T/out")"
grep -q "^c3 .* intact " "$T/out" || rt_fail "c3 still intact: $(cat "$T/out")"
tail -1 "$T/out" | grep -qx "3 cases: 1 intact, 2 failed" || rt_fail "total: $(tail -1 "$T/out")"

# no case at all; a single case is one case
mkdir "$T/empty"
rc=0
V "$T/empty" >/dev/null 2>"$T/err" || rc=$?
[ "$rc" -eq 66 ] && grep -q "no case under" "$T/err" || rt_fail "empty: exit $rc: $(cat "$T/err")"
V "$CASES/c3" | grep -q "^$CASES/c3: intact" || rt_fail "a single case"
exit 0
