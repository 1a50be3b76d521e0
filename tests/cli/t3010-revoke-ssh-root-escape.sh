#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# revoke.ssh --root on a crafted image never touches a file outside the
# root: home directories in the image's /etc/passwd climbing out with
# "/../.." or through an absolute symlink, an authorized_keys glob through
# that symlink, and a RevokedKeys path or symlink aimed at the responder's
# own files. Every file outside the root keeps its checksum (sha256sum -c)
# and its mode, while the image's own files are still revoked.
. "$SRCDIR/tests/lib/contain.bash"
ct_setup
K=$T/keys
mkdir "$K"
for k in leaked keep; do
	ssh-keygen -q -t ed25519 -N '' -C "$k@test" -f "$K/$k"
done
# the responder's own files, outside the image
OUT=$T/outside
for d in a b c; do
	mkdir -p "$OUT/$d/.ssh"
	{ cat "$K/leaked.pub"; cat "$K/keep.pub"; } >"$OUT/$d/.ssh/authorized_keys"
done
cat "$K/leaked.pub" >"$OUT/analyst_keys"
up=/../../../../../../../../../..
cat >>"$HOST/etc/passwd" <<PW
eve:x:1002:1002::/home/eve$up$OUT/a:/bin/bash
mal:x:1003:1003::/home/mal:/bin/bash
PW
ln -s "$OUT/b" "$HOST/home/mal"
ln -s "$OUT/c" "$HOST/home/lnk"
A=$HOST/home/alice/.ssh/authorized_keys
{ cat "$K/leaked.pub"; cat "$K/keep.pub"; } >>"$A"
printf 'RevokedKeys /etc/ssh/revoked_keys\n' >>"$HOST/etc/ssh/sshd_config"
ln -s "$OUT/analyst_keys" "$HOST/etc/ssh/revoked_keys"
outside() {
	(cd "$OUT" && find . -type f -print0 | LC_ALL=C sort -z |
		xargs -0 sha256sum) >"$T/outside.sums"
	(cd "$OUT" && find . -printf '%p %m %s\n' | LC_ALL=C sort) >"$T/outside.list"
}
outside
cp "$T/outside.sums" "$T/before.sums"
cp "$T/outside.list" "$T/before.list"
PB=$SRCDIR/playbooks/compromised-ssh-key.yaml
common=(--root "$HOST" --identity "$ID" --yes --quiet
	--set leaked_key="$K/leaked.pub" --set discovered_at=2027-01-10T09:00:00Z)
check_outside() {
	(cd "$OUT" && sha256sum --quiet -c "$T/before.sums") ||
		ct_fail "$1: a file outside the root changed"
	outside
	cmp "$T/before.list" "$T/outside.list" ||
		ct_fail "$1: files outside the root created or changed mode"
}

# passwd homes and the RevokedKeys symlink resolved inside the image
"$BIN/respond" run "$PB" "${common[@]}" --case "$CASES/c1" ||
	ct_fail "run on the crafted image failed"
check_outside "passwd homes"
grep -q leaked@test "$A" && ct_fail "the image's own key not removed"
[ -f "$HOST/etc/ssh/revoked_keys" ] && [ ! -L "$HOST/etc/ssh/revoked_keys" ] ||
	ct_fail "the KRL symlink was not replaced inside the image"
rc=0
ssh-keygen -Q -f "$HOST/etc/ssh/revoked_keys" "$K/leaked.pub" >/dev/null 2>&1 || rc=$?
[ "$rc" -ne 0 ] || ct_fail "the image's KRL does not revoke the key"
grep -rq "$OUT" "$CASES/c1/revocations" &&
	ct_fail "a path outside the root is recorded as edited"
cmp -s "$OUT/analyst_keys" "$CASES/c1/revocations/revoke-key/krl.before" &&
	ct_fail "the responder's file was copied into the case"

# an authorized_keys glob through the image's absolute symlinks
"$BIN/respond" run "$PB" "${common[@]}" --case "$CASES/c2" \
	--set 'authorized_keys=["/home/*/.ssh/authorized_keys"]' ||
	ct_fail "glob run failed"
check_outside "glob"

# a KRL path climbing out: refused before any write
rm "$HOST/etc/ssh/revoked_keys"
{ cat "$K/leaked.pub"; cat "$K/keep.pub"; } >>"$A"
rc=0
"$BIN/respond" run "$PB" "${common[@]}" --case "$CASES/c3" \
	--set "krl=/etc/ssh$up$OUT/analyst_keys" 2>"$T/err3" || rc=$?
check_outside "KRL path with .."
grep -q leaked@test "$A" || ct_fail "edited although the KRL was refused"
[ "$rc" -ne 0 ] || ct_fail "an unresolvable KRL was accepted"
grep -q "cannot resolve" "$CASES/c3/case.json" || ct_fail "no reason recorded"
exit 0
