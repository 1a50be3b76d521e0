#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# revoke.x509 on a real OpenSSL CA (openssl req + openssl ca): the CRL lists
# the serial with its reason, compromise time and the next CRL number;
# openssl verify -crl_check rejects the revoked certificate and accepts the
# other; openssl ca keeps using the database; plan and a second run change
# nothing; bad input (unknown serial, wrong CA key, corrupt index) changes
# nothing; the CA key never enters the case.
. "$SRCDIR/tests/lib/contain.bash"
ct_setup
CA=$HOST/etc/pki/ca
ct_make_ca "$CA"
PB=$SRCDIR/playbooks/leaked-tls-key.yaml
serial=$(openssl x509 -in "$CA/portal.pem" -noout -serial | cut -d= -f2)
other=$(openssl x509 -in "$CA/other.pem" -noout -serial | cut -d= -f2)
[ "$serial" = 1000 ] && [ "$other" = 1001 ] || ct_fail "unexpected serials $serial $other"
args=(--root "$HOST" --identity "$ID" --set ca_dir=/etc/pki/ca
	--set compromised_at=2027-01-08T06:30:00Z --set discovered_at=2027-01-10)

# plan touches nothing and names the serial
before=$(ct_tree_hash "$HOST")
"$BIN/respond" plan "$PB" --root "$HOST" --set ca_dir=/etc/pki/ca \
	--set cert_serial="$serial" --set compromised_at=2027-01-08T06:30:00Z \
	--set discovered_at=2027-01-10 --json >"$T/plan.json" ||
	ct_fail "plan failed"
grep -q '"1000"' "$T/plan.json" || ct_fail "plan does not name serial 1000"
[ "$(ct_tree_hash "$HOST")" = "$before" ] || ct_fail "plan changed the tree"

# the run
"$BIN/respond" run "$PB" "${args[@]}" --set cert_serial="$serial" --yes \
	--case "$CASES/c1" --quiet || ct_fail "run failed"
grep -Pq "^R\t\d{12}Z\t\d{12}Z,keyTime,20270108063000Z\t1000\tunknown\t/CN=portal.example$" \
	"$CA/index.txt" || ct_fail "index.txt row: $(grep 1000 "$CA/index.txt")"
grep -Pq "^V\t\d{12}Z\t\t1001\t" "$CA/index.txt" || ct_fail "other row changed"
[ "$(cat "$CA/crlnumber")" = 02 ] || ct_fail "crlnumber is $(cat "$CA/crlnumber")"
openssl crl -in "$CA/crl.pem" -noout -text >"$T/crl.txt"
grep -A1 'X509v3 CRL Number' "$T/crl.txt" | grep -qx ' *1' || ct_fail "CRL number"
grep -q 'Serial Number: 1000' "$T/crl.txt" || ct_fail "serial not in CRL"
grep -q 'Key Compromise' "$T/crl.txt" || ct_fail "reason not in CRL"
grep -A1 'Invalidity Date' "$T/crl.txt" | grep -q 'Jan  8 06:30:00 2027 GMT' ||
	ct_fail "invalidity date"
! grep -q 'Serial Number: 1001' "$T/crl.txt" || ct_fail "1001 listed"
openssl crl -in "$CA/crl.pem" -noout -CAfile "$CA/cacert.pem" 2>&1 |
	grep -q 'verify OK' || ct_fail "CRL signature"
if openssl verify -crl_check -CAfile "$CA/cacert.pem" -CRLfile "$CA/crl.pem" \
	"$CA/portal.pem" >"$T/v1" 2>&1; then
	ct_fail "revoked certificate still verifies"
fi
grep -q 'certificate revoked' "$T/v1" || ct_fail "verify: $(cat "$T/v1")"
openssl verify -crl_check -CAfile "$CA/cacert.pem" -CRLfile "$CA/crl.pem" \
	"$CA/other.pem" >/dev/null || ct_fail "the other certificate is rejected"
(cd "$CA" && openssl ca -config openssl.cnf -status 1000 2>&1 || true) |
	grep -q '1000=Revoked' || ct_fail "openssl ca -status"

# the case: CRL copy, backups, journal intent, no private key
C=$CASES/c1
cmp "$C/revocations/crl.pem" "$CA/crl.pem" || ct_fail "CRL copy differs"
[ -f "$C/revocations/revoke-cert/index.txt" ] || ct_fail "no index backup"
grep -q '"event":"revoke.x509.intent"' "$C/custody.jsonl" || ct_fail "no intent"
! grep -rqa "PRIVATE KEY" "$C" || ct_fail "a private key was copied into the case"
"$BIN/respond" verify "$C" >/dev/null || ct_fail "respond verify"
(cd "$C" && sha256sum -c --quiet SHA256SUMS) || ct_fail "sha256sum -c"
$PY - "$C/revocations/revocations.json" <<'PY' || ct_fail "revocations.json"
import json, sys
r = json.load(open(sys.argv[1]))["revocations"][0]["result"]
assert r["revoked"] == ["1000"] and r["already_revoked"] == [], r
assert r["crl_number"] == "01" and r["crl_issued"] is True, r
PY

# a second run changes nothing in the CA
after1=$(ct_tree_hash "$CA")
"$BIN/respond" run "$PB" "${args[@]}" --set cert_serial="$serial" --yes \
	--case "$CASES/c2" --quiet || ct_fail "second run failed"
[ "$(ct_tree_hash "$CA")" = "$after1" ] || ct_fail "second run changed the CA"
grep -q '"already_revoked":\["1000"\]' "$CASES/c2/custody.jsonl" ||
	ct_fail "second run did not report already revoked"

# unknown serial, wrong key, corrupt index: failed step, nothing changed
rc=0
"$BIN/respond" run "$PB" "${args[@]}" --set cert_serial=BEEF --yes \
	--case "$CASES/c3" --quiet || rc=$?
[ "$rc" -ne 0 ] || ct_fail "unknown serial accepted"
grep -q "serial 'BEEF' is not in CA database" "$CASES/c3/case.json" || ct_fail "no error in case.json"
[ "$(ct_tree_hash "$CA")" = "$after1" ] || ct_fail "unknown serial changed the CA"

cp "$CA/private/cakey.pem" "$T/cakey.pem"
openssl genrsa -out "$CA/private/cakey.pem" 2048 2>/dev/null
before=$(ct_tree_hash "$CA")
rc=0
"$BIN/respond" run "$PB" "${args[@]}" --set cert_serial="$other" --yes \
	--case "$CASES/c4" --quiet || rc=$?
[ "$rc" -ne 0 ] || ct_fail "wrong CA key accepted"
grep -q "does not match CA certificate" "$CASES/c4/case.json" || ct_fail "no error in case.json"
[ "$(ct_tree_hash "$CA")" = "$before" ] || ct_fail "wrong key changed the CA"
cp "$T/cakey.pem" "$CA/private/cakey.pem"

printf 'V\tgarbage\n' >>"$CA/index.txt"
before=$(ct_tree_hash "$CA")
rc=0
"$BIN/respond" run "$PB" "${args[@]}" --set cert_serial="$other" --yes \
	--case "$CASES/c5" --quiet || rc=$?
[ "$rc" -ne 0 ] || ct_fail "corrupt index accepted"
grep -q "is corrupt" "$CASES/c5/case.json" || ct_fail "no error in case.json"
[ "$(ct_tree_hash "$CA")" = "$before" ] || ct_fail "corrupt index changed the CA"
exit 0
