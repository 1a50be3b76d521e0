#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# respond verify trusts only an anchor: a case edited, re-hashed and
# re-signed by a self-made identity with the same name is UNTRUSTED (exit
# 1) with the forger's fingerprint and "a different one" than the signer
# recorded at the start; against --identity of the real signer it does not
# verify at all. The genuine case is intact with --identity, --ca or the
# default ($SANITAS_IDENTITY), and UNTRUSTED without any anchor. resume
# with another identity is refused (exit 64) naming both fingerprints.
. "$SRCDIR/tests/lib/respond.bash"
rt_setup
unset SANITAS_IDENTITY
C=$CASES/c1
rt_triage "$C" --yes || rt_fail "run failed"
fpr() {
	openssl x509 -in "$1" -noout -fingerprint -sha256 | cut -d= -f2 |
		tr -d : | tr A-F a-f
}
real_fp=$(fpr "$ID/cert.pem")

# the forgery: same subject, another key; a report line changed, re-hashed
EVIL=$T/evil
mkdir -m 0700 "$EVIL"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$EVIL/key.pem" -out "$EVIL/cert.pem" \
	-subj /O=Test/CN=Tester -days 30 2>/dev/null
evil_fp=$(fpr "$EVIL/cert.pem")
F=$T/forged
cp -a "$C" "$F"
echo "nothing was found" >>"$F/report.md"
(cd "$F" && cut -c67- SHA256SUMS | while IFS= read -r n; do sha256sum "$n"; done \
	>SHA256SUMS.new && mv SHA256SUMS.new SHA256SUMS &&
	openssl cms -sign -binary -in SHA256SUMS -signer "$EVIL/cert.pem" \
		-inkey "$EVIL/key.pem" -outform DER -out SHA256SUMS.p7s -nosmimecap)
(cd "$F" && sha256sum -c --quiet SHA256SUMS) || rt_fail "the forgery is not re-hashed"

rc=0
"$BIN/respond" verify "$F" >/dev/null 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] || rt_fail "a re-signed case passed without an anchor (rc=$rc)"
grep -q "UNTRUSTED" "$T/err" && grep -q "$evil_fp" "$T/err" &&
	grep -q "$real_fp (a different one)" "$T/err" ||
	rt_fail "untrusted message: $(cat "$T/err")"
rc=0
"$BIN/respond" verify --json "$F" >"$T/f.json" 2>/dev/null || rc=$?
[ "$rc" -eq 1 ] || rt_fail "--json: rc=$rc"
/usr/bin/python3 - "$T/f.json" "$evil_fp" "$real_fp" <<'PY' || rt_fail "--json details"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["intact"] is False and "UNTRUSTED" in d["mismatch"], d
x = d["details"]
assert x["trusted"] is False and x["signer_fingerprint"] == sys.argv[2], x
assert x["recorded_fingerprint"] == sys.argv[3] and x["matches_recorded"] is False, x
PY
rc=0
"$BIN/respond" verify --identity "$ID" "$F" >/dev/null 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] && grep -q "signature does not verify" "$T/err" ||
	rt_fail "forgery against the real signer: rc=$rc $(cat "$T/err")"

# the genuine case
"$BIN/respond" verify --identity "$ID" "$C" >/dev/null || rt_fail "--identity"
"$BIN/respond" verify --ca "$ID/cert.pem" "$C" >/dev/null || rt_fail "--ca"
SANITAS_IDENTITY=$ID "$BIN/respond" verify "$C" >/dev/null ||
	rt_fail "the default identity is not an anchor"
rc=0
"$BIN/respond" verify "$C" >/dev/null 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] && grep -q "UNTRUSTED" "$T/err" && grep -q "$real_fp (the same)" "$T/err" ||
	rt_fail "no anchor: rc=$rc $(cat "$T/err")"
rc=0
"$BIN/respond" verify --ca "$ID/cert.pem" --identity "$ID" "$C" 2>/dev/null || rc=$?
[ "$rc" -eq 64 ] || rt_fail "--ca with --identity: rc=$rc"

# resume with another identity after a kill -9
C2=$CASES/c2
gate=$CASES/gate
[ -z "$RUN" ] || chown -R nobody:nogroup "$EVIL"
$RUN "$BIN/respond" run "$FIXPB/resume.yaml" --root "$HOSTTREE" --case "$C2" \
	--identity "$ID" --set "gate=$gate" --yes --quiet &
pid=$!
for _ in $(seq 1 200); do
	grep -q '"step":"wait"' "$C2/custody.jsonl" 2>/dev/null && break
	sleep 0.05
done
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
touch "$gate"
rc=0
$RUN "$BIN/respond" resume --case "$C2" --identity "$EVIL" --quiet 2>"$T/err" || rc=$?
[ "$rc" -eq 64 ] && grep -q "$evil_fp" "$T/err" && grep -q "$real_fp" "$T/err" ||
	rt_fail "resume with another identity: rc=$rc $(cat "$T/err")"
[ ! -e "$C2/SHA256SUMS.p7s" ] || rt_fail "the refused resume sealed the case"
$RUN "$BIN/respond" resume --case "$C2" --quiet || rt_fail "resume"
"$BIN/respond" verify --identity "$ID" "$C2" >/dev/null || rt_fail "resumed case"
exit 0
