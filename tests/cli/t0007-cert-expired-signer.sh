#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# build: test-hooks (SANITAS_FAKE_NOW / SANITAS_FAULT; see docs/HACKING.md)
# A certificate whose signer's X.509 certificate has since expired still
# verifies: wipe checks the signer at the signing time; stock openssl does
# with -attime <issued_at>.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"

then=$(($(date +%s) - 90 * 86400))
SANITAS_FAKE_NOW=$then "$WIPE" identity create "$T/id" --org "Old Clinic" \
	--operator "Ada" --days 2 2>/dev/null
truncate -s 2M "$T/d.img"
SANITAS_FAKE_NOW=$((then + 3600)) "$WIPE" erase --identity "$T/id" \
	--cert-dir "$T/certs" --state-dir "$T/state" --yes --quiet \
	--method one "$T/d.img" >/dev/null
c=$(ls "$T"/certs/*.json)
openssl x509 -in "$T/id/cert.pem" -noout -checkend 0 >/dev/null &&
	fail "the signer should have expired"
"$WIPE" cert verify --ca "$T/id/cert.pem" "$c" >"$T/out" || fail "wipe rejects: $(cat "$T/out")"
# plain openssl refuses an expired signer...
openssl_ok "$c" && fail "openssl without -attime accepted an expired signer"
# ...and accepts it at the issue time recorded in the certificate
at=$(date -d "$(jget "$c" 'd["issued_at"]')" +%s)
[ "$at" -eq $((then + 3600)) ] || fail "issued_at is the signing time"
openssl cms -verify -binary -inform DER -in "$c.p7s" -content "$c" \
	-CAfile "$T/id/cert.pem" -purpose any -attime "$at" -out /dev/null \
	2>/dev/null || fail "openssl -attime rejects"
