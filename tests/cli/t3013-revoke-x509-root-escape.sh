#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# revoke.x509 --root on a crafted image never touches or copies a file
# outside the root: a `crl = $dir/../..` path in the image's openssl.cnf,
# and openssl.cnf, index.txt and the CA key as absolute symlinks aimed at
# the responder's files, are refused before any write; every file outside
# the root keeps its checksum (sha256sum -c) and none of their bytes enter
# the case. Absolute symlinks that point inside the image are followed
# inside it, and the revocation succeeds.
. "$SRCDIR/tests/lib/contain.bash"
ct_setup
CA=$HOST/etc/pki/ca
ct_make_ca "$CA"
OUT=$T/outside
mkdir -p "$OUT"
ct_make_ca "$OUT/ca"
echo "responder-private-marker" >"$OUT/crl.pem"
echo "responder-private-marker" >>"$OUT/ca/index.txt"
(cd "$OUT" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) \
	>"$T/before.sums"
check() {
	(cd "$OUT" && sha256sum --quiet -c "$T/before.sums") ||
		ct_fail "$1: a file outside the root changed"
	[ -z "$(cd "$OUT" && find . -newer "$T/before.sums" -print)" ] ||
		ct_fail "$1: a file outside the root was created"
	! grep -rqa "responder-private-marker" "$CASES" ||
		ct_fail "$1: a file outside the root was copied into the case"
}
up=/../../../../../../../../../..
cp "$CA/openssl.cnf" "$T/cnf.orig"
cp -a "$CA" "$T/ca.orig"

# crl = $dir/../../..: refused, nothing written
sed -i "s|^crl = .*|crl = \$dir$up$OUT/crl.pem|" "$CA/openssl.cnf"
rc=0
ct_revoke_tls_key "$CASES/c1" || rc=$?
[ "$rc" -ne 0 ] || ct_fail "a crl path climbing out of the root was used"
check "crl with .."
grep -q "cannot resolve" "$CASES/c1/case.json" || ct_fail "no reason: $(cat "$T/err")"
cmp "$T/ca.orig/index.txt" "$CA/index.txt" || ct_fail "index.txt changed"

# openssl.cnf, index.txt and the key as symlinks to the responder's CA
rm -rf "$CA"
cp -a "$T/ca.orig" "$CA"
for f in openssl.cnf index.txt private/cakey.pem; do
	rm "$CA/$f"
	ln -s "$OUT/ca/$f" "$CA/$f"
done
rc=0
ct_revoke_tls_key "$CASES/c2" || rc=$?
[ "$rc" -ne 0 ] || ct_fail "symlinks out of the root were followed"
check "symlinked CA files"

# absolute symlinks inside the image are followed inside it
rm -rf "$CA"
cp -a "$T/ca.orig" "$CA"
mkdir -p "$HOST/srv/ca-conf"
mv "$CA/openssl.cnf" "$HOST/srv/ca-conf/openssl.cnf"
ln -s /srv/ca-conf/openssl.cnf "$CA/openssl.cnf"
sed -i "s|^dir = .*|dir = /etc/pki/ca|" "$HOST/srv/ca-conf/openssl.cnf"
ct_revoke_tls_key "$CASES/c3" || ct_fail "revocation inside the image failed: $(cat "$T/err")"
check "symlinks inside the image"
grep -Pq "^R\t.*\t1000\t" "$CA/index.txt" || ct_fail "serial 1000 not revoked"
openssl crl -in "$CA/crl.pem" -noout -text | grep -q 'Serial Number: 1000' ||
	ct_fail "the image's CRL does not list the serial"
exit 0
