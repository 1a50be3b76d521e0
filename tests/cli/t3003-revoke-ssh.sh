#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# revoke.ssh with real keys from ssh-keygen on the fixture tree: plan
# changes no byte; the run removes exactly the leaked key's lines (mode and
# owner kept), writes a KRL that `ssh-keygen -Q` reads (leaked key revoked,
# another not); a user's last key stays in that user's file without
# allow_lockout but is still revoked in the KRL (a second key bumps its
# version); the diff is journaled.
. "$SRCDIR/tests/lib/contain.bash"
ct_setup
K=$T/keys
mkdir "$K"
for k in leaked alice2 bob2 other second; do
	ssh-keygen -q -t ed25519 -N '' -C "$k@test" -f "$K/$k"
done
ssh-keygen -q -t rsa -b 2048 -N '' -C "rsa@test" -f "$K/rsa"
printf 'RevokedKeys /etc/ssh/revoked_keys\n' >>"$HOST/etc/ssh/sshd_config"
A=$HOST/home/alice/.ssh/authorized_keys
mkdir -p "$HOST/home/bob/.ssh"
B=$HOST/home/bob/.ssh/authorized_keys
{
	cat "$K/alice2.pub"
	echo "# the laptop key"
	echo "from=\"10.0.0.0/8\",command=\"/bin/echo hi\" $(cat "$K/leaked.pub")"
	cat "$K/rsa.pub"
} >>"$A"
{ cat "$K/leaked.pub"; cat "$K/bob2.pub"; } >"$B"
chown 1000:1000 "$A"
chmod 0600 "$A"
chown 1001:1001 "$B"
chmod 0640 "$B"
cp "$A" "$T/A.orig"
cp "$B" "$T/B.orig"
PB=$SRCDIR/playbooks/compromised-ssh-key.yaml
# an existing KRL written by ssh-keygen: its revocations must survive
ssh-keygen -q -k -f "$HOST/etc/ssh/revoked_keys" "$K/second.pub"

# plan: the exact diff, no byte changed
before=$(ct_tree_hash "$HOST")
"$BIN/respond" plan "$PB" --root "$HOST" --set leaked_key="$K/leaked.pub" \
	--set discovered_at=2027-01-10T09:00:00Z --json >"$T/plan.json" ||
	ct_fail "plan failed"
grep -q -- '-from=\\"10.0.0.0/8\\"' "$T/plan.json" || ct_fail "plan shows no diff"
[ "$(ct_tree_hash "$HOST")" = "$before" ] || ct_fail "plan changed the tree"

"$BIN/respond" run "$PB" --root "$HOST" --identity "$ID" --yes \
	--set leaked_key="$K/leaked.pub" --set discovered_at=2027-01-10T09:00:00Z \
	--case "$CASES/c1" --quiet || ct_fail "run failed"
# exactly the leaked lines are gone
diff "$T/A.orig" "$A" >"$T/A.diff" && ct_fail "alice unchanged"
[ "$(grep -c '^<' "$T/A.diff")" = 1 ] && ! grep -q '^>' "$T/A.diff" ||
	ct_fail "alice diff: $(cat "$T/A.diff")"
grep -q "leaked@test" "$T/A.diff" || ct_fail "wrong line removed"
grep -v "leaked@test" "$T/A.orig" | cmp - "$A" || ct_fail "alice content"
grep -v "leaked@test" "$T/B.orig" | cmp - "$B" || ct_fail "bob content"
[ "$(stat -c '%u:%g %a' "$A")" = "1000:1000 600" ] || ct_fail "alice mode/owner"
[ "$(stat -c '%u:%g %a' "$B")" = "1001:1001 640" ] || ct_fail "bob mode/owner"
KRL=$HOST/etc/ssh/revoked_keys
rc=0
ssh-keygen -Q -f "$KRL" "$K/leaked.pub" >"$T/q1" 2>&1 || rc=$?
[ "$rc" -ne 0 ] && grep -q REVOKED "$T/q1" || ct_fail "leaked key not revoked: $(cat "$T/q1")"
ssh-keygen -Q -f "$KRL" "$K/other.pub" "$K/alice2.pub" >/dev/null ||
	ct_fail "an unrelated key is revoked"
