#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# One flipped byte in a certificate: wipe cert verify exits 1, and stock
# openssl cms -verify rejects it too. A removed certificate breaks the
# chain of its directory. A certificate without its signature is invalid.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"

make_identity
for i in 1 2 3; do
	truncate -s 2M "$T/d$i.img"
	erase --yes --quiet --method zero "$T/d$i.img" >/dev/null
done
mapfile -t certs < <(ls -tr "$T"/certs/*.json)
[ "${#certs[@]}" -eq 3 ] || fail "three certificates"
"$WIPE" cert verify --identity "$T/id" "$T/certs" >"$T/out" || fail "fresh set invalid: $(cat "$T/out")"
grep -c ": valid" "$T/out" | grep -qx 3 || fail "each one valid"
for c in "${certs[@]}"; do openssl_ok "$c" || fail "openssl rejects $c"; done
# the chain: each names its predecessor's SHA-256
p1=$(sha256sum "${certs[0]}" | cut -d' ' -f1)
[ "$(jget "${certs[1]}" 'd["previous_sha256"]')" = "$p1" ] || fail "chain link"
[ "$(jget "${certs[0]}" 'd["previous_sha256"]')" = None ] || fail "first has null"
# flip one byte in the middle of the second certificate
cp "${certs[1]}" "$T/orig.json"
python3 - "${certs[1]}" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 0x01
open(p, "wb").write(bytes(b))
PY
run_rc rc "$WIPE" cert verify --identity "$T/id" "${certs[1]}"
[ "$rc" -eq 1 ] || [ "$rc" -eq 65 ] || fail "tampered: exit $rc"
openssl_ok "${certs[1]}" && fail "openssl accepted a tampered certificate"
# a one-byte change that keeps the JSON well formed: exit exactly 1
cp "$T/orig.json" "${certs[1]}"
sed -i 's/"Ada Tester"/"Ada Tester "/' "${certs[1]}"
run_rc rc "$WIPE" cert verify --identity "$T/id" "${certs[1]}" >"$T/out"
[ "$rc" -eq 1 ] || fail "tampered (well formed): exit $rc"
grep -q "does not match the signature" "$T/out" || fail "says tampered: $(cat "$T/out")"
openssl_ok "${certs[1]}" && fail "openssl accepted it"
cp "$T/orig.json" "${certs[1]}"
"$WIPE" cert verify --identity "$T/id" "${certs[1]}" >/dev/null || fail "restored copy invalid"
# remove the middle certificate: the directory's chain is broken
mv "${certs[1]}" "${certs[1]}.p7s" "$T/"
run_rc rc "$WIPE" cert verify --identity "$T/id" "$T/certs" >"$T/out"
[ "$rc" -eq 1 ] || fail "gap not detected: exit $rc"
grep -q "predecessor is missing" "$T/out" || fail "names the gap: $(cat "$T/out")"
mv "$T/$(basename "${certs[1]}")" "$T/$(basename "${certs[1]}").p7s" "$T/certs/"
# no signature file
rm "${certs[2]}.p7s"
run_rc rc "$WIPE" cert verify --identity "$T/id" "${certs[2]}"
[ "$rc" -eq 1 ] || fail "unsigned: exit $rc"
# --ca with another identity's certificate: not trusted
"$WIPE" identity create "$T/other" --org Other --operator Eve 2>/dev/null
run_rc rc "$WIPE" cert verify --ca "$T/other/cert.pem" "${certs[0]}"
[ "$rc" -eq 1 ] || fail "untrusted signer accepted: exit $rc"
"$WIPE" cert verify --ca "$T/id/cert.pem" "${certs[0]}" >/dev/null || fail "--ca own"
# no trust anchor: the signature is intact but the signer is UNTRUSTED
run_rc rc env SANITAS_IDENTITY="$T/none" "$WIPE" cert verify "${certs[0]}" >"$T/out"
[ "$rc" -eq 1 ] || fail "unanchored: exit $rc"
grep -q "UNTRUSTED" "$T/out" || fail "says untrusted: $(cat "$T/out")"
fp=$(openssl x509 -in "$T/id/cert.pem" -outform DER | sha256sum | cut -d' ' -f1)
grep -q "$fp" "$T/out" || fail "names the signer's fingerprint"
# forged: edited and re-signed by another key with the same names
"$WIPE" identity create "$T/evil" --org "Test Clinic" --operator "Ada Tester" 2>/dev/null
cp "${certs[0]}" "$T/forged.json"
sed -i 's/"result": "success"/"result": "success" /' "$T/forged.json"
openssl cms -sign -binary -outform DER -nosmimecap -in "$T/forged.json" \
	-signer "$T/evil/cert.pem" -inkey "$T/evil/key.pem" -out "$T/forged.json.p7s"
run_rc rc "$WIPE" cert verify --identity "$T/id" "$T/forged.json" >"$T/out"
[ "$rc" -eq 1 ] || fail "forged certificate accepted: exit $rc"
grep -q "not trusted" "$T/out" || fail "forgery reason: $(cat "$T/out")"
# signed by the right key but naming another organisation
"$WIPE" identity create "$T/other2" --org "Test Clinic Annex" --operator X 2>/dev/null
cp "${certs[0]}" "$T/org.json"
openssl cms -sign -binary -outform DER -nosmimecap -in "$T/org.json" \
	-signer "$T/other2/cert.pem" -inkey "$T/other2/key.pem" -out "$T/org.json.p7s"
run_rc rc "$WIPE" cert verify --ca "$T/other2/cert.pem" "$T/org.json" >"$T/out"
[ "$rc" -eq 1 ] || fail "organisation mismatch accepted: exit $rc"
grep -q "names 'Test Clinic'" "$T/out" || fail "org reason: $(cat "$T/out")"
# a certificate issued before the move to Rev. 2 names "Rev. 1": as signed
# by the right key it stays valid (the standards strings are not re-judged)
sed 's/NIST SP 800-88 Rev. 2 Clear/NIST SP 800-88 Rev. 1 Clear/' "${certs[0]}" >"$T/old.json"
grep -q '"NIST SP 800-88 Rev. 1 Clear"' "$T/old.json" || fail "old certificate fixture"
openssl cms -sign -binary -outform DER -nosmimecap -in "$T/old.json" \
	-signer "$T/id/cert.pem" -inkey "$T/id/key.pem" -out "$T/old.json.p7s"
"$WIPE" cert verify --ca "$T/id/cert.pem" "$T/old.json" >"$T/out" ||
	fail "a Rev. 1 certificate no longer verifies: $(cat "$T/out")"
# show renders the Appendix G fields
"$WIPE" cert show "${certs[0]}" >"$T/show"
for f in "name:          Ada Tester" "organization:  Test Clinic" \
	"method type:   clear" "method:        zero" "result:        passed" \
	"NIST SP 800-88 Rev. 2 Clear"; do
	grep -qF "$f" "$T/show" || fail "show lacks '$f'"
done
