#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# respond run --tsa: the seal's signature time-stamped by a local TSA
# (openssl ts -reply behind a loopback listener) as SHA256SUMS.p7s.tsr,
# which openssl ts -verify accepts and respond verify --tsa-ca reports as
# the TSA's time; without --tsa-ca, or without a token, the time is said
# to be the signer's own claim; a flipped byte or another case's token is a
# mismatch (exit 1); an unreachable TSA stops the run before the case is
# made (exit 69).
. "$SRCDIR/tests/lib/respond.bash"
rt_setup
. "$SRCDIR/tests/lib/tsa.bash"
trap 'tsa_stop; rm -rf "$T"' EXIT
tsa_setup
tsa_start

rt_triage "$CASES/c1" --yes --tsa "$TSA_URL" --tsa-ca "$TSA_CA" 2>"$T/err" ||
	rt_fail "run: $(cat "$T/err")"
C=$CASES/c1
[ -s "$C/SHA256SUMS.p7s.tsr" ] || rt_fail "no token beside the seal"
openssl ts -verify -in "$C/SHA256SUMS.p7s.tsr" -data "$C/SHA256SUMS.p7s" \
	-CAfile "$TSA_CA" >/dev/null 2>&1 || rt_fail "openssl ts -verify rejects the seal's token"
"$BIN/respond" verify --tsa-ca "$TSA_CA" "$C" >"$T/v" 2>&1 || rt_fail "verify: $(cat "$T/v")"
grep -q "sealed at .* by the time-stamp of TSA .*Test TSA" "$T/v" || rt_fail "not the TSA's time: $(cat "$T/v")"
"$BIN/respond" verify --tsa-ca "$TSA_CA" --json "$C" >"$T/v.json"
[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["details"]["time_source"])' "$T/v.json")" = tsa ] ||
	rt_fail "json time_source"
"$BIN/respond" verify "$C" >"$T/v" 2>&1 || rt_fail "verify without --tsa-ca"
grep -q "the signer's own claim (a time-stamp token is beside it, unchecked" "$T/v" ||
	rt_fail "without --tsa-ca: $(cat "$T/v")"

# a flipped byte, another case's token
cp "$C/SHA256SUMS.p7s.tsr" "$T/good.tsr"
printf '\001' | dd of="$C/SHA256SUMS.p7s.tsr" bs=1 seek=$(($(stat -c %s "$T/good.tsr") - 20)) conv=notrunc 2>/dev/null
rc=0
"$BIN/respond" verify --tsa-ca "$TSA_CA" "$C" >/dev/null 2>"$T/v" || rc=$?
[ "$rc" -eq 1 ] || rt_fail "a flipped token byte: exit $rc"
cp "$T/good.tsr" "$C/SHA256SUMS.p7s.tsr"
rt_triage "$CASES/c2" --yes 2>/dev/null || rt_fail "run c2"
"$BIN/respond" verify --tsa-ca "$TSA_CA" "$CASES/c2" >"$T/v" 2>&1 || rt_fail "c2 verify"
grep -q "the signer's own claim (no time-stamp)" "$T/v" || rt_fail "no token: $(cat "$T/v")"
cp "$T/good.tsr" "$CASES/c2/SHA256SUMS.p7s.tsr"
rc=0
"$BIN/respond" verify --tsa-ca "$TSA_CA" "$CASES/c2" >/dev/null 2>"$T/v" || rc=$?
[ "$rc" -eq 1 ] || rt_fail "another case's token: exit $rc"
grep -q "over other data" "$T/v" || rt_fail "reason: $(cat "$T/v")"

tsa_stop
rc=0
rt_triage "$CASES/c3" --yes --tsa "$TSA_URL" 2>"$T/err" || rc=$?
[ "$rc" -eq 69 ] || rt_fail "no TSA: exit $rc, want 69: $(cat "$T/err")"
[ ! -e "$CASES/c3" ] || rt_fail "a case was made without its TSA"
exit 0
