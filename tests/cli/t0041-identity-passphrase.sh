#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A passphrase-protected signing key: wipe identity create writes PKCS#8
# (scrypt, AES-256-CBC) that stock openssl decrypts with the passphrase
# only. It is unlocked before anything is touched: a wrong passphrase, none
# at all (no terminal) or a passphrase file readable by others erases
# nothing (the image compares equal), writes no certificate, checkpoint or
# bundle, exit 78 (77 for the file's mode). The right one, from the file or
# typed at a terminal (echo off), signs a certificate stock openssl
# verifies.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"

umask 077
printf 'correct horse battery\n' >"$T/pass"
printf 'wrong horse battery\n' >"$T/bad"
"$WIPE" identity create "$T/id" --org "Test Clinic" --operator "Ada Tester" \
	--passphrase-file "$T/pass" 2>"$T/err" || fail "create: $(cat "$T/err")"
grep -q "passphrase-protected" "$T/err" || fail "create does not say so"
[ "$(stat -c %a "$T/id/key.pem")" = 600 ] || fail "key mode"
head -1 "$T/id/key.pem" | grep -qx -- "-----BEGIN ENCRYPTED PRIVATE KEY-----" ||
	fail "key.pem is not PKCS#8 encrypted"
openssl asn1parse -in "$T/id/key.pem" | grep -q ":scrypt" || fail "not scrypt"
openssl pkey -in "$T/id/key.pem" -passin "file:$T/pass" -noout 2>/dev/null ||
	fail "openssl cannot decrypt it with the passphrase"
openssl pkey -in "$T/id/key.pem" -passin "file:$T/bad" -noout 2>/dev/null &&
	fail "openssl decrypts it with a wrong passphrase"
openssl pkey -in "$T/id/key.pem" -passin "pass:" -noout 2>/dev/null &&
	fail "the key is readable without the passphrase"
"$WIPE" identity show "$T/id" >"$T/show" || fail "show needs the passphrase"
grep -q "key:          key.pem, passphrase-protected" "$T/show" || fail "show: $(cat "$T/show")"

head -c 4M /dev/urandom >"$T/d.img"
cp "$T/d.img" "$T/orig.img"
nothing_left() {
	cmp -s "$T/d.img" "$T/orig.img" || fail "$1: the image changed"
	[ ! -e "$T/certs" ] || fail "$1: a certificate directory was made"
	[ ! -e "$T/state" ] || fail "$1: a checkpoint was written"
}
run_rc rc erase --yes --method zero --passphrase-file "$T/bad" "$T/d.img" 2>"$T/err"
[ "$rc" -eq 78 ] || fail "wrong passphrase: exit $rc, want 78: $(cat "$T/err")"
grep -q "nothing was erased" "$T/err" && grep -q "wrong passphrase" "$T/err" ||
	fail "wrong passphrase message: $(cat "$T/err")"
nothing_left "wrong passphrase"
run_rc rc erase --yes --method zero "$T/d.img" </dev/null 2>"$T/err"
[ "$rc" -eq 78 ] || fail "no passphrase: exit $rc, want 78"
grep -q "give --passphrase-file FILE" "$T/err" || fail "no hint: $(cat "$T/err")"
nothing_left "no passphrase"
printf '\n' >"$T/empty"
run_rc rc erase --yes --method zero --passphrase-file "$T/empty" "$T/d.img" 2>"$T/err"
[ "$rc" -eq 78 ] || fail "empty passphrase file: exit $rc, want 78"
nothing_left "empty passphrase file"
cp "$T/pass" "$T/open"
chmod 644 "$T/open"
run_rc rc erase --yes --method zero --passphrase-file "$T/open" "$T/d.img" 2>"$T/err"
[ "$rc" -eq 77 ] || fail "passphrase file readable by others: exit $rc, want 77"
grep -q "chmod 600" "$T/err" || fail "mode hint: $(cat "$T/err")"
nothing_left "open passphrase file"
run_rc rc "$WIPE" ledger --ledger "$T/l.db" export --bundle "$T/b.tar" \
	--identity "$T/id" --passphrase-file "$T/bad" 2>"$T/err"
[ "$rc" -eq 78 ] || fail "ledger export, wrong passphrase: exit $rc"
[ ! -e "$T/b.tar" ] && [ ! -e "$T/l.db" ] || fail "ledger export left something"

# the right passphrase from a pipe (no file on disk at all)
erase --yes --method zero --quiet --passphrase-file <(cat "$T/pass") \
	"$T/d.img" >/dev/null 2>"$T/err" || fail "erase: $(cat "$T/err")"
cert=$(ls "$T"/certs/*.json)
openssl_ok "$cert" || fail "openssl cms -verify rejects the certificate"
cmp -s -n 4194304 "$T/d.img" /dev/zero || fail "not erased"

# at a terminal: asked with echo off, the answer never shown
if command -v script >/dev/null; then
	rm -rf "$T/certs" "$T/state"
	cp "$T/orig.img" "$T/d.img"
	rm -f "$T/typescript" "$T/script-done"
	# typed once the prompt is on the terminal (echo is off before it is
	# printed), the input kept open until script is done: conditions, not
	# sleeps, so that a loaded machine cannot reorder them
	{
		for _ in $(seq 600); do
			grep -q "passphrase for '" "$T/typescript" 2>/dev/null && break
			sleep 0.1
		done
		printf 'correct horse battery\n'
		for _ in $(seq 1200); do
			[ -e "$T/script-done" ] && break
			sleep 0.1
		done
	} | {
		rc=0
		script -qfec "$WIPE erase --identity $T/id --cert-dir $T/certs --state-dir $T/state --yes --method zero --quiet $T/d.img" \
			"$T/typescript" >/dev/null 2>&1 || rc=$?
		touch "$T/script-done"
		exit "$rc"
	} || fail "erase at a terminal: $(cat "$T/typescript")"
	grep -q "passphrase for '$T/id/key.pem'" "$T/typescript" || fail "not asked: $(cat "$T/typescript")"
	grep -q "correct horse" "$T/typescript" && fail "the passphrase was echoed"
	openssl_ok "$(ls "$T"/certs/*.json)" || fail "terminal: certificate does not verify"
fi
exit 0
