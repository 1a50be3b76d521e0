#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# LUKS cryptographic erase on a loop device made with cryptsetup: after
# `wipe erase --method luks-erase` cryptsetup no longer recognises it, no
# keyslot remains, the metadata area reads back as zeros, and the signed
# certificate records a Purge by crypto erase. Done for LUKS2 and LUKS1.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
need_root
command -v cryptsetup >/dev/null || { echo "SKIP: no cryptsetup" >&2; exit 77; }

make_identity
head -c 64 /dev/urandom >"$T/key"

for type in luks2 luks1; do
	new_loop 40M
	dev=$LOOP
	cryptsetup luksFormat -q --type "$type" --pbkdf pbkdf2 \
		--pbkdf-force-iterations 1000 --key-file "$T/key" "$dev"
	cryptsetup luksAddKey -q --pbkdf pbkdf2 --pbkdf-force-iterations 1000 \
		--key-file "$T/key" "$dev" "$T/key"
	cryptsetup isLuks "$dev" || fail "$type: setup"
	off=$(cryptsetup luksDump "$dev" | awk '
		/^Payload offset:/ { print $3 * 512; exit }
		/offset:.*\[bytes\]/ && seen_data { print $2; exit }
		/^Data segments:/ { seen_data = 1 }')
	[ -n "$off" ] && [ "$off" -gt 0 ] || fail "$type: no data offset"
	# a ciphertext byte pattern past the metadata survives (not our job)
	data_before=$(dd if="$dev" bs=4096 skip=$((off / 4096)) count=16 \
		2>/dev/null | sha256sum)

	# inspect offers it, and auto picks it for a LUKS volume
	"$WIPE" inspect --json "$dev" >"$T/inspect.json"
	python3 - "$T/inspect.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = json.dumps(d)
assert "luks-erase" in s, "inspect does not list luks-erase"
PY
	rc=0
	erase --yes --json --method auto --dry-run "$dev" >"$T/dry.json" || rc=$?
	[ "$rc" = 0 ] || fail "$type: dry run exit $rc"
	grep -q '"luks-erase"' "$T/dry.json" || fail "$type: auto did not pick luks-erase"

	rc=0
	erase --yes --json --method luks-erase "$dev" >"$T/r.json" || rc=$?
	[ "$rc" = 0 ] || fail "$type: erase exit $rc"
	c=$(jget "$T/r.json" 'd["jobs"][0]["certificate"]')

	# cryptsetup: not LUKS any more, no keyslot can be found
	if cryptsetup isLuks "$dev"; then fail "$type: still LUKS"; fi
	if cryptsetup luksDump "$dev" >/dev/null 2>&1; then
		fail "$type: luksDump still reads a header"
	fi
	if cryptsetup open --test-passphrase --key-file "$T/key" "$dev" 2>/dev/null; then
		fail "$type: the key still opens it"
	fi
	# no signature at all for blkid
	if blkid -p "$dev" >/dev/null 2>&1; then fail "$type: blkid finds a signature"; fi
	# the whole metadata area (headers and keyslots) is zeros
	cmp -n "$off" "$dev" /dev/zero || fail "$type: metadata area not zeroed"
	data_after=$(dd if="$dev" bs=4096 skip=$((off / 4096)) count=16 \
		2>/dev/null | sha256sum)
	[ "$data_before" = "$data_after" ] || fail "$type: data area was touched"

	openssl_ok "$c" || fail "$type: openssl rejects the certificate"
	# and wipe's own verifier accepts what the LUKS path wrote
	"$WIPE" cert verify --identity "$T/id" "$c" >"$T/v.out" 2>&1 ||
		{ cat "$T/v.out"; fail "$type: wipe cert verify rejects the certificate"; }
	grep -q ': valid (success certificate' "$T/v.out" || { cat "$T/v.out"; fail "$type: cert verify"; }
	python3 - "$c" "$off" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
off = int(sys.argv[2])
s, v = c["sanitization"], c["verification"]
assert c["result"] == "success", c["result"]
assert s["category"] == "purge", s
assert s["technique"] == "crypto-erase", s
assert s["method"] == "luks-erase", s
ds = s["device_status"]
assert ds["keyslots_destroyed"] == 2, ds
assert ds["luks"]["active_keyslots"] == 2, ds
assert ds["luks"]["metadata_bytes"] == off, (ds, off)
assert v["result"] == "passed", v
assert v["luks_header_after"] == "absent", v
assert v["blkid"] == "no signature", v
assert v["details"]["bytes"] == off, v
assert 0 < v["coverage"] < 1, v
assert any(x.startswith("NIST SP 800-88 Rev. 2 Purge") for x in c["standards"]), c["standards"]
PY
done

# not a LUKS volume: luks-erase is unsupported (69) and writes nothing
new_loop 8M
dev=$LOOP
printf 'PLAINDATA' | dd of="$dev" bs=512 seek=3 conv=notrunc 2>/dev/null
sum=$(sha256sum <"$dev")
rc=0
erase --yes --method luks-erase "$dev" 2>"$T/err" || rc=$?
[ "$rc" = 69 ] || fail "non-LUKS: exit $rc"
grep -q "LUKS" "$T/err" || fail "non-LUKS: reason not named: $(cat "$T/err")"
[ "$(sha256sum <"$dev")" = "$sum" ] || fail "non-LUKS: device changed"
echo ok
