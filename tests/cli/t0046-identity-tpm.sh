#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A signing identity whose key is made in a TPM 2.0: swtpm started here
# (its state in the test's directory), reached through the tpm2-openssl
# provider. wipe identity create --tpm keeps only the TPM-wrapped blob
# (key.tss, TSS2 PRIVATE KEY); wipe erase signs with it a certificate that
# openssl cms -verify accepts. The key is not exportable: stock openssl
# reads no private key from the blob, and what the provider exports cannot
# sign for the certificate's key. Another TPM (the disk copied to another
# machine) cannot use it: exit 78, nothing erased.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/swtpm.bash"
. "$SRCDIR/tests/lib/hwkey.bash"
trap 'swtpm_stop_all; cleanup' EXIT

tpm_require
swtpm_start station

"$WIPE" identity create "$T/id" --org "Test Clinic" --operator "Ada" --tpm \
	2>"$T/err" || fail "create: $(cat "$T/err")"
[ -s "$T/id/key.tss" ] && [ ! -e "$T/id/key.pem" ] || fail "a key file outside the TPM"
head -1 "$T/id/key.tss" | grep -qx -- "-----BEGIN TSS2 PRIVATE KEY-----" || fail "not a TSS2 blob"
[ "$(stat -c %a "$T/id/key.tss")" = 600 ] || fail "blob mode"
"$WIPE" identity show "$T/id" | grep -q "key:          key.tss, in the TPM 2.0" || fail show
openssl verify -CAfile "$T/id/cert.pem" "$T/id/cert.pem" >/dev/null 2>&1 ||
	fail "the TPM-signed certificate does not verify"

head -c 1M /dev/urandom >"$T/d.img"
cp "$T/d.img" "$T/orig.img"
erase --yes --quiet --method zero "$T/d.img" >/dev/null 2>"$T/err" ||
	fail "erase with the TPM key: $(cat "$T/err")"
c=$(ls "$T"/certs/*.json)
openssl_ok "$c" || fail "openssl cms -verify rejects the TPM's signature"

# not exportable
tpm_key_stays "$T/id"

# the same directory on another machine: another TPM cannot use the blob
cp "$T/orig.img" "$T/d.img"
swtpm_start elsewhere
run_rc rc "$WIPE" erase --identity "$T/id" --cert-dir "$T/certs2" --state-dir "$T/state2" \
	--yes --quiet --method zero "$T/d.img" 2>"$T/err"
[ "$rc" -eq 78 ] || fail "another TPM: exit $rc, want 78: $(cat "$T/err")"
cmp -s "$T/d.img" "$T/orig.img" || fail "another TPM: the image changed"
[ ! -e "$T/certs2" ] || fail "another TPM: a certificate was written"
exit 0
