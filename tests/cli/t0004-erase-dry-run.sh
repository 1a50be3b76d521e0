#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# --dry-run prints the full plan and writes nothing (not even a certificate).
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"

make_identity
truncate -s 8M "$T/d.img"
mkfs.ext4 -q "$T/d.img"
before=$(sha256sum <"$T/d.img")
erase --dry-run --method random --passes 2 --verify sample "$T/d.img" >"$T/plan"
grep -q "method:    random (clear, overwrite)" "$T/plan" || fail "plan: $(cat "$T/plan")"
grep -q "passes:    2" "$T/plan" || fail "passes in plan"
grep -q "verify:    sample" "$T/plan" || fail "verify in plan"
grep -q "nothing was written" "$T/plan" || fail "says nothing written"
erase --dry-run --json "$T/d.img" >"$T/plan.json"
[ "$(jget "$T/plan.json" 'd["schema"]')" = sanitas.erase-plan/1 ] || fail schema
[ "$(jget "$T/plan.json" 'd["jobs"][0]["method"]')" = random ] || fail "auto on a file is random"
[ "$(jget "$T/plan.json" 'd["jobs"][0]["category"]')" = clear ] || fail category
[ "$(sha256sum <"$T/d.img")" = "$before" ] || fail "dry run changed the image"
[ ! -e "$T/certs" ] || fail "dry run wrote a certificate"
[ ! -e "$T/state" ] || fail "dry run wrote a checkpoint"
