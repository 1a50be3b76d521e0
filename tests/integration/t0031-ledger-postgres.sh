#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe ledger on PostgreSQL: the same checks as on SQLite, against a real
# server this test starts (initdb as postgres into its scratch directory,
# a Unix socket there, stopped on exit), checked with psql; the job
# checks on a second database.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/ledger.bash"

pg_start
q() { "${PSQL[@]}" -v ON_ERROR_STOP=1 -c "$1"; }
extract_json() { "${PSQL[@]}" -c "SELECT encode(json, 'base64') FROM certificates WHERE sha256 = '$1'" | base64 -d; }
ledger_checks "$LEDGER_URI" q
# the schema was created once, by the first use: both migrations
[ "$(q "SELECT count(*) FROM schema_migrations")" = 2 ] || fail "two migrations"
# a bad URI: a database error, exit 74
run_rc rc "$WIPE" ledger --ledger "postgresql:///nosuch?host=$T/sock&user=postgres" trust list 2>"$T/err"
[ "$rc" -eq 74 ] || fail "no such database: exit $rc $(cat "$T/err")"
grep -q "cannot connect" "$T/err" || fail "says so: $(cat "$T/err")"
# the job fields, erase --ledger, a fork and kill -9, on a fresh database
"${PSQL[@]}" -c "CREATE DATABASE jobs" || fail "createdb jobs"
q2() { psql -X -q -At -h "$T/sock" -U postgres -d jobs -v ON_ERROR_STOP=1 -c "$1"; }
ledger_job_checks "postgresql:///jobs?host=$T/sock&user=postgres" q2
