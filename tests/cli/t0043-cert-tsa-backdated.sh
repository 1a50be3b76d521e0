#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# build: test-hooks
# A station whose clock was set back (the test clock, 400 days ago): its
# certificate claims the old time, but wipe cert verify --tsa-ca shows the
# TSA's time (today) beside the signer's claim. An identity that had
# expired by the TSA's time is INVALID with the token, though valid by its
# own backdated claim without one.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/tsa.bash"
trap 'tsa_stop; cleanup' EXIT

tsa_setup
tsa_start
back=$(($(date +%s) - 400 * 86400))
export SANITAS_FAKE_NOW=$back
"$WIPE" identity create "$T/id" --org "Test Clinic" --operator "Ada" 2>/dev/null
"$WIPE" identity create "$T/short" --org "Test Clinic" --operator "Ada" --days 30 2>/dev/null
truncate -s 1M "$T/d.img"
for id in id short; do
	"$WIPE" erase --identity "$T/$id" --cert-dir "$T/c-$id" --state-dir "$T/state" \
		--yes --quiet --method zero --tsa "$TSA_URL" "$T/d.img" >/dev/null ||
		fail "erase with $id"
done
unset SANITAS_FAKE_NOW
c=$(ls "$T"/c-id/*.json)
claim=$(date -u -d "@$back" +%Y-%m-%d)
today=$(date -u +%Y-%m-%d)
[ "$(jget "$c" 'd["issued_at"]')" \> "$claim" ] &&
	[ "$(jget "$c" 'd["issued_at"]')" \< "${claim}T99" ] || fail "the certificate does not claim $claim"
"$WIPE" cert verify --identity "$T/id" "$c" >"$T/v" || fail "verify: $(cat "$T/v")"
grep -q "at ${claim}T.*the signer's own claim" "$T/v" || fail "no TSA: $(cat "$T/v")"
"$WIPE" cert verify --identity "$T/id" --tsa-ca "$TSA_CA" "$c" >"$T/v" ||
	fail "verify with the TSA: $(cat "$T/v")"
grep -q "at ${today}T[0-9:]*Z by the time-stamp of TSA .*the signer's clock said ${claim}T" "$T/v" ||
	fail "the TSA's time is not shown: $(cat "$T/v")"
"$WIPE" cert verify --identity "$T/id" --tsa-ca "$TSA_CA" --json "$c" >"$T/v.json"
[ "$(jget "$T/v.json" 'd["certificates"][0]["time"]["value"][:10]')" = "$today" ] || fail "json value"
[ "$(jget "$T/v.json" 'd["certificates"][0]["time"]["signer_claim"][:10]')" = "$claim" ] || fail "json claim"

s=$(ls "$T"/c-short/*.json)
"$WIPE" cert verify --identity "$T/short" "$s" >/dev/null ||
	fail "the backdated claim alone should pass"
run_rc rc "$WIPE" cert verify --identity "$T/short" --tsa-ca "$TSA_CA" "$s" >"$T/v"
[ "$rc" -eq 1 ] || fail "an identity expired by the TSA's time: exit $rc: $(cat "$T/v")"
grep -q "by the TSA's time, when the signer's certificate was not valid" "$T/v" ||
	fail "reason: $(cat "$T/v")"
exit 0
