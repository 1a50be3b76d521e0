#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# build: test-hooks (SANITAS_FAKE_NOW / SANITAS_FAULT; see docs/HACKING.md)
# respond report CASE --pdf -o FILE on a sealed patient-portal case, read
# back with poppler, qpdf and openssl: status, every step and its result,
# each archive's sealed SHA-256, the journal's entry count, the revoked
# serial, every notice's due date and the seal's signer; SHA256SUMS and
# its .p7s come out byte-identical and verify. The case stays as sealed;
# a FILE inside it is refused (64); a tampered case gets no report (1).
. "$SRCDIR/tests/lib/contain.bash"
for t in pdftotext pdfdetach qpdf; do
	command -v "$t" >/dev/null || { echo "SKIP: $t missing" >&2; exit 77; }
done
ct_setup
export SANITAS_FAKE_NOW=1800000000
C=$CASES/portal
ct_portal_case "$C"
(cd "$C" && find . -type f -exec sha256sum {} + | sort) >"$T/before"

"$BIN/respond" report "$C" --pdf -o "$T/r.pdf" --ca "$ID/cert.pem" >"$T/out" ||
	ct_fail "report: exit $?"
[ "$(cat "$T/out")" = "$T/r.pdf" ] || ct_fail "prints the path"
qpdf --check "$T/r.pdf" >/dev/null 2>&1 || ct_fail "qpdf --check"
pdftotext "$T/r.pdf" "$T/r.txt" 2>"$T/err"
[ ! -s "$T/err" ] || ct_fail "pdftotext warns: $(cat "$T/err")"
tr -s ' \n' '  ' <"$T/r.txt" >"$T/r.flat"
want() { grep -qF -- "$1" "$T/r.flat" || ct_fail "report lacks '$1'"; }
want "Incident Case Report"
want "CASE STATUS: COMPLETE"
want "Example Clinic"
want "CN=Responder, O=Test"
want "the signer chains to the trust anchor"
$PY - "$C" >"$T/facts" <<'PY'
import json, sys
c = sys.argv[1]
case = json.load(open(c + "/case.json"))
for s in case["steps"]:
    print(s["id"]); print(s["status"]); print(s["action"])
sums = dict(l.split("  ", 1)[::-1] for l in open(c + "/SHA256SUMS").read().splitlines())
for s in case["steps"]:
    a = (s.get("outputs") or {}).get("archive")
    if a:
        print(sums[a])
print("%d entries" % len(open(c + "/custody.jsonl").read().splitlines()))
for n in json.load(open(c + "/notices/deadlines.json"))["notices"]:
    print(n["id"]); print(n["citation"])
    if n.get("due"):
        print(n["due"])
PY
while IFS= read -r v; do want "$v"; done <"$T/facts"
[ "$(wc -l <"$T/facts")" -gt 40 ] || ct_fail "too few facts checked"
grep -q '"revoked":\["1000"\]' "$T/r.flat" || ct_fail "revoked serial"
pdfdetach -list "$T/r.pdf" | grep -qx "1: SHA256SUMS" || ct_fail "SHA256SUMS attached"
mkdir "$T/x"
pdfdetach -saveall -o "$T/x" "$T/r.pdf"
cmp "$T/x/SHA256SUMS" "$C/SHA256SUMS" || ct_fail "SHA256SUMS differs"
cmp "$T/x/SHA256SUMS.p7s" "$C/SHA256SUMS.p7s" || ct_fail ".p7s differs"
openssl cms -verify -binary -inform DER -in "$T/x/SHA256SUMS.p7s" \
	-content "$T/x/SHA256SUMS" -CAfile "$ID/cert.pem" -purpose any \
	-out /dev/null 2>/dev/null || ct_fail "openssl rejects the seal"
# the case is as it was, and still verifies
(cd "$C" && find . -type f -exec sha256sum {} + | sort) >"$T/after"
cmp "$T/before" "$T/after" || ct_fail "the case changed"
"$BIN/respond" verify "$C" >/dev/null || ct_fail "case no longer verifies"

rc=0
"$BIN/respond" report "$C" --pdf -o "$C/r.pdf" 2>/dev/null || rc=$?
[ "$rc" -eq 64 ] && [ ! -e "$C/r.pdf" ] || ct_fail "FILE in CASE: exit $rc"
rc=0
"$BIN/respond" report "$C" -o "$T/y.pdf" 2>/dev/null || rc=$?
[ "$rc" -eq 64 ] || ct_fail "without --pdf: exit $rc"
rc=0
"$BIN/respond" report "$T/nocase" --pdf -o "$T/y.pdf" 2>/dev/null || rc=$?
[ "$rc" -eq 66 ] || ct_fail "no case: exit $rc"
# tampered: nothing written
sed -i 's/"complete"/"completE"/' "$C/case.json"
rc=0
"$BIN/respond" report "$C" --pdf -o "$T/t.pdf" 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] || ct_fail "tampered case: exit $rc"
[ ! -e "$T/t.pdf" ] || ct_fail "a report of a tampered case was written"
grep -q "not intact" "$T/err" || ct_fail "says why: $(cat "$T/err")"
echo ok
