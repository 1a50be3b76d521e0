#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe ledger on PostgreSQL: the same checks as on SQLite, against a real
# server this test starts (initdb as postgres into its scratch directory,
# a Unix socket there, stopped on exit), checked with psql; the job
# checks on a second database, and a station role with only the
# documented privileges.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/ledger.bash"

pg_start
q() { "${PSQL[@]}" -v ON_ERROR_STOP=1 -c "$1"; }
extract_json() { "${PSQL[@]}" -c "SELECT encode(json, 'base64') FROM certificates WHERE sha256 = '$1'" | base64 -d; }
ledger_checks "$LEDGER_URI" q
# the schema was created once, by the first use: all seven migrations
[ "$(q "SELECT count(*) FROM schema_migrations")" = 7 ] || fail "seven migrations"
# a bad URI: a database error, exit 74
run_rc rc "$WIPE" ledger --ledger "postgresql:///nosuch?host=$T/sock&user=postgres" trust list 2>"$T/err"
[ "$rc" -eq 74 ] || fail "no such database: exit $rc $(cat "$T/err")"
grep -q "cannot connect" "$T/err" || fail "says so: $(cat "$T/err")"
# the job fields, erase --ledger, a fork and kill -9, on a fresh database
"${PSQL[@]}" -c "CREATE DATABASE jobs" || fail "createdb jobs"
q2() { psql -X -q -At -h "$T/sock" -U postgres -d jobs -v ON_ERROR_STOP=1 -c "$1"; }
ledger_job_checks "postgresql:///jobs?host=$T/sock&user=postgres" q2
# a station's role with only the privileges docs/ledger.md lists: add,
# find and verify work; changing a record does not
q "CREATE ROLE station LOGIN" >/dev/null
q "GRANT CONNECT ON DATABASE jobs TO station" >/dev/null
q2 "GRANT USAGE ON SCHEMA public TO station; GRANT SELECT, INSERT ON schema_migrations, certificates, validations, samples, custody TO station; GRANT SELECT, INSERT, UPDATE (removed_at) ON trust_anchors TO station" >/dev/null
ST="postgresql:///jobs?host=$T/sock&user=station"
truncate -s 1M "$T/s1.img"
erase --yes --quiet --json --method zero --ledger "$ST" "$T/s1.img" >"$T/s.json" 2>"$T/err" ||
	fail "erase --ledger as the station role: $(cat "$T/s.json" "$T/err")"
[ "$(jget "$T/s.json" 'd["jobs"][0]["ledger"]')" = recorded ] || fail "recorded as station"
sha=$(sha256sum "$(jget "$T/s.json" 'd["jobs"][0]["certificate"]')" | cut -d' ' -f1)
"$WIPE" ledger --ledger "$ST" find --jsonl | grep -q "\"sha256\":\"$sha\"" || fail "find as station"
# the jobs ledger holds the fork made above: the station's verify finds it
# and says exactly what the owner's verify says
run_rc rc "$WIPE" ledger --ledger "$ST" verify >"$T/v-station"
[ "$rc" -eq 1 ] || fail "verify as station: exit $rc: $(cat "$T/v-station")"
grep -q "^fork " "$T/v-station" || fail "the station sees the fork: $(cat "$T/v-station")"
run_rc rc "$WIPE" ledger --ledger "postgresql:///jobs?host=$T/sock&user=postgres" verify >"$T/v-owner"
diff "$T/v-owner" "$T/v-station" >/dev/null || fail "station and owner differ: $(diff "$T/v-owner" "$T/v-station")"
psql -X -q -At -h "$T/sock" -U station -d jobs -c "UPDATE certificates SET job = 'x'" 2>"$T/err" &&
	fail "the station role changed a record"
grep -q "permission denied" "$T/err" || fail "refused by privilege: $(cat "$T/err")"
