#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe identity create: a 0600 key, a self-signed certificate valid for ten
# years by default, a profile; never replaces an existing key.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"

make_identity
[ "$(stat -c %a "$T/id/key.pem")" = 600 ] || fail "key mode"
[ "$(stat -c %a "$T/id")" = 700 ] || fail "dir mode"
openssl x509 -in "$T/id/cert.pem" -noout -subject | grep -q "O = Test Clinic" || fail subject
openssl x509 -in "$T/id/cert.pem" -noout -checkend $((3649 * 86400)) >/dev/null ||
	fail "validity shorter than ten years"
openssl x509 -in "$T/id/cert.pem" -noout -checkend $((3651 * 86400)) >/dev/null &&
	fail "validity longer than ten years"
openssl pkey -in "$T/id/key.pem" -noout || fail "key unreadable"
[ "$(jget "$T/id/profile.json" 'd["operator"]')" = "Ada Tester" ] || fail profile
[ "$(jget "$T/id/profile.json" 'd["phone"]')" = "+1 555 0100" ] || fail phone
sum=$(sha256sum "$T/id/key.pem")
run_rc rc "$WIPE" identity create "$T/id" --org X --operator Y
[ "$rc" -eq 73 ] || fail "overwrite refused with 73, got $rc"
[ "$(sha256sum "$T/id/key.pem")" = "$sum" ] || fail "key replaced"
"$WIPE" identity create "$T/short" --org X --operator Y --days 30 2>/dev/null
openssl x509 -in "$T/short/cert.pem" -noout -checkend $((31 * 86400)) >/dev/null &&
	fail "--days ignored"
"$WIPE" identity show "$T/id" | grep -q "organization: Test Clinic" || fail show
# an organisation-issued key + cert without a profile works too
mkdir -m 700 "$T/org"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/org/key.pem" -out "$T/org/cert.pem" -days 30 \
	-subj "/O=Org Issued/CN=Bob" 2>/dev/null
chmod 600 "$T/org/key.pem"
"$WIPE" identity show "$T/org" | grep -q "operator:     Bob" || fail "org identity"
