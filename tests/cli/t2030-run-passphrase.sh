#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# respond run with a passphrase-protected identity (a key encrypted by
# stock openssl, as an organisation would issue it): a wrong passphrase, or
# none without a terminal, is refused with exit 78 before the case exists;
# the right one seals a case that respond verify and openssl cms -verify
# accept; resume takes the same --passphrase-file.
. "$SRCDIR/tests/lib/respond.bash"
rt_setup
umask 077
printf 'station secret\n' >"$T/pass"
printf 'not it\n' >"$T/bad"
openssl pkcs8 -topk8 -scrypt -in "$ID/key.pem" -out "$ID/key.enc" \
	-passout "file:$T/pass" 2>/dev/null
mv "$ID/key.enc" "$ID/key.pem"
chmod 600 "$ID/key.pem" "$T/pass" "$T/bad"
if [ -n "$RUN" ]; then
	chown nobody:nogroup "$ID/key.pem" "$T/pass" "$T/bad"
fi

rc=0
rt_triage "$CASES/c1" --yes --passphrase-file "$T/bad" 2>"$T/err" || rc=$?
[ "$rc" -eq 78 ] || rt_fail "wrong passphrase: exit $rc, want 78: $(cat "$T/err")"
grep -q "wrong passphrase" "$T/err" || rt_fail "message: $(cat "$T/err")"
[ ! -e "$CASES/c1" ] || rt_fail "a case was made with a wrong passphrase"
rc=0
rt_triage "$CASES/c1" --yes </dev/null 2>"$T/err" || rc=$?
[ "$rc" -eq 78 ] || rt_fail "no passphrase: exit $rc, want 78"
[ ! -e "$CASES/c1" ] || rt_fail "a case was made without the passphrase"

rt_triage "$CASES/c1" --yes --passphrase-file "$T/pass" 2>"$T/err" ||
	rt_fail "run: $(cat "$T/err")"
"$BIN/respond" verify "$CASES/c1" >/dev/null || rt_fail "respond verify"
openssl cms -verify -binary -inform DER -in "$CASES/c1/SHA256SUMS.p7s" \
	-content "$CASES/c1/SHA256SUMS" -CAfile "$ID/cert.pem" -purpose any \
	-out /dev/null 2>/dev/null || rt_fail "openssl cms -verify rejects the seal"
rc=0
$RUN "$BIN/respond" resume --case "$CASES/c1" --identity "$ID" \
	--passphrase-file "$T/bad" --yes --quiet 2>"$T/err" || rc=$?
[ "$rc" -eq 78 ] || rt_fail "resume, wrong passphrase: exit $rc: $(cat "$T/err")"
exit 0
