#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# build: test-hooks (SANITAS_FAULT; see docs/HACKING.md)
# A kill while the certificate's detached signature is written (its
# temporary "ID.json.p7s.tmpXXXXXX" written, not yet renamed) leaves the
# temporary; the next certificate issued with the identity (here
# 'wipe erase --resume') removes it, and nothing else: a temporary of
# another certificate's name, another file with a temporary's name and a
# symlink stay. The resumed run ends in one signed success certificate.
# A kill after the signature, before the certificate itself, leaves an
# orphaned signature: removed the same way.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"

make_identity
head -c 4M /dev/urandom >"$T/d.img"
mkdir -p "$T/certs"
other=0b8a3c2e-5d4f-4e6a-9b7c-1d2e3f4a5b6c
echo someone >"$T/certs/$other.json.p7s.tmpQ1w2E3"
echo mine >"$T/certs/notes.tmpAbCdEf"
ln -s /etc/passwd "$T/certs/$other.json.tmpLnK000"
run_rc rc env SANITAS_FAULT='atomic-rename:*/certs/*.json.p7s' "$WIPE" erase \
	--identity "$T/id" --cert-dir "$T/certs" --state-dir "$T/state" \
	--yes --quiet --method zero --verify full "$T/d.img"
[ "$rc" -eq 137 ] || fail "the crash point did not fire (exit $rc)"
left=$(find "$T/certs" -name '*.json.p7s.tmp??????' ! -name "$other.*")
[ -n "$left" ] || fail "no temporary left by the kill: $(ls -A "$T/certs")"
[ -z "$(find "$T/certs" -name '*.json')" ] || fail "a certificate was written"
ls "$T/state"/*.json >/dev/null 2>&1 || fail "no checkpoint to resume from"

run_rc rc erase --yes --quiet --resume "$T/d.img"
[ "$rc" -eq 0 ] || fail "resume exited $rc"
[ ! -e "$left" ] || fail "the killed run's temporary is still there: $left"
[ -e "$T/certs/$other.json.p7s.tmpQ1w2E3" ] || fail "another certificate's temporary removed"
[ -e "$T/certs/notes.tmpAbCdEf" ] || fail "another file removed"
[ -L "$T/certs/$other.json.tmpLnK000" ] || fail "a symlink removed"
certs=$(find "$T/certs" -name '*.json')
[ "$(wc -l <<<"$certs")" -eq 1 ] || fail "certificates: $certs"
[ -f "$certs.p7s" ] || fail "no signature beside $certs"
openssl_ok "$certs" || fail "openssl cms -verify"
[ "$(jget "$certs" 'd["result"]')" = success ] || fail "result $(jget "$certs" 'd["result"]')"
cmp -n 4194304 "$T/d.img" /dev/zero || fail "image not zeroed"
# no temporary of the issuing identity's chain is left either
[ -z "$(find "$T/id" "$T/certs" -name '*.tmp??????' ! -name "$other.*" ! -name 'notes.*')" ] ||
	fail "temporaries left: $(find "$T/id" "$T/certs" -name '*.tmp*')"

# killed with the signature in place, the certificate not yet renamed
rm -rf "$T/certs" "$T/state"
mkdir -p "$T/certs"
head -c 4M /dev/urandom >"$T/d.img"
run_rc rc env SANITAS_FAULT='atomic-rename:*/certs/*.json' "$WIPE" erase \
	--identity "$T/id" --cert-dir "$T/certs" --state-dir "$T/state" \
	--yes --quiet --method zero --verify full "$T/d.img"
[ "$rc" -eq 137 ] || fail "the second crash point did not fire (exit $rc)"
orphan=$(find "$T/certs" -name '*.json.p7s')
[ -n "$orphan" ] && [ -n "$(find "$T/certs" -name '*.json.tmp??????')" ] ||
	fail "not killed between signature and certificate: $(ls -A "$T/certs")"
run_rc rc erase --yes --quiet --resume "$T/d.img"
[ "$rc" -eq 0 ] || fail "second resume exited $rc"
[ ! -e "$orphan" ] || fail "the orphaned signature is still there"
[ -z "$(find "$T/certs" -name '*.tmp*')" ] || fail "temporaries: $(ls -A "$T/certs")"
certs=$(find "$T/certs" -name '*.json')
[ "$(wc -l <<<"$certs")" -eq 1 ] && [ -f "$certs.p7s" ] || fail "certificates: $(ls -A "$T/certs")"
openssl_ok "$certs" || fail "openssl cms -verify (second)"
"$WIPE" cert verify --ca "$T/id/cert.pem" "$T/certs" >/dev/null ||
	fail "wipe cert verify of the directory"
exit 0
