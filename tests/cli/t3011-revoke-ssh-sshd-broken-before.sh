#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# revoke.ssh when `sshd -t` already rejects the configuration before the
# change (here /run/sshd is missing: /run is an empty tmpfs in a private
# mount namespace, as on a host where sshd is not running): the failure
# after the change is not a rollback signal. The key is removed, the KRL
# written (ssh-keygen -Q says REVOKED), and the earlier failure is recorded
# as a warning with what sshd said.
. "$SRCDIR/tests/lib/contain.bash"
ct_setup
[ -x /usr/sbin/sshd ] || exit 77
command -v unshare >/dev/null || exit 77
unshare -m true 2>/dev/null || exit 77
ct_ssh_keys
printf 'RevokedKeys /etc/ssh/revoked_keys\n' >>"$HOST/etc/ssh/sshd_config"
PB=$SRCDIR/playbooks/compromised-ssh-key.yaml
unshare -m sh -c 'mount --make-rprivate / && mount -t tmpfs tmpfs /run &&
	! /usr/sbin/sshd -t -f "$0" 2>/dev/null && exec "$@"' \
	"$HOST/etc/ssh/sshd_config" \
	"$BIN/respond" run "$PB" --root "$HOST" --identity "$ID" --yes --quiet \
	--set leaked_key="$K/leaked.pub" --set discovered_at=2027-01-10T09:00:00Z \
	--set sshd_check=always --case "$CASES/c1" ||
	ct_fail "a configuration broken before the change failed the revocation"
! grep -q leaked@test "$A" || ct_fail "the key was put back"
grep -q keep@test "$A" || ct_fail "the other key was removed"
rc=0
ssh-keygen -Q -f "$HOST/etc/ssh/revoked_keys" "$K/leaked.pub" >"$T/q" 2>&1 || rc=$?
[ "$rc" -ne 0 ] && grep -q REVOKED "$T/q" || ct_fail "KRL does not revoke: $(cat "$T/q")"
$PY - "$CASES/c1/case.json" <<'PY' || ct_fail "the earlier failure is not recorded"
import json, sys
c = json.load(open(sys.argv[1]))
out = [s for s in c["steps"] if s["id"] == "revoke-key"][0]["outputs"]
chk = out["sshd_check"]
assert chk["result"].startswith("failed before and after"), chk
assert "privilege separation" in chk["before"], chk
assert any("before the change" in w and "privilege separation" in w
           for w in out["warnings"]), out["warnings"]
PY
grep -q "sshd -t rejected the configuration before the change" \
	"$CASES/c1/report.md" || ct_fail "the warning is not in the report"
"$BIN/respond" verify "$CASES/c1" >/dev/null || ct_fail "respond verify"
exit 0
