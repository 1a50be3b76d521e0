#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Three loop devices erased in one run, in parallel: one certificate each,
# a summary row each, exit 0; the certificates chain in issue order.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
need_root

make_identity
devs=()
for i in 1 2 3; do
	new_loop 64M
	d=$LOOP
	mkfs.ext4 -q "$d"
	devs+=("$d")
done
run_rc rc erase --yes --method zero "${devs[@]}" >"$T/table" 2>"$T/err"
[ "$rc" -eq 0 ] || fail "exit $rc: $(cat "$T/table" "$T/err")"
for d in "${devs[@]}"; do
	grep -qE "^$d +zero +success +passed +$T/certs/" "$T/table" ||
		fail "no summary row for $d: $(cat "$T/table")"
	cmp -s "$d" <(head -c 64M /dev/zero) || fail "$d not zeroed"
done
[ "$(ls "$T"/certs/*.json | wc -l)" -eq 3 ] || fail "three certificates"
for c in "$T"/certs/*.json; do openssl_ok "$c" || fail "openssl $c"; done
python3 - "$T"/certs/*.json <<PY
import json, sys
devs = sorted(json.load(open(p))["media"]["device"] for p in sys.argv[1:])
assert devs == sorted("${devs[*]}".split()), devs
PY
"$WIPE" cert verify --identity "$T/id" "$T/certs" >/dev/null || fail "chain"
