#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe erase --tsa: an RFC 3161 token from a local TSA (openssl ts -reply
# behind a loopback listener) over each certificate's signature, beside it
# as <id>.json.p7s.tsr; openssl ts -verify accepts it. wipe cert verify
# --tsa-ca reports the TSA's time; without --tsa-ca, or without a token,
# it says the time is the signer's own claim. A flipped byte in the token,
# or the token of another certificate, is INVALID (exit 1) for wipe and
# openssl alike. A TSA that cannot be reached, replays an old reply (its
# nonce answers another request) or is not under --tsa-ca stops the erase
# before anything is written (exit 69, the image compares equal). The
# identity's profile can name the TSA.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/tsa.bash"
trap 'tsa_stop; cleanup' EXIT

tsa_setup
tsa_start
make_identity
head -c 1M /dev/urandom >"$T/d.img"
cp "$T/d.img" "$T/orig.img"

erase --yes --quiet --method zero --tsa "$TSA_URL" --tsa-ca "$TSA_CA" \
	--json "$T/d.img" >"$T/out.json" 2>"$T/err" || fail "erase: $(cat "$T/err")"
c1=$(ls "$T"/certs/*.json)
[ -s "$c1.p7s.tsr" ] || fail "no token beside the signature"
[ "$(jget "$T/out.json" 'd["jobs"][0]["timestamp"]')" = "$c1.p7s.tsr" ] ||
	fail "JSON does not name the token"
openssl ts -verify -in "$c1.p7s.tsr" -data "$c1.p7s" -CAfile "$TSA_CA" \
	>"$T/ots" 2>&1 || fail "openssl ts -verify rejects the token: $(cat "$T/ots")"
grep -q "Verification: OK" "$T/ots" || fail "openssl ts: $(cat "$T/ots")"
openssl_ok "$c1" || fail "openssl cms -verify rejects the certificate"
tsa_time=$(openssl ts -reply -in "$c1.p7s.tsr" -text 2>/dev/null |
	sed -n 's/^Time stamp: //p')
[ -n "$tsa_time" ] || fail "no time in the token"

"$WIPE" cert verify --identity "$T/id" --tsa-ca "$TSA_CA" "$c1" >"$T/v" ||
	fail "cert verify with the TSA: $(cat "$T/v")"
grep -q "by the time-stamp of TSA .*CN *= *Test TSA" "$T/v" || fail "not the TSA's time: $(cat "$T/v")"
"$WIPE" cert verify --identity "$T/id" --tsa-ca "$TSA_CA" --json "$c1" >"$T/v.json"
[ "$(jget "$T/v.json" 'd["certificates"][0]["time"]["source"]')" = tsa ] || fail "json source"
want=$(date -u -d "$tsa_time" +%Y-%m-%dT%H:%M:%SZ)
[ "$(jget "$T/v.json" 'd["certificates"][0]["time"]["value"]')" = "$want" ] ||
	fail "json time is not the TSA's ($want): $(cat "$T/v.json")"
"$WIPE" cert verify --identity "$T/id" "$c1" >"$T/v" || fail "cert verify without --tsa-ca"
grep -q "the signer's own claim (a time-stamp token is beside it, unchecked" "$T/v" ||
	fail "without --tsa-ca: $(cat "$T/v")"

# a flipped byte anywhere in the token
cp "$c1.p7s.tsr" "$T/good.tsr"
size=$(stat -c %s "$T/good.tsr")
for off in 20 $((size / 2)) $((size - 10)); do
	cp "$T/good.tsr" "$c1.p7s.tsr"
	b=$(od -An -tu1 -j "$off" -N1 "$c1.p7s.tsr" | tr -d ' ')
	printf "$(printf '\\%03o' $(((b ^ 1) & 255)))" |
		dd of="$c1.p7s.tsr" bs=1 seek="$off" conv=notrunc 2>/dev/null
	run_rc rc "$WIPE" cert verify --identity "$T/id" --tsa-ca "$TSA_CA" "$c1"
	[ "$rc" -eq 1 ] || fail "a token flipped at byte $off: exit $rc, want 1"
	openssl ts -verify -in "$c1.p7s.tsr" -data "$c1.p7s" -CAfile "$TSA_CA" \
		>/dev/null 2>&1 && fail "openssl ts -verify accepts a token flipped at $off"
done
cp "$T/good.tsr" "$c1.p7s.tsr"

# no token at all: the signer's claim, and said so
erase --yes --quiet --method one "$T/d.img" >/dev/null
c2=$(ls -t "$T"/certs/*.json | head -1)
[ ! -e "$c2.p7s.tsr" ] || fail "a token without --tsa"
"$WIPE" cert verify --identity "$T/id" --tsa-ca "$TSA_CA" "$c2" >"$T/v"
grep -q "the signer's own claim (no time-stamp)" "$T/v" || fail "no token: $(cat "$T/v")"
# the token of another certificate
cp "$c1.p7s.tsr" "$c2.p7s.tsr"
run_rc rc "$WIPE" cert verify --identity "$T/id" --tsa-ca "$TSA_CA" "$c2" >"$T/v"
[ "$rc" -eq 1 ] || fail "another certificate's token: exit $rc"
grep -q "over other data" "$T/v" || fail "reason: $(cat "$T/v")"
openssl ts -verify -in "$c2.p7s.tsr" -data "$c2.p7s" -CAfile "$TSA_CA" \
	>/dev/null 2>&1 && fail "openssl ts -verify accepts another certificate's token"
rm "$c2.p7s.tsr"

# a TSA that fails: nothing erased, nothing written
rm -rf "$T/certs" "$T/state"
cp "$T/orig.img" "$T/d.img"
refused() {
	[ "$1" -eq 69 ] || fail "$2: exit $1, want 69: $(cat "$T/err")"
	cmp -s "$T/d.img" "$T/orig.img" || fail "$2: the image changed"
	[ ! -e "$T/certs" ] && [ ! -e "$T/state" ] || fail "$2: something was written"
}
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/other.key" -out "$T/other.pem" -days 30 -subj /CN=Other 2>/dev/null
run_rc rc erase --yes --quiet --method zero --tsa "$TSA_URL" --tsa-ca "$T/other.pem" \
	"$T/d.img" 2>"$T/err"
refused "$rc" "a TSA not under --tsa-ca"
# the last reply was the probe's: sent again, same imprint, old nonce
touch "$TSA_DIR/state/replay"
run_rc rc erase --yes --quiet --method zero --tsa "$TSA_URL" "$T/d.img" 2>"$T/err"
refused "$rc" "a replayed reply"
grep -q "nonce differs" "$T/err" || fail "replay reason: $(cat "$T/err")"
rm "$TSA_DIR/state/replay"
tsa_stop
run_rc rc erase --yes --quiet --method zero --tsa "$TSA_URL" "$T/d.img" 2>"$T/err"
refused "$rc" "no TSA listening"
grep -q "nothing was erased" "$T/err" || fail "message: $(cat "$T/err")"

# the TSA named by the identity's profile
tsa_start
"$WIPE" identity create "$T/id2" --org "Test Clinic" --operator "Ada Tester" \
	--tsa "$TSA_URL" 2>/dev/null
"$WIPE" identity show "$T/id2" | grep -q "tsa:          $TSA_URL" || fail "show tsa"
"$WIPE" erase --identity "$T/id2" --cert-dir "$T/certs2" --state-dir "$T/state" \
	--yes --quiet --method zero "$T/d.img" >/dev/null || fail "erase with the profile's TSA"
c3=$(ls "$T"/certs2/*.json)
openssl ts -verify -in "$c3.p7s.tsr" -data "$c3.p7s" -CAfile "$TSA_CA" \
	>/dev/null 2>&1 || fail "the profile's TSA did not stamp"
exit 0