rc=0
ssh-keygen -Q -f "$KRL" "$K/second.pub" >/dev/null 2>&1 || rc=$?
[ "$rc" -ne 0 ] || ct_fail "the KRL lost ssh-keygen's earlier revocation"
C=$CASES/c1
grep -q '"event":"revoke.ssh.intent"' "$C/custody.jsonl" || ct_fail "no intent"
grep -q '@@ -5,1 +4,0 @@' "$C/custody.jsonl" || ct_fail "no diff in the journal"
cmp "$C/revocations/revoke-key/authorized_keys/_home_alice_.ssh_authorized_keys" \
	"$T/A.orig" || ct_fail "original not saved in the case"
cmp "$C/revocations/revoke-key/krl" "$KRL" || ct_fail "KRL copy"
"$BIN/respond" verify "$C" >/dev/null || ct_fail "respond verify"

# by fingerprint; bob would lose his last key: his file keeps it, the KRL
# revokes it, and the account is recorded with the key still present
fp=$(ssh-keygen -lf "$K/bob2.pub" | cut -d' ' -f2)
cp "$B" "$T/B.before"
"$BIN/respond" plan "$PB" --root "$HOST" --set leaked_key="$fp" \
	--set discovered_at=2027-01-10T09:00:00Z --json >"$T/plan2.json" ||
	ct_fail "plan of a lockout failed"
grep -q '"refused": "refusing to remove the last authorized key of uid 1001' \
	"$T/plan2.json" || ct_fail "plan does not show the refusal"
"$BIN/respond" run "$PB" --root "$HOST" --identity "$ID" --yes \
	--set leaked_key="$fp" --set discovered_at=2027-01-10T09:00:00Z \
	--case "$CASES/c2" --quiet || ct_fail "the lockout guard failed the run"
cmp "$T/B.before" "$B" || ct_fail "bob's last key removed without allow_lockout"
rc=0
ssh-keygen -Q -f "$KRL" "$K/bob2.pub" >/dev/null 2>&1 || rc=$?
[ "$rc" -ne 0 ] || ct_fail "the lockout guard kept the key out of the KRL"
$PY - "$CASES/c2/case.json" <<'PY' || ct_fail "lockout not recorded"
import json, sys
c = json.load(open(sys.argv[1]))
out = [s for s in c["steps"] if s["id"] == "revoke-key"][0]["outputs"]
assert out["lockout"][0]["uid"] == 1001, out["lockout"]
assert out["lockout"][0]["still_present"] == 1, out["lockout"]
assert out["krl"]["version_before"] == 1 and out["krl"]["version_after"] == 2
PY
"$BIN/respond" run "$PB" --root "$HOST" --identity "$ID" --yes \
	--set leaked_key="$fp" --set allow_lockout=true \
	--set discovered_at=2027-01-10T09:00:00Z --case "$CASES/c3" --quiet ||
	ct_fail "allow_lockout run failed"
[ ! -s "$B" ] || ct_fail "bob's key not removed with allow_lockout"
rc=0
ssh-keygen -Q -f "$KRL" "$K/bob2.pub" "$K/leaked.pub" >/dev/null 2>&1 || rc=$?
[ "$rc" -ne 0 ] || ct_fail "bob2 not revoked"
ssh-keygen -Q -f "$KRL" "$K/other.pub" >/dev/null || ct_fail "other revoked"
# the same key again: nothing to do, no byte changed
before=$(ct_tree_hash "$HOST")
"$BIN/respond" run "$PB" --root "$HOST" --identity "$ID" --yes \
	--set leaked_key="$K/leaked.pub" --set discovered_at=2027-01-10T09:00:00Z \
	--case "$CASES/c4" --quiet || ct_fail "idempotent run failed"
[ "$(ct_tree_hash "$HOST")" = "$before" ] || ct_fail "second run changed the tree"
exit 0
