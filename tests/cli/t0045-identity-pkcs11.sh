#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A signing identity whose key lives in a PKCS#11 token: SoftHSM 2 (its
# token initialised here, in a directory of the test's own through
# SOFTHSM2_CONF), a P-256 key pair made inside it by pkcs11-tool. wipe
# identity create --pkcs11 URI writes key.uri and a certificate of the
# token's public key, signed in the token; wipe erase signs with it a
# certificate that openssl cms -verify accepts; a wrong PIN erases nothing
# (exit 78, the image compares equal); the private key is sensitive and
# never extractable, and what an export through the engine gives cannot
# sign for it.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/hwkey.bash"

softhsm_setup
umask 077
URI=$P11_URI

run_rc rc "$WIPE" identity create "$T/id" --org "Test Clinic" --operator "Ada" \
	--pkcs11 "pkcs11:token=station;object=signkey;pin-value=246810" 2>"$T/err"
[ "$rc" -eq 64 ] || fail "a PIN in the URI: exit $rc, want 64"
"$WIPE" identity create "$T/id" --org "Test Clinic" --operator "Ada" \
	--pkcs11 "$URI" --passphrase-file "$T/pin" 2>"$T/err" || fail "create: $(cat "$T/err")"
[ -e "$T/id/key.uri" ] && [ ! -e "$T/id/key.pem" ] || fail "a key file outside the token"
grep -qx "$URI" "$T/id/key.uri" || fail "key.uri: $(cat "$T/id/key.uri")"
"$WIPE" identity show "$T/id" | grep -q "key:          pkcs11:token=station" || fail show
# the certificate carries the token's public key, and the token signed it
p11 --read-object --type pubkey --id 07 -o "$T/tok.pub" >/dev/null 2>&1
openssl pkey -pubin -inform DER -in "$T/tok.pub" -outform PEM >"$T/tok.pem"
openssl x509 -in "$T/id/cert.pem" -noout -pubkey >"$T/cert.pub"
cmp -s "$T/tok.pem" "$T/cert.pub" || fail "cert.pem does not carry the token's key"
openssl verify -CAfile "$T/id/cert.pem" "$T/id/cert.pem" >/dev/null 2>&1 ||
	fail "the self-signed certificate does not verify"

head -c 1M /dev/urandom >"$T/d.img"
cp "$T/d.img" "$T/orig.img"
run_rc rc erase --yes --quiet --method zero --passphrase-file "$T/badpin" "$T/d.img" 2>"$T/err"
[ "$rc" -eq 78 ] || fail "wrong PIN: exit $rc, want 78: $(cat "$T/err")"
cmp -s "$T/d.img" "$T/orig.img" || fail "wrong PIN: the image changed"
[ ! -e "$T/certs" ] && [ ! -e "$T/state" ] || fail "wrong PIN: something was written"
erase --yes --quiet --method zero --passphrase-file "$T/pin" "$T/d.img" >/dev/null 2>"$T/err" ||
	fail "erase with the token: $(cat "$T/err")"
c=$(ls "$T"/certs/*.json)
openssl_ok "$c" || fail "openssl cms -verify rejects the token's signature"
cmp -s -n 1048576 "$T/d.img" /dev/zero || fail "not erased"

# the private key stays in the token
softhsm_key_stays "$T/id/cert.pem"
grep -rlq "PRIVATE KEY" "$T/id" && fail "a private key in the identity directory"

exit 0
