#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# respond run with an identity whose key was made in a TPM 2.0 (swtpm
# started here, the tpm2-openssl provider; wipe identity create --tpm):
# the case is sealed by the TPM's key: openssl cms -verify accepts
# SHA256SUMS.p7s against the identity's certificate, respond verify
# passes, the custody journal (under the signed SHA256SUMS) recorded the
# TPM identity's fingerprint at the start; the key is not exportable, and
# with another TPM (the identity copied to another machine) the run is
# refused with exit 78 before the case exists.
. "$SRCDIR/tests/lib/respond.bash"
fail() { rt_fail "$@"; }
skip() {
	echo "SKIP: $*"
	exit 77
}
. "$SRCDIR/tests/lib/hwkey.bash"
. "$SRCDIR/tests/lib/swtpm.bash"
rt_setup
trap 'swtpm_stop_all; rm -rf "$T"' EXIT
tpm_require
swtpm_start station
HW=$T/hwid
"$BIN/wipe" identity create "$HW" --org "Test" --operator "Tester" --tpm \
	2>"$T/err" || fail "identity create --tpm: $(cat "$T/err")"
[ -s "$HW/key.tss" ] && [ ! -e "$HW/key.pem" ] || fail "a key file outside the TPM"
[ -n "$RUN" ] && chown -R nobody:nogroup "$HW"
run() {
	$RUN "$BIN/respond" run "$PLAYBOOK" --root "$HOSTTREE" --case "$1" \
		--identity "$HW" --set max_file_size=1M --quiet --yes "${@:2}"
}

run "$CASES/c1" 2>"$T/err" || fail "run: $(cat "$T/err")"
openssl cms -verify -binary -inform DER -in "$CASES/c1/SHA256SUMS.p7s" \
	-content "$CASES/c1/SHA256SUMS" -CAfile "$HW/cert.pem" -purpose any \
	-out /dev/null 2>/dev/null || fail "openssl cms -verify rejects the TPM's seal"
(cd "$CASES/c1" && sha256sum -c --quiet SHA256SUMS) || fail "sha256sum -c"
grep -q "  custody.jsonl$" "$CASES/c1/SHA256SUMS" || fail "the journal is not under the seal"
"$BIN/respond" verify --ca "$HW/cert.pem" --json "$CASES/c1" >"$T/v.json" ||
	fail "respond verify: $(cat "$T/v.json")"
fp=$(openssl x509 -in "$HW/cert.pem" -outform DER | sha256sum | cut -d' ' -f1)
grep -q "\"signer_fingerprint\": *\"$fp\"" "$T/v.json" || fail "verify: not the TPM's key: $(cat "$T/v.json")"
grep -q "\"recorded_fingerprint\": *\"$fp\"" "$T/v.json" || fail "verify: recorded: $(cat "$T/v.json")"
head -1 "$CASES/c1/custody.jsonl" | grep -q "\"fingerprint\":\"$fp\"" ||
	fail "run.start did not record the TPM identity: $(head -1 "$CASES/c1/custody.jsonl")"
tpm_key_stays "$HW"

# another TPM cannot use the blob: refused before the case exists
swtpm_start elsewhere
rc=0
run "$CASES/c2" 2>"$T/err" || rc=$?
[ "$rc" -eq 78 ] || fail "another TPM: exit $rc, want 78: $(cat "$T/err")"
[ ! -e "$CASES/c2" ] || fail "another TPM: a case was made"
exit 0
