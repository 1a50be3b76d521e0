#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# build: no-test-hooks
# A shipped respond has no crash points: with the old test variable
# SANITAS_FAULT naming the point inside revoke.x509, the run is not killed;
# the CRL is issued and the case verifies.
. "$SRCDIR/tests/lib/contain.bash"
ct_setup
CA=$HOST/etc/pki/ca
ct_make_ca "$CA"
C=$CASES/c1
rc=0
ct_revoke_tls_key "$C" SANITAS_FAULT=x509-after-index || rc=$?
[ "$rc" -eq 0 ] || ct_fail "run exited $rc: $(cat "$T/err")"
[ "$(cat "$CA/crlnumber")" = 02 ] || ct_fail "crlnumber $(cat "$CA/crlnumber")"
openssl crl -in "$CA/crl.pem" -noout -text | grep -q 'Serial Number: 1000' ||
	ct_fail "the CRL lacks the serial"
"$BIN/respond" verify "$C" >/dev/null || ct_fail "respond verify"
