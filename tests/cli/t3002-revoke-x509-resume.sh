#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# build: test-hooks (SANITAS_FAKE_NOW / SANITAS_FAULT; see docs/HACKING.md)
# A crash in the middle of revoke.x509 (after index.txt, before crlnumber
# and the CRL) leaves the journaled intent; `respond resume` inspects the CA
# and finishes: the CRL is issued with the next number, the serial is not
# revoked twice, and the case verifies.
. "$SRCDIR/tests/lib/contain.bash"
ct_setup
CA=$HOST/etc/pki/ca
ct_make_ca "$CA"
C=$CASES/c1
rc=0
ct_revoke_tls_key "$C" SANITAS_FAULT=x509-after-index || rc=$?
[ "$rc" -eq 137 ] || ct_fail "the simulated crash exited $rc"
grep -q '"event":"revoke.x509.intent"' "$C/custody.jsonl" || ct_fail "no intent"
[ "$(grep -c "^R" "$CA/index.txt")" = 1 ] || ct_fail "index not half-done"
[ "$(cat "$CA/crlnumber")" = 01 ] || ct_fail "crlnumber already moved"
[ ! -e "$CA/crl.pem" ] || ct_fail "CRL already written"

"$BIN/respond" resume --case "$C" --quiet || ct_fail "resume failed"
[ "$(grep -c "^R" "$CA/index.txt")" = 1 ] || ct_fail "revoked twice"
[ "$(cat "$CA/crlnumber")" = 02 ] || ct_fail "crlnumber $(cat "$CA/crlnumber")"
openssl crl -in "$CA/crl.pem" -noout -text | grep -q 'Serial Number: 1000' ||
	ct_fail "resumed CRL lacks the serial"
if openssl verify -crl_check -CAfile "$CA/cacert.pem" -CRLfile "$CA/crl.pem" \
	"$CA/portal.pem" >/dev/null 2>&1; then
	ct_fail "revoked certificate verifies after resume"
fi
$PY - "$C/case.json" <<'PY' || ct_fail "case.json after resume"
import json, sys
c = json.load(open(sys.argv[1]))
st = {s["id"]: s["status"] for s in c["steps"]}
assert st["revoke-cert"] == "ok", st
PY
grep -q '"resumed":true' "$C/custody.jsonl" || ct_fail "result not marked resumed"
"$BIN/respond" verify "$C" >/dev/null || ct_fail "respond verify"
exit 0
