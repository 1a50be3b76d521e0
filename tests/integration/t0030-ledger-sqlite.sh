#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe ledger on SQLite: real certificates from `wipe erase` on image
# files, checked with the sqlite3 tool: trust anchors, ingest with the
# original bytes, duplicates a no-op, tampered, malformed, unsigned and
# untrusted certificates rejected with nothing stored from their batch,
# append-only rows, find, verify naming a gap and altered bytes, the file
# created 0600 in WAL mode; then on a fresh file the migration from
# version 1, erase --customer --job --ledger, find --customer --job --csv,
# a fork, and kill -9 during a 4,000-certificate ingest.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/ledger.bash"

command -v sqlite3 >/dev/null || skip "no sqlite3"
DB="$T/ledger.db"
q() { sqlite3 -bail "$DB" "$1"; }
extract_json() { sqlite3 "$DB" "SELECT writefile('$T/x', json) FROM certificates WHERE sha256 = '$1'" >/dev/null && cat "$T/x"; }
# the file is 0600 whatever the umask
(umask 022 && "$WIPE" ledger --ledger "$DB" trust list >/dev/null) || fail "open"
[ "$(stat -c %a "$DB")" = 600 ] || fail "mode $(stat -c %a "$DB")"
[ "$(q "PRAGMA journal_mode")" = wal ] || fail "not WAL"
ledger_checks "$DB" q
# $SANITAS_LEDGER names the default
SANITAS_LEDGER="$DB" "$WIPE" ledger trust list >/dev/null || fail "env"
# a ledger newer than this build is refused, untouched
q "INSERT INTO schema_migrations VALUES (99, 'x')"
run_rc rc "$WIPE" ledger --ledger "$DB" trust list 2>"$T/err"
[ "$rc" -eq 65 ] && grep -q "version 99 is newer" "$T/err" || fail "newer schema: $rc $(cat "$T/err")"
# the job fields, erase --ledger, a fork and kill -9, on a fresh file
DB="$T/jobs.db"
ledger_job_checks "$DB" q
