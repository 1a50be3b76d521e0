#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# build: no-test-hooks
# A shipped build has no clock override: with the old test variable
# SANITAS_FAKE_NOW set to the year 2000, the identity, the certificate's
# issued_at and the CMS signing time all carry the real time, and the
# binary does not even contain the variable's name.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"

for b in "$WIPE" "$BIN/respond"; do
	if grep -aq -e SANITAS_FAKE_NOW -e SANITAS_FAULT "$b"; then
		fail "$(basename "$b") contains a test hook name"
	fi
done

export SANITAS_FAKE_NOW=946684800 # 2000-01-01T00:00:00Z
before=$(date +%s)
"$WIPE" identity create "$T/id" --org "Clinic" --operator "Ada" 2>/dev/null
truncate -s 1M "$T/d.img"
"$WIPE" erase --identity "$T/id" --cert-dir "$T/certs" --state-dir "$T/state" \
	--yes --quiet --method one "$T/d.img" >/dev/null
after=$(date +%s)
c=$(ls "$T"/certs/*.json)

# the signer's certificate starts now, not in 2000
nb=$(date -d "$(openssl x509 -in "$T/id/cert.pem" -noout -startdate |
	cut -d= -f2)" +%s)
[ "$nb" -ge $((before - 5)) ] && [ "$nb" -le $((after + 5)) ] ||
	fail "identity notBefore $nb is not the real time ($before..$after)"
at=$(date -d "$(jget "$c" 'd["issued_at"]')" +%s)
[ "$at" -ge "$before" ] && [ "$at" -le "$after" ] ||
	fail "issued_at $at is not the real time ($before..$after)"
st=$(openssl cms -cmsout -print -inform DER -in "$c.p7s" |
	sed -n '/signingTime/,/UTCTIME/s/.*UTCTIME:\(.*\)$/\1/p' | head -1)
[ -n "$st" ] || fail "no CMS signing time"
st=$(date -d "$st" +%s)
[ "$st" -ge "$before" ] && [ "$st" -le "$after" ] ||
	fail "CMS signing time $st is not the real time ($before..$after)"
"$WIPE" cert verify --ca "$T/id/cert.pem" "$c" >/dev/null ||
	fail "the certificate does not verify"
