#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# revoke.ssh against a planted account whose only key is the leaked one
# (anyone holding the key can add such an account): the lockout guard no
# longer holds the revocation back. The key leaves every other file, the
# KRL revokes it (ssh-keygen -Q), the planted account's file is left as it
# was and recorded with the key still present, in case.json and report.md.
. "$SRCDIR/tests/lib/contain.bash"
ct_setup
ct_ssh_keys
echo 'mallory:x:1002:1002::/home/mallory:/bin/sh' >>"$HOST/etc/passwd"
M=$HOST/home/mallory/.ssh/authorized_keys
mkdir -p "${M%/*}"
cat "$K/leaked.pub" >"$M"
chown 1002:1002 "$M"
cp "$M" "$T/M.orig"
printf 'RevokedKeys /etc/ssh/revoked_keys\n' >>"$HOST/etc/ssh/sshd_config"
PB=$SRCDIR/playbooks/compromised-ssh-key.yaml
"$BIN/respond" run "$PB" --root "$HOST" --identity "$ID" --yes --quiet \
	--set leaked_key="$K/leaked.pub" --set discovered_at=2027-01-10T09:00:00Z \
	--case "$CASES/c1" || ct_fail "one planted account refused the revocation"
! grep -q leaked@test "$A" || ct_fail "the key stays in alice's file"
cmp "$T/M.orig" "$M" || ct_fail "the planted account's file was changed"
rc=0
ssh-keygen -Q -f "$HOST/etc/ssh/revoked_keys" "$K/leaked.pub" >/dev/null 2>&1 || rc=$?
[ "$rc" -ne 0 ] || ct_fail "the key is not in the KRL"
$PY - "$CASES/c1/case.json" <<'PY' || ct_fail "the kept key is not recorded"
import json, sys
c = json.load(open(sys.argv[1]))
st = [s for s in c["steps"] if s["id"] == "revoke-key"][0]
assert st["status"] == "ok", st["status"]
lk = st["outputs"]["lockout"]
assert len(lk) == 1 and lk[0]["uid"] == 1002, lk
assert lk[0]["path"] == "/home/mallory/.ssh/authorized_keys", lk
assert lk[0]["still_present"] == 1, lk
PY
grep -q "last authorized key was kept" "$CASES/c1/report.md" ||
	ct_fail "the report does not say the key was kept"
exit 0
