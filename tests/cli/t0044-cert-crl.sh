#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A station identity issued by a real CA (openssl ca) and revoked by it at
# T (keyCompromise). wipe cert verify --ca --crl: a certificate whose TSA
# time is before T is valid; one the stolen key signed after T (its TSA
# time after T) is INVALID; one without a token is INVALID as "signed by a
# since-revoked key, time unproven". Without --crl all three pass, which is
# what the CRL changes. A CRL the CA did not sign is refused (65); a CRL of
# another issuer says nothing.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/tsa.bash"
. "$SRCDIR/tests/lib/ca.bash"
trap 'tsa_stop; cleanup' EXIT

CA=$T/ca
ca_make "$CA"
mkdir -m 700 "$T/id"
cp "$CA/station.key" "$T/id/key.pem"
chmod 600 "$T/id/key.pem"
openssl x509 -in "$CA/station.pem" -out "$T/id/cert.pem"
tsa_setup
tsa_start
truncate -s 1M "$T/d.img"
one() { # one certificate in $T/certs-$1, with a token unless $2 is "none"
	local extra=()
	[ "${2:-}" = none ] || extra=(--tsa "$TSA_URL")
	"$WIPE" erase --identity "$T/id" --cert-dir "$T/certs-$1" --state-dir "$T/state" \
		--yes --quiet --method zero "${extra[@]}" "$T/d.img" >/dev/null ||
		fail "erase $1"
	ls "$T"/certs-"$1"/*.json
}
before=$(one before)
untimed=$(one untimed none)
sleep 2
ca_revoke_station "$CA"
openssl crl -in "$CA/crl.pem" -noout -text | grep -q "Key Compromise" || fail "no revocation in the CRL"
sleep 2
after=$(one after)
v() { "$WIPE" cert verify --ca "$CA/ca.pem" --tsa-ca "$TSA_CA" "$@"; }

for c in "$before" "$untimed" "$after"; do
	v "$c" >/dev/null || fail "without --crl $c should verify"
done
v --crl "$CA/crl.pem" "$before" >"$T/v" || fail "signed before the revocation: $(cat "$T/v")"
grep -q "its key was revoked at .*keyCompromise.*after this signature's TSA time" "$T/v" ||
	fail "before: $(cat "$T/v")"
run_rc rc v --crl "$CA/crl.pem" "$after" >"$T/v"
[ "$rc" -eq 1 ] || fail "signed after the revocation: exit $rc"
grep -q "INVALID: signed at .* by the TSA's time, after its key was revoked at" "$T/v" ||
	fail "after: $(cat "$T/v")"
run_rc rc v --crl "$CA/crl.pem" "$untimed" >"$T/v"
[ "$rc" -eq 1 ] || fail "no token: exit $rc"
grep -q "signed by a since-revoked key, time unproven" "$T/v" || fail "untimed: $(cat "$T/v")"
v --crl "$CA/crl.pem" --json "$after" >"$T/v.json" || true
[ "$(jget "$T/v.json" 'd["certificates"][0]["valid"]')" = False ] || fail "json valid"
v --crl "$CA/crl.pem" --json "$before" >"$T/v.json"
[ "$(jget "$T/v.json" 'd["certificates"][0]["revocation"]["verdict"]')" = signed-before-revocation ] ||
	fail "json verdict: $(cat "$T/v.json")"
# stock openssl agrees the station's certificate is revoked
openssl verify -crl_check -CAfile "$CA/ca.pem" -CRLfile "$CA/crl.pem" \
	"$T/id/cert.pem" >/dev/null 2>&1 && fail "openssl verify accepts the revoked certificate"

# a CRL the CA did not sign, and one of another issuer
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/evil.key" -out "$T/evil.pem" -subj "/O=Test Clinic/CN=Test Clinic CA" \
	-days 30 2>/dev/null
cp -r "$CA" "$T/evilca"
cp "$T/evil.key" "$T/evilca/ca.key"
cp "$T/evil.pem" "$T/evilca/ca.pem"
(cd "$T/evilca" && openssl ca -config openssl.cnf -gencrl -out forged.pem 2>/dev/null)
run_rc rc v --crl "$T/evilca/forged.pem" "$before" >"$T/v"
[ "$rc" -eq 65 ] || fail "a CRL not signed by the CA: exit $rc: $(cat "$T/v")"
grep -q "not signed by a trusted CA certificate" "$T/v" || fail "forged: $(cat "$T/v")"
mkdir -p "$T/other/newcerts"
: >"$T/other/index.txt"
echo 01 >"$T/other/crlnumber"
cp "$CA/openssl.cnf" "$T/other/"
(cd "$T/other" && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout ca.key -out ca.pem -subj "/O=Elsewhere/CN=Other CA" -days 30 2>/dev/null &&
	openssl ca -config openssl.cnf -gencrl -out crl.pem 2>/dev/null)
v --crl "$T/other/crl.pem" "$untimed" >"$T/v" || fail "another issuer's CRL: $(cat "$T/v")"
grep -q "no CRL of its issuer was given" "$T/v" || fail "not covered: $(cat "$T/v")"

exit 0
