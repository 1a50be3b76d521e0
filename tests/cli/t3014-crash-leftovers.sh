#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Temporary files a crash left between create and rename ("NAME.tmpXXXXXX")
# are swept: beside the authorized_keys and the KRL revoke.ssh replaces
# (other files, symlinks and other names are kept), and in a case before
# it is sealed, so SHA256SUMS never lists one and the case verifies.
. "$SRCDIR/tests/lib/contain.bash"
ct_setup
ct_ssh_keys
printf 'RevokedKeys /etc/ssh/revoked_keys\n' >>"$HOST/etc/ssh/sshd_config"
cat "$K/leaked.pub" >"$A.tmpQ1w2E3"
echo half >"$HOST/etc/ssh/revoked_keys.tmpZx9Yw8"
echo mine >"$HOST/home/alice/.ssh/notes.tmpAbCdEf"
ln -s /etc/passwd "$A.tmpLnK000"
C=$CASES/c1
"$BIN/respond" run "$SRCDIR/playbooks/compromised-ssh-key.yaml" --root "$HOST" \
	--identity "$ID" --yes --quiet --set leaked_key="$K/leaked.pub" \
	--set discovered_at=2027-01-10T09:00:00Z --case "$C" ||
	ct_fail "run failed"
[ ! -e "$A.tmpQ1w2E3" ] || ct_fail "authorized_keys leftover kept"
[ ! -e "$HOST/etc/ssh/revoked_keys.tmpZx9Yw8" ] || ct_fail "KRL leftover kept"
[ -e "$HOST/home/alice/.ssh/notes.tmpAbCdEf" ] || ct_fail "another file removed"
[ -L "$A.tmpLnK000" ] || ct_fail "a symlink was removed"
! grep -q leaked@test "$A" || ct_fail "key not removed"

# a crash in a run leaves a temporary in the case; resume seals without it
C2=$CASES/c2
gate=$T/gate
"$BIN/respond" run "$SRCDIR/tests/fixtures/playbooks/resume.yaml" \
	--root "$SRCDIR/tests/fixtures/host" --case "$C2" --identity "$ID" \
	--set "gate=$gate" --yes --quiet &
pid=$!
for _ in $(seq 1 200); do
	grep -q '"step":"wait"' "$C2/custody.jsonl" 2>/dev/null && break
	sleep 0.05
done
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
touch "$gate"
echo '{' >"$C2/case.json.tmpPq7Rs6"
"$BIN/respond" resume --case "$C2" --quiet || ct_fail "resume failed"
[ ! -e "$C2/case.json.tmpPq7Rs6" ] || ct_fail "case leftover kept"
! grep -q '\.tmp' "$C2/SHA256SUMS" ||
	ct_fail "SHA256SUMS lists a temporary: $(grep tmp "$C2/SHA256SUMS")"
"$BIN/respond" verify "$C2" >/dev/null || ct_fail "respond verify"
exit 0
