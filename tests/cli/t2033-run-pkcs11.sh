#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# respond run with an identity whose key lives in a PKCS#11 token
# (SoftHSM 2, the key pair made inside the token by pkcs11-tool, the
# identity by wipe identity create --pkcs11): a wrong PIN is refused with
# exit 78 before the case exists; with the right one the case is sealed
# by the token's key: openssl cms -verify accepts SHA256SUMS.p7s against
# the identity's certificate, respond verify passes, the custody journal
# (listed in the signed SHA256SUMS) recorded the token identity's
# fingerprint at the start, and the private key never left the token.
. "$SRCDIR/tests/lib/respond.bash"
fail() { rt_fail "$@"; }
skip() {
	echo "SKIP: $*"
	exit 77
}
. "$SRCDIR/tests/lib/hwkey.bash"
rt_setup
softhsm_setup
HW=$T/hwid
"$BIN/wipe" identity create "$HW" --org "Test" --operator "Tester" \
	--pkcs11 "$P11_URI" --passphrase-file "$T/pin" 2>"$T/err" ||
	fail "identity create --pkcs11: $(cat "$T/err")"
[ -e "$HW/key.uri" ] && [ ! -e "$HW/key.pem" ] || fail "a key file outside the token"
if [ -n "$RUN" ]; then
	chown -R nobody:nogroup "$HW" "$T/tokens" "$T/pin" "$T/badpin"
	chmod 644 "$SOFTHSM2_CONF"
fi
run() {
	$RUN "$BIN/respond" run "$PLAYBOOK" --root "$HOSTTREE" --case "$1" \
		--identity "$HW" --set max_file_size=1M --quiet --yes "${@:2}"
}

rc=0
run "$CASES/bad" --passphrase-file "$T/badpin" 2>"$T/err" || rc=$?
[ "$rc" -eq 78 ] || fail "wrong PIN: exit $rc, want 78: $(cat "$T/err")"
[ ! -e "$CASES/bad" ] || fail "a case was made with a wrong PIN"

run "$CASES/c1" --passphrase-file "$T/pin" 2>"$T/err" || fail "run: $(cat "$T/err")"
openssl cms -verify -binary -inform DER -in "$CASES/c1/SHA256SUMS.p7s" \
	-content "$CASES/c1/SHA256SUMS" -CAfile "$HW/cert.pem" -purpose any \
	-out /dev/null 2>/dev/null || fail "openssl cms -verify rejects the token's seal"
(cd "$CASES/c1" && sha256sum -c --quiet SHA256SUMS) || fail "sha256sum -c"
grep -q "  custody.jsonl$" "$CASES/c1/SHA256SUMS" || fail "the journal is not under the seal"
"$BIN/respond" verify --ca "$HW/cert.pem" --json "$CASES/c1" >"$T/v.json" ||
	fail "respond verify: $(cat "$T/v.json")"
fp=$(openssl x509 -in "$HW/cert.pem" -outform DER | sha256sum | cut -d' ' -f1)
grep -q "\"signer_fingerprint\": *\"$fp\"" "$T/v.json" || fail "verify: not the token's key: $(cat "$T/v.json")"
grep -q "\"recorded_fingerprint\": *\"$fp\"" "$T/v.json" || fail "verify: recorded: $(cat "$T/v.json")"
head -1 "$CASES/c1/custody.jsonl" | grep -q "\"fingerprint\":\"$fp\"" ||
	fail "run.start did not record the token identity: $(head -1 "$CASES/c1/custody.jsonl")"
softhsm_key_stays "$HW/cert.pem"
grep -rlq "PRIVATE KEY" "$HW" "$CASES" && fail "a private key on disk"
exit 0
