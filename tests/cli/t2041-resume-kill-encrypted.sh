#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# build: test-hooks (SANITAS_FAULT; see docs/HACKING.md)
# An encrypted run killed with SIGKILL in mid-collection (the crash point
# evidence-member, after a file's bytes went into the archive stream; and
# kill -9 while a collect.command step runs) leaves nothing plain: a
# marker planted in the host tree is in no name or byte under the case or
# TMPDIR, the leftover .part files are age files. respond resume, given no
# recipient, encrypts to the ones run.start recorded; the resumed case
# verifies with the key down to the plaintext hashes, and still holds no
# plaintext.
. "$SRCDIR/tests/lib/respond.bash"
rt_setup
FX=$SRCDIR/tests/fixtures/age
K=$T/keys
mkdir -m 0755 "$K"
cp "$FX/ed25519.pub" "$FX/ed25519" "$FX/x25519.key" "$K/"
chmod 0644 "$K/ed25519.pub"
TMPD=$T/tmpdir
mkdir -m 1777 "$TMPD"
M=ZZPHI-Dulcinea-0815
printf 'patient %s\n' "$M" >"$HOSTTREE/var/log/portal.log"
printf 'host %s\n' "$M" >"$HOSTTREE/etc/marker.conf"
printf 'x\n' >"$HOSTTREE/var/log/visit-$M.log"
[ -n "$RUN" ] && chown nobody:nogroup "$HOSTTREE/var/log/portal.log" \
	"$HOSTTREE/etc/marker.conf" "$HOSTTREE/var/log/visit-$M.log"
R1="$(cat "$FX/x25519.pub")"

plain_nowhere() {
	local hits
	hits=$(grep -rla "$M" "$1" "$TMPD" || true)
	[ -z "$hits" ] || rt_fail "$2: the marker is in plain bytes: $hits"
	! find "$1" "$TMPD" | grep -q "$M" || rt_fail "$2: the marker is in a file name"
	[ -z "$(find "$1" -name '*.tar.zst' -o -name '*.manifest' -o -name '*.tar.zst.part' \
		-o -name '*.manifest.part' -o -name '*.stdout.part' -o -name '*.stderr.part')" ] ||
		rt_fail "$2: a plain file in the case: $(find "$1" -type f)"
}

# 1. the crash point in the evidence writer, in the middle of 'logs'
C=$CASES/killed
rc=0
TMPDIR=$TMPD SANITAS_FAULT="evidence-member:var/log/portal.log" rt_triage "$C" \
	--encrypt-to "$R1" --encrypt-to-file "$K/ed25519.pub" >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 137 ] || rt_fail "the crash point did not fire (exit $rc)"
ls "$C/evidence/" | grep -q '^logs\.tar\.zst\.age\.part$' || rt_fail "no leftover of the killed step: $(ls "$C/evidence")"
plain_nowhere "$C" "killed"
for p in "$C"/evidence/*.part; do
	head -c 22 "$p" | grep -qx "age-encryption.org/v1" || rt_fail "$(basename "$p") is not an age file"
done
rc=0
TMPDIR=$TMPD $RUN "$BIN/respond" resume --case "$C" --quiet || rc=$?
[ "$rc" -eq 0 ] || rt_fail "resume exited $rc"
plain_nowhere "$C" "resumed"
[ -z "$(find "$C" -name '*.part')" ] || rt_fail "leftover .part files"
"$BIN/respond" verify --age-identity "$K/ed25519" "$C" >"$T/out" || rt_fail "resumed case: verify with the key"
grep -q "4 archives match (4 encrypted" "$T/out" || rt_fail "verify says: $(cat "$T/out")"
age -d -i "$K/x25519.key" "$C/evidence/logs.tar.zst.age" | bsdtar -xOf - var/log/portal.log |
	grep -q "$M" || rt_fail "the resumed archive lacks the collected content"
grep -c '"event":"run.resume"' "$C/custody.jsonl" | grep -qx 1 || rt_fail "no run.resume"

# 2. kill -9 while a collect.command step runs (its output is in memory)
C2=$CASES/cmd
gate=$CASES/gate
TMPDIR=$TMPD $RUN "$BIN/respond" run "$FIXPB/resume.yaml" --root "$HOSTTREE" \
	--case "$C2" --identity "$ID" --set "gate=$gate" --yes --quiet \
	--encrypt-to "$R1" &
pid=$!
for _ in $(seq 1 200); do
	grep -q '"event":"step.start","details":{"step":"wait"' "$C2/custody.jsonl" 2>/dev/null && break
	sleep 0.05
done
grep -q '"event":"step.start","details":{"step":"wait"' "$C2/custody.jsonl" || rt_fail "never reached the wait step"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
touch "$gate"
plain_nowhere "$C2" "killed in collect.command"
rc=0
TMPDIR=$TMPD $RUN "$BIN/respond" resume --case "$C2" --quiet || rc=$?
[ "$rc" -eq 0 ] || rt_fail "resume of the command case exited $rc"
plain_nowhere "$C2" "command case resumed"
"$BIN/respond" verify --age-identity "$K/x25519.key" "$C2" >/dev/null || rt_fail "command case: verify with the key"
age -d -i "$K/x25519.key" "$C2/evidence/wait.tar.zst.age" | bsdtar -xOf - stdout |
	grep -qx "gate open" || rt_fail "the command's output"
age -d -i "$K/x25519.key" "$C2/evidence/etc.tar.zst.age" | bsdtar -xOf - etc/marker.conf |
	grep -q "$M" || rt_fail "the etc archive"
echo ok
