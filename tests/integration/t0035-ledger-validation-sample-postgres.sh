#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Validation records, samples and custody events in a PostgreSQL ledger
# (the server started by the test): the checks t0050, t0051 and t0052
# make on SQLite, checked with psql.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/ledger.bash"

pg_start
q() { "${PSQL[@]}" -v ON_ERROR_STOP=1 -c "$1"; }
ledger_validation_checks "$LEDGER_URI" q
"${PSQL[@]}" -c "CREATE DATABASE samples" || fail "createdb samples"
q2() { psql -X -q -At -h "$T/sock" -U postgres -d samples -v ON_ERROR_STOP=1 -c "$1"; }
ledger_sample_checks "postgresql:///samples?host=$T/sock&user=postgres" q2
"${PSQL[@]}" -c "CREATE DATABASE custody" || fail "createdb custody"
q3() { psql -X -q -At -h "$T/sock" -U postgres -d custody -v ON_ERROR_STOP=1 -c "$1"; }
ledger_custody_checks "postgresql:///custody?host=$T/sock&user=postgres" q3
