#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# One flipped byte in any file of a sealed case: respond verify exits 1 and
# names it. A consistent forgery that re-hashes and re-signs still fails on
# the archive-versus-manifest check and on the journal chain.
. "$SRCDIR/tests/lib/respond.bash"
rt_setup
C=$CASES/case
rt_triage "$C" || rt_fail "run"
"$BIN/respond" verify "$C" >/dev/null || rt_fail "untouched case does not verify"

flip() { # flip FILE: invert one byte in the middle
	python3 - "$1" <<'PY'
import os, sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
i = len(b) // 2
b[i] ^= 0x01
open(p, "wb").write(b)
PY
}

n=0
while read -r rel; do
	cp -a "$C" "$T/t"
	flip "$T/t/$rel"
	rc=0
	"$BIN/respond" verify "$T/t" 2>"$T/err" >/dev/null || rc=$?
	[ "$rc" -eq 1 ] || rt_fail "flipped byte in $rel: verify exited $rc"
	grep -qF "$rel" "$T/err" || rt_fail "flipped byte in $rel: not named: $(cat "$T/err")"
	rm -rf "$T/t"
	n=$((n + 1))
done < <(cd "$C" && find . -type f -printf '%P\n' | sort)
[ "$n" -ge 12 ] || rt_fail "only $n case files"

# a file added after sealing is named
cp -a "$C" "$T/t"
echo extra >"$T/t/evidence/planted.txt"
rc=0
"$BIN/respond" verify "$T/t" 2>"$T/err" >/dev/null || rc=$?
[ "$rc" -eq 1 ] && grep -q "evidence/planted.txt: not listed" "$T/err" || rt_fail "planted file"
rm -rf "$T/t"

# forgeries that re-hash and re-sign with the same key
reseal() {
	(cd "$1" && find . -type f ! -name 'SHA256SUMS*' -printf '%P\n' | LC_ALL=C sort |
		xargs sha256sum >SHA256SUMS)
	openssl cms -sign -binary -outform DER -in "$1/SHA256SUMS" \
		-signer "$ID/cert.pem" -inkey "$ID/key.pem" -out "$1/SHA256SUMS.p7s"
}
cp -a "$C" "$T/t"
# rewrite logs.tar.zst with one member's bytes changed
mkdir "$T/x"
bsdtar -tf "$T/t/evidence/logs.tar.zst" >"$T/members"
bsdtar -xpf "$T/t/evidence/logs.tar.zst" -C "$T/x"
echo "forged line" >>"$T/x/var/log/syslog"
(cd "$T/x" && bsdtar --format pax --zstd -n -cf "$T/t/evidence/logs.tar.zst" -T "$T/members")
reseal "$T/t"
rc=0
"$BIN/respond" verify "$T/t" 2>"$T/err" >/dev/null || rc=$?
[ "$rc" -eq 1 ] && grep -q "logs.tar.zst: member 'var/log/syslog' does not match" "$T/err" ||
	rt_fail "forged archive member: rc=$rc $(cat "$T/err")"
rm -rf "$T/t"

cp -a "$C" "$T/t"
sed -i '2s/"actor":"[^"]*"/"actor":"Mallory"/' "$T/t/custody.jsonl"
reseal "$T/t"
rc=0
"$BIN/respond" verify "$T/t" 2>"$T/err" >/dev/null || rc=$?
[ "$rc" -eq 1 ] && grep -q "custody.jsonl: chain broken at line 2" "$T/err" ||
	rt_fail "edited journal: rc=$rc $(cat "$T/err")"
echo ok
