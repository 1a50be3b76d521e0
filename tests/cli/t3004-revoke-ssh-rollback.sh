#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# build: test-hooks (SANITAS_FAKE_NOW / SANITAS_FAULT; see docs/HACKING.md)
# revoke.ssh safety: when `sshd -t` rejects the configuration after the
# change, every file is rolled back (no byte differs); a crash between the
# authorized_keys edit and the KRL write is finished by `respond resume`
# without removing anything twice, and the KRL then revokes the key.
. "$SRCDIR/tests/lib/contain.bash"
ct_setup
[ -x /usr/sbin/sshd ] || exit 77
ct_ssh_keys
cp "$A" "$T/A.orig"
PB=$SRCDIR/playbooks/compromised-ssh-key.yaml
common=(--root "$HOST" --identity "$ID" --yes --quiet
	--set leaked_key="$K/leaked.pub" --set discovered_at=2027-01-10T09:00:00Z)

# sshd -t accepts the configuration before the change and rejects it
# after: in a private mount namespace /run/sshd exists and /usr/sbin/sshd
# is a wrapper that fails once the KRL exists, else runs the real sshd.
# Every file is rolled back.
command -v unshare >/dev/null && unshare -m true 2>/dev/null || exit 77
cp /usr/sbin/sshd "$T/sshd.real"
cat >"$T/sshd" <<SH
#!/bin/sh
if [ -e "$HOST/etc/ssh/revoked_keys" ]; then
	echo "$HOST/etc/ssh/revoked_keys: unreadable" >&2
	exit 255
fi
exec "$T/sshd.real" "\$@"
SH
chmod 0755 "$T/sshd"
cp "$HOST/etc/ssh/sshd_config" "$T/sshd_config.orig"
printf 'RevokedKeys /etc/ssh/revoked_keys\n' >>"$HOST/etc/ssh/sshd_config"
before=$(ct_tree_hash "$HOST")
rc=0
unshare -m sh -c 'mount --make-rprivate / && mount -t tmpfs tmpfs /run &&
	mkdir -m 0755 /run/sshd && mount --bind "$0" /usr/sbin/sshd &&
	/usr/sbin/sshd -t -f "$1" && shift && exec "$@"' "$T/sshd" \
	"$HOST/etc/ssh/sshd_config" \
	"$BIN/respond" run "$PB" "${common[@]}" --set sshd_check=always \
	--case "$CASES/c1" || rc=$?
[ "$rc" -ne 0 ] || ct_fail "sshd -t failure not reported"
grep -q "rolled back" "$CASES/c1/case.json" || ct_fail "no rollback message"
grep -q "revoked_keys: unreadable" "$CASES/c1/case.json" ||
	ct_fail "what sshd said is not recorded"
[ "$(ct_tree_hash "$HOST")" = "$before" ] || ct_fail "rollback left changes"
[ ! -e "$HOST/etc/ssh/revoked_keys" ] || ct_fail "new KRL not removed"

# crash after authorized_keys, before the KRL; resume finishes
cp "$T/sshd_config.orig" "$HOST/etc/ssh/sshd_config"
printf 'RevokedKeys /etc/ssh/revoked_keys\n' >>"$HOST/etc/ssh/sshd_config"
rc=0
SANITAS_FAULT=ssh-after-files "$BIN/respond" run "$PB" "${common[@]}" \
	--case "$CASES/c2" 2>/dev/null || rc=$?
[ "$rc" -eq 137 ] || ct_fail "the simulated crash exited $rc"
! grep -q "leaked@test" "$A" || ct_fail "authorized_keys not yet edited"
[ ! -e "$HOST/etc/ssh/revoked_keys" ] || ct_fail "KRL written before the crash"
"$BIN/respond" resume --case "$CASES/c2" --quiet || ct_fail "resume failed"
grep -v "leaked@test" "$T/A.orig" | cmp - "$A" || ct_fail "authorized_keys after resume"
rc=0
ssh-keygen -Q -f "$HOST/etc/ssh/revoked_keys" "$K/leaked.pub" >/dev/null 2>&1 || rc=$?
[ "$rc" -ne 0 ] || ct_fail "key not revoked after resume"
ssh-keygen -Q -f "$HOST/etc/ssh/revoked_keys" "$K/keep.pub" >/dev/null ||
	ct_fail "kept key revoked"
"$BIN/respond" verify "$CASES/c2" >/dev/null || ct_fail "respond verify"
exit 0
