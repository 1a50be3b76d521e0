#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe ledger custody add on SQLite: events signed by the person
# responsible (an untrusted identity refused, 77), the medium's history
# in order in ledger show (received, certificate, validation, shipped),
# an event file signed with stock openssl stored and a forged one
# rejected, append-only rows, the stored bytes checked by openssl, an
# event altered in the database named by ledger verify.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/ledger.bash"

command -v sqlite3 >/dev/null || skip "no sqlite3"
DB="$T/ledger.db"
q() { sqlite3 -bail "$DB" "$1"; }
ledger_custody_checks "$DB" q
# the stored bytes of each event verify with stock openssl
for sha in $(q "SELECT sha256 FROM custody"); do
	q "SELECT writefile('$T/e.json', json), writefile('$T/e.json.p7s', p7s) FROM custody WHERE sha256 = '$sha'" >/dev/null
	[ "$(sha256sum "$T/e.json" | cut -d' ' -f1)" = "$sha" ] || fail "stored bytes of $sha"
	openssl cms -verify -binary -inform DER -in "$T/e.json.p7s" -content "$T/e.json" \
		-CAfile "$T/cal/cert.pem" -purpose any -out /dev/null 2>/dev/null ||
		fail "openssl refuses event $sha"
done
# an event altered in the database, its trigger dropped: verify names it
alt=$(q "SELECT sha256 FROM custody WHERE event = 'shipped'")
q "DROP TRIGGER custody_no_update"
q "UPDATE custody SET json = CAST(replace(CAST(json AS TEXT), 'Acme recycling', 'Anywhere') AS BLOB) WHERE sha256 = '$alt'"
run_rc rc "$WIPE" ledger --ledger "$DB" verify >"$T/out"
[ "$rc" -eq 1 ] && grep -q "^json-hash $alt " "$T/out" && grep -q "custody event of BENCH00000007: the content does not match" "$T/out" ||
	fail "an altered event: exit $rc: $(cat "$T/out")"
