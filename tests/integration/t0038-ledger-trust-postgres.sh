#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The checks of t0037 (revocation with --crl, RFC 3161 tokens stored,
# shown, exported and checked by stock openssl ts -verify) on a real
# PostgreSQL server this test starts, checked with psql; and a ledger made
# at schema version 6 moved to 7 by the migration, its rows kept.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/tsa.bash"
. "$SRCDIR/tests/lib/ca.bash"
. "$SRCDIR/tests/lib/ledger.bash"

command -v bsdtar >/dev/null || skip "no bsdtar"
pg_start
trap 'tsa_stop; pg_stop; cleanup' EXIT
q() { "${PSQL[@]}" -v ON_ERROR_STOP=1 -c "$1"; }
tsr_hex_expr() { echo "encode(tsr, 'hex')"; }
ledger_trust_setup
"$WIPE" ledger --ledger "$LEDGER_URI" trust list >/dev/null || fail "open"
ledger_trust_checks "$LEDGER_URI" q
# migration 7 on a ledger of version 6 with a record in it: the columns
# added, the record kept, its token NULL
"${PSQL[@]}" -d postgres -c "CREATE DATABASE old" || fail "createdb old"
qo() { psql -X -q -At -h "$T/sock" -U postgres -d old -v ON_ERROR_STOP=1 -c "$1"; }
OLD="postgresql:///old?host=$T/sock&user=postgres"
"$WIPE" ledger --ledger "$OLD" trust add "$CA/ca.pem" >/dev/null || fail "trust add old"
"$WIPE" ledger --ledger "$OLD" add "$BEFORE" >/dev/null || fail "add old"
qo "ALTER TABLE certificates DROP COLUMN tsr; ALTER TABLE certificates DROP COLUMN tsa_time; DELETE FROM schema_migrations WHERE version = 7" >/dev/null 2>&1 ||
	fail "back to version 6"
[ "$(qo "SELECT max(version) FROM schema_migrations")" = 6 ] || fail "at version 6"
"$WIPE" ledger --ledger "$OLD" verify >"$T/out" || fail "verify after the migration: $(cat "$T/out")"
[ "$(qo "SELECT max(version) FROM schema_migrations")" = 7 ] || fail "migrated to 7"
[ "$(qo "SELECT count(*) FROM certificates WHERE tsr IS NULL")" = 1 ] || fail "the old row kept, no token"
exit 0
