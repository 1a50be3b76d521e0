#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe ledger sample on SQLite: 5 % of 200 certificates is 10, the same
# seed gives the same sample and another seed another, the pick checked
# against the rule recomputed by python3 over the stored hashes, ceil on
# one station (3 of 50), the sample records stored append-only; the
# report's share validated per month and station after two of the
# sample are validated.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/ledger.bash"

command -v sqlite3 >/dev/null || skip "no sqlite3"
DB="$T/ledger.db"
q() { sqlite3 -bail "$DB" "$1"; }
ledger_sample_checks "$DB" q
