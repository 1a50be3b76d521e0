#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# respond run --encrypt-to: a case encrypted to an age X25519 recipient and
# (from a recipients file) an ssh-ed25519 and an ssh-rsa key. Debian's age
# -d decrypts every archive and manifest with each of the three keys; a
# marker planted in the host tree (in a file's name and its content) is
# nowhere under the case directory or TMPDIR, in names or bytes (a plain
# run of the same tree shows both, so the check can fail); the case
# verifies without the key (seal only) and with it down to the plaintext
# hashes; respond decrypt writes a plain copy whose archives bsdtar reads,
# and decrypts files made by age -e; a flipped byte is found with and
# without the key; wrong key 77, corrupted 65, existing output 73.
. "$SRCDIR/tests/lib/respond.bash"
rt_setup
FX=$SRCDIR/tests/fixtures/age
K=$T/keys
mkdir -m 0755 "$K"
cp "$FX/x25519.pub" "$FX/ed25519.pub" "$FX/rsa.pub" "$K/"
cp "$FX/x25519.key" "$FX/ed25519" "$FX/rsa" "$K/"
chmod 0644 "$K"/*.pub
{
	echo "# the responders"
	cat "$FX/ed25519.pub"
	echo
	cat "$FX/rsa.pub"
} >"$K/recipients"
chmod 0644 "$K/recipients"
TMPD=$T/tmpdir
mkdir -m 1777 "$TMPD"

# the marker: a patient's name in a file name and in the bytes of another
M=ZZPHI-Quixote-4711
printf 'patient %s admitted\n' "$M" >"$HOSTTREE/var/log/portal.log"
printf 'x\n' >"$HOSTTREE/var/log/visit-$M.log"
[ -n "$RUN" ] && chown nobody:nogroup "$HOSTTREE"/var/log/portal.log "$HOSTTREE/var/log/visit-$M.log"

C=$CASES/enc
rc=0
TMPDIR=$TMPD rt_triage "$C" --encrypt-to "$(cat "$FX/x25519.pub")" \
	--encrypt-to-file "$K/recipients" || rc=$?
[ "$rc" -eq 0 ] || rt_fail "encrypted run exited $rc"

# nothing plain: no marker in any name or byte, no plain archive
hits=$(grep -rla "$M" "$C" "$TMPD" || true)
[ -z "$hits" ] || rt_fail "the marker is in plain bytes: $hits"
! find "$C" "$TMPD" | grep -q "$M" || rt_fail "the marker is in a file name"
[ -z "$(find "$C" -name '*.tar.zst' -o -name '*.manifest' -o -name '*.part')" ] ||
	rt_fail "a plain archive, manifest or .part file in the case"
[ -z "$(ls -A "$TMPD")" ] || rt_fail "left in TMPDIR: $(ls -A "$TMPD")"
# the control: the same grep finds the marker in a plain case
P=$CASES/plain
TMPDIR=$TMPD rt_triage "$P" || rt_fail "plain run"
grep -rlqa "$M" "$P" || rt_fail "the control: the marker is not in a plain case"

# the seal checks without the key, with stock tools too
(cd "$C" && sha256sum -c --quiet --strict SHA256SUMS) || rt_fail "sha256sum -c"
openssl cms -verify -binary -inform DER -in "$C/SHA256SUMS.p7s" \
	-content "$C/SHA256SUMS" -CAfile "$ID/cert.pem" -purpose any \
	-out /dev/null 2>/dev/null || rt_fail "openssl cms -verify"
"$BIN/respond" verify "$C" >"$T/out" || rt_fail "verify without the key"
grep -q "4 encrypted archives checked by the seal only" "$T/out" ||
	rt_fail "verify without the key says: $(cat "$T/out")"
for k in x25519.key ed25519 rsa; do
	"$BIN/respond" verify --age-identity "$K/$k" "$C" >"$T/out" ||
		rt_fail "verify --age-identity $k"
	grep -q "4 archives match (4 encrypted, decrypted and checked down to the plaintext)" "$T/out" ||
		rt_fail "verify with $k says: $(cat "$T/out")"
done
"$BIN/respond" verify --json --age-identity "$K/ed25519" "$C" |
	jq -e '.intact and .details.plaintext_checked and .details.encrypted_archives == 4' >/dev/null ||
	rt_fail "verify --json"

# Debian's age decrypts each file with each key; the plaintext is what
# the case recorded, the archive holds the marker, the manifest its name
for k in x25519.key ed25519 rsa; do
	for f in "$C"/evidence/*.age; do
		age -d -i "$K/$k" -o "$T/dec" "$f" || rt_fail "age -d -i $k $(basename "$f")"
	done
done
age -d -i "$K/ed25519" "$C/evidence/logs.tar.zst.age" >"$T/logs.tar.zst"
want=$(jq -r '.steps[] | select(.id == "logs") | .outputs.archive_plain_sha256' "$C/case.json")
[ "$(sha256sum <"$T/logs.tar.zst" | cut -d' ' -f1)" = "$want" ] ||
	rt_fail "the decrypted archive's hash is not case.json's"
bsdtar -xOf "$T/logs.tar.zst" var/log/portal.log | grep -q "$M" ||
	rt_fail "the decrypted archive lacks the collected content"
age -d -i "$K/rsa" "$C/evidence/logs.manifest.age" | jq -e --arg m "var/log/visit-$M.log" \
	'.encryption == "age" and ([.members[].member] | index($m))' >/dev/null ||
	rt_fail "the decrypted manifest lacks the member"
grep -q '"encrypt_to":\["age1' "$C/custody.jsonl" || rt_fail "run.start does not record the recipients"

# respond decrypt: a plain copy, atomic, that stock tools read
"$BIN/respond" decrypt "$C" --age-identity "$K/x25519.key" -o "$T/copy" >"$T/out" ||
	rt_fail "respond decrypt"
grep -q "8 files decrypted, 6 copied" "$T/out" || rt_fail "decrypt says: $(cat "$T/out")"
cmp "$T/copy/evidence/logs.tar.zst" "$T/logs.tar.zst" || rt_fail "decrypted copy differs from age -d"
bsdtar -tf "$T/copy/evidence/users.tar.zst" >/dev/null || rt_fail "bsdtar on the copy"
jq -e '.members | length > 0' "$T/copy/evidence/system.manifest" >/dev/null || rt_fail "manifest copy"
cmp "$T/copy/case.json" "$C/case.json" || rt_fail "case.json copy"
[ -z "$(find "$T/copy" -type f ! -perm 0600)" ] || rt_fail "a copied file is not 0600"
rc=0
"$BIN/respond" decrypt "$C" --age-identity "$K/x25519.key" -o "$T/copy" 2>"$T/err" || rc=$?
[ "$rc" -eq 73 ] && grep -q "exists and is not empty" "$T/err" || rt_fail "decrypt into a full dir: rc=$rc"
mkdir "$T/empty"
"$BIN/respond" decrypt "$C" --age-identity "$K/ed25519" -o "$T/empty" >/dev/null ||
	rt_fail "decrypt into an empty dir"
age-keygen -o "$T/other.key" 2>/dev/null
rc=0
"$BIN/respond" decrypt "$C" --age-identity "$T/other.key" -o "$T/nokey" 2>"$T/err" || rc=$?
[ "$rc" -eq 77 ] && grep -q "no identity given opens" "$T/err" || rt_fail "wrong key: rc=$rc $(cat "$T/err")"
[ ! -e "$T/nokey" ] && [ -z "$(ls -d "$T"/nokey.part* 2>/dev/null)" ] || rt_fail "a wrong key left output"
rc=0
"$BIN/respond" verify --age-identity "$T/other.key" "$C" 2>/dev/null || rc=$?
[ "$rc" -eq 77 ] || rt_fail "verify with a wrong key: rc=$rc"

# files made by age -e, to the same recipients, through respond decrypt
A=$T/from-age
mkdir -m 0700 "$A"
head -c 200000 /dev/urandom >"$T/blob"
age -e -r "$(cat "$FX/x25519.pub")" -o "$A/x.bin.age" "$T/blob"
age -e -R "$K/ed25519.pub" -o "$A/e.bin.age" "$T/blob"
age -e -R "$K/rsa.pub" -o "$A/r.bin.age" "$T/blob"
"$BIN/respond" decrypt "$A" --age-identity "$K/x25519.key" --age-identity "$K/ed25519" \
	--age-identity "$K/rsa" -o "$T/from-age.out" >/dev/null || rt_fail "decrypt age -e files"
for f in x e r; do
	cmp "$T/blob" "$T/from-age.out/$f.bin" || rt_fail "age -e $f: decrypted differs"
done

# a flipped byte in an encrypted archive: the seal finds it without the
# key, the decryption with it (and age -d agrees)
B=$CASES/flipped
cp -a "$C" "$B"
size=$(stat -c %s "$B/evidence/logs.tar.zst.age")
printf '\001' | dd of="$B/evidence/logs.tar.zst.age" bs=1 seek=$((size - 40)) conv=notrunc status=none
rc=0
"$BIN/respond" verify "$B" 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] && grep -q "logs.tar.zst.age: sha256 does not match" "$T/err" ||
	rt_fail "flipped, without the key: rc=$rc $(cat "$T/err")"
rc=0
"$BIN/respond" decrypt "$B" --age-identity "$K/ed25519" -o "$T/flipped.out" 2>"$T/err" || rc=$?
[ "$rc" -eq 65 ] && grep -q "logs.tar.zst.age: the age payload fails its authentication" "$T/err" ||
	rt_fail "flipped, with the key: rc=$rc $(cat "$T/err")"
[ ! -e "$T/flipped.out" ] || rt_fail "a failed decrypt left its output"
! age -d -i "$K/ed25519" -o /dev/null "$B/evidence/logs.tar.zst.age" 2>/dev/null ||
	rt_fail "age -d accepts the flipped file"

# bad recipients are refused before anything is made
rc=0
rt_triage "$CASES/bad" --encrypt-to age1notakey 2>"$T/err" || rc=$?
[ "$rc" -eq 64 ] && grep -q "not a valid age1 X25519 recipient" "$T/err" ||
	rt_fail "bad recipient: rc=$rc $(cat "$T/err")"
[ ! -e "$CASES/bad" ] || rt_fail "a bad recipient made a case"
echo ok
