#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe ledger honours identity revocation and carries RFC 3161 tokens, on
# SQLite: a station identity issued by a real CA (openssl ca) and revoked
# at T, a local TSA (openssl ts -reply behind a loopback listener). add
# --crl rejects a certificate time-stamped after T and one with no token
# ("time unproven"), accepts one time-stamped before T; a CRL the ledger's
# anchors did not sign is refused (65); a damaged token is rejected with
# --tsa-ca. The token is stored (checked with sqlite3), verify --crl names
# the revoked records, show gives the TSA's time (compared with openssl ts
# -reply -text), and an exported bundle holds each token, checked by stock
# openssl ts -verify, which rejects a flipped byte.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/tsa.bash"
. "$SRCDIR/tests/lib/ca.bash"
. "$SRCDIR/tests/lib/ledger.bash"
trap 'tsa_stop; cleanup' EXIT

command -v sqlite3 >/dev/null || skip "no sqlite3"
command -v bsdtar >/dev/null || skip "no bsdtar"
DB="$T/ledger.db"
q() { sqlite3 -bail "$DB" "$1"; }
tsr_hex_expr() { echo "lower(hex(tsr))"; }
ledger_trust_setup
"$WIPE" ledger --ledger "$DB" trust list >/dev/null || fail "open"
ledger_trust_checks "$DB" q
exit 0
