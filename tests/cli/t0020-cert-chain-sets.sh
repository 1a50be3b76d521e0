#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The chain over directories: a chain continued in a second --cert-dir
# verifies with both named and, named alone, is a NOTE (not "removed");
# a directory with one survivor is not silent; deleting the newest
# certificate is INVALID (exit 1) when --identity names whose it is (its
# chain head). A FIFO named *.json is reported, never waited on. `cert
# show` never passes terminal escape sequences through.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"

make_identity
issue() {
	truncate -s 64K "$T/x.img"
	"$WIPE" erase --yes --quiet --method zero --verify none --identity "$T/id" \
		--cert-dir "$1" --state-dir "$T/state" "$T/x.img" >/dev/null 2>&1 ||
		fail "erase into $1"
}
verify() { "$WIPE" cert verify --identity "$T/id" "$@"; }
issue "$T/A"
issue "$T/A"
issue "$T/B"
issue "$T/B"

# both directories: one whole chain
verify "$T/A" "$T/B" >"$T/out" || fail "A B: $(cat "$T/out")"
! grep -q "NOTE\|INVALID" "$T/out" || fail "A B: $(cat "$T/out")"
# B alone: it starts mid-chain, which is not a removal
run_rc rc verify "$T/B" >"$T/out"
[ "$rc" -eq 0 ] || fail "B alone: exit $rc: $(cat "$T/out")"
grep -q "NOTE: the chain starts here" "$T/out" || fail "B alone says nothing: $(cat "$T/out")"
! grep -q "removed?" "$T/out" || fail "B alone reported as removed"
verify --json "$T/B" >"$T/out.json"
python3 - "$T/out.json" <<'EOF' || fail "B alone JSON: $(cat "$T/out.json")"
import json, sys
d = json.load(open(sys.argv[1]))
f = [c.get("chain_finding") for c in d["certificates"]]
assert d["valid"] is True and sorted(map(str, f)) == ["None", "starts-mid-chain"], f
EOF

# one survivor of a directory: a NOTE, not silence
mkdir "$T/S"
newest_b=$(ls -t "$T"/B/*.json | head -1)
older_b=$(ls -t "$T"/B/*.json | tail -1)
cp "$older_b" "$older_b.p7s" "$T/S/"
verify "$T/S" >"$T/out" || fail "survivor: $(cat "$T/out")"
grep -q "NOTE: the chain starts here" "$T/out" || fail "survivor passes silently"

# the newest certificate deleted from its directory: INVALID
mv "$newest_b" "$newest_b.p7s" "$T/"
run_rc rc verify "$T/A" "$T/B" >"$T/out"
[ "$rc" -eq 1 ] || fail "newest deleted: exit $rc: $(cat "$T/out")"
grep -q "the newest certificate of this identity .* is missing: it was removed" "$T/out" ||
	fail "names the removal: $(cat "$T/out")"
run_rc rc verify --json "$T/A" "$T/B" >"$T/out.json"
[ "$rc" -eq 1 ] || fail "newest deleted, JSON: exit $rc"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert not d["valid"] and d["chain"][0]["finding"] == "newest-missing", d' "$T/out.json" ||
	fail "JSON finding: $(cat "$T/out.json")"
mv "$T/$(basename "$newest_b")" "$T/$(basename "$newest_b").p7s" "$T/B/"
verify "$T/A" "$T/B" >/dev/null || fail "restored"

# a FIFO named like a certificate: MALFORMED (65), at once
mkfifo "$T/B/trap.json"
run_rc rc timeout 20 "$WIPE" cert verify --identity "$T/id" "$T/B" >"$T/out"
[ "$rc" -ne 124 ] || fail "cert verify hangs on a FIFO"
[ "$rc" -eq 65 ] || fail "FIFO: exit $rc"
grep -q "trap.json: MALFORMED: .* is not a regular file" "$T/out" || fail "FIFO: $(cat "$T/out")"
rm "$T/B/trap.json"

# show: escape sequences in a (crafted) certificate are shown escaped
c=$(ls "$T"/A/*.json | head -1)
python3 - "$c" "$T/evil.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["notes"] = "line one\nclear\u001b[2J\u009b31m"
d["media"]["model"] = "M\u001b]0;owned\u0007"
json.dump(d, open(sys.argv[2], "w"))
EOF
"$WIPE" cert show "$T/evil.json" >"$T/shown" || fail "show"
! grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$T/shown" || fail "control bytes printed raw"
! grep -q $'\xc2\x9b' "$T/shown" || fail "C1 CSI printed raw"
grep -qF 'clear\x1b[2J\xc2\x9b31m' "$T/shown" || fail "notes not shown escaped: $(cat -v "$T/shown")"
grep -qF 'M\x1b]0;owned\x07' "$T/shown" || fail "model not shown escaped"
