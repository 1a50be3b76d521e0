#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# respond verify --crl with a responder identity issued by a real CA
# (openssl ca) and revoked at T: a case whose seal the TSA timed before T
# is intact; one sealed by the stolen key after T is a mismatch (exit 1);
# one without a token is "signed by a since-revoked key, time unproven"
# (exit 1). Without --crl all three are intact.
. "$SRCDIR/tests/lib/respond.bash"
rt_setup
. "$SRCDIR/tests/lib/tsa.bash"
. "$SRCDIR/tests/lib/ca.bash"
trap 'tsa_stop; rm -rf "$T"' EXIT
ca_make "$T/ca"
cp "$T/ca/station.key" "$ID/key.pem"
openssl x509 -in "$T/ca/station.pem" -out "$ID/cert.pem"
chmod 600 "$ID/key.pem"
if [ -n "$RUN" ]; then
	chown nobody:nogroup "$ID/key.pem" "$ID/cert.pem"
fi
tsa_setup
tsa_start
rt_triage "$CASES/before" --yes --tsa "$TSA_URL" 2>/dev/null || rt_fail "run before"
rt_triage "$CASES/untimed" --yes 2>/dev/null || rt_fail "run untimed"
sleep 2
ca_revoke_station "$T/ca"
sleep 2
rt_triage "$CASES/after" --yes --tsa "$TSA_URL" 2>/dev/null || rt_fail "run after"

v() { "$BIN/respond" verify --ca "$T/ca/ca.pem" --tsa-ca "$TSA_CA" "$@"; }
for c in before untimed after; do
	v "$CASES/$c" >/dev/null 2>&1 || rt_fail "without --crl, $c should be intact"
done
v --crl "$T/ca/crl.pem" "$CASES/before" >"$T/v" 2>&1 || rt_fail "before: $(cat "$T/v")"
v --crl "$T/ca/crl.pem" --json "$CASES/before" >"$T/v.json"
[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["details"]["revocation"])' "$T/v.json")" = signed-before-revocation ] ||
	rt_fail "json revocation: $(cat "$T/v.json")"
rc=0
v --crl "$T/ca/crl.pem" "$CASES/after" >/dev/null 2>"$T/v" || rc=$?
[ "$rc" -eq 1 ] || rt_fail "sealed after the revocation: exit $rc"
grep -q "after its key was revoked at" "$T/v" || rt_fail "after: $(cat "$T/v")"
rc=0
v --crl "$T/ca/crl.pem" "$CASES/untimed" >/dev/null 2>"$T/v" || rc=$?
[ "$rc" -eq 1 ] || rt_fail "no token: exit $rc"
grep -q "signed by a since-revoked key, time unproven" "$T/v" || rt_fail "untimed: $(cat "$T/v")"
exit 0
