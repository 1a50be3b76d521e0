#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# revoke.ssh with nothing to change (the leaked key in no authorized_keys,
# already in the KRL /etc/ssh/revoked_keys) when `sshd -t` accepts the
# configuration before and rejects it after: the step fails with what sshd
# said and that nothing had been changed, and no message says "rollback
# incomplete" or names "(null)"; every file is as it was and the case
# verifies.
. "$SRCDIR/tests/lib/contain.bash"
ct_setup
[ -x /usr/sbin/sshd ] || exit 77
[ "$(id -u)" -eq 0 ] || exit 77
command -v unshare >/dev/null && unshare -m true 2>/dev/null || exit 77
K=$T/keys
mkdir "$K"
ssh-keygen -q -t ed25519 -N '' -C "leaked@test" -f "$K/leaked"
! grep -rq "leaked@test" "$HOST" || ct_fail "the fixture holds the key"
ssh-keygen -q -k -f "$HOST/etc/ssh/revoked_keys" "$K/leaked.pub"
# /usr/sbin/sshd in a private mount namespace: the real one the first
# time, then a rejection
cp /usr/sbin/sshd "$T/sshd.real"
cat >"$T/sshd" <<SH
#!/bin/sh
if [ -e "$T/sshd.called" ]; then
	echo "sshd_config: rejected the second time" >&2
	exit 255
fi
touch "$T/sshd.called"
exec "$T/sshd.real" "\$@"
SH
chmod 0755 "$T/sshd"
before=$(ct_tree_hash "$HOST")
rc=0
unshare -m sh -c 'mount --make-rprivate / && mount -t tmpfs tmpfs /run &&
	mkdir -m 0755 /run/sshd && mount --bind "$0" /usr/sbin/sshd &&
	exec "$@"' "$T/sshd" \
	"$BIN/respond" run "$SRCDIR/playbooks/compromised-ssh-key.yaml" \
	--root "$HOST" --identity "$ID" --yes --quiet \
	--set leaked_key="$K/leaked.pub" --set discovered_at=2027-01-10T09:00:00Z \
	--set sshd_check=always --case "$CASES/c1" 2>"$T/err" || rc=$?
[ -e "$T/sshd.called" ] || ct_fail "sshd -t never ran: $(cat "$T/err")"
C=$CASES/c1
$PY - "$C" <<'PY' || ct_fail "the step's record: $(cat "$T/err")"
import json, sys
c = sys.argv[1]
steps = json.load(open(c + "/case.json"))["steps"]
rev = [s for s in steps if s["action"] == "revoke.ssh"]
assert rev, [s["action"] for s in steps]
r = rev[0]
text = json.dumps(r) + open(c + "/report.md").read() + open(c + "/custody.jsonl").read()
assert "(null)" not in text, "(null) in the record"
assert "rollback incomplete" not in text, "rollback incomplete"
assert r["status"] == "failed", r
assert "rejected the second time" in r["error"], r["error"]
assert r["error"].endswith("; nothing had been changed"), r["error"]
PY
! grep -q "(null)" "$T/err" || ct_fail "(null) on stderr: $(cat "$T/err")"
[ "$(ct_tree_hash "$HOST")" = "$before" ] || ct_fail "the host tree changed"
"$BIN/respond" verify "$C" >/dev/null || ct_fail "respond verify"
exit 0
